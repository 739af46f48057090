// The parts every generated model shares so node-llama-cpp takes it for a DeepSeek-R1 distill: the distills' own
// chat template, their special tokens, a byte-fallback llama tokenizer (any prompt tokenizes), and the llama
// architecture's metadata and tensor layout.

import { gguf, type GgufTensor, type GgufValue } from "./GgufWriter.js";

/**
 * The chat template the DeepSeek-R1 distills ship (`chat_template` in tokenizer_config.json of
 * deepseek-ai/DeepSeek-R1-Distill-Qwen-7B, verbatim). It opens every reply with `<think>\n`; node-llama-cpp
 * recognises it and picks its `DeepSeekChatWrapper`.
 */
export const r1ChatTemplate =
    "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{% set ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='') %}" +
    "{%- for message in messages %}" +
    "{%- if message['role'] == 'system' %}{% set ns.system_prompt = message['content'] %}{%- endif %}{%- endfor %}{{bos_token}}{{ns.system_prompt}}" +
    "{%- for message in messages %}" +
    "{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}{{'<｜User｜>' + message['content']}}{%- endif %}" +
    "{%- if message['role'] == 'assistant' and message['content'] is none %}{%- set ns.is_tool = false -%}" +
    "{%- for tool in message['tool_calls']%}{%- if not ns.is_first %}{{'<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n' + '```json' + '\\n' + tool['function']['arguments'] + '\\n' + '```' + '<｜tool▁call▁end｜>'}}" +
    "{%- set ns.is_first = true -%}" +
    "{%- else %}{{'\\n' + '<｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n' + '```json' + '\\n' + tool['function']['arguments'] + '\\n' + '```' + '<｜tool▁call▁end｜>'}}{{'<｜tool▁calls▁end｜><｜end▁of▁sentence｜>'}}{%- endif %}{%- endfor %}{%- endif %}" +
    "{%- if message['role'] == 'assistant' and message['content'] is not none %}{%- if ns.is_tool %}{{'<｜tool▁outputs▁end｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}{%- set ns.is_tool = false -%}{%- else %}{% set content = message['content'] %}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endif %}" +
    "{%- if message['role'] == 'tool' %}{%- set ns.is_tool = true -%}{%- if ns.is_output_first %}{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- set ns.is_output_first = false %}" +
    "{%- else %}{{'\\n<｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- endif %}{%- endif %}{%- endfor -%}" +
    "{% if ns.is_tool %}{{'<｜tool▁outputs▁end｜>'}}{% endif %}" +
    "{% if add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜><think>\\n'}}{% endif %}";

/** GGUF token types (llama.cpp's `llama_token_type`). */
export const TokenType = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

/** A tokenizer vocabulary: three parallel arrays indexed by token id. */
export interface Vocabulary {
    /** Token texts; llama.cpp refuses a file where two are equal. */
    tokens: string[];
    /** SentencePiece scores: higher merges first. */
    scores: number[];
    /** `TokenType` of each token. */
    types: number[];
}

/** Ids of the tokens every generated model starts with, in this order; the 256 byte tokens and "▁" follow. */
export const SpecialToken = { bos: 0, eos: 1, user: 2, assistant: 3, unknown: 4, think: 5, endThink: 6 } as const;
/** Id of `<0x00>`; byte b has id `firstByteToken + b`. */
export const firstByteToken = 7;
/** SentencePiece's space, id 263, after the byte tokens. */
const spaceToken = "▁";

/**
 * The base vocabulary: R1's control tokens; `<think>` and `</think>` as user-defined tokens, as in the real
 * distills (text containing them tokenizes to them, yet they print as plain text, so node-llama-cpp finds thought
 * boundaries by text); the 256 byte tokens `<0x00>`…`<0xFF>` that byte fallback spells any other text with; and
 * "▁", the space. 264 tokens.
 */
export function baseVocabulary(): Vocabulary {
    const tokens = [
        "<｜begin▁of▁sentence｜>",
        "<｜end▁of▁sentence｜>",
        "<｜User｜>",
        "<｜Assistant｜>",
        "<unk>",
        "<think>",
        "</think>"
    ];
    const types: number[] = [
        TokenType.control,
        TokenType.control,
        TokenType.control,
        TokenType.control,
        TokenType.unknown,
        TokenType.userDefined,
        TokenType.userDefined
    ];
    for (let byte = 0; byte < 256; byte++) {
        tokens.push(byteTokenText(byte));
        types.push(TokenType.byte);
    }
    // SentencePiece writes a space as "▁": with this token a space tokenizes to it and prints as a space again
    // (byte fallback would print "▁"), so tokenizing and detokenizing text gives the text back.
    tokens.push(spaceToken);
    types.push(TokenType.normal);
    return { tokens, scores: tokens.map(() => 0), types };
}

