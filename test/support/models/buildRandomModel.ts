// Builds a llama-architecture model with seeded random weights, dense or mixture of experts, for tests
// and benchmarks that need real decoding work rather than known replies.

import { writeGguf } from "./GgufWriter.js";
import { baseVocabulary, llamaTensors, modelMetadata, parameterCount, TokenType, type LlamaShape } from "./r1ModelParts.js";

export interface RandomModelOptions {
    /** Hidden size. Default 64. */
    embeddingLength?: number;
    /** Transformer blocks. Default 2. */
    blockCount?: number;
    /** Feed-forward (or per-expert) hidden size. Default 4 × embedding. */
    feedForwardLength?: number;
    /** Attention heads. Default 4. */
    headCount?: number;
    /** Key/value heads. Default `headCount`. */
    headCountKv?: number;
    /** Vocabulary size; filler tokens are added after the special and byte tokens. Default 512. */
    vocabularySize?: number;
    /** Training context length written to the header. Default 4096. */
    contextLength?: number;
    /** A mixture of experts: `count` experts per block, `usedPerToken` routed per token. */
    experts?: { count: number; usedPerToken: number };
    /** Architecture name in the header; anything but "llama" makes a file llama.cpp refuses. Default "llama". */
    architecture?: string;
    /** `general.name`. Default "ponder-test-random". */
    name?: string;
    /** Seed of the weights. Default 1. */
    seed?: number;
}

export interface BuiltModel {
    path: string;
    sizeBytes: number;
    parameters: number;
}

/** A small deterministic PRNG (mulberry32) with normally distributed draws. */
export function seededNormal(seed: number): () => number {
    let state = seed >>> 0;
    const uniform = () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

export async function buildRandomModel(path: string, options: RandomModelOptions = {}): Promise<BuiltModel> {
    const embeddingLength = options.embeddingLength ?? 64;
    const shape: LlamaShape = {
        name: options.name ?? "ponder-test-random",
        architecture: options.architecture ?? "llama",
        contextLength: options.contextLength ?? 4096,
        embeddingLength,
        blockCount: options.blockCount ?? 2,
        feedForwardLength: options.feedForwardLength ?? embeddingLength * 4,
        headCount: options.headCount ?? 4,
        headCountKv: options.headCountKv ?? options.headCount ?? 4,
        ...(options.experts ? { experts: options.experts } : {})
    };
    const vocabulary = baseVocabulary();
    const wanted = Math.max(options.vocabularySize ?? 512, vocabulary.tokens.length);
    for (let i = vocabulary.tokens.length; i < wanted; i++) {
        vocabulary.tokens.push(`▁w${i.toString(36)}`);
        vocabulary.scores.push(-i);
        vocabulary.types.push(TokenType.normal);
    }
    const random = seededNormal(options.seed ?? 1);
    const fill = (std: number) => (data: Float32Array) => {
        for (let i = 0; i < data.length; i++) data[i] = random() * std;
    };
    const tensors = llamaTensors(shape, vocabulary.tokens.length, {
        tokenEmbedding: fill(1),
        output: fill(1 / Math.sqrt(embeddingLength)),
        other: (name, data) => fill(name.includes("ffn_down") || name.includes("attn_output") ? 0.5 / Math.sqrt(embeddingLength) : 1 / Math.sqrt(embeddingLength))(data)
    });
    const sizeBytes = writeGguf(path, { metadata: modelMetadata(shape, vocabulary), tensors });
    return { path, sizeBytes, parameters: parameterCount(tensors) };
}
