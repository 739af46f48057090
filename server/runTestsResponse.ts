// A toolchain's test run as the `ponder/runTests` response (running tests, not generating them): the tests it ran (only the named ones when the
// client asked for some), or why nothing ran.

import type { TestRunResult } from "../engine/index.js";
import type { RunTestsResponse } from "../protocol/index.js";

export function runTestsResponse(result: TestRunResult, names: readonly string[] | undefined): RunTestsResponse {
    if (result.kind === "cancelled") return { kind: "cancelled", tests: [], durationMs: result.durationMs };
    if (result.kind === "buildFailed")
        return { kind: "buildFailed", message: result.message, tests: [], durationMs: result.durationMs };
    const wanted = names && names.length > 0 ? new Set(names) : undefined;
    return {
        kind: "ran",
        durationMs: result.durationMs,
        tests: result.tests
            .filter((test) => !wanted || wanted.has(test.name))
            .map((test) => ({
                name: test.name,
                id: test.id,
                outcome: test.outcome,
                ...(test.message !== undefined ? { message: test.message } : {}),
                ...(test.durationMs !== undefined ? { durationMs: test.durationMs } : {})
            }))
    };
}
