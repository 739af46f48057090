// Builds a model whose decoding reproduces chosen replies in a family's chat format (R1 by default; Qwen3, Qwen3 2507
// Thinking, gpt-oss harmony): one reply by greedy or temperature sampling, several as equal-logit branches that the
// sampling seed chooses among. The model ignores the prompt (every prompt gets the same reply set); only the prompt's
// last token says where a reply starts, and for harmony whether its thought is already in the context.

import { writeGguf } from "./GgufWriter.js";
import {
    formatByteTokenId,
    formatTokenizer,
    formatVocabulary,
    r1Format,
    type ChatFormatParts
} from "./chatFormatParts.js";
import {
    byteTokenText,
    llamaTensors,
    modelMetadata,
    TokenType,
    type ExpertShape,
    type LlamaShape,
    type Vocabulary
} from "./r1ModelParts.js";

export interface ScriptedModelOptions {
    /**
     * The replies, e.g. "<think>\nThe loop is off by one.\n</think>\n\nUse `<=`.". Several: the seed picks one
     * (uniformly: they branch with equal logits at the first token) and decoding follows it to its end and EOS.
     * "" is an empty reply (EOS at once); a reply need not close its `<think>`. At most 19, since top-p 0.95 keeps
     * all of 19 equal branches but not of 20. Every prompt gets the same reply set.
     */
    replies: string[];
    /** Training context length in the header. Default 32768. */
    contextLength?: number;
    /** `general.name`. Default "ponder-test-scripted". */
    name?: string;
    /**
     * The family's template and special tokens. Default R1, whose replies spell `<think>` in bytes; the other formats
     * emit their markup tokens whole (`<think>`, `<|im_end|>`, `<|channel|>`…), as the real models do. A reply is what
     * the model writes after the template's generation prompt: a Qwen3 2507 Thinking reply starts inside the thought.
     */
    format?: ChatFormatParts;
    /** Transformer blocks; their weights are zero, so more blocks cost decoding time but change no reply. Default 1. */
    blockCount?: number;
    /**
     * A mixture of experts in every block (router and `ffn_*_exps` tensors, zero like the rest), so the file is a MoE
     * GGUF that llama-server's expert offload (`--n-cpu-moe`) applies to. Default: dense.
     */
    experts?: ExpertShape;
    /** Feed-forward size (of each expert, with experts); larger makes the expert tensors larger. Default 32. */
    feedForwardLength?: number;
    /** Hidden size at least this (rounded up to what the reply codes need), for benchmarks that want real decoding work. */
    embeddingLength?: number;
}

/** A scripted model written to disk. */
export interface ScriptedModel {
    /** The GGUF file. */
    path: string;
    /** Its size in bytes. */
    sizeBytes: number;
    /** The replies it reproduces, as given. */
    replies: string[];
}

/** The most replies that can branch: top-p 0.95 drops one of 20 equally likely tokens. */
const maxReplies = 19;

/**
 * Logit of a scripted next token. Any other token gets at most half of it, a margin of 30 logits: at temperature
 * 0.6 an off-script token is about e^-50 times as likely, so sampling never leaves the script. A model with a phase
 * (harmony) uses 90: its second-part successors carry 60 everywhere in the second part (see `phaseWeights`).
 */
const scriptedLogit = { plain: 60, phased: 90 } as const;
/**
 * At a token whose successor depends on the phase: the first part's successor's logit from the token's code, and
 * the second part's from the code and from the phase dimension. The second part's successors of all such tokens
 * carry the phase logit everywhere in the second part, so the code logit is what picks the right one among them.
 */
const phaseLogit = { first: 60, secondFromCode: 30, secondFromPhase: 60 } as const;

/**
 * Dedicated embedding dimensions: one for each way a prompt can end (the state a reply continues from), and one
 * for "the reply is done" (EOS follows).
 */
const Dim = {
    /** The prompt ends with `<｜Assistant｜>` (or any token not listed below): each reply from its start. */
    replyStart: 0,
    /** The prompt ends with `<think>`: each reply after its opening `<think>`. */
    afterThinkOpen: 1,
    /** The prompt ends with `<think>\n` (its last token is the newline byte): each reply after its opening `<think>\n`. */
    afterThinkOpenNewline: 2,
    /** The prompt ends with `</think>` (a thought closed from outside): the answer of the first reply that has one. */
    afterThinkClose: 3,
    /** The last token of a reply: EOS follows. */
    replyEnd: 4
} as const;
const dedicatedDims = 5;

/** An embedding: one hot dimension (a prompt ending, a markup token or the reply end) or two (a reply token's compact code). */
type Code = { kind: "oneHot"; dim: number } | { kind: "pair"; dims: readonly [number, number] };

