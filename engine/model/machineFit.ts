// Whether a catalog model fits a machine, at what context and how fast it would decode there, and the default
// model for a machine: the strongest that fits with a working context. Pure functions of plain data, so the
// choice can be tested as a table of machines; readMachine.ts measures the real one.

import { availableParallelism, freemem, totalmem } from "node:os";
import { modelCatalog, type CatalogModel } from "./ModelCatalog.js";

/** What a machine offers for running a model. Memory in bytes, bandwidth in bytes per second. */
export interface MachineMemory {
    /** The llama.cpp backend the machine runs: "cpu", "cuda", "vulkan" or "metal". */
    backend: string;
    /** RAM free for the model. */
    freeRam: number;
    totalRam: number;
    /** GPU memory free (on Metal: the part of unified memory the GPU may use); 0 without a GPU. */
    freeVram: number;
    totalVram: number;
    /** True when GPU and CPU share one memory (Apple silicon): it counts once, never VRAM plus RAM. */
    unifiedMemory: boolean;
    /** Logical CPU cores. */
    cores: number;
    /** Estimated memory bandwidth for the decode-speed estimate (an estimate by backend and size, not measured). */
    bandwidth: { ram: number; vram: number };
}

const GB = 1_000_000_000;
/** Candidates Ponder samples at once, each a sequence of the one context (LocalModelRuntime's default). */
export const plannedSequences = 4;
/** Context per sequence the runtime uses by default, and the least a reasoning model can work in. */
export const contextSteps = [8192, 4096] as const;
/** Below this estimated decode speed a model is not offered: a 4,000-token thought would take over 15 minutes. */
export const minimumTokensPerSecond = 4;
// Share of free memory a model may take: the editor, the sandbox and the OS need the rest.
const ramHeadroom = 0.85;
const vramHeadroom = 0.95;
// llama.cpp decodes at roughly this share of the memory bandwidth (weights read once per token).
const bandwidthEfficiency = 0.6;
/** A CPU's RAM bandwidth, for the estimate: dual-channel DDR4/DDR5 desktops and laptops read about 40 GB/s. */
export const cpuRamBandwidth = 40 * GB;

/** This machine now without a GPU backend loaded: free RAM and cores; GPU memory counts as 0. */
export function thisMachine(): MachineMemory {
    return cpuMachine(freemem(), totalmem(), availableParallelism());
}

/** A CPU-only machine record. */
export function cpuMachine(freeRam: number, totalRam = freeRam, cores = availableParallelism()): MachineMemory {
    return {
        backend: "cpu",
        freeRam,
        totalRam,
        freeVram: 0,
        totalVram: 0,
        unifiedMemory: false,
        cores,
        bandwidth: { ram: cpuRamBandwidth, vram: 0 }
    };
}

/**
 * Bytes of cache (f16 keys and values, llama.cpp's default) for `sequences` sequences of `contextSize` tokens each.
 * Only full-attention layers grow with the context; a sliding-window layer holds at most its window per sequence and
 * a recurrent or linear-attention layer a fixed state per sequence, so a hybrid model's cache is far smaller.
 */
export function kvCacheBytes(model: CatalogModel, contextSize: number, sequences = 1): number {
    const shape = model.kvCache;
    const valuesPerTokenAndLayer = shape.latentWidth ?? 2 * shape.kvHeads * shape.headDim;
    const full = contextSize * sequences * shape.layers * valuesPerTokenAndLayer * 2;
    const window = shape.slidingWindow;
    const sliding = window
        ? Math.min(window.window, contextSize) * sequences * window.layers * 2 * window.kvHeads * window.headDim * 2
        : 0;
    return full + sliding + sequences * (shape.recurrentStateBytes ?? 0);
}

/** Compute buffers and runtime state beyond weights and cache: a flat part plus a little per weight byte. */
function runtimeOverhead(model: CatalogModel): number {
    return 0.5 * GB + 0.02 * model.sizeBytes;
}

/** Memory a catalog model needs: weights, the KV cache of the planned candidates at a context, and overhead. */
export function estimatedFootprint(
    model: CatalogModel,
    contextSize: number = contextSteps[0],
    sequences = plannedSequences
): number {
    return (
        model.sizeBytes +
        kvCacheBytes(model, Math.min(contextSize, model.contextLength), sequences) +
        runtimeOverhead(model)
    );
}

/** Where a model would run on a machine and what to expect there. */
export interface ModelPlan {
    fits: boolean;
    /** "gpu": all in VRAM; "unified": in unified memory; "gpu+ram": layers (or experts) split; "cpu": all in RAM. */
    placement: "gpu" | "unified" | "gpu+ram" | "cpu" | "none";
    /** Tokens per sequence at which it fits (0 when it does not). */
    contextSize: number;
    sequences: number;
    footprintBytes: number;
    vramBytes: number;
    ramBytes: number;
    /** Estimated decode speed of one sequence from bandwidth and active bytes per token: an estimate, not measured. */
    estimatedTokensPerSecond: number;
    /** Why it does not fit, when it does not. */
    reason?: string;
    /**
     * "llama-server" when the plan keeps a mixture of experts' expert tensors in RAM and the rest on the GPU, which
     * only the managed llama-server can do (`--n-cpu-moe`); else node-llama-cpp runs it.
     */
    backend: "node-llama-cpp" | "llama-server";
}

