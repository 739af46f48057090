// The catalog's facts and the choice of default model and experts for a table of machines.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    chooseDefaultModel,
    chooseModelBackend,
    defaultExperts,
    estimatedBandwidth,
    findCatalogModel,
    kvCacheBytes,
    modelCatalog,
    planModel,
    type MachineMemory
} from "../../../engine/testing.js";

const GB = 1e9;

function cpuOnly(ramGb: number): MachineMemory {
    return {
        backend: "cpu",
        freeRam: ramGb * GB,
        totalRam: ramGb * GB,
        freeVram: 0,
        totalVram: 0,
        unifiedMemory: false,
        cores: 8,
        bandwidth: estimatedBandwidth("cpu", 0)
    };
}

function cuda(vramGb: number, ramGb: number): MachineMemory {
    return {
        backend: "cuda",
        freeRam: ramGb * GB,
        totalRam: ramGb * GB,
        freeVram: vramGb * GB,
        totalVram: vramGb * GB,
        unifiedMemory: false,
        cores: 16,
        bandwidth: estimatedBandwidth("cuda", vramGb * GB)
    };
}

/** Metal reports the GPU's working set (about two thirds of unified memory below 36 GB, three quarters above) as VRAM. */
function metal(unifiedGb: number): MachineMemory {
    const gpuShare = unifiedGb >= 36 ? 0.75 : 0.67;
    return {
        backend: "metal",
        freeRam: unifiedGb * 0.75 * GB,
        totalRam: unifiedGb * GB,
        freeVram: unifiedGb * gpuShare * GB,
        totalVram: unifiedGb * gpuShare * GB,
        unifiedMemory: true,
        cores: 10,
        bandwidth: estimatedBandwidth("metal", unifiedGb * GB)
    };
}

test("the catalog keeps every R1 distill id and holds the newer reasoning models with their facts", () => {
    for (const id of [
        "r1-qwen-1.5b",
        "r1-qwen-7b",
        "r1-qwen-14b",
        "r1-qwen-32b",
        "r1-llama-8b",
        "r1-llama-70b",
        "r1-0528-qwen3-8b",
        "qwen3-4b",
        "qwen3-8b",
        "qwen3-14b",
        "qwen3-32b",
        "qwen3-4b-thinking-2507",
        "qwen3-30b-a3b",
        "qwen3-30b-a3b-thinking-2507",
        "qwq-32b",
        "gpt-oss-20b",
        "r1-0528",
        "qwen3.6-35b-a3b",
        "qwen3.6-27b",
        "qwen3.5-27b",
        "qwen3.5-35b-a3b",
        "gemma-4-26b-a4b",
        "gemma-4-31b",
        "devstral-small-2",
        "glm-4.7-flash",
        "magistral-small-1.2",
        "nemotron-3-nano"
    ])
        assert.ok(findCatalogModel(id), id);
    assert.equal(new Set(modelCatalog.map((m) => m.id)).size, modelCatalog.length, "ids are unique");
    for (const model of modelCatalog) {
        assert.match(model.uri, /^hf:[\w.-]+\/[\w.-]+(:[\w-]+|\/[\w.-]+\.gguf)$/, model.id);
        assert.ok(model.activeParameters <= model.parameters, model.id);
        assert.equal(
            model.experts !== undefined,
            model.activeParameters < model.parameters,
            `${model.id}: MoE iff fewer active parameters`
        );
        assert.ok(model.kvCache.layers > 0 && model.kvCache.kvHeads > 0 && model.kvCache.headDim > 0, model.id);
        assert.ok(model.license.length > 0, model.id);
    }
    const r1_0528 = findCatalogModel("r1-0528")!;
    assert.equal(r1_0528.backend, "llama-server");
    assert.match(r1_0528.fileName, /-00001-of-\d{5}\.gguf$/);
    assert.equal(findCatalogModel("gpt-oss-20b")!.settings.reasoningEffort, "high");
    assert.ok(findCatalogModel("r1-0528-qwen3-8b")!.liveCodeBench! > findCatalogModel("r1-qwen-7b")!.liveCodeBench!);
    assert.deepEqual(
        modelCatalog.filter((m) => m.backend).map((m) => m.id),
        ["r1-0528"]
    );
    assert.match(findCatalogModel("nemotron-3-nano")!.license, /NVIDIA Open Model License/);
    // A model that does not think has no coding score, so the default and the experts never pick it.
    assert.equal(findCatalogModel("devstral-small-2")!.liveCodeBench, undefined);
});

