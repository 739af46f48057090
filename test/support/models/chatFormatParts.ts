// The chat formats a generated model can carry: each family's real chat template (data files in templates/) and the
// special tokens its GGUF files declare, so node-llama-cpp resolves the same chat wrapper for a test model as for the
// family's real weights. R1 is the default; Qwen3, Qwen3 2507 Thinking, gpt-oss (harmony), Qwen3.5/3.6, GLM-4.7-Flash,
// Gemma 4, Mistral's reasoning models (`[THINK]`) and Nemotron 3 Nano are the others.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { byteTokenText, r1ChatTemplate, TokenType, type TokenizerFacts, type Vocabulary } from "./r1ModelParts.js";

/** One token the vocabulary starts with, before the 256 byte tokens. */
export interface FormatToken {
    text: string;
    /** `TokenType`: control for a family's markup, user-defined for `<think>` and `</think>` as in the real files. */
    type: number;
}

/** What makes a generated model look like a family's model to llama.cpp and node-llama-cpp. */
export interface ChatFormatParts {
    /** Short name, used in test names and model names. */
    name: string;
    /** `general.architecture`: "llama", or "qwen3" so node-llama-cpp's Qwen wrapper accepts the model. */
    architecture: "llama" | "qwen3";
    /** The tokens before the byte tokens, in id order. */
    tokens: readonly FormatToken[];
    /** Texts of `tokens` that a reply emits as the token itself rather than spelled in bytes (the real models do). */
    replyTokens: readonly string[];
    bos: string;
    eos: string;
    addBos: boolean;
    /** `tokenizer.chat_template`. */
    chatTemplate: string;
    /**
     * Whether a prompt that ends with a newline ended with `<think>\n` (R1: the reply continues after its own opening
     * `<think>\n`) or with the template's generation prompt (ChatML's `assistant\n`: the reply starts from its start).
     */
    newlineOpensThought: boolean;
    /**
     * A reply that writes this token twice (harmony's `<|channel|>` and `<|message|>` open both the analysis and the
     * final message) continues differently the second time; see buildScriptedModel's phase.
     */
    phase?: {
        /** The reply's second part starts after the first occurrence of this token. */
        boundary: string;
        /** A byte the thought contains and prompts do not: once it is in the context, the second part is due. */
        markerByte: number;
    };
}

const templateDir = join(dirname(fileURLToPath(import.meta.url)), "../../../../test/support/models/templates");
const template = (file: string) => readFileSync(join(templateDir, file), "utf8");
const control = (text: string): FormatToken => ({ text, type: TokenType.control });
const userDefined = (text: string): FormatToken => ({ text, type: TokenType.userDefined });

/** The DeepSeek-R1 distills: `<think>` spelled in bytes by the scripted replies, as every existing test expects. */
export const r1Format: ChatFormatParts = {
    name: "r1",
    architecture: "llama",
    tokens: [
        control("<｜begin▁of▁sentence｜>"),
        control("<｜end▁of▁sentence｜>"),
        control("<｜User｜>"),
        control("<｜Assistant｜>"),
        { text: "<unk>", type: TokenType.unknown },
        userDefined("<think>"),
        userDefined("</think>")
    ],
    replyTokens: [],
    bos: "<｜begin▁of▁sentence｜>",
    eos: "<｜end▁of▁sentence｜>",
    addBos: true,
    chatTemplate: r1ChatTemplate,
    newlineOpensThought: true
};

/**
 * Qwen3's tokens as its GGUF files declare them: `<|endoftext|>`, `<|im_start|>` and `<|im_end|>` are control tokens
 * (`<|im_end|>` ends a reply), `<think>` and `</think>` user-defined ones the model emits whole. No BOS is added.
 */
const qwen3Tokens: readonly FormatToken[] = [
    control("<|endoftext|>"),
    control("<|im_start|>"),
    control("<|im_end|>"),
    { text: "<unk>", type: TokenType.unknown },
    userDefined("<think>"),
    userDefined("</think>")
];

/**
 * Qwen3 (hybrid thinking): the template in templates/qwen3.jinja is the `chat_template` of Qwen/Qwen3-8B's
 * tokenizer_config.json (as node-llama-cpp's own resolveChatWrapper tests carry it). Its generation prompt stops at
 * `<|im_start|>assistant\n`: the model opens `<think>` itself.
 */
