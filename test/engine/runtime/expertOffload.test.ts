// The expert offload of the managed llama-server as data: free VRAM, layers and expert bytes in, flags out; the
// sizes read from a generated MoE GGUF; the flags the server starts with; and which backend a model gets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
    chooseModelBackend,
    llamaServerArgs,
    planExpertOffload,
    readExpertLayout,
    type ExpertOffloadInput
} from "../../../engine/testing.js";
import { buildRandomModel, buildScriptedModel, testModelDir } from "../../support/models/index.js";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

interface OffloadCase {
    name: string;
    input: ExpertOffloadInput;
    flags: string[];
    kind: string;
    summary: string;
}

/** DeepSeek-R1-like: 61 layers, 3 dense (no experts) then 58 with ~6 GiB of experts each at Q4, 20 GiB of the rest. */
const r1Experts = [0, 0, 0, ...Array.from({ length: 58 }, () => 6 * GiB)];

const cases: OffloadCase[] = [
    {
        name: "no GPU: everything is in RAM, no flag",
        input: { freeVramBytes: undefined, expertBytesPerLayer: [100, 100], otherGpuBytes: 0 },
        flags: [],
        kind: "cpuOnly",
        summary: "all on CPU"
    },
    {
        name: "every layer's experts fit",
        input: {
            freeVramBytes: 10 * GiB,
            expertBytesPerLayer: [GiB, GiB, GiB, GiB],
            otherGpuBytes: GiB,
            marginBytes: 0
        },
        flags: [],
        kind: "allOnGpu",
        summary: "all experts on GPU"
    },
    {
        name: "exactly fits: the margin counts",
        input: { freeVramBytes: 5 * GiB + 512 * MiB, expertBytesPerLayer: [GiB, GiB, GiB, GiB], otherGpuBytes: GiB },
        flags: [],
        kind: "allOnGpu",
        summary: "all experts on GPU"
    },
    {
        name: "one byte short of all: the first layer's experts go to the CPU",
        input: {
            freeVramBytes: 5 * GiB - 1,
            expertBytesPerLayer: [GiB, GiB, GiB, GiB],
            otherGpuBytes: GiB,
            marginBytes: 0
        },
        flags: ["--n-cpu-moe", "1"],
        kind: "partial",
        summary: "1 of 4 expert layers on CPU"
    },
    {
        name: "room for two of four",
        input: {
            freeVramBytes: 3.5 * GiB,
            expertBytesPerLayer: [GiB, GiB, GiB, GiB],
            otherGpuBytes: GiB,
            marginBytes: 0
        },
        flags: ["--n-cpu-moe", "2"],
        kind: "partial",
        summary: "2 of 4 expert layers on CPU"
    },
    {
        name: "uneven layers: the big first one is moved, the small rest fit",
        input: { freeVramBytes: 4 * GiB, expertBytesPerLayer: [3 * GiB, GiB, GiB], otherGpuBytes: GiB, marginBytes: 0 },
        flags: ["--n-cpu-moe", "1"],
        kind: "partial",
        summary: "1 of 3 expert layers on CPU"
    },
    {
        name: "only the rest fits: --cpu-moe",
        input: { freeVramBytes: 1.5 * GiB, expertBytesPerLayer: [GiB, GiB], otherGpuBytes: GiB, marginBytes: 0 },
        flags: ["--cpu-moe"],
        kind: "allOnCpu",
        summary: "all 2 expert layers on CPU"
    },
    {
        name: "not even the rest fits: --cpu-moe still",
        input: { freeVramBytes: 0, expertBytesPerLayer: [GiB, GiB], otherGpuBytes: GiB },
        flags: ["--cpu-moe"],
        kind: "allOnCpu",
        summary: "all 2 expert layers on CPU"
    },
    {
        name: "a dense model on a GPU: nothing to offload",
        input: { freeVramBytes: 8 * GiB, expertBytesPerLayer: [0, 0, 0], otherGpuBytes: GiB },
        flags: [],
        kind: "dense",
        summary: "dense model on GPU"
    },
    {
        name: "R1 on a 24 GiB card: the rest takes 20 GiB, no 6 GiB layer fits beside it",
        input: { freeVramBytes: 24 * GiB, expertBytesPerLayer: r1Experts, otherGpuBytes: 20 * GiB },
        flags: ["--cpu-moe"],
        kind: "allOnCpu",
        summary: "all 58 expert layers on CPU"
    },
    {
        name: "R1 on 80 GiB: (80 − 0.5 − 20) / 6 = 9 expert layers fit, the first 52 layers (49 with experts) stay on the CPU",
        input: { freeVramBytes: 80 * GiB, expertBytesPerLayer: r1Experts, otherGpuBytes: 20 * GiB },
        flags: ["--n-cpu-moe", "52"],
        kind: "partial",
        summary: "49 of 58 expert layers on CPU"
    }
];

