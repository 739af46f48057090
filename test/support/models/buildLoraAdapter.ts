// Builds a LoRA adapter GGUF for a llama-architecture test model: `lora_a`/`lora_b` pairs for chosen weights of
// every block, shaped as llama.cpp checks them (a: [E_in, rank], b: [rank, E_out]). With `zero` the update is
// zero, so a scripted model keeps its replies with the adapter on.

import { readGgufFileInfo } from "node-llama-cpp";
import { gguf, writeGguf, type GgufTensor } from "./GgufWriter.js";

export interface LoraAdapterOptions {
    /** The model the adapter is for: its architecture, width and block count are read from its header. */
    modelPath: string;
    /** Rank of the update. Default 2. */
    rank?: number;
    /** Square attention weights to adapt. Default ["attn_q", "attn_output"]. */
    targets?: string[];
    /** Architecture written in the header (default: the model's); another one makes a mismatched adapter. */
    architecture?: string;
    /** Width of the update instead of the model's (another width makes an adapter llama.cpp rejects). */
    embeddingLength?: number;
    /** Leave b zero so the update is zero. Default true. */
    zero?: boolean;
}

export async function buildLoraAdapter(
    path: string,
    options: LoraAdapterOptions
): Promise<{ path: string; sizeBytes: number }> {
    const info = await readGgufFileInfo(options.modelPath, { logWarnings: false, sourceType: "filesystem" });
    const metadata = info.metadata as unknown as {
        general: { architecture: string };
        llama: { embedding_length: number; block_count: number };
    };
    const E = options.embeddingLength ?? metadata.llama.embedding_length;
    const rank = options.rank ?? 2;
    const tensors: GgufTensor[] = [];
    for (let block = 0; block < metadata.llama.block_count; block++) {
        for (const target of options.targets ?? ["attn_q", "attn_output"]) {
            const name = `blk.${block}.${target}.weight`;
            tensors.push({
                name: `${name}.lora_a`,
                dims: [E, rank],
                data: (chunk, start) => {
                    for (let i = 0; i < chunk.length; i++) chunk[i] = ((start + i) % 7) / 700;
                }
            });
            tensors.push({
                name: `${name}.lora_b`,
                dims: [rank, E],
                ...(options.zero === false
                    ? {
                          data: (chunk) => {
                              chunk.fill(0.001);
                          }
                      }
                    : {})
            });
        }
    }
    const result = await writeGguf(path, {
        metadata: {
            "general.architecture": gguf.string(options.architecture ?? metadata.general.architecture),
            "general.type": gguf.string("adapter"),
            "general.name": gguf.string("ponder-test-lora"),
            "adapter.type": gguf.string("lora"),
            "adapter.lora.alpha": gguf.f32(rank)
        },
        tensors
    });
    return { path: result.path, sizeBytes: result.sizeBytes };
}