/**
 * `<0x41>` names the byte 0x41. llama.cpp decodes a byte token from the two hex digits of its text only, so a
 * suffix keeps the text unique while the token still prints the same byte.
 */
export function byteTokenText(byte: number, suffix = ""): string {
    return `<0x${byte.toString(16).toUpperCase().padStart(2, "0")}>${suffix}`;
}

/** The id of the base vocabulary's (unsuffixed) token for one byte: the one the prompt tokenizer uses. */
export function byteTokenId(byte: number): number {
    return firstByteToken + byte;
}

/** The hyperparameters of a llama-architecture model. */
export interface LlamaShape {
    /** `general.name`. */
    name: string;
    /** `general.architecture`, also the prefix of the hyperparameter keys. */
    architecture: string;
    /** Training context length. */
    contextLength: number;
    /** Hidden size E. */
    embeddingLength: number;
    /** Transformer blocks. */
    blockCount: number;
    /** Feed-forward hidden size F (of each expert, with experts). */
    feedForwardLength: number;
    /** Attention (query) heads; must divide E. */
    headCount: number;
    /** Key/value heads; must divide `headCount`. */
    headCountKv: number;
    /** A mixture of experts instead of one feed-forward network per block. */
    experts?: ExpertShape;
}

/** A mixture of experts in every block. */
export interface ExpertShape {
    /** Experts per block. */
    count: number;
    /** Experts the router picks for each token. */
    usedPerToken: number;
}

/** Rejects shapes llama.cpp would refuse or crash on, with a message that names the option. */
export function checkLlamaShape(shape: LlamaShape): void {
    const positive = (value: number, what: string) => {
        if (!Number.isInteger(value) || value <= 0)
            throw new RangeError(`${what} must be a positive integer, not ${value}`);
    };
    positive(shape.contextLength, "contextLength");
    positive(shape.embeddingLength, "embeddingLength");
    positive(shape.blockCount, "blockCount");
    positive(shape.feedForwardLength, "feedForwardLength");
    positive(shape.headCount, "headCount");
    positive(shape.headCountKv, "headCountKv");
    if (shape.embeddingLength % shape.headCount !== 0) {
        throw new RangeError(`headCount ${shape.headCount} must divide embeddingLength ${shape.embeddingLength}`);
    }
    if (shape.headCount % shape.headCountKv !== 0) {
        throw new RangeError(`headCountKv ${shape.headCountKv} must divide headCount ${shape.headCount}`);
    }
    if ((shape.embeddingLength / shape.headCount) % 2 !== 0) {
        throw new RangeError("the head size (embeddingLength / headCount) must be even for rotary position embeddings");
    }
    if (shape.experts) {
        positive(shape.experts.count, "experts.count");
        positive(shape.experts.usedPerToken, "experts.usedPerToken");
        if (shape.experts.usedPerToken > shape.experts.count)
            throw new RangeError("experts.usedPerToken cannot exceed experts.count");
    }
}

/** The tokenizer facts of a model's header; R1's unless a test model carries another family's format. */
export interface TokenizerFacts {
    bosId: number;
    eosId: number;
    unknownId: number;
    addBos: boolean;
    chatTemplate: string;
}

const r1Tokenizer: TokenizerFacts = {
    bosId: SpecialToken.bos,
    eosId: SpecialToken.eos,
    unknownId: SpecialToken.unknown,
    addBos: true,
    chatTemplate: r1ChatTemplate
};

/**
 * The metadata of a llama-like model: hyperparameters, tokenizer and chat template (R1's by default). `ropeFreqBase`
 * is 10000 unless a scripted model needs attention that does not depend on distance.
 */
