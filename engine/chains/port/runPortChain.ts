// The port chain: decompose the file into units → translate each in dependency order (one small prompt per
// unit, carrying the signatures already ported) → assemble a Cargo crate → compile repair rounds → differential
// testing of every function against the original on the same inputs → counterexample rounds → the file's tests
// ported and run. It returns new files and a report per unit; it never writes a file itself.

import { performance } from "node:perf_hooks";
import { basename, dirname, posix } from "node:path";
import { CodeParser, languageOfPath, type SourceLanguage } from "../../analysis/index.js";
import { InvalidRequestError } from "../../errors.js";
import type { ChainDependencies } from "../ChainDependencies.js";
import { MemorySession, recallLine } from "../MemorySession.js";
import type { MemoryReport } from "../ChainTypes.js";
import { solutionPattern } from "../../memory/index.js";
import { estimateTokens } from "../../text/estimateTokens.js";
import { describeOutcome, sameOutcome } from "./compareOutcomes.js";
import { generateCases } from "./caseGeneration.js";
import { pythonLiteral, type ExactJson } from "./exactJson.js";
import type { CaseLine, HarnessOutcome } from "./harnessRuns.js";
import { languagePairOf, languagePairs, type LanguagePair } from "./languagePairs.js";
import type { AssembledPort, DecomposedSource, PortedSignature, PortedTestCode, RunContext, SourceBackend, TargetBackend } from "./PortBackends.js";
import { compileRepairPrompt, counterexamplePrompt, translatePrompt, type UnitPromptInput } from "./portPrompt.js";
import type { PortedTest, PortEvent, PortRequest, PortResult, PortStatus, PortTarget, PortUnit, UnitReport } from "./PortTypes.js";
import { javascriptSource } from "./javascriptSource.js";
import { pythonSource } from "./pythonSource.js";
import type { PortedItem } from "./readPortedItem.js";
import { rustTarget } from "./rustTarget.js";
import { typescriptTarget } from "./typescriptTarget.js";
import { parameterType } from "./valueTypes.js";

const sourceBackends: Partial<Record<SourceLanguage, SourceBackend>> = { python: pythonSource, javascript: javascriptSource };
const targetBackends: Partial<Record<PortTarget, TargetBackend>> = { rust: rustTarget, typescript: typescriptTarget };

export type PortChainDependencies = ChainDependencies<PortEvent>;

/** One unit's state through the chain. */
interface UnitState {
    unit: PortUnit;
    item?: PortedItem;
    report: UnitReport;
    proposedCases: ExactJson[][];
    /** The unit is in the last crate that built. */
    inBuild: boolean;
}

interface DifferentialCase {
    line: CaseLine;
    unit: string;
    expected?: HarnessOutcome;
}

