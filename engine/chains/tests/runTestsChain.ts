// The tests chain: context → G candidates in one group call → tests pooled and deduplicated → each test run N
// times on the current code in the sandbox (flaky ones dropped, assertion failures reported as possible bugs)
// → kept only when it raises line coverage over the existing tests and the tests kept before it → mutants of
// the target run against the kept tests. It returns test-file edits and the report; it never writes a file.

import { performance } from "node:perf_hooks";
import type { ChainDependencies } from "../ChainDependencies.js";
import { poolCandidates, sampleCandidates } from "./candidatePhases.js";
import { editTestFile, keepByNewLines, measureCoverage } from "./coveragePhases.js";
import { runMutants } from "./mutationPhase.js";
import { openTestsRun } from "./openTestsRun.js";
import { testsResult } from "./resultPhase.js";
import { runEachTest } from "./runsPhase.js";
import type { TestsRun, TestsTimings } from "./TestsRun.js";
import type { DefaultedTestsRequest, TestsEvent, TestsResult } from "./TestsTypes.js";

export type TestsChainDependencies = ChainDependencies<TestsEvent>;

/** Each phase takes the run-state record and the products of the phases before it; the order below is the chain. */
export async function runTestsChain(
    request: DefaultedTestsRequest,
    deps: TestsChainDependencies
): Promise<TestsResult> {
    const testsRun = await openTestsRun(request, deps);
    const replies = await timed(testsRun, "modelMs", () => sampleCandidates(testsRun, deps.runtime));
    const pool = await poolCandidates(testsRun, replies);
    const stability = await timed(testsRun, "runsMs", () => runEachTest(testsRun, pool.tests));
    // Coverage time counts the baseline, each passing test alone, and the kept tests together.
    const { coverage, selection, change } = await timed(testsRun, "coverageMs", async () => {
        const coverage = await measureCoverage(testsRun, stability.passing);
        const selection = keepByNewLines(testsRun, stability.passing, coverage);
        const change = await editTestFile(testsRun, pool, selection, coverage);
        return { coverage, selection, change };
    });
    const mutation = await timed(testsRun, "mutationMs", () => runMutants(testsRun, change));
    return testsResult(testsRun, { pool, stability, coverage, selection, change, mutation });
}

/** Runs one phase and records its wall time in the run's timings. */
async function timed<T>(testsRun: TestsRun, timing: keyof TestsTimings, phase: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
        return await phase();
    } finally {
        testsRun.timings[timing] = performance.now() - started;
    }
}
