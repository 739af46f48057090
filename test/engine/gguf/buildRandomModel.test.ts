// Random test models through the real node-llama-cpp on CPU: dense and mixture-of-experts models load and generate,
// look like an R1 distill (DeepSeek chat wrapper, byte-fallback tokenizer), are reproducible from their seed, and an
// unknown architecture is refused.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DeepSeekChatWrapper, getLlama, LlamaCompletion, readGgufFileInfo, resolveChatWrapper } from "node-llama-cpp";
import { buildRandomModel, testModelDir, type RandomModelOptions } from "../../support/models/index.js";

const dir = testModelDir();
// One thread: this machine has two cores shared with other work, and a second llama.cpp thread spin-waits on the
// scheduler (measured: 1 ms a token with one thread, 4 to 250 ms with two under load).
const llama = await getLlama({ gpu: false, maxThreads: 1 });
after(() => llama.dispose());

const small: RandomModelOptions = {
    embeddingLength: 64,
    blockCount: 2,
    feedForwardLength: 128,
    headCount: 4,
    contextLength: 2048
};

/** Loads a model, generates a few tokens from a prompt, and returns them with the model's chat wrapper. */
async function generateFrom(path: string, prompt: string) {
    const model = await llama.loadModel({ modelPath: path });
    try {
        const context = await model.createContext({ contextSize: 256, sequences: 1 });
        const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
        let tokens = 0;
        const text = await completion.generateCompletion(prompt, {
            maxTokens: 12,
            seed: 5,
            temperature: 0.6,
            onToken: (chunk) => {
                tokens += chunk.length;
            }
        });
        const roundTrip = model.detokenize(model.tokenize(prompt));
        return { text, tokens, roundTrip, wrapper: resolveChatWrapper(model) };
    } finally {
        await model.dispose();
    }
}

test("a dense model loads, tokenizes any text and generates tokens, and takes the DeepSeek chat wrapper", async () => {
    const path = join(dir, "random-dense.gguf");
    const built = await buildRandomModel(path, { ...small, headCountKv: 2, name: "dense-test" });
    const prompt = "def f(x):\n    return x  # ünïcødé 😀 <think>";
    const { text, tokens, roundTrip, wrapper } = await generateFrom(built.path, prompt);
    // A random model may sample EOS early; it must generate something.
    assert.ok(tokens > 0 && text.length > 0, `generated ${tokens} tokens`);
    assert.equal(roundTrip, prompt);
    assert.ok(wrapper instanceof DeepSeekChatWrapper, `resolved ${wrapper.wrapperName}`);

    const info = await readGgufFileInfo(path);
    assert.equal(info.metadata.general.name, "dense-test");
    assert.equal(info.metadata.tokenizer.ggml.model, "llama");
    const llamaMetadata = info.architectureMetadata;
    assert.equal(llamaMetadata.attention?.head_count_kv, 2);
    assert.equal(llamaMetadata.context_length, 2048);
    assert.equal(info.metadata.tokenizer.ggml.tokens.length, 512);
    assert.equal(
        built.parameters,
        (info.tensorInfo ?? []).reduce((sum, t) => sum + t.dimensions.reduce<number>((p, d) => p * Number(d), 1), 0)
    );
    assert.equal(built.sizeBytes, (await readFile(path)).length);
});

test("a mixture-of-experts model records its experts, loads and generates", async () => {
    const path = join(dir, "random-moe.gguf");
    await buildRandomModel(path, { ...small, feedForwardLength: 96, experts: { count: 4, usedPerToken: 2 } });
    const info = await readGgufFileInfo(path);
    assert.equal(info.architectureMetadata.expert_count, 4);
    assert.equal(info.architectureMetadata.expert_used_count, 2);
    const names = (info.tensorInfo ?? []).map((t) => t.name);
    for (const name of ["ffn_gate_inp", "ffn_gate_exps", "ffn_up_exps", "ffn_down_exps"])
        assert.ok(names.includes(`blk.1.${name}.weight`), name);
    assert.ok(!names.includes("blk.0.ffn_gate.weight"));
    const downExperts = info.tensorInfo?.find((t) => t.name === "blk.0.ffn_down_exps.weight");
    assert.deepEqual(downExperts?.dimensions.map(Number), [96, 64, 4]);

    const { tokens } = await generateFrom(path, "Hello");
    assert.ok(tokens > 0, `generated ${tokens} tokens`);
});

test("the same seed gives the same file, another seed other weights", async () => {
    const options = { ...small, blockCount: 1 };
    await buildRandomModel(join(dir, "seed-a.gguf"), { ...options, seed: 7 });
    await buildRandomModel(join(dir, "seed-b.gguf"), { ...options, seed: 7 });
    await buildRandomModel(join(dir, "seed-c.gguf"), { ...options, seed: 8 });
    const [a, b, c] = await Promise.all(
        ["seed-a", "seed-b", "seed-c"].map((name) => readFile(join(dir, `${name}.gguf`)))
    );
    assert.ok(a!.equals(b!));
    assert.equal(a!.length, c!.length);
    assert.ok(!a!.equals(c!));
});

test("another architecture name gives a file llama.cpp refuses", async () => {
    const path = join(dir, "random-foreign.gguf");
    await buildRandomModel(path, { ...small, architecture: "notarealarch" });
    const info = await readGgufFileInfo(path);
    assert.equal(info.metadata.general.architecture, "notarealarch");
    await assert.rejects(llama.loadModel({ modelPath: path }));
});

test("shapes llama.cpp cannot run are refused while building", async () => {
    const path = join(dir, "random-invalid.gguf");
    await assert.rejects(
        buildRandomModel(path, { ...small, headCount: 3 }),
        /headCount 3 must divide embeddingLength 64/
    );
    await assert.rejects(buildRandomModel(path, { ...small, headCountKv: 3 }), /headCountKv 3 must divide headCount 4/);
    await assert.rejects(
        buildRandomModel(path, { ...small, vocabularySize: 100 }),
        /vocabularySize must be an integer of at least 264/
    );
    await assert.rejects(
        buildRandomModel(path, { ...small, experts: { count: 2, usedPerToken: 3 } }),
        /usedPerToken cannot exceed/
    );
});

test("a ~30M-parameter benchmark model builds in a few seconds", async () => {
    const path = join(dir, "random-30m.gguf");
    const started = performance.now();
    const built = await buildRandomModel(path, {
        embeddingLength: 512,
        blockCount: 6,
        feedForwardLength: 1280,
        headCount: 8,
        vocabularySize: 12000,
        contextLength: 4096
    });
    const seconds = (performance.now() - started) / 1000;
    assert.ok(built.parameters > 29e6 && built.parameters < 32e6, `${built.parameters} parameters`);
    assert.ok(seconds < 6, `took ${seconds.toFixed(1)} s`);
    const info = await readGgufFileInfo(path);
    assert.equal(info.metadata.tokenizer.ggml.tokens.length, 12000);
    assert.equal(new Set(info.metadata.tokenizer.ggml.tokens).size, 12000);
});
