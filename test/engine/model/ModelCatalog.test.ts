// The catalog's facts and the choice of default model and experts for a table of machines.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    chooseDefaultModel, defaultExperts, estimatedBandwidth, findCatalogModel, modelCatalog, planModel, type MachineMemory
} from "../../../engine/index.js";

const GB = 1e9;

function cpuOnly(ramGb: number): MachineMemory {
    return { backend: "cpu", freeRam: ramGb * GB, totalRam: ramGb * GB, freeVram: 0, totalVram: 0, unifiedMemory: false, cores: 8,
        bandwidth: estimatedBandwidth("cpu", 0) };
}

function cuda(vramGb: number, ramGb: number): MachineMemory {
    return { backend: "cuda", freeRam: ramGb * GB, totalRam: ramGb * GB, freeVram: vramGb * GB, totalVram: vramGb * GB, unifiedMemory: false,
        cores: 16, bandwidth: estimatedBandwidth("cuda", vramGb * GB) };
}

/** Metal reports the GPU's working set (about two thirds of unified memory below 36 GB, three quarters above) as VRAM. */
function metal(unifiedGb: number): MachineMemory {
    const gpuShare = unifiedGb >= 36 ? 0.75 : 0.67;
    return { backend: "metal", freeRam: unifiedGb * 0.75 * GB, totalRam: unifiedGb * GB, freeVram: unifiedGb * gpuShare * GB,
        totalVram: unifiedGb * gpuShare * GB, unifiedMemory: true, cores: 10, bandwidth: estimatedBandwidth("metal", unifiedGb * GB) };
}

test("the catalog keeps every R1 distill id and holds the newer reasoning models with their facts", () => {
    for (const id of ["r1-qwen-1.5b", "r1-qwen-7b", "r1-qwen-14b", "r1-qwen-32b", "r1-llama-8b", "r1-llama-70b", "r1-0528-qwen3-8b",
        "qwen3-4b", "qwen3-8b", "qwen3-14b", "qwen3-32b", "qwen3-4b-thinking-2507", "qwen3-30b-a3b", "qwen3-30b-a3b-thinking-2507",
        "qwq-32b", "gpt-oss-20b", "r1-0528"])
        assert.ok(findCatalogModel(id), id);
    assert.equal(new Set(modelCatalog.map((m) => m.id)).size, modelCatalog.length, "ids are unique");
    for (const model of modelCatalog) {
        assert.match(model.uri, /^hf:[\w.-]+\/[\w.-]+(:[\w-]+|\/[\w.-]+\.gguf)$/, model.id);
        assert.ok(model.activeParameters <= model.parameters, model.id);
        assert.equal(model.experts !== undefined, model.activeParameters < model.parameters, `${model.id}: MoE iff fewer active parameters`);
        assert.ok(model.kvCache.layers > 0 && model.kvCache.kvHeads > 0 && model.kvCache.headDim > 0, model.id);
        assert.ok(model.license.length > 0, model.id);
    }
    const r1_0528 = findCatalogModel("r1-0528")!;
    assert.equal(r1_0528.backend, "llama-server");
    assert.match(r1_0528.fileName, /-00001-of-\d{5}\.gguf$/);
    assert.equal(findCatalogModel("gpt-oss-20b")!.thinking, "harmony");
    assert.equal(findCatalogModel("gpt-oss-20b")!.settings.reasoningEffort, "high");
    assert.equal(findCatalogModel("qwen3-30b-a3b-thinking-2507")!.thinking, "qwen3-2507");
    assert.ok(findCatalogModel("r1-0528-qwen3-8b")!.liveCodeBench! > findCatalogModel("r1-qwen-7b")!.liveCodeBench!);
    assert.deepEqual(modelCatalog.filter((m) => m.backend).map((m) => m.id), ["r1-0528"]);
});