/** The best plan for a model on a machine: the largest context step whose placement fits and decodes fast enough. */
export function planModel(model: CatalogModel, machine: MachineMemory): ModelPlan {
    let last: ModelPlan | undefined;
    for (const step of contextSteps) {
        const plan = placeAt(model, machine, Math.min(step, model.contextLength));
        if (plan.fits) return plan;
        last = plan;
    }
    return last!;
}

function placeAt(model: CatalogModel, machine: MachineMemory, contextSize: number): ModelPlan {
    const kv = kvCacheBytes(model, contextSize, plannedSequences);
    const footprint = model.sizeBytes + kv + runtimeOverhead(model);
    const base = { contextSize, sequences: plannedSequences, footprintBytes: footprint };
    const usableRam = machine.freeRam * ramHeadroom;
    if (machine.unifiedMemory) {
        const usable = Math.min(machine.freeVram * vramHeadroom, usableRam);
        if (footprint > usable) return noFit(base, `needs ${gb(footprint)} of unified memory; ${gb(usable)} is usable`);
        return checkSpeed({
            ...base,
            fits: true,
            placement: "unified",
            vramBytes: footprint,
            ramBytes: 0,
            backend: backendOf(model),
            estimatedTokensPerSecond: tokensPerSecond(activeBytesPerToken(model), 0, machine.bandwidth.vram, 1)
        });
    }
    const usableVram = machine.freeVram > 0 ? machine.freeVram * vramHeadroom : 0;
    if (usableVram > 0 && footprint <= usableVram) {
        return checkSpeed({
            ...base,
            fits: true,
            placement: "gpu",
            vramBytes: footprint,
            ramBytes: 0,
            backend: backendOf(model),
            estimatedTokensPerSecond: tokensPerSecond(activeBytesPerToken(model), 0, machine.bandwidth.vram, 1)
        });
    }
    if (usableVram > 0) return splitPlan(model, machine, base, kv, usableVram, usableRam);
    if (footprint > usableRam) return noFit(base, `needs ${gb(footprint)} of RAM; ${gb(usableRam)} is usable`);
    return checkSpeed({
        ...base,
        fits: true,
        placement: "cpu",
        vramBytes: 0,
        ramBytes: footprint,
        backend: backendOf(model),
        estimatedTokensPerSecond: tokensPerSecond(0, activeBytesPerToken(model), 0, machine.bandwidth.ram)
    });
}

/**
 * A model bigger than VRAM on a discrete GPU. node-llama-cpp splits by layers: cache and overhead go to the GPU,
 * weights fill the rest of VRAM and the remaining layers stay in RAM. A `backend: "llama-server"` model uses
 * expert offload instead: its non-expert tensors, cache and overhead must all fit VRAM, experts fill what VRAM
 * is left and the rest of the experts sit in RAM (llama-server's `--n-cpu-moe`). Either way the total must fit
 * VRAM plus RAM, and the part read from RAM each token sets the speed.
 */
function splitPlan(
    model: CatalogModel,
    machine: MachineMemory,
    base: { contextSize: number; sequences: number; footprintBytes: number },
    kv: number,
    usableVram: number,
    usableRam: number
): ModelPlan {
    const overhead = runtimeOverhead(model);
    // A MoE whose expert bytes are known keeps its experts in RAM rather than whole layers: the non-expert tensors
    // are read every token and belong on the GPU, the experts only in their routed share.
    const expertOffload = model.expertBytes !== undefined && model.experts !== undefined;
    const pinnedToGpu = kv + overhead + (expertOffload ? model.sizeBytes - model.expertBytes! : 0);
    if (pinnedToGpu > usableVram)
        return noFit(
            base,
            `needs ${gb(pinnedToGpu)} of VRAM for ${expertOffload ? "its non-expert tensors and " : ""}cache; ${gb(usableVram)} is usable`
        );
    if (base.footprintBytes > usableVram + usableRam)
        return noFit(
            base,
            `needs ${gb(base.footprintBytes)}; ${gb(usableVram)} of VRAM and ${gb(usableRam)} of RAM are usable`
        );
    const ramBytes = base.footprintBytes - usableVram;
    let gpuRead: number;
    let ramRead: number;
    if (expertOffload) {
        const expertsActive = (model.expertBytes! * model.experts!.usedPerToken) / model.experts!.count;
        const expertsInRam = ramBytes / model.expertBytes!;
        gpuRead = model.sizeBytes - model.expertBytes! + expertsActive * (1 - expertsInRam);
        ramRead = expertsActive * expertsInRam;
    } else {
        const weightsInRam = ramBytes / model.sizeBytes;
        gpuRead = activeBytesPerToken(model) * (1 - weightsInRam);
        ramRead = activeBytesPerToken(model) * weightsInRam;
    }
    return checkSpeed({
        ...base,
        fits: true,
        placement: "gpu+ram",
        vramBytes: usableVram,
        ramBytes,
        backend: expertOffload ? "llama-server" : backendOf(model),
        estimatedTokensPerSecond: tokensPerSecond(gpuRead, ramRead, machine.bandwidth.vram, machine.bandwidth.ram)
    });
}

