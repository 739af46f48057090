// The fix chain's test evidence as tables: the baseline the existing tests give, which of a reply's tests reproduce
// the bug on the original, and what a patch's run proves (passed, regressions, build failure), with no sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SourceLanguage, TestRunResult, VerificationRun } from "../../../../engine/testing.js";
import type { FixBaseline, ReproducingTest } from "../../../../engine/chains/fix/FixRun.js";
import {
    baselineOf,
    buildCheckId,
    reproductionOf,
    uniquePlaced,
    verificationOf
} from "../../../../engine/chains/fix/testEvidence.js";
import { placeTests } from "../../../../engine/chains/fix/testPlacement.js";
import { baselineFacts, buildFailedRun, cancelledRun, ranRun, testCase } from "../../../support/fixRunParts.js";

const placed = placeTests("python", "calc.py", 0, 1, "def test_add(): ...");
const repro = `${placed.file}::test_add`;
const pool: ReproducingTest[] = [{ id: repro, placed }];

test("baselineOf: which existing tests passed on the original, and the problem's own reproduction", () => {
    const check = (
        name: string,
        result: TestRunResult | undefined,
        language: SourceLanguage,
        expected: { passed: string[]; ids: string[]; buildFailed: boolean }
    ) => {
        const baseline = baselineOf(result, ["test_calc.py"], language);
        assert.deepEqual({ passed: [...baseline.passed], ...baseline.reproduction }, expected, name);
        assert.equal(baseline.result, result, name);
    };
    check("nothing run", undefined, "python", { passed: [], ids: [], buildFailed: false });
    check("the original does not build", buildFailedRun("error[E0425]"), "rust", {
        passed: [],
        ids: [buildCheckId],
        buildFailed: true
    });
    check(
        "a failing, an erroring and a hanging existing test reproduce; other files' tests do not count",
        ranRun([
            testCase("test_calc.py::test_ok", "passed"),
            testCase("test_calc.py::test_bad", "failed"),
            testCase("test_calc.py::test_raises", "error"),
            testCase("test_calc.py::test_hangs", "timedOut"),
            testCase("test_calc.py::test_skip", "skipped"),
            testCase("test_other.py::test_x", "failed")
        ]),
        "python",
        {
            passed: ["test_calc.py::test_ok"],
            ids: ["test_calc.py::test_bad", "test_calc.py::test_raises", "test_calc.py::test_hangs"],
            buildFailed: false
        }
    );
    check(
        "Rust: every test but a candidate's module is existing",
        ranRun([
            { id: "tests::adds", name: "adds", outcome: "passed" },
            { id: "ponder_repro_r0_c1::adds", name: "adds", outcome: "failed" }
        ]),
        "rust",
        { passed: ["tests::adds"], ids: [], buildFailed: false }
    );
});

test("reproductionOf: a reply's tests on the original code reproduce the bug only when they fail because of it", () => {
    const check = (
        name: string,
        result: TestRunResult,
        expected: { verdicts?: [string, boolean][]; brokenReason?: string }
    ) => {
        const reproduction = reproductionOf(result, placed, "python", "calc.py", 10);
        assert.deepEqual(
            { round: reproduction.round, candidate: reproduction.candidate },
            { round: 0, candidate: 1 },
            name
        );
        assert.deepEqual(
            reproduction.tests.map((v) => [v.test.id, v.reproduces]),
            expected.verdicts ?? [],
            name
        );
        assert.equal(reproduction.brokenReason, expected.brokenReason, name);
    };
    check(
        "a failed assertion reproduces, a pass does not",
        ranRun([
            testCase(repro, "failed", "AssertionError: assert -1 == 3"),
            testCase(`${placed.file}::test_zero`, "passed")
        ]),
        {
            verdicts: [
                [repro, true],
                [`${placed.file}::test_zero`, false]
            ]
        }
    );
    check(
        "a test broken by its own name error does not",
        ranRun([testCase(repro, "error", "NameError: name 'ad' is not defined")]),
        { verdicts: [[repro, false]] }
    );
    check(
        "another file's tests are not the reply's",
        ranRun([testCase("test_calc.py::test_add", "failed", "AssertionError")]),
        { brokenReason: "the reply's tests hold no test the runner found" }
    );
    check("tests that do not build", buildFailedRun("line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7"), {
        brokenReason: "the tests do not build: line 1\nline 2\nline 3\nline 4\nline 5\nline 6"
    });
    check("tests that do not load", buildFailedRun("SyntaxError", "collect"), {
        brokenReason: "the tests do not load: SyntaxError"
    });
    check("a cancelled run", cancelledRun(), { brokenReason: "cancelled" });
});

