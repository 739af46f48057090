// Decides which mixture-of-experts weights llama-server keeps in CPU memory: the experts of the first N layers
// (`--n-cpu-moe N`) when only some layers' experts fit the free GPU memory, all of them (`--cpu-moe`) when none do,
// nothing when all fit or when there is no GPU. The sizes come from the GGUF's tensor table.

import { stat } from "node:fs/promises";
import { readGgufFileInfo, type GgufTensorInfo } from "node-llama-cpp";

/** The bytes of a GGUF model, split the way expert offload needs them. */
export interface ExpertLayout {
    /** Transformer blocks (`<arch>.block_count`). */
    layers: number;
    /** Bytes of expert tensors (`blk.N.ffn_{gate,up,down}_exps`) per layer, layer 0 first; all zeros for a dense model. */
    expertBytesPerLayer: number[];
    /** Bytes of every other tensor: attention, norms, routers, shared experts, embeddings and output. */
    nonExpertBytes: number;
}

/** llama.cpp's own pattern for the expert tensors `--n-cpu-moe` and `--cpu-moe` keep on the CPU. */
const expertTensor = /^blk\.(\d+)\.ffn_(up|down|gate|gate_up)_(ch)?exps\b/;

/** Reads the tensor table (not the weights) and sums tensor sizes per layer, experts apart. */
export async function readExpertLayout(path: string): Promise<ExpertLayout> {
    const info = await readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false, sourceType: "filesystem" });
    const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
    const layers = Number((info.architectureMetadata as { block_count?: number }).block_count ?? 0);
    const sizes = tensorSizes(tensors, (await stat(path)).size);
    const expertBytesPerLayer = Array.from({ length: layers }, () => 0);
    let nonExpertBytes = 0;
    tensors.forEach((tensor, index) => {
        const match = expertTensor.exec(tensor.name);
        const layer = match ? Number(match[1]) : -1;
        if (layer >= 0 && layer < layers) expertBytesPerLayer[layer]! += sizes[index]!;
        else nonExpertBytes += sizes[index]!;
    });
    return { layers, expertBytesPerLayer, nonExpertBytes };
}

/**
 * Each tensor's bytes from the offsets: tensor data is laid out in offset order, so a tensor ends where the next one
 * of its file part starts (alignment padding included). The last tensor of the only part ends at the file's end; the
 * last of a part of a split model (whose file is not read here) gets the bytes per element of its type seen elsewhere.
 */
function tensorSizes(tensors: readonly GgufTensorInfo[], fileSize: number): number[] {
    const order = tensors
        .map((_, index) => index)
        .sort(
            (a, b) =>
                tensors[a]!.filePart - tensors[b]!.filePart ||
                Number(tensors[a]!.fileOffset) - Number(tensors[b]!.fileOffset)
        );
    const parts = new Set(tensors.map((tensor) => tensor.filePart)).size;
    const sizes = Array.from({ length: tensors.length }, () => 0);
    const bytesPerElement = new Map<number, number>();
    const elements = (tensor: GgufTensorInfo) =>
        tensor.dimensions.reduce<number>((product, d) => product * Number(d), 1);
    const lastOfPart: number[] = [];
    order.forEach((index, position) => {
        const tensor = tensors[index]!;
        const next = order[position + 1] === undefined ? undefined : tensors[order[position + 1]!]!;
        if (next && next.filePart === tensor.filePart) {
            sizes[index] = Number(next.fileOffset) - Number(tensor.fileOffset);
            bytesPerElement.set(tensor.ggmlType, sizes[index]! / Math.max(1, elements(tensor)));
        } else if (parts === 1) {
            sizes[index] = fileSize - Number(tensor.fileOffset);
        } else {
            lastOfPart.push(index);
        }
    });
    for (const index of lastOfPart)
        sizes[index] = Math.round(elements(tensors[index]!) * (bytesPerElement.get(tensors[index]!.ggmlType) ?? 0));
    return sizes;
}

