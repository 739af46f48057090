// Per-test results from the JSON reports of a project's own runner: jest's `--json` (which vitest's json
// reporter copies) and mocha's json reporter.

import type { TestCaseResult, TestOutcome } from "../../../toolchains/TestRunResult.js";

interface JestAssertion {
    ancestorTitles?: string[];
    title: string;
    status: string;
    duration?: number | null;
    failureMessages?: string[];
}

interface JestReport {
    testResults?: { name: string; status?: string; message?: string; assertionResults?: JestAssertion[] }[];
}

function jestFailureOutcome(message: string): TestOutcome {
    // vitest's json report loses the timeout's own text and keeps the placeholder stack it made at definition.
    if (/Exceeded timeout of \d+ ?ms|Test timed out in \d+ ?ms|STACK_TRACE_ERROR/.test(message)) return "timedOut";
    return /^(\w*AssertionError|Error: expect\()/.test(message.trimStart()) || /JestAssertionError/.test(message)
        ? "failed"
        : "error";
}

/** jest and vitest: one result per assertion result; a file that failed to load is one `error`. */
export function jestReportResults(json: string, projectFile: (reportedFile: string) => string): TestCaseResult[] {
    const report = JSON.parse(json) as JestReport;
    const results: TestCaseResult[] = [];
    for (const suite of report.testResults ?? []) {
        const file = projectFile(suite.name);
        const assertions = suite.assertionResults ?? [];
        for (const assertion of assertions) {
            const message = (assertion.failureMessages ?? []).join("\n").trim();
            const outcome: TestOutcome =
                assertion.status === "passed"
                    ? "passed"
                    : assertion.status === "failed"
                      ? jestFailureOutcome(message)
                      : "skipped";
            results.push({
                id: `${file}::${[...(assertion.ancestorTitles ?? []), assertion.title].join(" > ")}`,
                name: assertion.title,
                file,
                outcome,
                ...(message ? { message } : {}),
                ...(typeof assertion.duration === "number" ? { durationMs: assertion.duration } : {})
            });
        }
        if (assertions.length === 0 && suite.status === "failed") {
            results.push({
                id: file,
                name: file,
                file,
                outcome: "error",
                message: (suite.message ?? "the test file failed to run").trim()
            });
        }
    }
    return results;
}

interface MochaTest {
    title: string;
    fullTitle: string;
    file?: string;
    duration?: number;
    err?: { message?: string; stack?: string; name?: string; code?: string };
}

interface MochaReport {
    tests?: MochaTest[];
    pending?: MochaTest[];
    failures?: MochaTest[];
}

/** mocha's json reporter: tests, with failures and pending listed again; hook failures appear only in failures. */
export function mochaReportResults(json: string, projectFile: (reportedFile: string) => string): TestCaseResult[] {
    const report = JSON.parse(json) as MochaReport;
    const key = (test: MochaTest) => `${test.file}\0${test.fullTitle}`;
    const pending = new Set((report.pending ?? []).map(key));
    const seen = new Set<string>();
    const results: TestCaseResult[] = [];
    for (const test of [...(report.tests ?? []), ...(report.failures ?? [])]) {
        if (seen.has(key(test))) continue;
        seen.add(key(test));
        const file = test.file ? projectFile(test.file) : undefined;
        const error = test.err ?? {};
        let outcome: TestOutcome = "passed";
        if (pending.has(key(test))) outcome = "skipped";
        else if (error.message !== undefined || error.stack !== undefined) {
            outcome =
                error.code === "ERR_MOCHA_TIMEOUT"
                    ? "timedOut"
                    : error.code === "ERR_ASSERTION" || /AssertionError/.test(error.name ?? error.stack ?? "")
                      ? "failed"
                      : "error";
        }
        const message = outcome === "passed" || outcome === "skipped" ? undefined : (error.stack ?? error.message);
        results.push({
            id: `${file ?? ""}::${test.fullTitle}`,
            name: test.title,
            ...(file ? { file } : {}),
            outcome,
            ...(message ? { message } : {}),
            ...(typeof test.duration === "number" ? { durationMs: test.duration } : {})
        });
    }
    return results;
}
