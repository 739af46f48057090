// The one sandbox test runner of the fix and tests chains: which time limit a run gets (the request's, else the
// job's default for the language, as package.json's setting description says), and that the chain's own files
// lie over the workspace's unsaved texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OverlayWorkspace, type Sandbox } from "../../../engine/testing.js";
import type { SourceLanguage } from "../../../engine/analysis/index.js";
import {
    chainTestRunner,
    fixTestTimeouts,
    testsTestTimeouts,
    type JobTestTimeouts
} from "../../../engine/chains/chainTestRunner.js";
import type { ScratchInputs } from "../../../engine/sandbox/Scratch.js";

const timeoutCases: {
    job: string;
    defaults: JobTestTimeouts;
    language: SourceLanguage;
    requested?: number;
    expected: number;
}[] = [
    { job: "fix", defaults: fixTestTimeouts, language: "rust", expected: 30_000 },
    { job: "fix", defaults: fixTestTimeouts, language: "python", expected: 4_000 },
    { job: "fix", defaults: fixTestTimeouts, language: "typescript", expected: 4_000 },
    { job: "tests", defaults: testsTestTimeouts, language: "rust", expected: 60_000 },
    { job: "tests", defaults: testsTestTimeouts, language: "javascript", expected: 4_000 },
    { job: "fix", defaults: fixTestTimeouts, language: "rust", requested: 7_000, expected: 7_000 },
    { job: "tests", defaults: testsTestTimeouts, language: "python", requested: 90_000, expected: 90_000 }
];

for (const { job, defaults, language, requested, expected } of timeoutCases) {
    test(`${job} chain, ${language}, requested ${requested ?? "nothing"}: ${expected} ms per run`, () => {
        const runner = chainTestRunner({
            sandbox: {} as Sandbox,
            workspace: new OverlayWorkspace(tmpdir(), {}),
            language,
            testTimeoutMs: requested,
            defaults,
            signal: undefined
        });
        assert.equal(runner.timeoutMs, expected);
    });
}

test("the ponder.testTimeoutSeconds description states each job's defaults", async () => {
    const manifest = JSON.parse(await readFile("package.json", "utf8")) as {
        contributes: { configuration: { properties: Record<string, { description: string }> } };
    };
    const description = manifest.contributes.configuration.properties["ponder.testTimeoutSeconds"]!.description;
    assert.equal(fixTestTimeouts.otherMs, testsTestTimeouts.otherMs);
    assert.ok(description.includes(`${fixTestTimeouts.otherMs / 1000} s per Python or JavaScript test`), description);
    assert.ok(
        description.includes(
            `${fixTestTimeouts.rustMs / 1000} s (fix) or ${testsTestTimeouts.rustMs / 1000} s (tests)`
        ),
        description
    );
});

test("the chain's contents win over the workspace's unsaved texts in the scratch copy", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-runner-"));
    const scratches: ScratchInputs[] = [];
    const sandbox = {
        createScratch: async (inputs: ScratchInputs) => {
            scratches.push(inputs);
            throw new Error("no scratch in this test");
        }
    } as unknown as Sandbox;
    const workspace = new OverlayWorkspace(root, { "calc.py": "unsaved", "notes.py": "kept" });
    const runner = chainTestRunner({
        sandbox,
        workspace,
        language: "python",
        testTimeoutMs: undefined,
        defaults: fixTestTimeouts,
        signal: undefined
    });
    await assert.rejects(runner.once({ "calc.py": "patched", "test_calc.py": "test" }, ["test_calc.py"]), /no scratch/);
    assert.deepEqual(scratches[0]?.contents, { "calc.py": "patched", "notes.py": "kept", "test_calc.py": "test" });
});

test("a patch that makes pytest pass every test (runtest replaced) passes nothing through the chains' runner, real sandbox", async () => {
    const { Sandbox: RealSandbox } = await import("../../../engine/sandbox/index.js");
    const { writeFile } = await import("node:fs/promises");
    const root = await mkdtemp(join(tmpdir(), "ponder-runner-"));
    await writeFile(join(root, "calc.py"), "def sign(x):\n    return 1 if x > 0 else -1\n");
    await writeFile(join(root, "test_calc.py"), "from calc import sign\n\ndef test_zero():\n    assert sign(0) == 0\n");
    const sandbox = await RealSandbox.create({ workspaceTrusted: true });
    const runner = chainTestRunner({
        sandbox,
        workspace: new OverlayWorkspace(root, {}),
        language: "python",
        testTimeoutMs: undefined,
        defaults: fixTestTimeouts,
        signal: undefined
    });
    const patch =
        "import _pytest.python\n_pytest.python.Function.runtest = lambda self: None\n\ndef sign(x):\n    return 1 if x > 0 else -1\n";
    const result = await runner.once({ "calc.py": patch }, ["test_calc.py"]);
    assert.equal(result.kind, "ran");
    if (result.kind !== "ran") return;
    assert.deepEqual(
        result.tests.map((each) => each.outcome),
        ["error"]
    );
    assert.match(result.tests[0]!.message!, /not counted: .*calc.py reaches into pytest/);
    // The honest original still passes its own unchanged lines: only what the patch added is scanned.
    const honest = await runner.once(
        { "calc.py": "def sign(x):\n    return 0 if x == 0 else (1 if x > 0 else -1)\n" },
        ["test_calc.py"]
    );
    assert.deepEqual(honest.kind === "ran" ? honest.tests.map((each) => each.outcome) : honest.kind, ["passed"]);
});
