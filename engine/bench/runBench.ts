// Runs a suite: each task not finished in an earlier run goes through the real chain and the hidden judge,
// J tasks at a time (they share one loaded model, which serves one generation at a time, so one task's sandbox
// work overlaps another's generation). Each outcome is appended to the state file as soon as it is known.

import { performance } from "node:perf_hooks";
import { inParallel } from "../chains/inParallel.js";
import type { BenchJob, BenchReport, BenchTask, TaskOutcome } from "./BenchTypes.js";
import { BenchState } from "./BenchState.js";
import { benchTotals } from "./benchTotals.js";
import { runBenchTask, type BenchTaskOptions } from "./runBenchTask.js";
import { jobKinds } from "../experts/jobKinds.js";

export interface BenchRunOptions extends BenchTaskOptions {
    suite: string;
    tasks: BenchTask[];
    /** Only tasks of this job. */
    job?: BenchJob;
    /** At most this many tasks (after the job filter), in suite order. */
    limit?: number;
    /** Tasks at once. Default 1. */
    jobs?: number;
    /** The JSON-lines state file that makes the run resumable; absent: nothing is kept. */
    statePath?: string;
    /** Model name for the report. */
    model: string;
    /** After each task (finished now or earlier): how many are done of how many. */
    onProgress?: (progress: { done: number; total: number; outcome: TaskOutcome; resumed: boolean }) => void;
}

export async function runBench(options: BenchRunOptions): Promise<BenchReport> {
    const startedAt = new Date().toISOString();
    const started = performance.now();
    let tasks = options.tasks.filter((t) => options.job === undefined || t.job === options.job);
    if (options.limit !== undefined) tasks = tasks.slice(0, options.limit);
    const state = options.statePath
        ? await BenchState.open(options.statePath, {
              suite: options.suite,
              model: options.model,
              candidates: options.candidates ?? jobKinds.fix.defaults.candidates,
              extraRounds: options.extraRounds ?? 1,
              seed: options.seed ?? 1
          })
        : undefined;
    const outcomes = new Map<string, TaskOutcome>();
    let done = 0;
    for (const task of tasks) {
        const earlier = state?.finished.get(task.id);
        if (!earlier) continue;
        outcomes.set(task.id, earlier);
        options.onProgress?.({ done: ++done, total: tasks.length, outcome: earlier, resumed: true });
    }
    await inParallel(
        options.jobs ?? 1,
        tasks.filter((t) => !outcomes.has(t.id)),
        async (task) => {
            if (options.signal?.aborted) return;
            let outcome: TaskOutcome;
            try {
                outcome = await runBenchTask(task, options);
            } catch (error) {
                if (options.signal?.aborted) return;
                throw error;
            }
            // A task cut short by a cancel is not recorded: the next run does it again.
            if (options.signal?.aborted) return;
            outcomes.set(task.id, outcome);
            await state?.record(outcome);
            options.onProgress?.({ done: ++done, total: tasks.length, outcome, resumed: false });
        }
    );
    const ordered = tasks.flatMap((t) => (outcomes.has(t.id) ? [outcomes.get(t.id)!] : []));
    return {
        suite: options.suite,
        model: options.model,
        startedAt,
        finishedAt: new Date().toISOString(),
        settings: {
            candidates: options.candidates ?? jobKinds.fix.defaults.candidates,
            jobs: options.jobs ?? 1,
            ...(options.job ? { job: options.job } : {}),
            ...(options.limit !== undefined ? { limit: options.limit } : {})
        },
        totals: benchTotals(ordered),
        tasks: ordered,
        wallMs: Math.round(performance.now() - started)
    };
}