// Each row: a machine, the default model it gets, and its experts. Printed for the issue note.
const machineTable: [string, MachineMemory, string, string[]][] = [
    ["CPU only, 8 GB", cpuOnly(8), "qwen3-4b-thinking-2507", ["fast=qwen3-4b-thinking-2507"]],
    ["CPU only, 16 GB", cpuOnly(16), "r1-0528-qwen3-8b", ["fast=qwen3-4b-thinking-2507", "strong=r1-0528-qwen3-8b"]],
    ["CPU only, 64 GB", cpuOnly(64), "qwen3-30b-a3b-thinking-2507",
        ["fast=qwen3-4b-thinking-2507", "strong=r1-0528-qwen3-8b", "moe=qwen3-30b-a3b-thinking-2507"]],
    ["CUDA 8 GB VRAM, 16 GB RAM", cuda(8, 16), "qwen3-30b-a3b-thinking-2507",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3-14b", "moe=qwen3-30b-a3b-thinking-2507"]],
    ["CUDA 24 GB VRAM, 32 GB RAM", cuda(24, 32), "qwen3-30b-a3b-thinking-2507",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3-32b", "moe=qwen3-30b-a3b-thinking-2507"]],
    ["CUDA 80 GB VRAM, 64 GB RAM", cuda(80, 64), "qwen3-30b-a3b-thinking-2507",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3-32b", "moe=qwen3-30b-a3b-thinking-2507"]],
    ["CUDA 140 GB VRAM, 128 GB RAM", cuda(140, 128), "r1-0528", ["fast=qwen3-4b-thinking-2507", "strong=qwen3-32b", "moe=r1-0528"]],
    ["Metal, 16 GB unified", metal(16), "r1-0528-qwen3-8b", ["fast=qwen3-4b-thinking-2507", "strong=r1-0528-qwen3-8b"]],
    ["Metal, 64 GB unified", metal(64), "qwen3-30b-a3b-thinking-2507",
        ["fast=qwen3-4b-thinking-2507", "strong=qwen3-32b", "moe=qwen3-30b-a3b-thinking-2507"]]
];

test("each machine gets the strongest model that fits, and nothing chosen exceeds its memory", () => {
    const rows: string[] = [];
    for (const [name, machine, expectedModel, expectedExperts] of machineTable) {
        const choice = chooseDefaultModel(machine);
        const experts = defaultExperts(machine);
        assert.deepEqual({ model: choice.model.id, fits: choice.fits }, { model: expectedModel, fits: true }, name);
        assert.deepEqual(experts.map((e) => `${e.name}=${e.model}`), expectedExperts, name);
        for (const id of [choice.model.id, ...experts.map((e) => String(e.model))]) {
            const plan = planModel(findCatalogModel(id)!, machine);
            const memory = machine.unifiedMemory ? Math.min(machine.freeVram, machine.freeRam) : machine.freeVram + machine.freeRam;
            assert.ok(plan.fits && plan.footprintBytes <= memory, `${name}: ${id} needs ${plan.footprintBytes} of ${memory}`);
            assert.ok(plan.vramBytes <= machine.freeVram && plan.ramBytes <= machine.freeRam, `${name}: ${id} placement`);
            assert.ok(plan.contextSize >= 4096, `${name}: ${id} has a working context`);
        }
        rows.push(`${name.padEnd(30)} ${choice.model.id.padEnd(28)} ${choice.plan.placement.padEnd(8)} ctx ${String(choice.plan.contextSize).padEnd(5)} ` +
            `~${choice.plan.estimatedTokensPerSecond.toFixed(0)} tok/s (estimate)  experts: ${experts.map((e) => `${e.name}=${e.model}`).join(", ")}`);
    }
    console.log(`default model per machine:\n${rows.join("\n")}`);
});

test("a machine nothing fits on gets the smallest model, marked as not fitting", () => {
    const choice = chooseDefaultModel(cpuOnly(0.5));
    assert.deepEqual({ model: choice.model.id, fits: choice.fits }, { model: "r1-qwen-1.5b", fits: false });
    assert.deepEqual(defaultExperts(cpuOnly(0.5)).map((e) => `${e.name}=${e.model}`), ["fast=r1-qwen-1.5b"]);
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
    assert.ok(roomy.footprintBytes - tight.footprintBytes > 2 * GB, "4 × 4096 more tokens of 36 layers × 8 heads × 128 cost over 2 GB");
});
