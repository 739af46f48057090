// What a fix's problem says about itself for the memory's recall, in order of preference: the user's test output,
// the diagnostic, the build failure, the existing tests' failures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { problemMessage } from "../../../../engine/chains/fix/problemMessage.js";
import type { FixRequest, TestRunResult } from "../../../../engine/testing.js";
import { buildFailedRun, ranRun, testCase } from "../../../support/fixRunParts.js";

test("problemMessage: the first thing the problem says about itself", () => {
    const check = (
        name: string,
        request: Pick<FixRequest, "testOutput" | "target">,
        baseline: TestRunResult | undefined,
        expected: string
    ) => assert.equal(problemMessage(request, baseline, ["test_calc.py"], "python"), expected, name);
    const line = { target: { line: 3 } };
    const diagnostic = {
        target: {
            diagnostic: { range: { start: 0, end: 1 }, message: "name 'x' is not defined", severity: "error" as const }
        }
    };
    const failing = ranRun([
        testCase("test_calc.py::test_a", "failed", "assert 1 == 2"),
        testCase("test_calc.py::test_b", "passed", "ignored"),
        testCase("test_calc.py::test_c", "skipped", "ignored"),
        testCase("test_calc.py::test_d", "error"),
        testCase("test_other.py::test_e", "failed", "not ours")
    ]);
    check("the user's test output wins", { ...diagnostic, testOutput: "FAILED test_a" }, failing, "FAILED test_a");
    check("then the diagnostic", diagnostic, failing, "name 'x' is not defined");
    check("then the build failure", line, buildFailedRun("SyntaxError: invalid syntax"), "SyntaxError: invalid syntax");
    check("then the existing tests that fail, one message a line", line, failing, "assert 1 == 2\n");
    check(
        "cut at 4000 characters",
        line,
        ranRun([testCase("test_calc.py::test_a", "failed", "y".repeat(5000))]),
        "y".repeat(4000)
    );
    check("nothing ran", line, undefined, "");
});
