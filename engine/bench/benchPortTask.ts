// The port job of a benchmark task: the real port chain on the task's workspace copy (its outputs stay in memory,
// the copy is a temporary folder), then the port judged by the hidden checks. Its claim is the chain's status.

import { performance } from "node:perf_hooks";
import { runPortChain, type PortChainDependencies } from "../chains/port/runPortChain.js";
import type { PortResult } from "../chains/port/PortTypes.js";
import type { BenchTask, HiddenVerdict, TaskOutcome } from "./BenchTypes.js";
import { judgePort, type PortJudgeContext } from "./judgePort.js";

export interface PortJobSettings {
    seed: number;
    /** Compile-repair and counterexample rounds (the bench's feedback rounds). */
    extraRounds: number;
    thinkBudget?: number;
    /** Generated inputs per function for the differential tests (the chain's default when absent). */
    cases?: number;
}

/** What the port job adds to a task's outcome, with the time the chain and the judge took. */
export type PortJobOutcome = Pick<TaskOutcome, "claim" | "hidden" | "portUnits" | "rounds" | "candidates"> & {
    chainMs: number;
    judgeMs: number;
};

export async function runPortJob(
    task: BenchTask,
    settings: PortJobSettings,
    deps: PortChainDependencies,
    judge: PortJudgeContext
): Promise<PortJobOutcome> {
    const chainStarted = performance.now();
    const result: PortResult = await runPortChain(
        {
            file: task.target.file,
            to: task.to!,
            seed: settings.seed,
            compileRounds: settings.extraRounds,
            counterexampleRounds: settings.extraRounds,
            ...(settings.thinkBudget !== undefined ? { thinkBudget: settings.thinkBudget } : {}),
            ...(settings.cases !== undefined ? { cases: settings.cases } : {})
        },
        deps
    );
    const chainMs = performance.now() - chainStarted;
    const judgeStarted = performance.now();
    const hidden: HiddenVerdict = await judgePort(judge, result);
    const calls = result.units.map((u) => u.rounds.translation + u.rounds.compileRepair + u.rounds.counterexample);
    return {
        claim: result.status,
        hidden,
        portUnits: {
            equivalent: result.units.filter((u) => u.status === "equivalent").length,
            total: result.units.length
        },
        // One round is the translation; each repair or counterexample round of the unit that needed most adds one.
        rounds: 1 + Math.max(0, ...result.units.map((u) => u.rounds.compileRepair + u.rounds.counterexample)),
        candidates: calls.reduce((a, b) => a + b, 0),
        chainMs,
        judgeMs: performance.now() - judgeStarted
    };
}
