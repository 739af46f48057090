// Classifies tests run several times over the same scratch: passing every time, failing every time, or
// flaky (both). A test that never ran to a verdict (always skipped) is reported as such.

import type { TestCaseResult, TestOutcome, TestRunResult } from "./TestRunResult.js";

export type FlakinessVerdict = "passing" | "failing" | "flaky" | "skipped";

export interface TestStability {
    id: string;
    name: string;
    file?: string;
    verdict: FlakinessVerdict;
    /** The outcome of each run, in order; `undefined` where a run did not report this test. */
    outcomes: (TestOutcome | undefined)[];
    /** The first failure message seen. */
    message?: string;
}

/** The verdict on one test from its outcomes. Runs that did not report it count as not passing. */
export function verdictOf(outcomes: (TestOutcome | undefined)[]): FlakinessVerdict {
    if (outcomes.every((outcome) => outcome === "skipped")) return "skipped";
    const counted = outcomes.filter((outcome) => outcome !== "skipped");
    const passes = counted.filter((outcome) => outcome === "passed").length;
    if (passes === counted.length) return "passing";
    return passes === 0 ? "failing" : "flaky";
}

/** One stability record per test id seen in any run, in first-seen order. */
export function classifyRuns(runs: TestRunResult[]): TestStability[] {
    const byId = new Map<string, { first: TestCaseResult; outcomes: (TestOutcome | undefined)[]; message?: string }>();
    runs.forEach((run, index) => {
        if (run.kind !== "ran") return;
        for (const test of run.tests) {
            let entry = byId.get(test.id);
            if (!entry) {
                entry = { first: test, outcomes: new Array(runs.length).fill(undefined) };
                byId.set(test.id, entry);
            }
            entry.outcomes[index] = test.outcome;
            if (entry.message === undefined && test.outcome !== "passed" && test.message) entry.message = test.message;
        }
    });
    return [...byId.values()].map(({ first, outcomes, message }) => ({
        id: first.id,
        name: first.name,
        ...(first.file ? { file: first.file } : {}),
        verdict: verdictOf(outcomes),
        outcomes,
        ...(message !== undefined ? { message } : {})
    }));
}
