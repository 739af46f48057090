// LoRA adapters at run time, on a scripted model through the real node-llama-cpp: a valid adapter (written by
// the test GGUF writer) loads and generation runs; a missing, foreign, mismatched or malformed adapter fails with
// a LoraAdapterError that says why, before any generation.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expertRuntimeFactory, LocalModelRuntime, LoraAdapterError } from "../../../engine/testing.js";
import { buildLoraAdapter, buildScriptedModel, testModelDir } from "../../support/models/index.js";

const reply = "<think>\nAdapters change weights, not the reply here.\n</think>\n\nDone.";
let model: string;

before(async () => {
    model = (await buildScriptedModel(join(testModelDir(), "lora-base.gguf"), { replies: [reply] })).path;
});

const load = (lora: { path: string; scale?: number }) =>
    LocalModelRuntime.load({ model, gpu: false, threads: 1, contextSize: 2048, expectedCandidates: 1, lora });

test("a valid LoRA adapter loads at run time and the model still answers", async () => {
    const adapter = await buildLoraAdapter(join(testModelDir(), "lora-zero.gguf"), { modelPath: model });
    const runtime = await load({ path: adapter.path, scale: 0.5 });
    try {
        const result = await runtime.generate({ messages: [{ role: "user", content: "hi" }], seed: 1 });
        assert.equal(result.candidates[0]!.answer.trim(), "Done.");
        assert.equal(result.candidates[0]!.thought.trim(), "Adapters change weights, not the reply here.");
    } finally {
        await runtime.dispose();
    }
    // Through an expert profile, the same adapter goes to the runtime.
    const viaExpert = await expertRuntimeFactory({ gpu: false, threads: 1, contextSize: 2048 })({
        name: "tuned",
        model,
        strength: 1,
        lora: { path: adapter.path },
        candidates: 1
    });
    await viaExpert.dispose();
});

test("a bad adapter fails with a LoraAdapterError that says why", async () => {
    const notGguf = join(testModelDir(), "not-an-adapter.txt");
    await writeFile(notGguf, "these are not weights");
    const foreign = await buildLoraAdapter(join(testModelDir(), "lora-qwen.gguf"), {
        modelPath: model,
        architecture: "qwen2"
    });
    // A right header, but tensors of another width than the model's.
    const mismatched = await buildLoraAdapter(join(testModelDir(), "lora-mismatched.gguf"), {
        modelPath: model,
        embeddingLength: 8
    });
    const cases: [string, RegExp][] = [
        [join(testModelDir(), "missing-adapter.gguf"), /missing-adapter\.gguf cannot be used: the file does not exist/],
        [testModelDir(), /it is a directory, not a file/],
        [notGguf, /it is not a readable GGUF file/],
        [model, /it is a GGUF file but not a LoRA adapter \(general\.type is (null|"model")\)/],
        [foreign.path, /it was made for the architecture "qwen2", but the model is "llama"/],
        [mismatched.path, /llama\.cpp could not apply it/]
    ];
    for (const [path, message] of cases) {
        await assert.rejects(
            load({ path }),
            (error: unknown) => {
                assert.ok(error instanceof LoraAdapterError, String(error));
                assert.match(error.message, message);
                assert.match(error.message, /Check the adapter's path in the expert settings, or remove it\./);
                return true;
            },
            path
        );
    }
});
