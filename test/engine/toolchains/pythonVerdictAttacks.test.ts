// Tested Python code that tries to write its own verdict, each attack through the real runner (pytest or unittest
// in bubblewrap): a forged report and an early exit, exits inside the tested function, runner internals rewritten,
// conftest.py and test files written at run time, values whose == always holds, a test that swallows its time
// limit, a memory bomb and a disk filler. None of them may come out as a passing test.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { addedLines, runTests, runTestsRepeatedly, type TestRunResult } from "../../../engine/toolchains/index.js";
import { writeProject } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });

const project = await writeProject(`
//- calc.py
def sign(x):
    return 1 if x > 0 else -1
//- tests/test_calc.py
from calc import sign


def test_zero():
    assert sign(0) == 0


def test_positive():
    assert sign(5) == 1
`);
const originalCalc = "def sign(x):\n    return 1 if x > 0 else -1\n";
const tests = ["tests/test_calc.py"];

type Ran = Extract<TestRunResult, { kind: "ran" }>;

async function runPatched(patch: string, extra: Partial<Parameters<typeof runTests>[0]> = {}): Promise<Ran> {
    const result = await runTests({
        sandbox,
        workspaceRoot: project,
        toolchain: "python",
        tests,
        testTimeoutMs: 2000,
        contents: { "calc.py": patch },
        scanForTampering: { "calc.py": addedLines(originalCalc, patch) },
        ...extra
    });
    if (result.kind !== "ran")
        assert.fail(`expected a run, got ${result.kind}: ${"message" in result ? result.message : ""}`);
    return result;
}

function outcome(result: Ran, name: string): string | undefined {
    return result.tests.find((test) => test.name === name)?.outcome;
}

test("a patch that writes an all-pass JUnit report into scratch and exits 0 early passes nothing", async () => {
    const report = `<?xml version="1.0"?><testsuites><testsuite><testcase classname="tests.test_calc" name="test_zero" file="tests/test_calc.py" time="0.1"/><testcase classname="tests.test_calc" name="test_positive" file="tests/test_calc.py" time="0.1"/></testsuite></testsuites>`;
    const result = await runPatched(`import os

def sign(x):
    os.makedirs(".ponder-run", exist_ok=True)
    for name in ("junit.xml", "report.xml", "node-events.jsonl"):
        with open(os.path.join(".ponder-run", name), "w") as f:
            f.write(${JSON.stringify(report)})
    getattr(os, "_" + "exit")(0)
`);
    assert.notEqual(outcome(result, "test_zero"), "passed");
    assert.notEqual(outcome(result, "test_positive"), "passed");
    assert.equal(result.interrupted?.by, "exitedEarly");
});

test("sys.exit and os._exit inside the tested function fail the test and end nothing silently", async () => {
    const viaSysExit = await runPatched("import sys\n\ndef sign(x):\n    sys.exit(0)\n");
    assert.deepEqual([outcome(viaSysExit, "test_zero"), outcome(viaSysExit, "test_positive")], ["failed", "failed"]);
    const viaOsExit = await runPatched("import os\n\ndef sign(x):\n    os._exit(0)\n");
    assert.equal(outcome(viaOsExit, "test_zero"), "error");
    assert.equal(outcome(viaOsExit, "test_positive"), "error");
    assert.match(
        viaOsExit.interrupted!.message,
        /exited \(code 0\) before every test reported during tests\/test_calc.py::test_zero/
    );
    assert.ok(
        viaOsExit.tampering?.some((sign) => /ends the process/.test(sign)),
        JSON.stringify(viaOsExit.tampering)
    );
});

test("a patch that rewrites pytest's internals so every test passes is marked as tampering", async () => {
    const result = await runPatched(`import _pytest.python
_pytest.python.Function.runtest = lambda self: None

def sign(x):
    return 1 if x > 0 else -1
`);
    // The rewrite works in the tested process (test_zero "passes"), so the run is marked and never evidence.
    assert.ok(
        result.tampering?.some((sign) => /calc.py reaches into pytest/.test(sign)),
        JSON.stringify(result.tampering)
    );
});

test("conftest.py and test files written at run time are tampering, caught after the run even when the text hides it", async () => {
    const repeated = await runTestsRepeatedly({
        sandbox,
        workspaceRoot: project,
        toolchain: "python",
        tests,
        testTimeoutMs: 2000,
        times: 2,
        contents: {
            "calc.py": `def sign(x):
    hook = "import pytest\\n@pytest.hookimpl(hookwrapper=True)\\ndef pytest_runtest_makereport(item, call):\\n    outcome = yield\\n    outcome.get_result().outcome = 'passed'\\n"
    with open("conf" + "test.py", "w") as f:
        f.write(hook)
    with open("tests/" + "test_calc.py", "a") as f:
        f.write("\\n")
    return 1 if x > 0 else -1
`
        }
    });
    for (const run of repeated.runs) {
        assert.equal(run.kind, "ran");
        const signs = run.kind === "ran" ? (run.tampering ?? []) : [];
        assert.ok(
            signs.some((sign) => /(wrote|changed) conftest.py/.test(sign)) ||
                signs.some((sign) => /changed tests\/test_calc.py/.test(sign)),
            JSON.stringify(signs)
        );
    }
});