/**
 * Writes the model. How it works: attention (except a harmony model's phase) and feed-forward weights are zero, so
 * the next token depends only on the current token's embedding. Each byte of each reply gets its own token (a byte token with a unique suffix still
 * prints its byte; the prompt tokenizer only ever produces the unsuffixed byte tokens), each such token its own
 * embedding code, and the output row of the next token points at that code. The prompt's last token picks where
 * the replies start: after `<｜Assistant｜>` each reply from its start; after `<think>` or `<think>\n` (a reply the
 * caller opened) each reply after its own opening `<think>` / `<think>\n`; after `</think>` (a thought closed from
 * outside) the answer of the first reply that closes its thought, or EOS if none does.
 */
export async function buildScriptedModel(path: string, options: ScriptedModelOptions): Promise<ScriptedModel> {
    const { replies } = options;
    const parts = options.format ?? r1Format;
    if (replies.length === 0) throw new RangeError("a scripted model needs at least one reply");
    if (replies.length > maxReplies)
        throw new RangeError(`a scripted model branches into at most ${maxReplies} replies, not ${replies.length}`);

    const vocabulary = formatVocabulary(parts);
    const idOf = (text: string) => parts.tokens.findIndex((token) => token.text === text);
    const tokenizer = formatTokenizer(parts);
    const scripts = replies.map((reply, k) => scriptReply(reply, k, parts, vocabulary));
    /** Token `index` of reply `k`, or EOS past its end. */
    const tokenAt = (k: number, index: number) => scripts[k]!.tokens[index] ?? tokenizer.eosId;

    // Compact codes: reply tokens other than a reply's last get a distinct pair of hot dimensions out of `codeDims`;
    // markup tokens get one hot dimension each, after the dedicated ones.
    const markupInReplies = [
        ...new Set(scripts.flatMap((script) => script.tokens.filter((token) => token < parts.tokens.length)))
    ];
    const isMarkup = (token: number) => token < parts.tokens.length;
    const pairCount = scripts.reduce(
        (sum, { tokens }) => sum + tokens.filter((token, i) => !isMarkup(token) && i < tokens.length - 1).length,
        0
    );
    let codeDims = 2;
    while ((codeDims * (codeDims - 1)) / 2 < pairCount) codeDims++;
    const firstCodeDim = dedicatedDims + markupInReplies.length;
    // A phase needs four more: the marker's key, the phase itself, and a rotary pair for a distance-free query.
    const phaseDims = parts.phase ? 4 : 0;
    const embeddingLength =
        Math.ceil(Math.max(firstCodeDim + codeDims + phaseDims, options.embeddingLength ?? 0) / 32) * 32;
    let pairsIssued = 0;
    const nextPairCode = (): Code => {
        // The n-th pair (i < j), enumerated row by row.
        let n = pairsIssued++;
        let i = 0;
        while (n >= codeDims - 1 - i) {
            n -= codeDims - 1 - i;
            i++;
        }
        return { kind: "pair", dims: [firstCodeDim + i, firstCodeDim + i + 1 + n] };
    };
    const oneHot = (dim: number): Code => ({ kind: "oneHot", dim });

    const codeOfToken = new Map<number, Code>();
    if (idOf("<think>") >= 0) codeOfToken.set(idOf("<think>"), oneHot(Dim.afterThinkOpen));
    if (parts.newlineOpensThought) codeOfToken.set(formatByteTokenId(parts, 0x0a), oneHot(Dim.afterThinkOpenNewline));
    if (idOf("</think>") >= 0) codeOfToken.set(idOf("</think>"), oneHot(Dim.afterThinkClose));
    markupInReplies.forEach((token, i) => {
        if (!codeOfToken.has(token)) codeOfToken.set(token, oneHot(dedicatedDims + i));
    });

    const successors = new Successors();
    scripts.forEach((script, k) => {
        const { tokens } = script;
        tokens.forEach((token, i) => {
            const markup = token < parts.tokens.length;
            const code = markup
                ? codeOfToken.get(token)!
                : i === tokens.length - 1
                  ? oneHot(Dim.replyEnd)
                  : nextPairCode();
            if (!markup) codeOfToken.set(token, code);
            successors.add(
                tokenAt(k, i + 1),
                code,
                script.phaseBoundary !== undefined && i > script.phaseBoundary ? 1 : 0
            );
        });
        successors.add(tokenAt(k, 0), oneHot(Dim.replyStart), 0);
        successors.add(tokenAt(k, script.afterThinkOpen), oneHot(Dim.afterThinkOpen), 0);
        successors.add(tokenAt(k, script.afterThinkOpenNewline), oneHot(Dim.afterThinkOpenNewline), 0);
    });
    const closing = scripts.findIndex((script) => script.answerStart !== undefined);
    successors.add(
        closing < 0 ? tokenizer.eosId : tokenAt(closing, scripts[closing]!.answerStart!),
        oneHot(Dim.afterThinkClose),
        0
    );

    const vocabularySize = vocabulary.tokens.length;
    const E = embeddingLength;
    const shape = scriptedShape(options, parts, E);
    const phase = parts.phase
        ? { marker: formatByteTokenId(parts, parts.phase.markerByte), keyDim: E - 4, phaseDim: E - 3, queryDim: E - 2 }
        : undefined;
    const tokenEmbedding = new Float32Array(E * vocabularySize);
    for (let token = 0; token < vocabularySize; token++) {
        const code = codeOfToken.get(token) ?? oneHot(Dim.replyStart);
        for (const dim of code.kind === "oneHot" ? [code.dim] : code.dims) tokenEmbedding[token * E + dim] = 1;
    }
    if (phase) tokenEmbedding[phase.marker * E + phase.keyDim] = 1;
    const output = outputWeights(
        successors,
        E,
        vocabularySize,
        phase ? scriptedLogit.phased : scriptedLogit.plain,
        phase?.phaseDim
    );
    const blockWeights = phase ? phaseWeights(E, phase) : new Map<string, Float32Array>();
    // Every other weight stays zero: feed-forward (and, without a phase, attention) adds nothing to the residual stream.
    const tensors = llamaTensors(shape, vocabularySize, {
        tokenEmbedding,
        output,
        blockWeight: (name) => blockWeights.get(name.replace(/^blk\.0\./, ""))
    });
    const metadata = modelMetadata(shape, vocabulary, tokenizer, phase ? 1e12 : 10000);
    const written = await writeGguf(path, { metadata, tensors });
    return { path, sizeBytes: written.sizeBytes, replies };
}