export async function runPortChain(request: PortRequest, deps: PortChainDependencies): Promise<PortResult> {
    const started = performance.now();
    const { workspace, signal } = deps;
    const emit = (event: PortEvent) => deps.onEvent?.(event);
    const file = request.file.replace(/\\/g, "/");
    const language = languageOfPath(file);
    const pair = language ? languagePairOf(language, request.to) : undefined;
    const source = language ? sourceBackends[language] : undefined;
    const target = targetBackends[request.to];
    if (!language || !pair || !source || !target) {
        throw new InvalidRequestError(`Ponder cannot port ${file} to ${request.to}: the pairs it knows are ${languagePairs.map((p) => `${p.from} to ${p.to}`).join(", ")}.`);
    }
    const checkedTarget: TargetBackend = target;
    const text = await workspace.readText(file);
    const stem = source.stemOf(file);
    const outDir = request.outDir?.replace(/\\/g, "/").replace(/\/$/, "") ?? defaultPortOutDir(file, pair);
    if (outDir === "" || outDir === "." || outDir.startsWith("../") || outDir.startsWith("/"))
        throw new InvalidRequestError(`The port needs a folder of its own inside the workspace, not "${outDir || "."}"; choose one with --out.`);
    const caseTimeoutMs = request.caseTimeoutMs ?? 1000;
    const seed = request.seed ?? 1;
    const parser = CodeParser.shared();
    let modelMs = 0;
    let buildMs = 0;
    let differentialMs = 0;
    const notes: string[] = [];

    // 1. Decompose.
    emit({ kind: "step", step: "decompose", round: 0, detail: `reading ${file}` });
    const testFiles = await source.testFiles(workspace, file);
    const decomposed: DecomposedSource = await source.decompose(text, testFiles, file, parser);
    if (decomposed.units.length === 0) throw new InvalidRequestError(`${file} has no functions, classes or constants to port.`);
    const imports = decomposed.imports.map((source) => ({ source, target: pair.importCounterparts[source] ?? "no standard counterpart known: port by hand" }));
    const states: UnitState[] = decomposed.units.map((unit) => ({
        unit, proposedCases: [], inBuild: false,
        report: { name: unit.name, kind: unit.kind, status: "doesNotCompile", compiled: false, cases: 0, equal: 0, skipped: 0, counterexamples: [],
            rounds: { translation: 0, compileRepair: 0, counterexample: 0 }, notes: [] }
    }));
    const byName = new Map(states.map((state) => [state.unit.name, state]));
    emit({ kind: "step", step: "decompose", round: 0, detail: `${states.length} units in order ${states.map((s) => s.unit.name).join(", ")}` });

    const promptInput = (state: UnitState): UnitPromptInput => ({
        pair, unit: state.unit, imports,
        portedSignatures: state.unit.uses.map((name) => byName.get(name)?.item).filter((item): item is PortedItem => item !== undefined).map((item) => target.declarationOf(item)),
        parameterTypes: state.unit.parameters.map((parameter, i) => parameterType(parameter, state.unit.docstring, state.item?.signature?.parameters[i]?.type))
    });
    let call = 0;
    const ask = async (state: UnitState, prompt: string, round: number, purpose: string) => {
        const modelStarted = performance.now();
        const callIndex = call++;
        const generation = await deps.runtime.generate({
            messages: [{ role: "user", content: prompt }], candidates: 1, purpose: `port.${purpose}`, seed: seed + callIndex,
            ...(request.thinkBudget !== undefined ? { thinkBudget: request.thinkBudget } : {})
        }, { ...(signal ? { signal } : {}), onEvent: (event) => emit({ kind: "reasoning", round, unit: state.unit.name, event }) });
        modelMs += performance.now() - modelStarted;
        const reply = generation.candidates[0]!;
        const read = await target.readItem(reply.answer, state.unit.name, state.unit.kind, parser);
        state.report.notes.push(...read.problems.map((problem) => `${purpose}: ${problem}`));
        state.proposedCases.push(...read.proposedCases);
        return read.item ? { ...read.item, modelCall: callIndex } : undefined;
    };

    // Solution memory: functions ported and proven earlier, similar to this unit and to the same language, as worked examples.
    const session = deps.memory ? new MemorySession(deps.memory, "port") : undefined;
    const memoryLabel = `port to ${request.to}`;
    const recallPorts = async (state: UnitState): Promise<string | undefined> => {
        if (!session || state.unit.kind !== "function") return undefined;
        const recall = await session.recall({
            target: state.unit.name, language, message: memoryLabel, code: state.unit.source, limit: 2, parser,
            tokenBudget: 1000, filter: (solution) => solution.message === memoryLabel
        });
        if (recall.reports.length === 0) return undefined;
        emit({ kind: "step", step: "translate", round: 0, unit: state.unit.name, detail: recallLine(recall, "proven port(s)") });
        return recall.promptSection || undefined;
    };

    // 2. Translate in dependency order.
    for (const state of states) {
        if (signal?.aborted) break;
        emit({ kind: "step", step: "translate", round: 0, unit: state.unit.name, detail: `porting ${state.unit.kind} ${state.unit.name}` });
        const literal = state.unit.literalValue !== undefined ? target.constantItem(state.unit.name, state.unit.literalValue) : undefined;
        if (literal) { state.item = literal; continue; }
        state.report.rounds.translation++;
        const examples = await recallPorts(state);
        const priorFailures = (request.priorAttempts ?? []).flatMap((attempt) =>
            attempt.failures.filter((failure) => failure.startsWith(`${state.unit.name}: `)).map((failure) => `by ${attempt.by}: ${failure.slice(state.unit.name.length + 2)}`));
        const item = await ask(state, translatePrompt({
            ...promptInput(state), ...(examples ? { workedExamples: examples } : {}), ...(priorFailures.length > 0 ? { priorFailures } : {})
        }), 0, "translate");
        if (item) state.item = item;
    }

    const context: RunContext = { sandbox: deps.sandbox, workspaceRoot: workspace.root, ...(signal ? { signal } : {}) };
    let portedTests: PortedTestCode[] = [];
    let keptTests: string[] = [];
    /** Set when the harness itself does not build: the units still build and are tested no further. */
    let harnessBroken: string | undefined;
    const isHarnessed = (state: UnitState) => state.unit.kind === "function" && state.item !== undefined && !harnessBroken && target.harnessProblem(state.item) === undefined;
    const assemble = (included: UnitState[]): AssembledPort => target.assemble({
        stem, sourceFile: file,
        units: included.map((state) => ({ name: state.unit.name, code: state.item!.code, uses: state.item!.uses })),
        harnessFunctions: included.filter(isHarnessed).map((state) => state.item!.signature!),
        portedTests, counterexampleTests: keptTests
    });
    /** Builds the units that have code; units whose errors stay after the rounds are left out (with what uses them). */
    const buildWithRepair = async (round: number): Promise<AssembledPort | undefined> => {
        for (let repair = 0; ; repair++) {
            const included = states.filter((state) => state.item && !dependsOnMissing(state, byName));
            const crate = assemble(included);
            emit({ kind: "step", step: "build", round, detail: `building ${included.length} units` });
            const build = await target.build(crate, context);
            buildMs += build.durationMs;
            if (build.ok) {
                for (const state of states) state.inBuild = included.includes(state);
                return crate;
            }
            if (build.cancelled || signal?.aborted) return undefined;
            const failing = included.filter((state) => build.errorsByUnit.has(state.unit.name));
            const unplaced = build.errorsByUnit.get("") ?? [];
            if (failing.length === 0 && !harnessBroken && included.some(isHarnessed)) {
                harnessBroken = (unplaced[0] ?? build.output).slice(0, 600);
                notes.push(`the differential-testing harness does not build, so the port is built without it: ${harnessBroken}`);
                repair--;
                continue;
            }
            if (failing.length === 0) {
                notes.push(`the crate does not build and no unit's lines are named: ${(unplaced[0] ?? build.output).slice(0, 600)}`);
                for (const state of states) state.inBuild = false;
                return undefined;
            }
            if (repair >= (request.compileRounds ?? 2)) {
                // Out of rounds: leave the failing units out so the rest can still be tested.
                for (const state of failing) {
                    state.report.notes.push(`does not compile: ${build.errorsByUnit.get(state.unit.name)![0]!.slice(0, 600)}`);
                    delete state.item;
                }
                continue;
            }
            for (const state of failing) {
                if (signal?.aborted) return undefined;
                emit({ kind: "step", step: "repair", round: repair + 1, unit: state.unit.name, detail: `${build.errorsByUnit.get(state.unit.name)!.length} compiler errors back to the model` });
                state.report.rounds.compileRepair++;
                const repaired = await ask(state, compileRepairPrompt(promptInput(state), state.item!.code, build.errorsByUnit.get(state.unit.name)!), repair + 1, "repair");
                if (repaired) state.item = repaired;
            }
        }
    };

    // 3–4. Assemble, build, compile repair.
    let crate = await buildWithRepair(0);
    for (const state of states) state.report.compiled = state.inBuild;

    // 5. Differential testing.
    const cases: DifferentialCase[] = [];
    const casesOf = (state: UnitState): ExactJson[][] => {
        const unit = state.unit;
        const arity = unit.parameters.length;
        const fromFile = decomposed.examples.filter((example) => example.unit === unit.name).map((example) => example.args);
        const types = unit.parameters.map((parameter, i) => parameterType(parameter, unit.docstring, state.item?.signature?.parameters[i]?.type));
        const all = [...fromFile, ...state.proposedCases, ...generateCases(types, request.cases ?? 200, seed)].filter((args) => args.length === arity);
        const seen = new Set<string>();
        return all.filter((args) => { const key = args.map(pythonLiteral).join("|"); if (seen.has(key)) return false; seen.add(key); return true; });
    };
    const harnessed = () => states.filter((state) => state.inBuild && isHarnessed(state));
    for (const state of states.filter((s) => s.inBuild && !isHarnessed(s))) {
        state.report.notes.push(`not differentially tested: ${harnessBroken ? "the harness does not build" : state.unit.kind === "function" ? target.harnessProblem(state.item!) : `the harness calls functions, and this is a ${state.unit.kind}`}`);
    }
    if (crate && harnessed().length > 0) {
        const differentialStarted = performance.now();
        for (const state of harnessed()) {
            for (const args of casesOf(state)) cases.push({ unit: state.unit.name, line: { id: cases.length, fn: state.unit.name, args } });
        }
        emit({ kind: "step", step: "differential", round: 0, detail: `${cases.length} cases on ${pair.fromName} and ${pair.targetName}` });
        const expected = await source.runCases(deps.sandbox, { file, text }, cases.map((c) => c.line), caseTimeoutMs, signal);
        for (const c of cases) c.expected = expected.get(c.line.id);
        differentialMs += performance.now() - differentialStarted;
        await compare(crate, harnessed(), 0);

        // 6. Counterexample rounds.
        for (let round = 1; round <= (request.counterexampleRounds ?? 2) && !signal?.aborted; round++) {
            const differing = harnessed().filter((state) => state.report.counterexamples.some((c) => c.round === round - 1));
            if (differing.length === 0) break;
            const previous = new Map(differing.map((state) => [state, state.item!]));
            for (const state of differing) {
                emit({ kind: "step", step: "counterexamples", round, unit: state.unit.name, detail: `${state.report.counterexamples.filter((c) => c.round === round - 1).length} counterexamples back to the model` });
                state.report.rounds.counterexample++;
                const shown = state.report.counterexamples.filter((c) => c.round === round - 1).map((c) => ({
                    call: `${state.unit.name}(${c.args.map(pythonLiteral).join(", ")})`, expected: describeOutcome(c.expected), actual: describeOutcome(c.actual)
                }));
                const fixed = await ask(state, counterexamplePrompt(promptInput(state), state.item!.code, shown), round, "counterexamples");
                if (fixed) state.item = fixed;
            }
            let rebuilt = await buildWithRepair(round);
            if (!rebuilt) {
                // A fix that breaks the build is dropped: the previous code built.
                for (const [state, item] of previous) state.item = item;
                rebuilt = await buildWithRepair(round);
                if (!rebuilt) break;
            }
            crate = rebuilt;
            const differentialStarted = performance.now();
            await compare(crate, differing.filter((state) => state.inBuild && isHarnessed(state)), round);
            differentialMs += performance.now() - differentialStarted;
        }
    }

    async function compare(built: AssembledPort, units: UnitState[], round: number): Promise<void> {
        const names = new Set(units.map((state) => state.unit.name));
        // Only inputs the original finished on are compared.
        const runnable = cases.filter((c) => names.has(c.unit) && (c.expected?.kind === "value" || c.expected?.kind === "error"));
        // The port may have renamed a function (`sumTo` → `sum_to`): the target's harness calls it by its new name.
        const targetName = (unit: string) => byName.get(unit)?.item?.signature?.name ?? unit;
        const actual = await checkedTarget.runCases(built, runnable.map((c) => ({ ...c.line, fn: targetName(c.unit) })), caseTimeoutMs, context);
        for (const state of units) {
            const mine = cases.filter((c) => c.unit === state.unit.name);
            const report = state.report;
            report.cases = 0;
            report.equal = 0;
            report.skipped = 0;
            for (const c of mine) {
                const got = actual.get(c.line.id);
                if (!got || !c.expected || c.expected.kind === "timeout" || c.expected.kind === "crashed" || got.kind === "outOfDomain") { report.skipped++; continue; }
                report.cases++;
                if (sameOutcome(c.expected, got)) report.equal++;
                else report.counterexamples.push({ unit: state.unit.name, args: c.line.args, expected: c.expected, actual: got, round });
            }
            report.code = state.item!.code;
        }
        emit({ kind: "evidence", round, units: units.map((state) => state.report) });
    }

    // 7. The file's tests, and the counterexamples, as tests of the port.
    const functions = new Map<string, PortedSignature>(states.filter((s) => s.inBuild && isHarnessed(s)).map((s) => [s.unit.name, s.item!.signature!]));
    portedTests = target.renderTests(await source.planTests(decomposed.tests, new Set(functions.keys()), parser), functions);
    const tests: PortedTest[] = portedTests.map((t) => t.code ? { name: t.name, ported: true, outcome: "failed" } : { name: t.name, ported: false, outcome: "notPorted", reason: t.reason! });
    const kept = states.flatMap((state) => {
        const signature = state.item?.signature;
        if (!signature || !state.inBuild || !isHarnessed(state)) return [];
        const unique = new Map(state.report.counterexamples.map((c) => [c.args.map(pythonLiteral).join("|"), c]));
        // Ten per unit are enough to pin the behaviour down; the report lists them all.
        return [...unique.values()].slice(0, 10).map((c) => ({ signature, args: c.args, expected: c.expected }));
    });
    keptTests = target.counterexampleTests(kept);
    const included = states.filter((state) => state.inBuild);
    const finalPort = assemble(included.length > 0 ? included : states.filter((state) => state.item));
    if (crate && (portedTests.some((t) => t.code) || keptTests.length > 0)) {
        emit({ kind: "step", step: "tests", round: 0, detail: `${portedTests.filter((t) => t.code).length} ported tests, ${keptTests.length} counterexample tests` });
        const run = await target.runTests(finalPort, context);
        for (const test of tests.filter((t) => t.ported)) {
            const id = portedTests.find((p) => p.name === test.name)!.id!;
            const outcome = run.kind === "ran" ? run.outcomes.get(id) : undefined;
            test.outcome = outcome?.passed ? "passed" : "failed";
            if (!outcome?.passed) test.reason = run.kind === "failed" ? `the tests do not build: ${run.message.split("\n")[0]}` : outcome?.message ?? "the runner did not report it";
        }
        if (run.kind === "failed") notes.push(`the ported tests do not build: ${run.message}`);
    }

    // 8. Result.
    for (const state of states) {
        const report = state.report;
        report.compiled = state.inBuild;
        if (state.item) report.code = state.item.code;
        if (state.item?.modelCall !== undefined) report.modelCall = state.item.modelCall;
        const lastRound = Math.max(0, ...report.counterexamples.map((c) => c.round));
        const differsNow = report.counterexamples.some((c) => c.round === lastRound) && report.equal < report.cases;
        report.status = !state.inBuild ? "doesNotCompile" : !isHarnessed(state) || report.cases === 0 ? "notTested" : differsNow ? "differs" : "equivalent";
    }
    const reports = states.map((state) => state.report);
    /** Every proven function is stored; each recalled port is judged by whether its pattern reappears in the unit's final code. */
    const rememberPorts = (): Promise<MemoryReport | undefined> => session ? session.settle(states.flatMap((state) => {
        const code = state.report.status === "equivalent" ? state.report.code : undefined;
        return code === undefined ? [] : [{
            target: state.unit.name, file, example: { before: state.unit.source, after: code, diff: "" }, pattern: solutionPattern("", code)
        }];
    })) : Promise.resolve(undefined);

    const status: PortStatus = reports.some((r) => r.status === "doesNotCompile") ? "doesNotCompile"
        : reports.some((r) => r.status === "differs") ? "differs" : "equivalent";
    emit({ kind: "step", step: "assemble", round: 0, detail: `${status}: ${Object.keys(finalPort.files).length} files in ${outDir}` });
    const memory = await rememberPorts();
    return {
        status, file, to: request.to, outDir, ...(memory ? { memory } : {}),
        outputs: Object.entries(finalPort.files).map(([path, fileText]) => ({ path: `${outDir}/${path}`, text: fileText })),
        units: reports, order: states.map((state) => state.unit.name), imports, tests, notes,
        timings: { modelMs: Math.round(modelMs), buildMs: Math.round(buildMs), differentialMs: Math.round(differentialMs), totalMs: Math.round(performance.now() - started) }
    };
}

/** Where a port goes by default: a sibling folder named by the pair (`lib/mathutils.py` → `lib/mathutils_rs`). */
export function defaultPortOutDir(file: string, pair: LanguagePair): string {
    const stem = basename(file).replace(/\.[^.]+$/, "");
    return posix.join(dirname(file) === "." ? "" : dirname(file), pair.outDirOf(stem));
}

function dependsOnMissing(state: UnitState, byName: Map<string, UnitState>, seen = new Set<string>()): boolean {
    if (seen.has(state.unit.name)) return false;
    seen.add(state.unit.name);
    return state.unit.uses.some((name) => {
        const used = byName.get(name);
        return used !== undefined && (!used.item || dependsOnMissing(used, byName, seen));
    });
}

