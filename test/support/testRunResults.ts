// Toolchain results made by hand, for table tests of what a chain reads from a test run: a run that reported
// per-test results (and coverage), a build or load failure, a cancel.

import type { LineCoverage, TestCaseResult, TestRunResult } from "../../engine/toolchains/index.js";

const runFacts = (): { toolchain: "python"; runner: "pytest"; durationMs: number; notes: string[] } => ({
    toolchain: "python",
    runner: "pytest",
    durationMs: 1,
    notes: []
});

/** A run that reported these tests, with coverage when given. */
export function ranResult(tests: TestCaseResult[], coverage?: LineCoverage): TestRunResult {
    return {
        ...runFacts(),
        kind: "ran",
        tests,
        ...(coverage ? { coverage } : {}),
        run: {
            exitCode: 0,
            signal: null,
            timedOut: false,
            oomKilled: false,
            cancelled: false,
            stdout: "",
            stderr: "",
            stdoutTruncated: false,
            stderrTruncated: false,
            durationMs: 1,
            files: {}
        }
    };
}

/** A run the code or its tests stopped before any test ran. */
export function buildFailedResult(stage: "build" | "collect", message: string): TestRunResult {
    return { ...runFacts(), kind: "buildFailed", stage, message };
}

export function cancelledResult(): TestRunResult {
    return { ...runFacts(), kind: "cancelled" };
}