export interface ExpertOffloadInput {
    /** Free GPU memory in bytes; `undefined` when llama-server runs on the CPU only. */
    freeVramBytes: number | undefined;
    /** Bytes of expert tensors per layer, layer 0 first (`ExpertLayout.expertBytesPerLayer`). */
    expertBytesPerLayer: readonly number[];
    /** Bytes that go on the GPU whatever happens to the experts: the non-expert tensors, the KV cache, compute buffers. */
    otherGpuBytes: number;
    /** GPU memory left free as a margin for the driver and fragmentation. Default 512 MiB. */
    marginBytes?: number;
}

/** Where the experts go, and the llama-server flags that put them there. */
export interface ExpertOffloadPlan {
    /**
     * "cpuOnly": no GPU, everything is in CPU memory and no flag is needed; "dense": no expert tensors; "allOnGpu":
     * every layer's experts fit; "partial": the first `cpuExpertLayers` layers' experts stay on the CPU;
     * "allOnCpu": no layer's experts fit (even the rest may not, then llama.cpp itself keeps layers off the GPU).
     */
    kind: "cpuOnly" | "dense" | "allOnGpu" | "partial" | "allOnCpu";
    /** Flags for llama-server, e.g. `["--n-cpu-moe", "3"]`. */
    flags: string[];
    /** Layers whose expert weights stay in CPU memory because of the flags (0 without a GPU: no flag moves them). */
    cpuExpertLayers: number;
    /** Layers of the model. */
    layers: number;
    /** For the runtime's description: "all on CPU", "3 expert layers on CPU", … */
    summary: string;
}

/** The smallest N for which the experts of layers N… fit beside everything else; a table-tested pure function. */
export function planExpertOffload(input: ExpertOffloadInput): ExpertOffloadPlan {
    const bytes = input.expertBytesPerLayer;
    const layers = bytes.length;
    if (input.freeVramBytes === undefined)
        return { kind: "cpuOnly", flags: [], cpuExpertLayers: 0, layers, summary: "all on CPU" };
    if (bytes.every((b) => b === 0))
        return { kind: "dense", flags: [], cpuExpertLayers: 0, layers, summary: "dense model on GPU" };
    const budget = input.freeVramBytes - (input.marginBytes ?? 512 * 1024 ** 2) - input.otherGpuBytes;
    // Experts of layers n… on the GPU: the suffix sums, smallest n first.
    let onGpu = bytes.reduce((sum, b) => sum + b, 0);
    for (let n = 0; n < layers; n++) {
        if (onGpu <= budget) return forcedExpertOffload(n, bytes);
        onGpu -= bytes[n]!;
    }
    return forcedExpertOffload("all", bytes);
}

/** The plan that keeps the experts of the first `n` layers (or all) on the CPU, as the user forced or the budget decided. */
export function forcedExpertOffload(n: number | "all", expertBytesPerLayer: readonly number[]): ExpertOffloadPlan {
    const layers = expertBytesPerLayer.length;
    const cpuExpertLayers = n === "all" ? layers : Math.min(layers, Math.max(0, Math.floor(n)));
    // Layers without experts (DeepSeek's first three are dense) move nothing, so the summary counts only layers with experts.
    const withExperts = expertBytesPerLayer.filter((b) => b > 0).length;
    const moved = expertBytesPerLayer.slice(0, cpuExpertLayers).filter((b) => b > 0).length;
    if (moved === 0) return { kind: "allOnGpu", flags: [], cpuExpertLayers: 0, layers, summary: "all experts on GPU" };
    if (moved === withExperts)
        return {
            kind: "allOnCpu",
            flags: ["--cpu-moe"],
            cpuExpertLayers: layers,
            layers,
            summary: `all ${withExperts} expert layers on CPU`
        };
    return {
        kind: "partial",
        flags: ["--n-cpu-moe", String(cpuExpertLayers)],
        cpuExpertLayers,
        layers,
        summary: `${moved} of ${withExperts} expert layers on CPU`
    };
}
