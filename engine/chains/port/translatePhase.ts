// Steps 1–2 of the port chain: decompose the file into units (ordered so a unit comes after the units it
// uses), then translate each unit in that order with one small prompt, carrying the headers already ported,
// the solution memory's proven ports of similar functions and earlier experts' failures of the unit.

import { MemorySession, recallLine } from "../MemorySession.js";
import { InvalidRequestError } from "../../errors.js";
import { askForUnit, unitPromptInput } from "./askForUnit.js";
import { translatePrompt } from "./portPrompt.js";
import type { PortFacts, PortRun, PortTimings, UnitState } from "./PortRun.js";
import type { PortUnit } from "./PortTypes.js";

function freshUnitState(unit: PortUnit): UnitState {
    return {
        unit,
        proposedCases: [],
        inBuild: false,
        report: {
            name: unit.name,
            kind: unit.kind,
            status: "doesNotCompile",
            compiled: false,
            cases: 0,
            equal: 0,
            skipped: 0,
            counterexamples: [],
            rounds: { translation: 0, compileRepair: 0, counterexample: 0 },
            notes: []
        }
    };
}

/** 1. Decompose: the file and its tests become units, examples and imports; the run starts with every unit untranslated. */
export async function decomposeFile(facts: PortFacts, timings: PortTimings): Promise<PortRun> {
    const { file, source, pair, emit } = facts;
    emit({ kind: "step", step: "decompose", round: 0, detail: `reading ${file}` });
    const testFiles = await source.testFiles(facts.deps.workspace, file);
    const decomposed = await source.decompose(facts.text, testFiles, file, facts.parser);
    if (decomposed.units.length === 0)
        throw new InvalidRequestError(`${file} has no functions, classes or constants to port.`);
    const imports = decomposed.imports.map((name) => ({
        source: name,
        target: pair.importCounterparts[name] ?? "no standard counterpart known: port by hand"
    }));
    const units = decomposed.units.map(freshUnitState);
    emit({
        kind: "step",
        step: "decompose",
        round: 0,
        detail: `${units.length} units in order ${units.map((s) => s.unit.name).join(", ")}`
    });
    return {
        ...facts,
        decomposed,
        imports,
        units,
        byName: new Map(units.map((state) => [state.unit.name, state])),
        memory: facts.deps.memory ? new MemorySession(facts.deps.memory, "port") : undefined,
        modelCalls: 0,
        cases: [],
        crate: undefined,
        harnessBroken: undefined,
        notes: [],
        timings
    };
}

/** The label proven ports are stored and recalled under: a port is an example only for ports to the same language. */
function memoryLabelOf(run: PortRun): string {
    return `port to ${run.request.to}`;
}

/** Functions ported and proven earlier, similar to this unit and to the same language, as worked examples. */
async function recallProvenPorts(run: PortRun, state: UnitState): Promise<string | undefined> {
    if (!run.memory || state.unit.kind !== "function") return undefined;
    const label = memoryLabelOf(run);
    const recall = await run.memory.recall({
        target: state.unit.name,
        language: run.language,
        message: label,
        code: state.unit.source,
        limit: 2,
        parser: run.parser,
        tokenBudget: 1000,
        filter: (solution) => solution.message === label
    });
    if (recall.reports.length === 0) return undefined;
    run.emit({
        kind: "step",
        step: "translate",
        round: 0,
        unit: state.unit.name,
        detail: recallLine(recall, "proven port(s)")
    });
    return recall.promptSection || undefined;
}

/** How earlier experts' ports of this unit failed (escalation's evidence, `name: …` lines), one line each. */
function priorFailuresOf(run: PortRun, state: UnitState): string[] {
    const prefix = `${state.unit.name}: `;
    return (run.request.priorAttempts ?? []).flatMap((attempt) =>
        attempt.failures
            .filter((failure) => failure.startsWith(prefix))
            .map((failure) => `by ${attempt.by}: ${failure.slice(prefix.length)}`)
    );
}

/** 2. Translate in dependency order: a literal constant without the model, every other unit with one model call. */
export async function translateUnits(run: PortRun): Promise<void> {
    for (const state of run.units) {
        if (run.deps.signal?.aborted) break;
        run.emit({
            kind: "step",
            step: "translate",
            round: 0,
            unit: state.unit.name,
            detail: `porting ${state.unit.kind} ${state.unit.name}`
        });
        const literal =
            state.unit.literalValue !== undefined
                ? run.target.constantItem(state.unit.name, state.unit.literalValue)
                : undefined;
        if (literal) {
            state.item = literal;
            continue;
        }
        state.report.rounds.translation++;
        const examples = await recallProvenPorts(run, state);
        const priorFailures = priorFailuresOf(run, state);
        const item = await askForUnit(
            run,
            state,
            translatePrompt({
                ...unitPromptInput(run, state),
                ...(examples ? { workedExamples: examples } : {}),
                ...(priorFailures.length > 0 ? { priorFailures } : {})
            }),
            0,
            "translate"
        );
        if (item) state.item = item;
    }
}
