// Checks a LoRA adapter file before llama.cpp sees it: it must exist, be a GGUF adapter of type LoRA, and be
// made for the architecture of the model it goes on. llama.cpp itself only says "failed to load".

import { stat } from "node:fs/promises";
import { readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import { LoraAdapterError } from "../../errors.js";

/** A LoRA adapter applied to a model at run time, with the weight of its update (1 = as trained). */
export interface LoraAdapter {
    /** Path of the adapter's GGUF file. */
    path: string;
    /** Scale of the adapter's update. Default 1. */
    scale?: number;
}

/** Throws `LoraAdapterError` with the reason when the adapter cannot go on a model of `architecture`. */
export async function checkLoraAdapter(adapter: LoraAdapter, architecture: string): Promise<void> {
    const { path } = adapter;
    if (adapter.scale !== undefined && !Number.isFinite(adapter.scale))
        throw new LoraAdapterError(path, `its scale must be a number; got ${String(adapter.scale)}`);
    const size = await stat(path).then(
        (s) => (s.isFile() ? s.size : -1),
        () => undefined
    );
    if (size === undefined) throw new LoraAdapterError(path, "the file does not exist");
    if (size < 0) throw new LoraAdapterError(path, "it is a directory, not a file");
    let info: GgufFileInfo;
    try {
        info = await readGgufFileInfo(path, { logWarnings: false, sourceType: "filesystem", readTensorInfo: true });
    } catch (error) {
        throw new LoraAdapterError(path, `it is not a readable GGUF file (${firstLine(error)})`, { cause: error });
    }
    const general = (info.metadata as { general?: { type?: unknown; architecture?: unknown } }).general;
    const adapterType = (info.metadata as { adapter?: { type?: unknown } }).adapter?.type;
    if (general?.type !== "adapter" || adapterType !== "lora")
        throw new LoraAdapterError(
            path,
            `it is a GGUF file but not a LoRA adapter (general.type is ${JSON.stringify(general?.type ?? null)})`
        );
    if (general.architecture !== architecture)
        throw new LoraAdapterError(
            path,
            `it was made for the architecture "${String(general.architecture)}", but the model is "${architecture}"`
        );
    const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
    if (!tensors.some((t) => t.name.endsWith(".lora_a")) || !tensors.some((t) => t.name.endsWith(".lora_b")))
        throw new LoraAdapterError(path, "it holds no lora_a/lora_b tensor pairs");
}

function firstLine(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
