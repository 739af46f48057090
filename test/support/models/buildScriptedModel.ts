// Builds a model whose decoding reproduces chosen R1-style replies: one reply by greedy decoding, several
// as equal-logit branches that seeded sampling chooses among. Attention and feed-forward weights are zero,
// so the next token depends only on the current one: each reply byte gets its own token (a byte token with
// a unique suffix still decodes to its byte), and the output row of the next token points at it.

import { writeGguf } from "./GgufWriter.js";
import {
    baseVocabulary, byteTokenId, byteTokenText, llamaTensors, modelMetadata, SpecialToken, TokenType, type LlamaShape
} from "./r1ModelParts.js";

export interface ScriptedModelOptions {
    /**
     * The replies, e.g. `"<think>\nThe bound is off by one.\n</think>\n\nUse `<=`."`. With several, the first token
     * branches with equal logits and the seed picks one (top-p 0.95 keeps all of up to 19 branches).
     * Every prompt gets the same reply set. "" is an empty reply (end of sequence at once).
     */
    replies: string[];
    /** Training context length in the header. Default 32768. */
    contextLength?: number;
    /** `general.name`. Default "ponder-test-scripted". */
    name?: string;
}

export interface ScriptedModel {
    path: string;
    sizeBytes: number;
    replies: string[];
}

/** Logit of the scripted next token; every other token gets at most half of it. */
const targetLogit = 60;

/** Dedicated embedding dimensions for the tokens a prompt can end with, and for "end of reply". */
const Dim = { assistant: 0, newline: 1, thinkToken: 2, greaterThan: 3, endThinkToken: 4, end: 5 } as const;
const dedicatedDims = 6;

type Code = { kind: "oneHot"; dim: number } | { kind: "pair"; dims: [number, number] };

export async function buildScriptedModel(path: string, options: ScriptedModelOptions): Promise<ScriptedModel> {
    if (options.replies.length === 0) throw new Error("a scripted model needs at least one reply");
    const vocabulary = baseVocabulary();
    const replyBytes = options.replies.map((reply) => [...Buffer.from(reply, "utf8")]);
    // One unique token per reply byte.
    const replyTokens = replyBytes.map((bytes, k) => bytes.map((byte, i) => {
        vocabulary.tokens.push(byteTokenText(byte, `r${k}.${i}`));
        vocabulary.scores.push(0);
        vocabulary.types.push(TokenType.byte);
        return vocabulary.tokens.length - 1;
    }));

    // Which token follows which: successors[token] lists the tokens that may come next (equal logits).
    const predecessorsOf = new Map<number, Code[]>();
    const follows = (next: number, code: Code) => {
        const list = predecessorsOf.get(next) ?? [];
        list.push(code);
        predecessorsOf.set(next, list);
    };
    const tokenAt = (k: number, index: number) => (index < replyTokens[k]!.length ? replyTokens[k]![index]! : SpecialToken.eos);
    const pairCount = replyTokens.reduce((sum, tokens) => sum + Math.max(0, tokens.length - 1), 0);
    let codeDims = 2;
    while ((codeDims * (codeDims - 1)) / 2 < pairCount) codeDims++;
    const embeddingLength = Math.ceil((dedicatedDims + codeDims) / 32) * 32;
    const codes = new Map<number, Code>();
    let nextPair = 0;
    const pairCode = (): Code => {
        // The n-th pair (i < j) of code dimensions, enumerated row by row.
        let n = nextPair++;
        let i = 0;
        while (n >= codeDims - 1 - i) { n -= codeDims - 1 - i; i++; }
        return { kind: "pair", dims: [dedicatedDims + i, dedicatedDims + i + 1 + n] };
    };
    const oneHot = (dim: number): Code => ({ kind: "oneHot", dim });

    options.replies.forEach((reply, k) => {
        const tokens = replyTokens[k]!;
        tokens.forEach((token, i) => {
            const code = i === tokens.length - 1 ? oneHot(Dim.end) : pairCode();
            codes.set(token, code);
            follows(tokenAt(k, i + 1), code);
        });
        const afterThinkOpen = reply.startsWith("<think>\n") ? 8 : 0;
        follows(tokenAt(k, 0), oneHot(Dim.assistant));
        follows(tokenAt(k, afterThinkOpen), oneHot(Dim.newline));
        follows(tokenAt(k, reply.startsWith("<think>") ? 7 : 0), oneHot(Dim.thinkToken));
    });
    // A thought closed from outside (thinking budget, loop guard) ends the prompt with `</think>`: the first
    // reply's answer follows.
    const firstReply = options.replies[0]!;
    const closeAt = Buffer.from(firstReply, "utf8").indexOf("</think>");
    const answerStart = closeAt >= 0 ? closeAt + "</think>".length : replyTokens[0]!.length;
    follows(tokenAt(0, answerStart), oneHot(Dim.greaterThan));
    follows(tokenAt(0, answerStart), oneHot(Dim.endThinkToken));

    const promptCodes = new Map<number, Code>([
        [SpecialToken.assistant, oneHot(Dim.assistant)],
        [byteTokenId(0x0a), oneHot(Dim.newline)],
        [SpecialToken.think, oneHot(Dim.thinkToken)],
        [byteTokenId(0x3e), oneHot(Dim.greaterThan)],
        [SpecialToken.endThink, oneHot(Dim.endThinkToken)]
    ]);
    const vocabularySize = vocabulary.tokens.length;
    const E = embeddingLength;
    const codeOf = (token: number): Code => codes.get(token) ?? promptCodes.get(token) ?? oneHot(Dim.assistant);

    const shape: LlamaShape = {
        name: options.name ?? "ponder-test-scripted",
        architecture: "llama",
        contextLength: options.contextLength ?? 32768,
        embeddingLength: E,
        blockCount: 1,
        feedForwardLength: 32,
        headCount: 1,
        headCountKv: 1
    };
    const tensors = llamaTensors(shape, vocabularySize, {
        tokenEmbedding: (data) => {
            for (let token = 0; token < vocabularySize; token++) {
                const code = codeOf(token);
                for (const dim of code.kind === "oneHot" ? [code.dim] : code.dims) data[token * E + dim] = 1;
            }
        },
        output: (data) => {
            // RMS norm scales a one-hot vector to sqrt(E) and a pair to sqrt(E/2) per dimension.
            for (const [token, predecessors] of predecessorsOf) {
                for (const code of predecessors) {
                    if (code.kind === "oneHot") data[token * E + code.dim] += targetLogit / Math.sqrt(E);
                    else for (const dim of code.dims) data[token * E + dim] += targetLogit / (2 * Math.sqrt(E / 2));
                }
            }
        },
        other: () => { /* zero: attention and feed-forward add nothing, the next token depends on the current one */ }
    });
    const sizeBytes = writeGguf(path, { metadata: modelMetadata(shape, vocabulary), tensors });
    return { path, sizeBytes, replies: options.replies };
}
