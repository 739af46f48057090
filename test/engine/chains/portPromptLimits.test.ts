// The port's prompts stay within bounds: values are cut with a marker (a counterexample of a million-item list
// once made a 55.8-million-token prompt that ran 4.5 minutes and ended as "bad input"), and a prompt the model's
// context cannot hold is Ponder's limit, said plainly, not the user's bad input. Real node-llama-cpp on a scripted model.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskWorkspace, LocalModelRuntime, PonderError, runPortChain, Sandbox } from "../../../engine/testing.js";
import { languagePairOf } from "../../../engine/chains/port/languagePairs.js";
import { counterexamplePrompt, translatePrompt, type UnitPromptInput } from "../../../engine/chains/port/portPrompt.js";
import { PortPromptTooLongError } from "../../../engine/chains/port/PortPromptTooLongError.js";
import { pythonSource } from "../../../engine/languages/python/port/pythonSource.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";

const input: UnitPromptInput = {
    pair: languagePairOf("python", "rust")!,
    source: pythonSource,
    unit: {
        name: "total",
        kind: "function",
        source: "def total(xs):\n    return sum(xs)\n",
        signature: "def total(xs):",
        uses: [],
        parameters: [{ name: "xs", seen: [Array.from({ length: 100_000 }, (_, i) => BigInt(i))] }]
    },
    portedSignatures: [],
    parameterTypes: [{ kind: "list", of: { kind: "int" } }],
    imports: []
};

test("a counterexample of a million items is cut with a marker; the prompt stays small", () => {
    const huge = `[${Array.from({ length: 1_000_000 }, (_, i) => i).join(", ")}]`;
    const prompt = counterexamplePrompt(input, "pub fn total(xs: Vec<i64>) -> i64 { 0 }", [
        { call: `total(${huge})`, expected: `returned ${huge}`, actual: "returned 0" }
    ]);
    assert.ok(prompt.length < 3000, `${prompt.length} characters`);
    assert.match(prompt, /total\(\[0, 1, 2, .*… \[\d+ more characters cut\]/);
    assert.match(prompt, /Rust returned 0/, "a short value is shown whole");
    const translate = translatePrompt(input);
    assert.ok(translate.length < 2000, `the values seen in tests are cut too: ${translate.length} characters`);
    assert.match(translate, /more characters cut/);
});

test("a prompt longer than the model's context is an internal limit with a clear message, not bad input", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-port-long-"));
    const body = Array.from({ length: 120 }, (_, i) => `    total += x * ${i}  # step ${i} of a long sum`).join("\n");
    await writeFile(join(root, "long.py"), `def long_sum(x):\n    total = 0\n${body}\n    return total\n`);
    const { path } = await buildScriptedModel(join(testModelDir(), "port-long-prompt.gguf"), {
        replies: ["<think>\nok\n</think>\n\nnothing"]
    });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 512,
        expectedCandidates: 1
    });
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    try {
        await assert.rejects(
            runPortChain(
                { file: "long.py", to: "rust", cases: 10 },
                { runtime, sandbox, workspace: new DiskWorkspace(root) }
            ),
            (error: unknown) => {
                assert.ok(error instanceof PortPromptTooLongError, String(error));
                assert.ok(error instanceof PonderError);
                assert.equal(error.fault, "internal");
                assert.equal(error.badInput, false);
                assert.match(
                    error.message,
                    /translate prompt for `long_sum` takes \d+ tokens, more than the model's context of 512/
                );
                assert.match(error.message, /not a fault in your file/);
                return true;
            }
        );
    } finally {
        await runtime.dispose();
        await sandbox.dispose();
    }
});
