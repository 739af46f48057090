// The parts every generated model shares so node-llama-cpp takes it for a DeepSeek-R1 distill: the R1 chat
// template, the special tokens, a byte-fallback llama tokenizer (any prompt tokenizes), and the llama
// architecture's metadata and tensor layout.

import { gguf, type GgufTensorSpec, type GgufValue } from "./GgufWriter.js";

/** The chat template of the DeepSeek-R1 distills (tokenizer_config.json of DeepSeek-R1-Distill-Qwen). */
export const r1ChatTemplate =
    "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}" +
    "{% set ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='') %}" +
    "{%- for message in messages %}{%- if message['role'] == 'system' %}{% set ns.system_prompt = message['content'] %}{%- endif %}{%- endfor %}" +
    "{{bos_token}}{{ns.system_prompt}}" +
    "{%- for message in messages %}" +
    "{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}{{'<｜User｜>' + message['content']}}{%- endif %}" +
    "{%- if message['role'] == 'assistant' and message['content'] is not none %}" +
    "{% set content = message['content'] %}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}" +
    "{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}" +
    "{%- if message['role'] == 'tool' %}{%- set ns.is_tool = true -%}" +
    "{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- endif %}" +
    "{%- endfor -%}" +
    "{% if ns.is_tool %}{{'<｜tool▁outputs▁end｜>'}}{% endif %}" +
    "{% if add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜><think>\\n'}}{% endif %}";

/** GGUF token types. */
export const TokenType = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

export interface Vocabulary {
    tokens: string[];
    scores: number[];
    types: number[];
}

/** Ids of the tokens every generated model has, in this order. */
export const SpecialToken = { bos: 0, eos: 1, user: 2, assistant: 3, unknown: 4, think: 5, endThink: 6 } as const;
export const firstByteToken = 7;

/**
 * The base vocabulary: R1's special tokens, `<think>`/`</think>` as normal tokens (so node-llama-cpp finds
 * the thought boundaries by text, which byte tokens can spell), and the 256 byte tokens for byte fallback.
 */
export function baseVocabulary(): Vocabulary {
    const tokens = ["<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>", "<unk>", "<think>", "</think>"];
    const types: number[] = [TokenType.control, TokenType.control, TokenType.control, TokenType.control, TokenType.unknown, TokenType.normal, TokenType.normal];
    for (let byte = 0; byte < 256; byte++) {
        tokens.push(byteTokenText(byte));
        types.push(TokenType.byte);
    }
    return { tokens, scores: tokens.map(() => 0), types };
}

/** `<0x41>` names the byte 0x41; a suffix keeps the text unique while it still decodes to the same byte. */
export function byteTokenText(byte: number, suffix = ""): string {
    return `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>${suffix}`;
}

export function byteTokenId(byte: number): number {
    return firstByteToken + byte;
}

export interface LlamaShape {
    name: string;
    architecture: string;
    contextLength: number;
    embeddingLength: number;
    blockCount: number;
    feedForwardLength: number;
    headCount: number;
    headCountKv: number;
    experts?: { count: number; usedPerToken: number };
}