export const qwen3Format: ChatFormatParts = {
    name: "qwen3",
    architecture: "qwen3",
    tokens: qwen3Tokens,
    replyTokens: ["<think>", "</think>", "<|im_end|>"],
    bos: "<|endoftext|>",
    eos: "<|im_end|>",
    addBos: false,
    chatTemplate: template("qwen3.jinja"),
    newlineOpensThought: false
};

/**
 * Qwen3 2507 Thinking: the same template but its generation prompt ends with `<|im_start|>assistant\n<think>\n`
 * (templates/qwen3-thinking-2507.jinja is qwen3.jinja with exactly that change, which is how the 2507 Thinking
 * release differs), so the model's output begins inside the thought and only writes `</think>`.
 */
export const qwen3Thinking2507Format: ChatFormatParts = {
    ...qwen3Format,
    name: "qwen3-thinking-2507",
    chatTemplate: template("qwen3-thinking-2507.jinja")
};

/**
 * gpt-oss (harmony): templates/gpt-oss-20b.jinja is openai/gpt-oss-20b's chat_template.jinja. Reasoning goes in the
 * `analysis` channel and the answer in `final`; `<|return|>` ends the reply. The architecture stays llama: gpt-oss's
 * own (sinks, biases, experts) is not needed for the format, and node-llama-cpp's harmony wrapper checks none.
 */
export const harmonyFormat: ChatFormatParts = {
    name: "harmony",
    architecture: "llama",
    tokens: [
        control("<|startoftext|>"),
        control("<|return|>"),
        control("<|start|>"),
        control("<|channel|>"),
        control("<|message|>"),
        control("<|end|>"),
        control("<|call|>"),
        control("<|constrain|>"),
        control("<|endoftext|>"),
        { text: "<unk>", type: TokenType.unknown },
        { text: "analysis", type: TokenType.normal },
        { text: "final", type: TokenType.normal }
    ],
    replyTokens: ["<|start|>", "<|channel|>", "<|message|>", "<|end|>", "<|return|>", "analysis", "final"],
    bos: "<|startoftext|>",
    eos: "<|return|>",
    addBos: false,
    chatTemplate: template("gpt-oss-20b.jinja"),
    newlineOpensThought: false,
    phase: { boundary: "<|end|>", markerByte: 0xe2 }
};

// The 2026 families' templates are llama.cpp's own copies (models/templates/ in the llama.cpp source node-llama-cpp
// 3.21.1 ships, tag v0.4.0 of its binaries), taken unchanged. The generated models keep the llama architecture (their
// real ones need tensors a scripted model has no use for); the template and tokens decide the wrapper.

/** Qwen3.5 (and Qwen3.6, which shares its template but for the `preserve_thinking` flag): qwen3.5-4b.jinja opens `<think>\n`. */
export const qwen35Format: ChatFormatParts = {
    ...qwen3Format,
    name: "qwen3.5",
    tokens: [
        ...qwen3Tokens,
        control("<|vision_start|>"),
        control("<|vision_end|>"),
        control("<|image_pad|>"),
        control("<|video_pad|>")
    ],
    chatTemplate: template("qwen3.5-4b.jinja")
};

/**
 * Qwen3.6: Qwen3.5's tokens with qwen3.6.jinja, which is written for tests (unverified): Qwen3.5's template plus the
 * `preserve_thinking` flag that keeps earlier turns' thoughts in the history.
 */
export const qwen36Format: ChatFormatParts = {
    ...qwen35Format,
    name: "qwen3.6",
    chatTemplate: template("qwen3.6.jinja")
};

/**
 * GLM-4.7-Flash: `[gMASK]<sop>` starts the prompt, `<|assistant|><think>` ends it (the template opens the thought),
 * and the model closes it with `</think>`. `<|endoftext|>` ends a reply here (the real files also stop at `<|user|>`).
 */
export const glm47FlashFormat: ChatFormatParts = {
    name: "glm-4.7-flash",
    architecture: "llama",
    tokens: [
        control("[gMASK]"),
        control("<sop>"),
        control("<|system|>"),
        control("<|user|>"),
        control("<|assistant|>"),
        control("<|observation|>"),
        control("<|endoftext|>"),
        { text: "<unk>", type: TokenType.unknown },
        userDefined("<think>"),
        userDefined("</think>")
    ],
    replyTokens: ["<think>", "</think>", "<|endoftext|>"],
    bos: "[gMASK]",
    eos: "<|endoftext|>",
    addBos: false,
    chatTemplate: template("glm-4.7-flash.jinja"),
    newlineOpensThought: false
};