test("verificationOf: a patch's run against the reproduction and the existing tests", () => {
    const check = (name: string, result: TestRunResult, baseline: FixBaseline, expected: Partial<VerificationRun>) => {
        const verification = verificationOf(
            result,
            { round: 2, candidate: 3, durationMs: 12.6 },
            pool,
            baseline,
            "python"
        );
        const { round, candidate, durationMs, existingTests, pinsRun, pinsPassed, ...rest } = verification;
        assert.deepEqual({ pinsRun, pinsPassed }, { pinsRun: [], pinsPassed: [] }, name);
        assert.deepEqual(
            { round, candidate, durationMs, existingTests },
            { round: 2, candidate: 3, durationMs: 13, existingTests: baseline.passed.size },
            name
        );
        assert.deepEqual(rest, expected, name);
    };
    const built = baselineFacts({ existingTestFiles: ["test_calc.py"], passed: new Set(["test_calc.py::test_ok"]) });
    const notBuilt = baselineFacts({
        existingTestFiles: ["test_calc.py"],
        reproduction: { ids: [buildCheckId], buildFailed: true }
    });
    check(
        "passes the reproducing test and keeps the existing one",
        ranRun([testCase(repro, "passed"), testCase("test_calc.py::test_ok", "passed")]),
        built,
        { testsRun: [repro], testsPassed: [repro], regressions: [] }
    );
    check(
        "still fails the reproducing test",
        ranRun([testCase(repro, "failed"), testCase("test_calc.py::test_ok", "passed")]),
        built,
        { testsRun: [repro], testsPassed: [], regressions: [] }
    );
    check(
        "breaks an existing test that passed on the original",
        ranRun([testCase(repro, "passed"), testCase("test_calc.py::test_ok", "failed")]),
        built,
        { testsRun: [repro], testsPassed: [repro], regressions: ["test_calc.py::test_ok"] }
    );
    check(
        "original did not build: building passes the build check, and every existing test must pass",
        ranRun([
            testCase(repro, "passed"),
            testCase("test_calc.py::test_ok", "passed"),
            testCase("test_calc.py::test_bad", "failed"),
            testCase("test_calc.py::test_skip", "skipped")
        ]),
        notBuilt,
        { testsRun: [buildCheckId, repro], testsPassed: [buildCheckId, repro], regressions: ["test_calc.py::test_bad"] }
    );
    check(
        "the patch does not build: nothing passes, every baseline pass regresses",
        buildFailedRun("l1\nl2\nl3\nl4\nl5\nl6\nl7"),
        built,
        {
            testsRun: [repro],
            testsPassed: [],
            regressions: ["test_calc.py::test_ok"],
            buildFailure: "l1\nl2\nl3\nl4\nl5\nl6"
        }
    );
    check(
        "a memory bomb: the run says it was killed at the memory limit, beside the tests it never reached",
        ranRun([testCase(repro, "passed")], {
            by: "memoryLimit",
            message: "killed at the memory limit (256 MB) during test_calc.py::test_ok"
        }),
        built,
        {
            testsRun: [repro],
            testsPassed: [repro],
            regressions: ["test_calc.py::test_ok"],
            interrupted: "killed at the memory limit (256 MB) during test_calc.py::test_ok"
        }
    );
    check("a cancelled run", cancelledRun(), built, {
        testsRun: [repro],
        testsPassed: [],
        regressions: ["test_calc.py::test_ok"],
        buildFailure: "cancelled"
    });
});

test("uniquePlaced: one placed file or module per reproducing test source", () => {
    const check = (name: string, tests: ReproducingTest[], expected: string[]) =>
        assert.deepEqual(
            uniquePlaced(tests).map((p) => `${p.file}#${p.module ?? ""}`),
            expected,
            name
        );
    const other = placeTests("python", "calc.py", 1, 0, "def test_b(): ...");
    const rustA = placeTests("rust", "src/lib.rs", 0, 0, "#[test] fn a() {}");
    const rustB = placeTests("rust", "src/lib.rs", 0, 1, "#[test] fn b() {}");
    check(
        "two tests of one file",
        [
            { id: "a", placed },
            { id: "b", placed }
        ],
        [`${placed.file}#`]
    );
    check(
        "two files",
        [
            { id: "a", placed },
            { id: "b", placed: other }
        ],
        [`${placed.file}#`, `${other.file}#`]
    );
    check(
        "Rust modules of one target file stay apart",
        [
            { id: "a", placed: rustA },
            { id: "b", placed: rustB }
        ],
        ["src/lib.rs#ponder_repro_r0_c0", "src/lib.rs#ponder_repro_r0_c1"]
    );
});