export function modelMetadata(
    shape: LlamaShape,
    vocabulary: Vocabulary,
    tokenizer: TokenizerFacts = r1Tokenizer,
    ropeFreqBase = 10000
): Record<string, GgufValue> {
    const arch = shape.architecture;
    return {
        "general.architecture": gguf.string(arch),
        "general.name": gguf.string(shape.name),
        "general.file_type": gguf.u32(0), // all tensors F32
        [`${arch}.context_length`]: gguf.u32(shape.contextLength),
        [`${arch}.embedding_length`]: gguf.u32(shape.embeddingLength),
        [`${arch}.block_count`]: gguf.u32(shape.blockCount),
        [`${arch}.feed_forward_length`]: gguf.u32(shape.feedForwardLength),
        [`${arch}.attention.head_count`]: gguf.u32(shape.headCount),
        [`${arch}.attention.head_count_kv`]: gguf.u32(shape.headCountKv),
        [`${arch}.attention.layer_norm_rms_epsilon`]: gguf.f32(1e-6),
        [`${arch}.rope.dimension_count`]: gguf.u32(shape.embeddingLength / shape.headCount),
        [`${arch}.rope.freq_base`]: gguf.f32(ropeFreqBase),
        [`${arch}.vocab_size`]: gguf.u32(vocabulary.tokens.length),
        ...(shape.experts
            ? {
                  [`${arch}.expert_count`]: gguf.u32(shape.experts.count),
                  [`${arch}.expert_used_count`]: gguf.u32(shape.experts.usedPerToken)
              }
            : {}),
        "tokenizer.ggml.model": gguf.string("llama"),
        "tokenizer.ggml.tokens": gguf.strings(vocabulary.tokens),
        "tokenizer.ggml.scores": gguf.f32s(vocabulary.scores),
        "tokenizer.ggml.token_type": gguf.i32s(vocabulary.types),
        "tokenizer.ggml.bos_token_id": gguf.u32(tokenizer.bosId),
        "tokenizer.ggml.eos_token_id": gguf.u32(tokenizer.eosId),
        "tokenizer.ggml.unknown_token_id": gguf.u32(tokenizer.unknownId),
        "tokenizer.ggml.add_bos_token": gguf.bool(tokenizer.addBos),
        "tokenizer.ggml.add_eos_token": gguf.bool(false),
        "tokenizer.ggml.add_space_prefix": gguf.bool(false),
        "tokenizer.chat_template": gguf.string(tokenizer.chatTemplate)
    };
}

/** How to fill the weights of a llama model. Norm weights are always ones. */
export interface LlamaWeights {
    /** `token_embd.weight` `[E, V]`: row t is token t's embedding. */
    tokenEmbedding: GgufTensor["data"];
    /** `output.weight` `[E, V]`: row t, dotted with the final normalised hidden state, is token t's logit. */
    output: GgufTensor["data"];
    /** Every other weight by tensor name (attention, feed-forward, router, experts). Undefined: zeros. */
    blockWeight: (name: string) => GgufTensor["data"];
}

/** The tensors of a llama model (dense or mixture of experts) in ggml dimension order, as llama.cpp expects them. */
export function llamaTensors(shape: LlamaShape, vocabularySize: number, weights: LlamaWeights): GgufTensor[] {
    const E = shape.embeddingLength;
    const F = shape.feedForwardLength;
    const kvLength = (E / shape.headCount) * shape.headCountKv;
    const ones = (chunk: Float32Array) => {
        chunk.fill(1);
    };
    const tensor = (name: string, dims: number[], data: GgufTensor["data"]): GgufTensor =>
        data === undefined ? { name, dims } : { name, dims, data };
    const weight = (name: string, dims: number[]) => tensor(name, dims, weights.blockWeight(name));
    const tensors: GgufTensor[] = [
        tensor("token_embd.weight", [E, vocabularySize], weights.tokenEmbedding),
        tensor("output_norm.weight", [E], ones),
        tensor("output.weight", [E, vocabularySize], weights.output)
    ];
    for (let block = 0; block < shape.blockCount; block++) {
        const p = `blk.${block}`;
        tensors.push(
            tensor(`${p}.attn_norm.weight`, [E], ones),
            weight(`${p}.attn_q.weight`, [E, E]),
            weight(`${p}.attn_k.weight`, [E, kvLength]),
            weight(`${p}.attn_v.weight`, [E, kvLength]),
            weight(`${p}.attn_output.weight`, [E, E]),
            tensor(`${p}.ffn_norm.weight`, [E], ones)
        );
        // Qwen3 normalises each head's queries and keys.
        if (shape.architecture === "qwen3") {
            const headSize = E / shape.headCount;
            tensors.push(
                tensor(`${p}.attn_q_norm.weight`, [headSize], ones),
                tensor(`${p}.attn_k_norm.weight`, [headSize], ones)
            );
        }
        if (shape.experts) {
            const X = shape.experts.count;
            tensors.push(
                weight(`${p}.ffn_gate_inp.weight`, [E, X]),
                weight(`${p}.ffn_gate_exps.weight`, [E, F, X]),
                weight(`${p}.ffn_up_exps.weight`, [E, F, X]),
                weight(`${p}.ffn_down_exps.weight`, [F, E, X])
            );
        } else {
            tensors.push(
                weight(`${p}.ffn_gate.weight`, [E, F]),
                weight(`${p}.ffn_up.weight`, [E, F]),
                weight(`${p}.ffn_down.weight`, [F, E])
            );
        }
    }
    return tensors;
}