test("a hybrid model's cache counts only its full-attention layers as growing; windows and recurrent state stay fixed", () => {
    const qwen36 = findCatalogModel("qwen3.6-27b")!;
    const state = qwen36.kvCache.recurrentStateBytes!;
    // 16 attention layers × 4 KV heads × 256 × (key + value) × 2 bytes per token, plus the DeltaNet state per sequence.
    assert.equal(kvCacheBytes(qwen36, 8192, 4), 8192 * 4 * 16 * 2 * 4 * 256 * 2 + 4 * state);
    assert.equal(
        kvCacheBytes(qwen36, 16384, 1) - kvCacheBytes(qwen36, 8192, 1),
        8192 * 16 * 2 * 4 * 256 * 2,
        "the state does not grow"
    );
    assert.ok(state > 100e6 && state < 200e6, `48 DeltaNet layers hold about 160 MB a sequence: ${state}`);
    // Counting all 64 layers as attention would overstate the cache fourfold.
    assert.ok(kvCacheBytes(qwen36, 8192, 4) < (8192 * 4 * 64 * 2 * 4 * 256 * 2) / 3);
    const gemma = findCatalogModel("gemma-4-31b")!;
    const window = gemma.kvCache.slidingWindow!;
    const perWindowedToken = window.layers * 2 * window.kvHeads * window.headDim * 2;
    const perGlobalToken = gemma.kvCache.layers * 2 * gemma.kvCache.kvHeads * gemma.kvCache.headDim * 2;
    assert.equal(
        kvCacheBytes(gemma, 512, 1),
        512 * (perWindowedToken + perGlobalToken),
        "below the window every layer grows"
    );
    assert.equal(
        kvCacheBytes(gemma, 8192, 2),
        2 * (1024 * perWindowedToken + 8192 * perGlobalToken),
        "above it only the global layers do"
    );
    const nemotron = findCatalogModel("nemotron-3-nano")!;
    assert.equal(kvCacheBytes(nemotron, 8192, 1), 8192 * 6 * 2 * 2 * 128 * 2 + nemotron.kvCache.recurrentStateBytes!);
});

test("a mixture of experts too big for VRAM keeps its experts in RAM through the managed server; one that fits runs in node-llama-cpp", () => {
    const gemmaMoe = findCatalogModel("gemma-4-26b-a4b")!;
    const split = planModel(gemmaMoe, cuda(8, 16));
    assert.deepEqual([split.fits, split.placement, split.backend], [true, "gpu+ram", "llama-server"]);
    const whole = planModel(gemmaMoe, cuda(24, 32));
    assert.deepEqual([whole.fits, whole.placement, whole.backend], [true, "gpu", "node-llama-cpp"]);
    assert.equal(planModel(gemmaMoe, cpuOnly(64)).backend, "node-llama-cpp");
    // openModelRuntime follows the plan: the managed server on the small GPU, node-llama-cpp where it fits VRAM or on CPU.
    assert.deepEqual(
        [cuda(8, 16), cuda(24, 32), cpuOnly(64)].map((machine) =>
            chooseModelBackend("gemma-4-26b-a4b", "auto", machine)
        ),
        ["llama-server", "node-llama-cpp", "node-llama-cpp"]
    );
    assert.equal(
        chooseModelBackend("gemma-4-26b-a4b", "node-llama-cpp", cuda(8, 16)),
        "node-llama-cpp",
        "an explicit backend wins"
    );
    // A dense model split across VRAM and RAM stays with node-llama-cpp's layer split.
    assert.equal(planModel(findCatalogModel("gemma-4-31b")!, cuda(24, 32)).backend, "node-llama-cpp");
    // The managed server's expert offload decodes faster than a layer split of the same bytes would.
    const layerSplit = planModel({ ...gemmaMoe, expertBytes: undefined }, cuda(8, 16));
    assert.ok(
        split.estimatedTokensPerSecond > layerSplit.estimatedTokensPerSecond,
        `${split.estimatedTokensPerSecond} against ${layerSplit.estimatedTokensPerSecond}`
    );
});

