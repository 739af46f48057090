// Builds a model whose decoding reproduces chosen R1-style replies: one reply by greedy or temperature sampling,
// several as equal-logit branches that the sampling seed chooses among. The model ignores the prompt (every prompt
// gets the same reply set); only the prompt's last token says where a reply starts.

import { writeGguf } from "./GgufWriter.js";
import {
    baseVocabulary, byteTokenId, byteTokenText, llamaTensors, modelMetadata, SpecialToken, TokenType, type ExpertShape, type LlamaShape
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
 * 0.6 an off-script token is about e^-50 times as likely, so sampling never leaves the script.
 */
const scriptedLogit = 60;

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

/** An embedding: one hot dimension (a prompt ending or the reply end) or two (a reply token's compact code). */
type Code = { kind: "oneHot"; dim: number } | { kind: "pair"; dims: readonly [number, number] };

/**
 * Writes the model. How it works: attention and feed-forward weights are zero, so the next token depends only on
 * the current token's embedding. Each byte of each reply gets its own token (a byte token with a unique suffix still
 * prints its byte; the prompt tokenizer only ever produces the unsuffixed byte tokens), each such token its own
 * embedding code, and the output row of the next token points at that code. The prompt's last token picks where
 * the replies start: after `<｜Assistant｜>` each reply from its start; after `<think>` or `<think>\n` (a reply the
 * caller opened) each reply after its own opening `<think>` / `<think>\n`; after `</think>` (a thought closed from
 * outside) the answer of the first reply that closes its thought, or EOS if none does.
 */
export async function buildScriptedModel(path: string, options: ScriptedModelOptions): Promise<ScriptedModel> {
    const { replies } = options;
    if (replies.length === 0) throw new RangeError("a scripted model needs at least one reply");
    if (replies.length > maxReplies) throw new RangeError(`a scripted model branches into at most ${maxReplies} replies, not ${replies.length}`);

    const vocabulary = baseVocabulary();
    const replyTokens = replies.map((reply, k) => [...Buffer.from(reply, "utf8")].map((byte, i) => {
        vocabulary.tokens.push(byteTokenText(byte, `r${k}.${i}`));
        vocabulary.scores.push(0);
        vocabulary.types.push(TokenType.byte);
        return vocabulary.tokens.length - 1;
    }));
    /** Token `index` of reply `k`, or EOS past its end. */
    const tokenAt = (k: number, index: number) => replyTokens[k]![index] ?? SpecialToken.eos;

    // Compact codes: reply tokens other than a reply's last get a distinct pair of hot dimensions out of `codeDims`.
    const pairCount = replyTokens.reduce((sum, tokens) => sum + Math.max(0, tokens.length - 1), 0);
    let codeDims = 2;
    while ((codeDims * (codeDims - 1)) / 2 < pairCount) codeDims++;
    const embeddingLength = Math.ceil(Math.max(dedicatedDims + codeDims, options.embeddingLength ?? 0) / 32) * 32;
    let pairsIssued = 0;
    const nextPairCode = (): Code => {
        // The n-th pair (i < j), enumerated row by row.
        let n = pairsIssued++;
        let i = 0;
        while (n >= codeDims - 1 - i) { n -= codeDims - 1 - i; i++; }
        return { kind: "pair", dims: [dedicatedDims + i, dedicatedDims + i + 1 + n] };
    };
    const oneHot = (dim: number): Code => ({ kind: "oneHot", dim });

    const codeOfToken = new Map<number, Code>([
        [SpecialToken.think, oneHot(Dim.afterThinkOpen)],
        [byteTokenId(0x0a), oneHot(Dim.afterThinkOpenNewline)],
        [SpecialToken.endThink, oneHot(Dim.afterThinkClose)]
    ]);
    // Which codes each token follows; a Set, so a token two replies lead to (EOS) is not counted twice.
    const predecessors = new Map<number, Map<string, Code>>();
    const follows = (next: number, code: Code) => {
        const codes = predecessors.get(next) ?? new Map<string, Code>();
        codes.set(JSON.stringify(code), code);
        predecessors.set(next, codes);
    };

    replies.forEach((reply, k) => {
        const tokens = replyTokens[k]!;
        tokens.forEach((token, i) => {
            const code = i === tokens.length - 1 ? oneHot(Dim.replyEnd) : nextPairCode();
            codeOfToken.set(token, code);
            follows(tokenAt(k, i + 1), code);
        });
        const thinkOpen = reply.startsWith("<think>") ? "<think>".length : 0;
        const thinkOpenNewline = reply.startsWith("<think>\n") ? "<think>\n".length : thinkOpen;
        follows(tokenAt(k, 0), oneHot(Dim.replyStart));
        follows(tokenAt(k, thinkOpen), oneHot(Dim.afterThinkOpen));
        follows(tokenAt(k, thinkOpenNewline), oneHot(Dim.afterThinkOpenNewline));
    });
    const closing = replies.findIndex((reply) => reply.includes("</think>"));
    const answerStart = closing < 0 ? -1 : Buffer.from(replies[closing]!, "utf8").indexOf("</think>") + "</think>".length;
    follows(closing < 0 ? SpecialToken.eos : tokenAt(closing, answerStart), oneHot(Dim.afterThinkClose));

    const vocabularySize = vocabulary.tokens.length;
    const E = embeddingLength;
    const shape: LlamaShape = {
        name: options.name ?? "ponder-test-scripted",
        architecture: "llama",
        contextLength: options.contextLength ?? 32768,
        embeddingLength: E,
        blockCount: options.blockCount ?? 1,
        feedForwardLength: options.feedForwardLength ?? 32,
        headCount: 1,
        headCountKv: 1,
        ...(options.experts ? { experts: options.experts } : {})
    };
    const tokenEmbedding = new Float32Array(E * vocabularySize);
    for (let token = 0; token < vocabularySize; token++) {
        const code = codeOfToken.get(token) ?? oneHot(Dim.replyStart);
        for (const dim of code.kind === "oneHot" ? [code.dim] : code.dims) tokenEmbedding[token * E + dim] = 1;
    }
    // The final RMS norm scales a one-hot embedding to sqrt(E) in its dimension and a pair to sqrt(E/2) in each.
    const output = new Float32Array(E * vocabularySize);
    for (const [token, codes] of predecessors) {
        for (const code of codes.values()) {
            if (code.kind === "oneHot") output[token * E + code.dim]! += scriptedLogit / Math.sqrt(E);
            else for (const dim of code.dims) output[token * E + dim]! += scriptedLogit / (2 * Math.sqrt(E / 2));
        }
    }
    // Every other weight stays zero: attention and feed-forward add nothing to the residual stream.
    const tensors = llamaTensors(shape, vocabularySize, { tokenEmbedding, output, blockWeight: () => undefined });
    const written = await writeGguf(path, { metadata: modelMetadata(shape, vocabulary), tensors });
    return { path, sizeBytes: written.sizeBytes, replies };
}
