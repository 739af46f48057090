// Steps 5–6 of the port chain: every harnessed function runs on the same inputs in the original and in the
// port (the file's examples, the model's edge cases, seeded generated inputs), outcomes are compared, and the
// units that differ get their counterexamples back, in the source language's own literals, for a few rounds.

import { performance } from "node:perf_hooks";
import { askForUnit, unitPromptInput } from "./askForUnit.js";
import { buildWithRepair } from "./buildPhase.js";
import { uniqueArgumentLists } from "./caseSelection.js";
import { generateCases } from "./caseGeneration.js";
import { sourceLiterals } from "./sourceLiterals.js";
import { describeOutcome } from "./compareOutcomes.js";
import type { ExactJson } from "./exactJson.js";
import type { AssembledPort } from "./PortBackends.js";
import { counterexamplePrompt } from "./portPrompt.js";
import { harnessedUnits, isHarnessed, noTestCode, type PortRun, type UnitState } from "./PortRun.js";
import type { Counterexample } from "./PortTypes.js";
import { compareUnitCases } from "./unitVerdicts.js";
import { parameterType } from "./valueTypes.js";

/** A unit's inputs: the file's examples, then the model's edge cases, then generated ones (from its own literals too), of the unit's arity and without repeats. */
function casesOf(run: PortRun, state: UnitState): ExactJson[][] {
    const unit = state.unit;
    const fromFile = run.decomposed.examples
        .filter((example) => example.unit === unit.name)
        .map((example) => example.args);
    const types = unit.parameters.map((parameter, i) =>
        parameterType(parameter, unit.docstring, state.item?.signature?.parameters[i]?.type)
    );
    const all = [
        ...fromFile,
        ...state.proposedCases,
        ...generateCases(types, run.request.cases ?? 200, run.seed, sourceLiterals(unit.source))
    ];
    return uniqueArgumentLists(all.filter((args) => args.length === unit.parameters.length));
}

/** Why a unit in the build is not differentially tested. */
function notTestedReason(run: PortRun, state: UnitState): string | undefined {
    if (run.harnessBroken) return "the harness does not build";
    return state.unit.kind === "function"
        ? run.target.harnessProblem(state.item!)
        : `the harness calls functions, and this is a ${state.unit.kind}`;
}

/** Runs the port on the cases of `units` the original finished on, and replaces each unit's counts with this round's (counterexamples accumulate). */
async function compareUnits(
    run: PortRun,
    built: AssembledPort,
    units: readonly UnitState[],
    round: number
): Promise<void> {
    const names = new Set(units.map((state) => state.unit.name));
    // Only inputs the original finished on are compared.
    const runnable = run.cases.filter(
        (c) => names.has(c.unit) && (c.expected?.kind === "value" || c.expected?.kind === "error")
    );
    // The port may have renamed a function (`sumTo` → `sum_to`): the target's harness calls it by its new name.
    const targetName = (unit: string) => run.byName.get(unit)?.item?.signature?.name ?? unit;
    const actual = await run.target.runCases(
        built,
        runnable.map((c) => ({ ...c.line, fn: targetName(c.unit) })),
        run.caseTimeoutMs,
        run.context
    );
    for (const state of units) {
        const comparison = compareUnitCases(
            state.unit.name,
            run.cases.filter((c) => c.unit === state.unit.name),
            actual,
            round
        );
        const report = state.report;
        report.cases = comparison.cases;
        report.equal = comparison.equal;
        report.skipped = comparison.skipped;
        report.counterexamples.push(...comparison.counterexamples);
        report.code = state.item!.code;
    }
    run.emit({ kind: "evidence", round, units: units.map((state) => state.report) });
}

/** 5. Differential testing: the original answers every case once; the port is compared on those it finished. */
export async function differentialTesting(run: PortRun): Promise<void> {
    for (const state of run.units.filter((s) => s.inBuild && !isHarnessed(run, s))) {
        state.report.notes.push(`not differentially tested: ${notTestedReason(run, state)}`);
    }
    if (!run.crate || harnessedUnits(run).length === 0) return;
    const differentialStarted = performance.now();
    for (const state of harnessedUnits(run)) {
        for (const args of casesOf(run, state))
            run.cases.push({ unit: state.unit.name, line: { id: run.cases.length, fn: state.unit.name, args } });
    }
    run.emit({
        kind: "step",
        step: "differential",
        round: 0,
        detail: `${run.cases.length} cases on ${run.pair.fromName} and ${run.pair.targetName}`
    });
    const expected = await run.source.runCases(
        run.deps.sandbox,
        { file: run.file, text: run.text },
        run.cases.map((c) => c.line),
        run.caseTimeoutMs,
        run.deps.signal
    );
    for (const c of run.cases) c.expected = expected.get(c.line.id);
    // Differential time is both sides: the original's run and the port's, as in the counterexample rounds.
    await compareUnits(run, run.crate, harnessedUnits(run), 0);
    run.timings.differentialMs += performance.now() - differentialStarted;
}

/** A counterexample as the model reads it: the call in the source language's literals, and both outcomes. */
function shownCounterexample(run: PortRun, counterexample: Counterexample) {
    const literalOf = (value: ExactJson) => run.source.literalOf(value);
    return {
        call: `${counterexample.unit}(${counterexample.args.map(literalOf).join(", ")})`,
        expected: describeOutcome(counterexample.expected, literalOf),
        actual: describeOutcome(counterexample.actual, literalOf)
    };
}

/** Asks the model to fix each differing unit from last round's counterexamples. */
async function askForFixes(run: PortRun, differing: readonly UnitState[], round: number): Promise<void> {
    for (const state of differing) {
        const last = state.report.counterexamples.filter((c) => c.round === round - 1);
        run.emit({
            kind: "step",
            step: "counterexamples",
            round,
            unit: state.unit.name,
            detail: `${last.length} counterexamples back to the model`
        });
        state.report.rounds.counterexample++;
        const shown = last.map((c) => shownCounterexample(run, c));
        const fixed = await askForUnit(
            run,
            state,
            counterexamplePrompt(unitPromptInput(run, state), state.item!.code, shown),
            round,
            "counterexamples"
        );
        if (fixed) state.item = fixed;
    }
}

/** 6. Counterexample rounds: fixes are rebuilt and compared again; a fix that breaks the build is dropped. */
export async function counterexampleRounds(run: PortRun): Promise<void> {
    if (!run.crate || harnessedUnits(run).length === 0) return;
    for (let round = 1; round <= (run.request.counterexampleRounds ?? 2) && !run.deps.signal?.aborted; round++) {
        const differing = harnessedUnits(run).filter((state) =>
            state.report.counterexamples.some((c) => c.round === round - 1)
        );
        if (differing.length === 0) break;
        const previous = new Map(differing.map((state) => [state, state.item!]));
        await askForFixes(run, differing, round);
        let rebuilt = await buildWithRepair(run, round, noTestCode);
        if (!rebuilt) {
            // A fix that breaks the build is dropped: the previous code built.
            for (const [state, item] of previous) state.item = item;
            rebuilt = await buildWithRepair(run, round, noTestCode);
            if (!rebuilt) break;
        }
        run.crate = rebuilt;
        const differentialStarted = performance.now();
        await compareUnits(
            run,
            run.crate,
            differing.filter((state) => state.inBuild && isHarnessed(run, state)),
            round
        );
        run.timings.differentialMs += performance.now() - differentialStarted;
    }
}