// Each row: a machine, the default model it gets, and its experts. Printed for the issue note.
const machineTable: [string, MachineMemory, string, string[]][] = [
    ["CPU only, 8 GB", cpuOnly(8), "qwen3-4b-thinking-2507", ["fast=qwen3-4b-thinking-2507"]],
    ["CPU only, 16 GB", cpuOnly(16), "r1-0528-qwen3-8b", ["fast=qwen3-4b-thinking-2507", "strong=r1-0528-qwen3-8b"]],
    [
        "CPU only, 64 GB",
        cpuOnly(64),
        "qwen3.6-35b-a3b",
        ["fast=qwen3-4b-thinking-2507", "strong=r1-0528-qwen3-8b", "moe=qwen3.6-35b-a3b"]
    ],
    // Gemma 4 26B-A4B's experts stay in RAM through the managed llama-server; Qwen3.6-35B-A3B needs more than 8 + 16 GB.
    [
        "CUDA 8 GB VRAM, 16 GB RAM",
        cuda(8, 16),
        "gemma-4-26b-a4b",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3-14b", "moe=gemma-4-26b-a4b"]
    ],
    [
        "CUDA 24 GB VRAM, 32 GB RAM",
        cuda(24, 32),
        "qwen3.6-27b",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3.6-27b", "moe=qwen3.6-35b-a3b"]
    ],
    [
        "CUDA 80 GB VRAM, 64 GB RAM",
        cuda(80, 64),
        "qwen3.6-27b",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3.6-27b", "moe=qwen3.6-35b-a3b"]
    ],
    [
        "CUDA 140 GB VRAM, 128 GB RAM",
        cuda(140, 128),
        "qwen3.6-27b",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3.6-27b", "moe=qwen3.6-35b-a3b"]
    ],
    ["Metal, 16 GB unified", metal(16), "r1-0528-qwen3-8b", ["fast=qwen3-4b-thinking-2507", "strong=r1-0528-qwen3-8b"]],
    [
        "Metal, 64 GB unified",
        metal(64),
        "qwen3.6-27b",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3.6-27b", "moe=qwen3.6-35b-a3b"]
    ]
];

test("each machine gets the strongest model that fits, and nothing chosen exceeds its memory", () => {
    const rows: string[] = [];
    for (const [name, machine, expectedModel, expectedExperts] of machineTable) {
        const choice = chooseDefaultModel(machine);
        const experts = defaultExperts(machine);
        assert.deepEqual({ model: choice.model.id, fits: choice.fits }, { model: expectedModel, fits: true }, name);
        assert.deepEqual(
            experts.map((e) => `${e.name}=${e.model}`),
            expectedExperts,
            name
        );
        for (const id of [choice.model.id, ...experts.map((e) => String(e.model))]) {
            const plan = planModel(findCatalogModel(id)!, machine);
            const memory = machine.unifiedMemory
                ? Math.min(machine.freeVram, machine.freeRam)
                : machine.freeVram + machine.freeRam;
            assert.ok(
                plan.fits && plan.footprintBytes <= memory,
                `${name}: ${id} needs ${plan.footprintBytes} of ${memory}`
            );
            assert.ok(
                plan.vramBytes <= machine.freeVram && plan.ramBytes <= machine.freeRam,
                `${name}: ${id} placement`
            );
            assert.ok(plan.contextSize >= 4096, `${name}: ${id} has a working context`);
        }
        rows.push(
            `${name.padEnd(30)} ${choice.model.id.padEnd(28)} ${choice.plan.placement.padEnd(8)} ctx ${String(choice.plan.contextSize).padEnd(5)} ` +
                `~${choice.plan.estimatedTokensPerSecond.toFixed(0)} tok/s (estimate)  experts: ${experts.map((e) => `${e.name}=${e.model}`).join(", ")}`
        );
    }
    console.log(`default model per machine:\n${rows.join("\n")}`);
});

test("a machine nothing fits on gets the smallest model, marked as not fitting", () => {
    const choice = chooseDefaultModel(cpuOnly(0.5));
    assert.deepEqual({ model: choice.model.id, fits: choice.fits }, { model: "r1-qwen-1.5b", fits: false });
    assert.deepEqual(
        defaultExperts(cpuOnly(0.5)).map((e) => `${e.name}=${e.model}`),
        ["fast=r1-qwen-1.5b"]
    );
});

test("the plan explains a model that does not fit: memory, VRAM for the non-expert tensors, or too slow a decode", () => {
    const cases: [string, MachineMemory, RegExp][] = [
        ["r1-qwen-32b", cpuOnly(16), /needs [\d.]+ GB of RAM; [\d.]+ GB is usable/],
        ["r1-qwen-14b", cpuOnly(24), /decode at about [\d.]+ tokens\/s \(estimate\)/],
        ["r1-0528", cuda(8, 512), /VRAM for its non-expert tensors and cache/],
        ["r1-0528", cuda(80, 64), /needs 19\d GB; [\d.]+ GB of VRAM and [\d.]+ GB of RAM are usable/]
    ];
    for (const [id, machine, reason] of cases) {
        const plan = planModel(findCatalogModel(id)!, machine);
        assert.equal(plan.fits, false, id);
        assert.match(plan.reason ?? "", reason, id);
    }
});

test("the KV cache grows with context and layers, so a longer context can stop a model from fitting", () => {
    const model = findCatalogModel("r1-0528-qwen3-8b")!;
    const roomy = planModel(model, cpuOnly(16));
    const tight = planModel(model, metal(16));
    assert.deepEqual([roomy.contextSize, tight.contextSize], [8192, 4096]);
    assert.ok(
        roomy.footprintBytes - tight.footprintBytes > 2 * GB,
        "4 × 4096 more tokens of 36 layers × 8 heads × 128 cost over 2 GB"
    );
});