/** One block, one head: the smallest llama (or qwen3) model llama.cpp runs. */
function scriptedShape(options: ScriptedModelOptions, parts: ChatFormatParts, embeddingLength: number): LlamaShape {
    return {
        name: options.name ?? "ponder-test-scripted",
        architecture: parts.architecture,
        contextLength: options.contextLength ?? 32768,
        embeddingLength,
        blockCount: options.blockCount ?? 1,
        feedForwardLength: options.feedForwardLength ?? 32,
        headCount: 1,
        headCountKv: 1,
        ...(options.experts ? { experts: options.experts } : {})
    };
}

/** A reply as the token ids the model emits, and the token indices where its parts begin. */
interface ReplyScript {
    tokens: number[];
    /** Index of the first token after an opening `<think>` (0 when the reply does not open one). */
    afterThinkOpen: number;
    /** Index of the first token after an opening `<think>\n`. */
    afterThinkOpenNewline: number;
    /** Index of the first answer token after `</think>`, when the reply closes its thought. */
    answerStart?: number;
    /** Index of the token that ends the reply's first part (harmony's first `<|end|>`), when the format has a phase. */
    phaseBoundary?: number;
}

/** Each markup token of the format is emitted whole; every other byte gets its own new, uniquely suffixed byte token. */
function scriptReply(reply: string, k: number, parts: ChatFormatParts, vocabulary: Vocabulary): ReplyScript {
    const tokens: number[] = [];
    const startOffsets: number[] = [];
    const bytes = Buffer.from(reply, "utf8");
    let offset = 0;
    while (offset < bytes.length) {
        startOffsets.push(offset);
        const markup = parts.replyTokens.find((text) => bytes.subarray(offset).toString("utf8").startsWith(text));
        if (markup) {
            tokens.push(parts.tokens.findIndex((token) => token.text === markup));
            offset += Buffer.byteLength(markup);
            continue;
        }
        vocabulary.tokens.push(byteTokenText(bytes[offset]!, `r${k}.${offset}`));
        vocabulary.scores.push(0);
        vocabulary.types.push(TokenType.byte);
        tokens.push(vocabulary.tokens.length - 1);
        offset++;
    }
    const indexAt = (byteOffset: number) => {
        const index = startOffsets.findIndex((start) => start >= byteOffset);
        return index < 0 ? tokens.length : index;
    };
    const opensWith = (text: string) => (reply.startsWith(text) ? indexAt(Buffer.byteLength(text)) : undefined);
    const afterThinkOpen = opensWith("<think>") ?? 0;
    const close = bytes.indexOf("</think>");
    const boundary = parts.phase ? bytes.indexOf(parts.phase.boundary) : -1;
    return {
        tokens,
        afterThinkOpen,
        afterThinkOpenNewline: opensWith("<think>\n") ?? afterThinkOpen,
        ...(close >= 0 ? { answerStart: indexAt(close + "</think>".length) } : {}),
        ...(boundary >= 0 ? { phaseBoundary: indexAt(boundary) } : {})
    };
}

