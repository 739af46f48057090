// Python through the sandbox: pytest and unittest fixtures with passing, failing, erroring, flaky, slow and
// skipped tests; coverage.py figures against the fixtures' known lines; collection failures as values.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { detectPythonRunner, runTests, runTestsRepeatedly } from "../../../engine/toolchains/index.js";
import { checkOutcomes, fixturePath } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });

test("pytest: per-test outcomes from JUnit XML, flakiness over three runs, coverage.py lines", async () => {
    const repeated = await runTestsRepeatedly({
        sandbox,
        workspaceRoot: fixturePath("python-pytest"),
        coverage: true,
        testTimeoutMs: 1500,
        times: 3
    });
    const first = checkOutcomes(repeated.runs[0]!, {
        "tests/test_calc.py::test_add": "passed",
        "tests/test_calc.py::test_add_wrong": "failed",
        "tests/test_calc.py::test_uses_broken": "error",
        "tests/test_calc.py::test_flaky": "passed",
        "tests/test_calc.py::test_slow": "timedOut",
        "tests/test_calc.py::test_skipped": "skipped",
        "tests/test_calc.py::TestSign::test_positive": "passed"
    });
    assert.equal(first.runner, "pytest");
    const byId = Object.fromEntries(first.tests.map((test) => [test.id, test]));
    assert.match(byId["tests/test_calc.py::test_add_wrong"]!.message!, /assert 3 == 4/);
    assert.match(byId["tests/test_calc.py::test_uses_broken"]!.message!, /fixture broke/);
    assert.match(byId["tests/test_calc.py::test_slow"]!.message!, /ran longer than 1.5 s/);
    assert.equal(byId["tests/test_calc.py::test_add"]!.file, "tests/test_calc.py");
    assert.ok(byId["tests/test_calc.py::test_slow"]!.durationMs! >= 1400);
    // calc.py: add() and sign(5) run; sign's negative and zero branches (lines 8–10) do not.
    assert.deepEqual(first.coverage!["calc.py"], {
        coveredLines: [1, 2, 5, 6, 7],
        coverableLines: [1, 2, 5, 6, 7, 8, 9, 10]
    });
    assert.deepEqual(Object.fromEntries(repeated.tests.map((test) => [test.name, test.verdict])), {
        test_add: "passing",
        test_add_wrong: "failing",
        test_uses_broken: "failing",
        test_flaky: "flaky",
        test_slow: "failing",
        test_skipped: "skipped",
        test_positive: "passing"
    });
    assert.deepEqual(repeated.tests.find((test) => test.name === "test_flaky")!.outcomes, [
        "passed",
        "failed",
        "passed"
    ]);
});

test("unittest when the project does not use pytest: outcomes, an unimportable module as an error, coverage", async () => {
    const result = checkOutcomes(
        await runTests({ sandbox, workspaceRoot: fixturePath("python-unittest"), coverage: true, testTimeoutMs: 1500 }),
        {
            "test_broken.py": "error",
            "test_calc.py::CalcTest::test_add": "passed",
            "test_calc.py::CalcTest::test_add_wrong": "failed",
            "test_calc.py::CalcTest::test_flaky": "passed",
            "test_calc.py::CalcTest::test_raises": "error",
            "test_calc.py::CalcTest::test_sign": "passed",
            "test_calc.py::CalcTest::test_skipped": "skipped",
            "test_calc.py::CalcTest::test_slow": "timedOut"
        }
    );
    assert.equal(result.runner, "unittest");
    assert.match(
        result.tests.find((test) => test.id === "test_broken.py")!.message!,
        /cannot import name 'does_not_exist'/
    );
    // sign(-3): the positive branch (line 7) and the zero return (line 10) do not run.
    assert.deepEqual(result.coverage!["pkg/calc.py"], {
        coveredLines: [1, 2, 5, 6, 8, 9],
        coverableLines: [1, 2, 5, 6, 7, 8, 9, 10]
    });
    assert.deepEqual(result.coverage!["pkg/__init__.py"], { coveredLines: [], coverableLines: [] });
});

test("generated tests given as text run beside the project's files, and a test list narrows the run", async () => {
    const result = checkOutcomes(
        await runTests({
            sandbox,
            workspaceRoot: fixturePath("python-pytest"),
            files: ["calc.py"],
            contents: {
                "tests/test_generated.py":
                    "from calc import sign\n\ndef test_zero():\n    assert sign(0) == 0\n\ndef test_other():\n    assert False\n"
            },
            tests: ["tests/test_generated.py::test_zero"]
        }),
        { "tests/test_generated.py::test_zero": "passed" }
    );
    assert.equal(result.runner, "pytest");
});

test("a pytest usage error is a collection failure value with pytest's own message", async () => {
    const result = await runTests({
        sandbox,
        workspaceRoot: fixturePath("python-pytest"),
        contents: { "pytest.ini": "[pytest]\naddopts = --no-such-option\n" }
    });
    assert.equal(result.kind, "buildFailed");
    assert.ok(result.kind === "buildFailed" && result.stage === "collect" && /no-such-option/.test(result.message));
});

test("the runner is pytest when a config, an import or a bare test function says so, else unittest", async () => {
    const cases: [Record<string, string>, string][] = [
        [{ "tests/test_a.py": "import unittest\nclass T(unittest.TestCase):\n    pass\n" }, "unittest"],
        [{ "tests/test_a.py": "def test_x():\n    assert True\n" }, "pytest"],
        [{ "test_a.py": "import pytest\n" }, "pytest"],
        [{ "pyproject.toml": "[tool.pytest.ini_options]\n", "test_a.py": "import unittest\n" }, "pytest"],
        [{ "conftest.py": "" }, "pytest"]
    ];
    for (const [contents, runner] of cases)
        assert.equal(await detectPythonRunner("/nonexistent", [], contents), runner, JSON.stringify(contents));
});

test("aborting a test run kills it and returns a cancelled result", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const started = performance.now();
    const result = await runTests({
        sandbox,
        workspaceRoot: fixturePath("python-pytest"),
        tests: ["tests/test_calc.py::test_slow"],
        signal: controller.signal
    });
    assert.equal(result.kind, "cancelled");
    assert.ok(performance.now() - started < 3000);
});
