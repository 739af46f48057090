// Builds a llama-architecture model with seeded random weights, dense or mixture of experts, that node-llama-cpp
// takes for a DeepSeek-R1 distill: for tests and benchmarks that need real decoding work rather than known replies.

import { writeGguf, type GgufTensorFill } from "./GgufWriter.js";
import {
    baseVocabulary,
    checkLlamaShape,
    llamaTensors,
    modelMetadata,
    TokenType,
    type ExpertShape,
    type LlamaShape
} from "./r1ModelParts.js";

export interface RandomModelOptions {
    /** Hidden size. Default 64. */
    embeddingLength?: number;
    /** Transformer blocks. Default 2. */
    blockCount?: number;
    /** Feed-forward hidden size (of each expert, with experts). Default 4 × `embeddingLength`. */
    feedForwardLength?: number;
    /** Attention heads; must divide `embeddingLength` into an even head size. Default 4. */
    headCount?: number;
    /** Key/value heads (fewer than `headCount` is grouped-query attention); must divide `headCount`. Default `headCount`. */
    headCountKv?: number;
    /**
     * Vocabulary size. The first 264 tokens are R1's special tokens, the 256 byte tokens and the space; unique
     * filler tokens (`▁w…`, never produced by the prompt tokenizer) make up the rest. Default 512; at least 264.
     */
    vocabularySize?: number;
    /** Training context length written to the header. Default 4096. */
    contextLength?: number;
    /** A mixture of experts in every block, e.g. `{count: 4, usedPerToken: 2}`. Default: dense. */
    experts?: ExpertShape;
    /**
     * `general.architecture`, also the prefix of the hyperparameter keys. Anything but "llama" (e.g. "notarealarch")
     * makes a file llama.cpp refuses to load. Default "llama".
     */
    architecture?: string;
    /** `general.name`. Default "ponder-test-random". */
    name?: string;
    /** Seed of the weights: equal options give byte-identical files. Default 1. */
    seed?: number;
}

/** A model written to disk. */
export interface BuiltModel {
    /** The GGUF file. */
    path: string;
    /** Its size in bytes (4 bytes a parameter, plus the header). */
    sizeBytes: number;
    /** Parameters (tensor elements), counted as llama.cpp counts them: all experts included. */
    parameters: number;
}

/**
 * Writes the model and returns where it is. A ~30M-parameter model (embedding 512, 6 blocks, feed-forward 1280,
 * vocabulary 12000) takes about a second.
 */
export async function buildRandomModel(path: string, options: RandomModelOptions = {}): Promise<BuiltModel> {
    const embeddingLength = options.embeddingLength ?? 64;
    const headCount = options.headCount ?? 4;
    const shape: LlamaShape = {
        name: options.name ?? "ponder-test-random",
        architecture: options.architecture ?? "llama",
        contextLength: options.contextLength ?? 4096,
        embeddingLength,
        blockCount: options.blockCount ?? 2,
        feedForwardLength: options.feedForwardLength ?? embeddingLength * 4,
        headCount,
        headCountKv: options.headCountKv ?? headCount,
        ...(options.experts ? { experts: options.experts } : {})
    };
    checkLlamaShape(shape);
    const vocabulary = baseVocabulary();
    const vocabularySize = options.vocabularySize ?? 512;
    if (!Number.isInteger(vocabularySize) || vocabularySize < vocabulary.tokens.length) {
        throw new RangeError(
            `vocabularySize must be an integer of at least ${vocabulary.tokens.length}, not ${vocabularySize}`
        );
    }
    for (let id = vocabulary.tokens.length; id < vocabularySize; id++) {
        vocabulary.tokens.push(`▁w${id.toString(36)}`);
        vocabulary.scores.push(-id);
        vocabulary.types.push(TokenType.normal);
    }
    const seed = options.seed ?? 1;
    const scale = 1 / Math.sqrt(embeddingLength);
    const tensors = llamaTensors(shape, vocabularySize, {
        tokenEmbedding: randomFill(seed, "token_embd.weight", 1),
        output: randomFill(seed, "output.weight", scale),
        // Halved output projections keep the residual stream from growing block after block.
        blockWeight: (name) => randomFill(seed, name, /attn_output|ffn_down/.test(name) ? scale / 2 : scale)
    });
    const written = await writeGguf(path, { metadata: modelMetadata(shape, vocabulary), tensors });
    return { path, sizeBytes: written.sizeBytes, parameters: written.parameterCount };
}

/**
 * Uniform values with standard deviation `std`, from a mulberry32 stream seeded by the model seed and the tensor
 * name, so each tensor is reproducible on its own. Uniform rather than normal: the weights only need to be
 * random, and this fills 30M values in a fraction of a second.
 */
function randomFill(seed: number, tensorName: string, std: number): GgufTensorFill {
    let state = (Math.imul(seed >>> 0, 0x9e3779b1) ^ stringHash(tensorName)) >>> 0;
    const halfWidth = Math.sqrt(3) * std;
    return (chunk) => {
        for (let i = 0; i < chunk.length; i++) {
            state = (state + 0x6d2b79f5) | 0;
            let t = state;
            t = Math.imul(t ^ (t >>> 15), t | 1);
            t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
            chunk[i] = (((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1) * halfWidth;
        }
    };
}

/** FNV-1a: a stable 32-bit hash of a tensor name. */
function stringHash(text: string): number {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    return hash >>> 0;
}
