// Model header facts, and the named errors for files that cannot be used.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
    inspectModelFile,
    InvalidModelFileError,
    LocalModelRuntime,
    ModelDoesNotFitError,
    ModelFileNotFoundError,
    UnsupportedArchitectureError
} from "../../../engine/testing.js";
import { buildRandomModel, testModelDir } from "../../support/models/index.js";

const dir = testModelDir();
const dense = join(dir, "inspect-dense.gguf");
const moe = join(dir, "inspect-moe.gguf");

before(async () => {
    await buildRandomModel(dense, {
        embeddingLength: 64,
        blockCount: 2,
        feedForwardLength: 128,
        headCount: 4,
        contextLength: 2048
    });
    await buildRandomModel(moe, {
        embeddingLength: 64,
        blockCount: 2,
        feedForwardLength: 96,
        headCount: 4,
        contextLength: 2048,
        experts: { count: 4, usedPerToken: 2 }
    });
});

test("a dense R1-like model: architecture, parameters, context and chat template", async () => {
    const facts = await inspectModelFile(dense);
    assert.equal(facts.architecture, "llama");
    assert.equal(facts.trainContextSize, 2048);
    assert.equal(facts.chatTemplate, "deepseek");
    assert.equal(facts.experts, undefined);
    assert.equal(facts.activeParameters, facts.parameters);
    assert.ok(facts.parameters > 10_000);
    assert.equal(facts.quantization, "F32");
});

test("a mixture of experts: expert count, experts per token, and fewer active than total parameters", async () => {
    const facts = await inspectModelFile(moe);
    assert.deepEqual(facts.experts, { count: 4, usedPerToken: 2 });
    // Expert tensors: 3 per block of 64*96 each, times 4 experts, 2 blocks; half of them run per token.
    const expertParameters = 3 * 64 * 96 * 4 * 2;
    assert.equal(facts.parameters - facts.activeParameters, expertParameters / 2);
});

async function expectError(path: string, kind: new (...args: never[]) => Error, message: RegExp): Promise<void> {
    await assert.rejects(inspectModelFile(path), (error: unknown) => {
        assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
        assert.match((error as Error).message, message);
        return true;
    });
}

test("bad files get named errors with messages a user can act on", async () => {
    await expectError(join(dir, "no-such-model.gguf"), ModelFileNotFoundError, /not found.*catalog id/);
    const notGguf = join(dir, "not-a-model.gguf");
    await writeFile(notGguf, "This is a README, not a model.\n".repeat(100));
    await expectError(
        notGguf,
        InvalidModelFileError,
        /not a usable GGUF model: the file does not start with the GGUF signature/
    );
    const bytes = await readFile(dense);
    const headerCut = join(dir, "truncated-header.gguf");
    await writeFile(headerCut, bytes.subarray(0, 200));
    await expectError(headerCut, InvalidModelFileError, /cut short/);
    const dataCut = join(dir, "truncated-data.gguf");
    await writeFile(dataCut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    await expectError(dataCut, InvalidModelFileError, /tensor data is cut short.*partial download/);
    const foreign = join(dir, "foreign-arch.gguf");
    await buildRandomModel(foreign, {
        embeddingLength: 32,
        blockCount: 1,
        feedForwardLength: 64,
        headCount: 2,
        architecture: "notarealarch"
    });
    await expectError(foreign, UnsupportedArchitectureError, /"notarealarch".*cannot run/);
});

test("a model that does not fit the memory says how much it needs and what would fit", async () => {
    await assert.rejects(
        LocalModelRuntime.load({ model: dense, gpu: false, threads: 1, freeRamOverride: 1024 }),
        (error: unknown) => {
            assert.ok(error instanceof ModelDoesNotFitError);
            assert.match(
                error.message,
                /needs about [\d.]+ GB of memory for 4 candidates of \d+ tokens, but only 0\.0 GB is free/
            );
            assert.match(error.message, /No catalog model fits either|Models that fit/);
            return true;
        }
    );
});

test("experts per token overrides the file's top-k and changes the active parameters", async () => {
    const runtime = await LocalModelRuntime.load({
        model: moe,
        gpu: false,
        threads: 1,
        contextSize: 512,
        expertsPerToken: 1
    });
    try {
        const facts = await inspectModelFile(moe);
        assert.deepEqual(runtime.description.experts, { count: 4, usedPerToken: 1, defaultUsedPerToken: 2 });
        assert.ok(runtime.description.activeParameters < facts.activeParameters);
        const { candidates } = await runtime.generate({
            messages: [{ role: "user", content: "hi" }],
            maxTokens: 8,
            seed: 1
        });
        assert.equal(candidates[0]!.usage.thoughtTokens + candidates[0]!.usage.answerTokens, 8);
    } finally {
        await runtime.dispose();
    }
    await assert.rejects(LocalModelRuntime.load({ model: moe, gpu: false, expertsPerToken: 5 }), /from 1 to 4/);
    await assert.rejects(
        LocalModelRuntime.load({ model: dense, gpu: false, expertsPerToken: 1 }),
        /not a mixture-of-experts/
    );
});