/**
 * Gemma 4: turns are `<|turn>role\n…<turn|>`; with thinking on, `<|think|>` opens the system turn and the model writes
 * its thought as `<|channel>thought\n…<channel|>` before the answer.
 */
export const gemma4Format: ChatFormatParts = {
    name: "gemma-4",
    architecture: "llama",
    tokens: [
        control("<bos>"),
        control("<eos>"),
        control("<|turn>"),
        control("<turn|>"),
        control("<|think|>"),
        control("<|channel>"),
        control("<channel|>"),
        control("<|tool>"),
        control("<tool|>"),
        control("<|tool_call>"),
        control("<tool_call|>"),
        control("<|tool_response>"),
        control("<tool_response|>"),
        control('<|"|>'),
        control("<|image|>"),
        control("<|audio|>"),
        control("<|video|>"),
        { text: "<unk>", type: TokenType.unknown }
    ],
    replyTokens: ["<|channel>", "<channel|>", "<turn|>"],
    bos: "<bos>",
    eos: "<turn|>",
    addBos: true,
    chatTemplate: template("gemma-4-31b-it.jinja"),
    newlineOpensThought: false
};

/**
 * Mistral's reasoning models (Magistral Small 1.2; Mistral ships no official template with its GGUF, so this is the
 * template of its sibling Ministral 3 14B Reasoning 2512): a default system prompt asks for `[THINK]…[/THINK]`, which
 * are special tokens the model writes whole.
 */
export const mistralThinkFormat: ChatFormatParts = {
    name: "mistral-think",
    architecture: "llama",
    tokens: [
        control("<s>"),
        control("</s>"),
        { text: "<unk>", type: TokenType.unknown },
        control("[INST]"),
        control("[/INST]"),
        control("[SYSTEM_PROMPT]"),
        control("[/SYSTEM_PROMPT]"),
        control("[THINK]"),
        control("[/THINK]"),
        control("[TOOL_CALLS]"),
        control("[ARGS]"),
        control("[AVAILABLE_TOOLS]"),
        control("[/AVAILABLE_TOOLS]"),
        control("[TOOL_RESULTS]"),
        control("[/TOOL_RESULTS]"),
        control("[IMG]")
    ],
    replyTokens: ["[THINK]", "[/THINK]", "</s>"],
    bos: "<s>",
    eos: "</s>",
    addBos: true,
    chatTemplate: template("ministral-3-14b-reasoning-2512.jinja"),
    newlineOpensThought: false
};

/** Nemotron 3 Nano: ChatML with `<think>`, which its template opens in the generation prompt. */
export const nemotron3NanoFormat: ChatFormatParts = {
    ...qwen3Format,
    name: "nemotron-3-nano",
    chatTemplate: template("nemotron-3-nano-30b-a3b.jinja")
};

/** The id of a format token by its text; a test model's parts always hold the ones asked for. */
export function formatTokenId(parts: ChatFormatParts, text: string): number {
    const id = parts.tokens.findIndex((token) => token.text === text);
    if (id < 0) throw new RangeError(`the ${parts.name} format has no token ${text}`);
    return id;
}

/** The vocabulary of a format: its tokens, the 256 byte tokens `<0x00>`…`<0xFF>` and "▁", the space. */
export function formatVocabulary(parts: ChatFormatParts): Vocabulary {
    const tokens = parts.tokens.map((token) => token.text);
    const types = parts.tokens.map((token) => token.type);
    for (let byte = 0; byte < 256; byte++) {
        tokens.push(byteTokenText(byte));
        types.push(TokenType.byte);
    }
    tokens.push("▁");
    types.push(TokenType.normal);
    return { tokens, scores: tokens.map(() => 0), types };
}

/** The id of the (unsuffixed) byte token the prompt tokenizer uses for one byte. */
export function formatByteTokenId(parts: ChatFormatParts, byte: number): number {
    return parts.tokens.length + byte;
}

/** The tokenizer facts `modelMetadata` writes for a format. */
export function formatTokenizer(parts: ChatFormatParts): TokenizerFacts {
    return {
        bosId: formatTokenId(parts, parts.bos),
        eosId: formatTokenId(parts, parts.eos),
        unknownId: formatTokenId(parts, "<unk>"),
        addBos: parts.addBos,
        chatTemplate: parts.chatTemplate
    };
}