export function modelMetadata(shape: LlamaShape, vocabulary: Vocabulary): Record<string, GgufValue> {
    const arch = shape.architecture;
    return {
        "general.architecture": gguf.string(arch),
        "general.name": gguf.string(shape.name),
        "general.file_type": gguf.u32(0),
        [`${arch}.context_length`]: gguf.u32(shape.contextLength),
        [`${arch}.embedding_length`]: gguf.u32(shape.embeddingLength),
        [`${arch}.block_count`]: gguf.u32(shape.blockCount),
        [`${arch}.feed_forward_length`]: gguf.u32(shape.feedForwardLength),
        [`${arch}.attention.head_count`]: gguf.u32(shape.headCount),
        [`${arch}.attention.head_count_kv`]: gguf.u32(shape.headCountKv),
        [`${arch}.attention.layer_norm_rms_epsilon`]: gguf.f32(1e-6),
        [`${arch}.rope.dimension_count`]: gguf.u32(shape.embeddingLength / shape.headCount),
        [`${arch}.rope.freq_base`]: gguf.f32(10000),
        [`${arch}.vocab_size`]: gguf.u32(vocabulary.tokens.length),
        ...(shape.experts ? {
            [`${arch}.expert_count`]: gguf.u32(shape.experts.count),
            [`${arch}.expert_used_count`]: gguf.u32(shape.experts.usedPerToken)
        } : {}),
        "tokenizer.ggml.model": gguf.string("llama"),
        "tokenizer.ggml.tokens": gguf.strings(vocabulary.tokens),
        "tokenizer.ggml.scores": gguf.f32s(vocabulary.scores),
        "tokenizer.ggml.token_type": gguf.i32s(vocabulary.types),
        "tokenizer.ggml.bos_token_id": gguf.u32(SpecialToken.bos),
        "tokenizer.ggml.eos_token_id": gguf.u32(SpecialToken.eos),
        "tokenizer.ggml.unknown_token_id": gguf.u32(SpecialToken.unknown),
        "tokenizer.ggml.add_bos_token": gguf.bool(true),
        "tokenizer.ggml.add_eos_token": gguf.bool(false),
        "tokenizer.ggml.add_space_prefix": gguf.bool(false),
        "tokenizer.chat_template": gguf.string(r1ChatTemplate)
    };
}

/** How to fill each weight tensor of a llama-architecture model. */
export interface LlamaWeights {
    tokenEmbedding: (data: Float32Array) => void;
    output: (data: Float32Array) => void;
    /** Every other weight: block matrices, router and experts. Norm weights are always ones. */
    other: (name: string, data: Float32Array) => void;
}

/** The tensors of a llama model (dense or mixture of experts) in ggml dimension order. */
export function llamaTensors(shape: LlamaShape, vocabularySize: number, weights: LlamaWeights): GgufTensorSpec[] {
    const E = shape.embeddingLength;
    const F = shape.feedForwardLength;
    const kv = (E / shape.headCount) * shape.headCountKv;
    const ones = (data: Float32Array) => data.fill(1);
    const tensor = (name: string, dims: number[], fill?: (data: Float32Array) => void): GgufTensorSpec =>
        ({ name, dims, fill: fill ?? ((data) => weights.other(name, data)) });
    const tensors: GgufTensorSpec[] = [
        tensor("token_embd.weight", [E, vocabularySize], weights.tokenEmbedding),
        tensor("output_norm.weight", [E], ones),
        tensor("output.weight", [E, vocabularySize], weights.output)
    ];
    for (let block = 0; block < shape.blockCount; block++) {
        const p = `blk.${block}`;
        tensors.push(
            tensor(`${p}.attn_norm.weight`, [E], ones),
            tensor(`${p}.attn_q.weight`, [E, E]),
            tensor(`${p}.attn_k.weight`, [E, kv]),
            tensor(`${p}.attn_v.weight`, [E, kv]),
            tensor(`${p}.attn_output.weight`, [E, E]),
            tensor(`${p}.ffn_norm.weight`, [E], ones)
        );
        if (shape.experts) {
            const X = shape.experts.count;
            tensors.push(
                tensor(`${p}.ffn_gate_inp.weight`, [E, X]),
                tensor(`${p}.ffn_gate_exps.weight`, [E, F, X]),
                tensor(`${p}.ffn_up_exps.weight`, [E, F, X]),
                tensor(`${p}.ffn_down_exps.weight`, [F, E, X])
            );
        } else {
            tensors.push(
                tensor(`${p}.ffn_gate.weight`, [E, F]),
                tensor(`${p}.ffn_up.weight`, [E, F]),
                tensor(`${p}.ffn_down.weight`, [F, E])
            );
        }
    }
    return tensors;
}

/** Parameters of a model with this shape (what llama.cpp counts). */
export function parameterCount(tensors: GgufTensorSpec[]): number {
    return tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
}