/** Which tokens follow which codes, in the reply's first part (0) or second (1). */
class Successors {
    /** Per next token: the codes it follows, by phase; a Map keyed by the code's JSON so two replies ending in EOS count once. */
    readonly byToken = new Map<number, Map<string, { code: Code; phase: 0 | 1 }>>();
    /** Per code: the tokens that follow it in each phase, to find the codes whose successor depends on the phase. */
    private readonly byCode = new Map<string, [Set<number>, Set<number>]>();

    add(next: number, code: Code, phase: 0 | 1): void {
        const key = JSON.stringify(code);
        const codes = this.byToken.get(next) ?? new Map<string, { code: Code; phase: 0 | 1 }>();
        if (!codes.has(key) || phase === 0) codes.set(key, { code, phase });
        this.byToken.set(next, codes);
        const sets = this.byCode.get(key) ?? [new Set<number>(), new Set<number>()];
        sets[phase].add(next);
        this.byCode.set(key, sets);
    }

    /** True when this code is followed in both parts, by other tokens in the second than in the first. */
    dependsOnPhase(code: Code): boolean {
        const sets = this.byCode.get(JSON.stringify(code));
        if (!sets || sets[0].size === 0 || sets[1].size === 0) return false;
        return [...sets[1]].some((token) => !sets[0].has(token));
    }
}

/**
 * The output rows. The final RMS norm scales a one-hot embedding to sqrt(E) in its dimension and a pair to sqrt(E/2)
 * in each. A code whose successor depends on the phase gives its first-part successor `phaseLogit.first` from the
 * code, and its second-part successor `phaseLogit.secondFromCode` from the code plus `secondFromPhase` from the phase
 * dimension, which attention fills only in the second part: the margin is 30 logits in either part.
 */
function outputWeights(
    successors: Successors,
    E: number,
    vocabularySize: number,
    logit: number,
    phaseDim: number | undefined
): Float32Array {
    const output = new Float32Array(E * vocabularySize);
    for (const [token, codes] of successors.byToken) {
        for (const { code, phase } of codes.values()) {
            const phased = successors.dependsOnPhase(code);
            if (phased && phase === 1)
                output[token * E + phaseDim!] =
                    (phaseLogit.secondFromPhase * Math.sqrt(1 + phaseValue ** 2)) / (phaseValue * Math.sqrt(E));
            const strength = !phased ? logit : phase === 0 ? phaseLogit.first : phaseLogit.secondFromCode;
            if (code.kind === "oneHot") output[token * E + code.dim]! += strength / Math.sqrt(E);
            else for (const dim of code.dims) output[token * E + dim]! += strength / (2 * Math.sqrt(E / 2));
        }
    }
    return output;
}

/** What attention adds to the phase dimension once the marker is in the context: small, so other logits barely move. */
const phaseValue = 0.1;

/**
 * The attention that tells the parts apart. Every token's query is large in one dimension of a rotary pair that the
 * huge rope base leaves unrotated, only the marker byte's key is, so attention rests on the marker once it is in the
 * context (a score of at least 40 against 0) and is uniform over zero values before. The marker's value lands in the
 * phase dimension. Harmony needs this because node-llama-cpp re-renders the closed analysis message (base byte
 * tokens, the marker among them) before the model writes `<|channel|>final`, so the second part sees it and the first
 * never does.
 */
function phaseWeights(
    E: number,
    phase: { keyDim: number; phaseDim: number; queryDim: number }
): Map<string, Float32Array> {
    // ggml order: row o (output) holds the weights of input i at o * E + i.
    const query = new Float32Array(E * E);
    for (let dim = 0; dim < phase.keyDim; dim++) query[phase.queryDim * E + dim] = 1;
    // The marker's normalised key input is sqrt(E/2) (its code and the key dimension are hot); a query is at least sqrt(E).
    const key = new Float32Array(E * E);
    key[phase.queryDim * E + phase.keyDim] = 40 / Math.sqrt(E / 2);
    const value = new Float32Array(E * E);
    value[phase.phaseDim * E + phase.keyDim] = phaseValue / Math.sqrt(E / 2);
    const attentionOutput = new Float32Array(E * E);
    attentionOutput[phase.phaseDim * E + phase.phaseDim] = 1;
    return new Map([
        ["attn_q.weight", query],
        ["attn_k.weight", key],
        ["attn_v.weight", value],
        ["attn_output.weight", attentionOutput]
    ]);
}
