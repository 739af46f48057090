// The models Ponder knows by name: the DeepSeek-R1 distills and a mixture-of-experts reasoning model,
// with where to download them, their sizes and the sampling settings their authors recommend.

import { availableParallelism, freemem } from "node:os";

export interface RecommendedSettings {
    temperature: number;
    topP: number;
    /** R1 distills sometimes skip thinking; the reply is forced to open with `<think>\n`. */
    forceThinkOpen: boolean;
    /** R1 distills want no system prompt. */
    systemPrompt: "";
}

export interface CatalogModel {
    /** Short id used on the command line and in settings, e.g. "r1-qwen-7b". */
    id: string;
    name: string;
    /** node-llama-cpp model URI (`hf:owner/repo:QUANT`). */
    uri: string;
    /** File name the download is stored under. */
    fileName: string;
    quantization: string;
    /** Size of the GGUF file in bytes (approximate, from the hub listing). */
    sizeBytes: number;
    parameters: number;
    /** Parameters used per token: equal to `parameters` for a dense model. */
    activeParameters: number;
    contextLength: number;
    /** Base model family, which decides the chat template. */
    family: "qwen2" | "llama" | "qwen3moe";
    experts?: { count: number; usedPerToken: number };
    /** "llama-server": run through a llama-server Ponder manages (expert offload node-llama-cpp lacks); default in-process. */
    backend?: "llama-server";
    /** LiveCodeBench pass@1 reported by DeepSeek or Qwen; used to rank models that fit. */
    liveCodeBench: number;
    settings: RecommendedSettings;
}

const r1Settings: RecommendedSettings = { temperature: 0.6, topP: 0.95, forceThinkOpen: true, systemPrompt: "" };
const GB = 1_000_000_000;

export const modelCatalog: readonly CatalogModel[] = [
    {
        id: "r1-qwen-1.5b", name: "DeepSeek-R1-Distill-Qwen-1.5B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf", quantization: "Q4_K_M",
        sizeBytes: 1.12 * GB, parameters: 1.78e9, activeParameters: 1.78e9, contextLength: 131072,
        family: "qwen2", liveCodeBench: 16.9, settings: r1Settings
    },
    {
        id: "r1-qwen-7b", name: "DeepSeek-R1-Distill-Qwen-7B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf", quantization: "Q4_K_M",
        sizeBytes: 4.68 * GB, parameters: 7.62e9, activeParameters: 7.62e9, contextLength: 131072,
        family: "qwen2", liveCodeBench: 37.6, settings: r1Settings
    },
    {
        id: "r1-llama-8b", name: "DeepSeek-R1-Distill-Llama-8B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Llama-8B-Q4_K_M.gguf", quantization: "Q4_K_M",
        sizeBytes: 4.92 * GB, parameters: 8.03e9, activeParameters: 8.03e9, contextLength: 131072,
        family: "llama", liveCodeBench: 39.6, settings: r1Settings
    },
    {
        id: "r1-qwen-14b", name: "DeepSeek-R1-Distill-Qwen-14B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Qwen-14B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Qwen-14B-Q4_K_M.gguf", quantization: "Q4_K_M",
        sizeBytes: 8.99 * GB, parameters: 14.8e9, activeParameters: 14.8e9, contextLength: 131072,
        family: "qwen2", liveCodeBench: 53.1, settings: r1Settings
    },
    {
        id: "r1-qwen-32b", name: "DeepSeek-R1-Distill-Qwen-32B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Qwen-32B-Q4_K_M.gguf", quantization: "Q4_K_M",
        sizeBytes: 19.9 * GB, parameters: 32.8e9, activeParameters: 32.8e9, contextLength: 131072,
        family: "qwen2", liveCodeBench: 57.2, settings: r1Settings
    },
    {
        id: "r1-llama-70b", name: "DeepSeek-R1-Distill-Llama-70B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Llama-70B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Llama-70B-Q4_K_M.gguf", quantization: "Q4_K_M",
        sizeBytes: 42.5 * GB, parameters: 70.6e9, activeParameters: 70.6e9, contextLength: 131072,
        family: "llama", liveCodeBench: 57.5, settings: r1Settings
    },
    {
        // A mixture of experts that thinks in <think> tags like R1: 128 experts, 8 used per token.
        id: "qwen3-30b-a3b", name: "Qwen3-30B-A3B (mixture of experts)",
        uri: "hf:unsloth/Qwen3-30B-A3B-GGUF:Q4_K_M",
        fileName: "Qwen3-30B-A3B-Q4_K_M.gguf", quantization: "Q4_K_M",
        sizeBytes: 18.6 * GB, parameters: 30.5e9, activeParameters: 3.3e9, contextLength: 32768,
        family: "qwen3moe", experts: { count: 128, usedPerToken: 8 }, liveCodeBench: 62.6,
        settings: r1Settings
    }
];

export function findCatalogModel(id: string): CatalogModel | undefined {
    return modelCatalog.find((model) => model.id === id);
}

/** What the machine offers for holding a model. */
export interface MachineMemory {
    /** Bytes of RAM free for the model. */
    freeRam: number;
    /** Bytes of GPU memory free, 0 without a GPU. */
    freeVram: number;
    /** Logical CPU cores. */
    cores: number;
}

/** This machine now: free RAM and cores (GPU memory counts as 0 until a GPU backend has loaded). */
export function thisMachine(): MachineMemory {
    return { freeRam: freemem(), freeVram: 0, cores: availableParallelism() };
}

/** Memory a catalog model needs beyond its file: KV cache for a working context and runtime overhead. */
export function estimatedFootprint(model: CatalogModel): number {
    return model.sizeBytes * 1.2 + 0.5 * GB;
}

/**
 * Decides whether a catalog model fits the machine. On a GPU the model must fit free VRAM plus RAM;
 * on CPU only it must fit RAM and have at most 8B active parameters, because larger models decode
 * below one token per second on a laptop CPU, which no one waits for through a long thought.
 */
export function fitsMachine(model: CatalogModel, machine: MachineMemory): boolean {
    const footprint = estimatedFootprint(model);
    if (machine.freeVram > 0)
        return footprint <= machine.freeVram + machine.freeRam * 0.8;
    return footprint <= machine.freeRam * 0.8 && model.activeParameters <= 8.1e9;
}

/** The best model that fits: the highest LiveCodeBench score among those that fit, else the smallest. */
export function chooseDefaultModel(machine: MachineMemory): { model: CatalogModel; fits: boolean } {
    const fitting = modelCatalog.filter((model) => fitsMachine(model, machine));
    if (fitting.length === 0) {
        const smallest = [...modelCatalog].sort((a, b) => a.sizeBytes - b.sizeBytes)[0]!;
        return { model: smallest, fits: false };
    }
    const best = [...fitting].sort((a, b) => b.liveCodeBench - a.liveCodeBench)[0]!;
    return { model: best, fits: true };
}