test("a value whose == always holds never equals a built-in value, in pytest asserts and in unittest's assertEqual", async () => {
    const patches = [
        "class Eq(int):\n    __eq__ = lambda self, other: True\n    __hash__ = int.__hash__\n\ndef sign(x):\n    return Eq(7)\n",
        "class Anything:\n    def __eq__(self, other):\n        return True\n\ndef sign(x):\n    return Anything()\n",
        "class Eq(str):\n    def __eq__(self, other):\n        return True\n    __hash__ = str.__hash__\n\ndef sign(x):\n    return [Eq('no')]\n"
    ];
    for (const patch of patches) {
        const result = await runPatched(patch);
        assert.equal(outcome(result, "test_zero"), "failed", patch);
        assert.equal(outcome(result, "test_positive"), "failed", patch);
    }
    const viaUnittest = await runTests({
        sandbox,
        workspaceRoot: project,
        toolchain: "python",
        toolchainOptions: { python: { runner: "unittest" } },
        testTimeoutMs: 2000,
        contents: {
            "calc.py": patches[0]!,
            "tests/test_calc.py":
                "import unittest\nfrom calc import sign\n\nclass SignTest(unittest.TestCase):\n    def test_zero(self):\n        self.assertEqual(sign(0), 0)\n"
        },
        tests: ["tests/test_calc.py"]
    });
    assert.equal(viaUnittest.kind === "ran" ? outcome(viaUnittest, "test_zero") : viaUnittest.kind, "failed");
    // Honest values still compare as Python does: 2 == 2.0, a namedtuple equals its tuple, an OrderedDict its dict.
    const honest = await runPatched(
        "from collections import OrderedDict, namedtuple\nP = namedtuple('P', 'a b')\n\ndef sign(x):\n    return 0 if x == 0 else 1.0\n",
        {
            contents: {
                "calc.py": "def sign(x):\n    return 0 if x == 0 else 1.0\n",
                "tests/test_calc.py":
                    "from collections import OrderedDict, namedtuple\nfrom calc import sign\n\ndef test_zero():\n    assert sign(0) == 0\n\ndef test_positive():\n    assert sign(5) == 1 and namedtuple('P', 'a b')(1, 2) == (1, 2) and OrderedDict(a=1) == {'a': 1}\n"
            }
        }
    );
    assert.deepEqual([outcome(honest, "test_zero"), outcome(honest, "test_positive")], ["passed", "passed"]);
});

test("a test that catches BaseException to swallow its time limit is killed from outside at its deadline", async () => {
    const started = performance.now();
    const result = await runTests({
        sandbox,
        workspaceRoot: project,
        toolchain: "python",
        testTimeoutMs: 1000,
        tests: ["tests/test_hang.py"],
        contents: {
            "tests/test_hang.py":
                "import time\n\ndef test_hang():\n    while True:\n        try:\n            time.sleep(100)\n        except BaseException:\n            pass\n\ndef test_after():\n    assert True\n"
        },
        limits: { timeoutMs: 120_000 }
    });
    const elapsed = performance.now() - started;
    assert.equal(result.kind, "ran");
    if (result.kind !== "ran") return;
    assert.equal(outcome(result, "test_hang"), "timedOut");
    assert.equal(outcome(result, "test_after"), "error");
    assert.equal(result.interrupted?.by, "timeLimit");
    // The soft limit is 1 s; the hard one, outside the process, 1 s + 1.25 s of grace.
    assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
});

test("a memory bomb is reported as killed at the memory limit, not as a failing test", async () => {
    // b"x" * n writes every page (a bytearray of zeros would not), so the bomb meets the limit long before its test's time limit.
    const result = await runPatched(
        "def sign(x):\n    hoard = []\n    while True:\n        hoard.append(b'x' * (32 * 1024 * 1024))\n",
        { limits: { memoryMb: 256 }, testTimeoutMs: 30_000 }
    );
    assert.equal(result.interrupted?.by, "memoryLimit", JSON.stringify(result.interrupted) + sandbox.limitsBy);
    assert.match(result.interrupted!.message, /killed at the memory limit \(256 MB\)/);
    assert.notEqual(outcome(result, "test_zero"), "passed");
});

test("a test that fills the disk is stopped at the scratch cap and says so", async () => {
    const result = await runPatched(
        "def sign(x):\n    for index in range(100):\n        with open('filler-%d.bin' % index, 'wb') as f:\n            f.write(b'x' * (8 * 1024 * 1024))\n    return 0\n",
        { limits: { maxScratchMb: 48 }, testTimeoutMs: 20_000 }
    );
    assert.equal(result.interrupted?.by, "scratchLimit", JSON.stringify(result.interrupted));
    assert.notEqual(outcome(result, "test_zero"), "passed");
});
