// The backend choice, by behaviour: a GPU that is not there falls back to a CPU backend that really runs a model,
// auto picks a backend that works, and the machine read after the choice is coherent.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadLlama, readMachine, type GpuPreference, type LlamaBackend } from "../../../engine/testing.js";
import { buildRandomModel, testModelDir } from "../../support/models/index.js";

const modelPath = join(testModelDir(), "load-llama-tiny.gguf");
before(async () => {
    await buildRandomModel(modelPath, {
        embeddingLength: 32,
        blockCount: 1,
        feedForwardLength: 64,
        headCount: 2,
        contextLength: 512
    });
});

/** Loads the tiny model on the backend and decodes one token after a prompt: proof the backend works, not just opened. */
async function decodesOneToken(backend: LlamaBackend): Promise<number> {
    const model = await backend.llama.loadModel({ modelPath });
    try {
        const context = await model.createContext({ contextSize: 256 });
        const tokens = model.tokenize("hello");
        for await (const token of context.getSequence().evaluate(tokens, { temperature: 0 })) {
            await context.dispose();
            return token;
        }
        throw new Error("the sequence produced no token");
    } finally {
        await model.dispose();
    }
}

// On this machine kind (no GPU, CPU binary only) every GPU request must end on the CPU with its reason.
const gpuRequests: GpuPreference[] = ["cuda", "vulkan"];

test("asking for a GPU backend that is not here falls back to a CPU backend that runs a model, and says why", async () => {
    for (const gpu of gpuRequests) {
        const backend = await loadLlama(gpu, 1);
        assert.equal(backend.backend, "cpu", String(gpu));
        assert.match(backend.fallbackReason ?? "", new RegExp(`the ${String(gpu)} backend did not load`), String(gpu));
        assert.equal(typeof (await decodesOneToken(backend)), "number", String(gpu));
    }
});

test("auto picks a backend that works here, without a fallback reason", async () => {
    const backend = await loadLlama("auto", 1);
    assert.equal(backend.fallbackReason, undefined);
    assert.equal(typeof (await decodesOneToken(backend)), "number");
});

test("the machine read after the backend is chosen is coherent: free within total, no VRAM on the CPU", async () => {
    for (const gpu of ["auto", false, "cuda"] as GpuPreference[]) {
        const backend = await loadLlama(gpu, 1);
        const machine = await readMachine({ backend });
        assert.equal(machine.backend, backend.backend, String(gpu));
        assert.ok(machine.freeRam > 0 && machine.freeRam <= machine.totalRam, String(gpu));
        assert.ok(machine.freeVram >= 0 && machine.freeVram <= machine.totalVram, String(gpu));
        if (machine.backend === "cpu")
            assert.deepEqual([machine.freeVram, machine.totalVram, machine.unifiedMemory], [0, 0, false], String(gpu));
        if (machine.unifiedMemory) assert.ok(machine.totalVram <= machine.totalRam, "unified memory is counted once");
        assert.ok(machine.bandwidth.ram > 0, String(gpu));
    }
});