/** The backend a plan that needs no expert offload runs on: the catalog entry's, else node-llama-cpp. */
function backendOf(model: CatalogModel): "node-llama-cpp" | "llama-server" {
    return model.backend ?? "node-llama-cpp";
}

/** Weight bytes read per decoded token: all of a dense model, the shared part plus the routed share of a MoE. */
export function activeBytesPerToken(model: CatalogModel): number {
    if (model.expertBytes !== undefined && model.experts)
        return (
            model.sizeBytes - model.expertBytes + (model.expertBytes * model.experts.usedPerToken) / model.experts.count
        );
    return (model.sizeBytes * model.activeParameters) / model.parameters;
}

function tokensPerSecond(gpuBytes: number, ramBytes: number, gpuBandwidth: number, ramBandwidth: number): number {
    const seconds = (gpuBytes > 0 ? gpuBytes / gpuBandwidth : 0) + (ramBytes > 0 ? ramBytes / ramBandwidth : 0);
    return seconds > 0 ? bandwidthEfficiency / seconds : 0;
}

function checkSpeed(plan: ModelPlan): ModelPlan {
    if (plan.estimatedTokensPerSecond >= minimumTokensPerSecond) return plan;
    return {
        ...plan,
        fits: false,
        reason:
            `would decode at about ${plan.estimatedTokensPerSecond.toFixed(1)} tokens/s (estimate), ` +
            `below the ${minimumTokensPerSecond} tokens/s a long thought needs`
    };
}

function noFit(base: { contextSize: number; sequences: number; footprintBytes: number }, reason: string): ModelPlan {
    return {
        ...base,
        fits: false,
        placement: "none",
        vramBytes: 0,
        ramBytes: 0,
        estimatedTokensPerSecond: 0,
        reason,
        backend: "node-llama-cpp"
    };
}

/** Whether a catalog model fits the machine with a working context and a usable decode speed. */
export function fitsMachine(model: CatalogModel, machine: MachineMemory): boolean {
    return planModel(model, machine).fits;
}

/** The ranking score: the published LiveCodeBench figure; a model without one ranks below every scored model. */
export function codingScore(model: CatalogModel): number {
    return model.liveCodeBench ?? -1;
}

/** The best model that fits: the highest LiveCodeBench score among those that fit (smaller on a tie), else the smallest. */
export function chooseDefaultModel(machine: MachineMemory): { model: CatalogModel; fits: boolean; plan: ModelPlan } {
    const fitting = modelCatalog.filter((model) => fitsMachine(model, machine));
    if (fitting.length === 0) {
        const smallest = [...modelCatalog].sort((a, b) => a.sizeBytes - b.sizeBytes)[0]!;
        return { model: smallest, fits: false, plan: planModel(smallest, machine) };
    }
    const best = [...fitting].sort((a, b) => codingScore(b) - codingScore(a) || a.sizeBytes - b.sizeBytes)[0]!;
    return { model: best, fits: true, plan: planModel(best, machine) };
}

/**
 * Why a model cannot run here at all, whatever is closed or chosen: its footprint at the smallest context with one
 * sequence exceeds all the memory the machine has (unified memory once; else VRAM plus RAM). Undefined when it could.
 */
export function tooBigForMachine(model: CatalogModel, machine: MachineMemory): string | undefined {
    const need = estimatedFootprint(model, contextSteps[contextSteps.length - 1], 1);
    const has = machine.unifiedMemory ? machine.totalRam : machine.totalRam + machine.totalVram;
    if (need <= has) return undefined;
    const memory = machine.unifiedMemory
        ? `${gb(machine.totalRam)} of unified memory`
        : machine.totalVram > 0
          ? `${gb(machine.totalRam)} of RAM and ${gb(machine.totalVram)} of VRAM (${machine.backend})`
          : `${gb(machine.totalRam)} of RAM and no GPU backend`;
    const backendNote =
        model.backend === "llama-server" ? ", and it runs through llama-server with its experts in RAM" : "";
    return (
        `${model.name} (${model.id}) needs about ${gb(need)} of memory (a ${gb(model.sizeBytes)} download${backendNote}); ` +
        `this machine has ${memory}.`
    );
}

function gb(bytes: number): string {
    return `${(bytes / GB).toFixed(bytes >= 100 * GB ? 0 : 1)} GB`;
}
