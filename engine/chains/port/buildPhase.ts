// Steps 3–4 of the port chain: assemble the units that have code into the target's project and build it in
// the sandbox; a unit the compiler's errors name goes back to the model (compile repair rounds), a unit still
// failing after the rounds is left out with the units that use it, and a harness that does not build is dropped.

import { askForUnit, unitPromptInput } from "./askForUnit.js";
import { dependsOnMissing } from "./caseSelection.js";
import type { AssembledPort, PortBuild } from "./PortBackends.js";
import { compileRepairPrompt } from "./portPrompt.js";
import { isHarnessed, noTestCode, type PortRun, type PortTestCode, type UnitState } from "./PortRun.js";

/** The port of these units with these tests; the harness calls the included units it can call. */
export function assemblePort(run: PortRun, included: readonly UnitState[], tests: PortTestCode): AssembledPort {
    return run.target.assemble({
        stem: run.stem,
        sourceFile: run.file,
        units: included.map((state) => ({ name: state.unit.name, code: state.item!.code, uses: state.item!.uses })),
        harnessFunctions: included.filter((state) => isHarnessed(run, state)).map((state) => state.item!.signature!),
        portedTests: tests.portedTests,
        counterexampleTests: tests.counterexampleTests
    });
}

/** What one failed build means for the next attempt. */
type BuildFailureVerdict = "retryWithoutHarness" | "unplaced" | "outOfRounds" | "repair";

function judgeFailedBuild(
    run: PortRun,
    included: readonly UnitState[],
    failing: readonly UnitState[],
    repair: number
): BuildFailureVerdict {
    if (failing.length === 0 && !run.harnessBroken && included.some((state) => isHarnessed(run, state)))
        return "retryWithoutHarness";
    if (failing.length === 0) return "unplaced";
    return repair >= (run.request.compileRounds ?? 2) ? "outOfRounds" : "repair";
}

/** Sends each failing unit's compiler errors back to the model; false when the job was cancelled meanwhile. */
async function repairUnits(
    run: PortRun,
    build: PortBuild,
    failing: readonly UnitState[],
    repairRound: number
): Promise<boolean> {
    for (const state of failing) {
        if (run.deps.signal?.aborted) return false;
        const errors = build.errorsByUnit.get(state.unit.name)!;
        run.emit({
            kind: "step",
            step: "repair",
            round: repairRound,
            unit: state.unit.name,
            detail: `${errors.length} compiler errors back to the model`
        });
        state.report.rounds.compileRepair++;
        const repaired = await askForUnit(
            run,
            state,
            compileRepairPrompt(unitPromptInput(run, state), state.item!.code, errors),
            repairRound,
            "repair"
        );
        if (repaired) state.item = repaired;
    }
    return true;
}

/**
 * Builds the units that have code, with `tests`; returns the port that built (and marks its units `inBuild`),
 * or undefined when nothing builds or the job was cancelled. A harness-only failure drops the harness without
 * costing a repair round.
 */
export async function buildWithRepair(
    run: PortRun,
    round: number,
    tests: PortTestCode
): Promise<AssembledPort | undefined> {
    for (let repair = 0; ; repair++) {
        const included = run.units.filter((state) => state.item && !dependsOnMissing(state, run.byName));
        const port = assemblePort(run, included, tests);
        run.emit({ kind: "step", step: "build", round, detail: `building ${included.length} units` });
        const build = await run.target.build(port, run.context);
        run.timings.buildMs += build.durationMs;
        if (build.ok) {
            for (const state of run.units) state.inBuild = included.includes(state);
            return port;
        }
        if (build.cancelled || run.deps.signal?.aborted) return undefined;
        const failing = included.filter((state) => build.errorsByUnit.has(state.unit.name));
        const unplaced = (build.errorsByUnit.get("")?.[0] ?? build.output).slice(0, 600);
        switch (judgeFailedBuild(run, included, failing, repair)) {
            case "retryWithoutHarness":
                run.harnessBroken = unplaced;
                run.notes.push(
                    `the differential-testing harness does not build, so the port is built without it: ${unplaced}`
                );
                repair--;
                break;
            case "unplaced":
                run.notes.push(`the crate does not build and no unit's lines are named: ${unplaced}`);
                for (const state of run.units) state.inBuild = false;
                return undefined;
            case "outOfRounds":
                // Out of rounds: leave the failing units out so the rest can still be tested.
                for (const state of failing) {
                    state.report.notes.push(
                        `does not compile: ${build.errorsByUnit.get(state.unit.name)![0]!.slice(0, 600)}`
                    );
                    delete state.item;
                }
                break;
            case "repair":
                if (!(await repairUnits(run, build, failing, repair + 1))) return undefined;
        }
    }
}

/** Steps 3–4 once: the first build (without tests, which step 7 adds) and which units compiled. */
export async function buildPhase(run: PortRun): Promise<void> {
    run.crate = await buildWithRepair(run, 0, noTestCode);
    for (const state of run.units) state.report.compiled = state.inBuild;
}