for (const c of cases) {
    test(`offload: ${c.name}`, () => {
        const plan = planExpertOffload(c.input);
        assert.deepEqual(
            { flags: plan.flags, kind: plan.kind, summary: plan.summary },
            { flags: c.flags, kind: c.kind, summary: c.summary }
        );
        assert.equal(plan.layers, c.input.expertBytesPerLayer.length);
        const moved = c.input.expertBytesPerLayer.slice(0, plan.cpuExpertLayers);
        const kept = c.input.expertBytesPerLayer.slice(plan.cpuExpertLayers).reduce((a, b) => a + b, 0);
        if (plan.kind === "partial") {
            // The smallest N: with one layer fewer on the CPU, the experts would not fit.
            const budget = c.input.freeVramBytes! - (c.input.marginBytes ?? 512 * MiB) - c.input.otherGpuBytes;
            assert.ok(kept <= budget, `${kept} ≤ ${budget}`);
            assert.ok(kept + moved.at(-1)! > budget);
        }
        if (plan.kind === "allOnCpu") assert.equal(plan.cpuExpertLayers, plan.layers);
    });
}

test("the expert bytes per layer come from the GGUF's tensor table: 3 expert tensors of E·F·X floats each", async () => {
    const path = join(testModelDir(), "offload-layout.gguf");
    const model = await buildRandomModel(path, {
        embeddingLength: 64,
        blockCount: 3,
        feedForwardLength: 96,
        experts: { count: 4, usedPerToken: 2 }
    });
    const layout = await readExpertLayout(path);
    assert.equal(layout.layers, 3);
    const expertBytes = 3 * 64 * 96 * 4 * 4;
    assert.deepEqual(layout.expertBytesPerLayer, [expertBytes, expertBytes, expertBytes]);
    // Everything else plus the experts is the tensor data: the file minus its header.
    const tensorData = layout.nonExpertBytes + 3 * expertBytes;
    assert.ok(
        tensorData < model.sizeBytes && tensorData >= model.parameters * 4,
        `${tensorData} of ${model.sizeBytes}`
    );
    const dense = await readExpertLayout(
        (
            await buildScriptedModel(join(testModelDir(), "offload-dense.gguf"), {
                replies: ["<think>\nx\n</think>\n\ny"]
            })
        ).path
    );
    assert.deepEqual(dense.expertBytesPerLayer, [0]);
});

test("llama-server starts with one slot per candidate, a shared context of G × the candidate's, jinja and the offload flags", () => {
    const base = { modelPath: "/m.gguf", alias: "r1-0528", parallel: 4, contextSize: 8192, threads: 2 };
    const cpu = llamaServerArgs({
        ...base,
        offload: planExpertOffload({ freeVramBytes: undefined, expertBytesPerLayer: [1], otherGpuBytes: 0 })
    });
    assert.deepEqual(cpu, [
        "--model",
        "/m.gguf",
        "--alias",
        "r1-0528",
        "--parallel",
        "4",
        "--kv-unified",
        "--ctx-size",
        "32768",
        "--threads",
        "2",
        "--threads-batch",
        "2",
        "--jinja",
        "--reasoning-format",
        "deepseek",
        "--no-webui",
        "--metrics",
        "--n-gpu-layers",
        "0"
    ]);
    const gpu = llamaServerArgs({
        ...base,
        offload: planExpertOffload({
            freeVramBytes: 3.5 * GiB,
            expertBytesPerLayer: [GiB, GiB, GiB, GiB],
            otherGpuBytes: GiB,
            marginBytes: 0
        }),
        expertsPerToken: { architecture: "deepseek2", count: 4 }
    });
    assert.deepEqual(gpu.slice(cpu.length - 2), [
        "--n-gpu-layers",
        "all",
        "--fit",
        "off",
        "--n-cpu-moe",
        "2",
        "--override-kv",
        "deepseek2.expert_used_count=int:4"
    ]);
});

test("the backend: the option when it names one, else node-llama-cpp for a path or a catalog entry without `backend`", () => {
    assert.equal(chooseModelBackend("/models/x.gguf"), "node-llama-cpp");
    assert.equal(chooseModelBackend("r1-qwen-7b"), "node-llama-cpp");
    assert.equal(chooseModelBackend("r1-qwen-7b", "llama-server"), "llama-server");
    assert.equal(chooseModelBackend("/models/x.gguf", "llama-server"), "llama-server");
    assert.equal(chooseModelBackend("/models/x.gguf", "node-llama-cpp"), "node-llama-cpp");
});
