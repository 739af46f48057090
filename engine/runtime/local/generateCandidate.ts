// Generates one candidate reply on one context sequence: opens the thought when the model's format needs it, streams thought and
// answer as events, enforces the thinking budget and the loop guard, and turns every way a generation can
// end (end of reply, token limit, cancel, loop) into a plain `CandidateReply`.

import { performance } from "node:perf_hooks";
import {
    LlamaChat, type ChatHistoryItem, type ChatWrapper, type LlamaContextSequence, type LlamaChatResponseChunk,
    type LlamaGrammar, type LLamaChatGenerateResponseOptions
} from "node-llama-cpp";
import type {
    CandidateReply, ReasoningEvent, ReplyFlag, SamplingSettings, StopReason, ThoughtClosedBy
} from "../ModelRuntime.js";
import { ThoughtLoopGuard } from "../ThoughtLoopGuard.js";

export interface CandidateGenerationOptions {
    index: number;
    seed: number;
    sequence: LlamaContextSequence;
    chatWrapper: ChatWrapper;
    /** The conversation before the reply, in node-llama-cpp's form. */
    history: ChatHistoryItem[];
    promptTokens: number;
    sampling: Required<Pick<SamplingSettings, "temperature" | "topP">> & SamplingSettings;
    /** Open the reply with `<think>\n` so the model cannot skip thinking. */
    forceThinkOpen: boolean;
    thinkBudget: number;
    /** Tokens left for this reply: the request's limit or what the context holds after the prompt. */
    maxTokens: number;
    /** True when `maxTokens` came from the request rather than the context size. */
    maxTokensRequested: boolean;
    loopGuard: boolean;
    grammar?: LlamaGrammar;
    signal?: AbortSignal;
    onEvent?: (event: ReasoningEvent) => void;
    startedAt: number;
}

type GenerateOptions = LLamaChatGenerateResponseOptions<undefined>;

export async function generateCandidate(options: CandidateGenerationOptions): Promise<CandidateReply> {
    const { index, signal } = options;
    const emit = (event: ReasoningEvent) => options.onEvent?.(event);
    const chat = new LlamaChat({ contextSequence: options.sequence, chatWrapper: options.chatWrapper });
    const guard = options.loopGuard ? new ThoughtLoopGuard() : undefined;
    // Cutting a thought (loop guard, or the budget on a thought Ponder opened, which node-llama-cpp 3.21.1 does not
    // count against `budgets`) aborts this generation and starts a second one from the closed thought.
    const cutAbort = new AbortController();
    // A JSON-schema grammar would also constrain the thought, so a constrained answer is generated in a second
    // call that starts after the closed thought.
    let cutBy: "loopGuard" | "budget" | "answerGrammar" | undefined;
    const cutThought = (by: "loopGuard" | "budget" | "answerGrammar") => {
        if (cutBy) return;
        cutBy = by;
        cutAbort.abort();
    };
    const combinedSignal = signal ? AbortSignal.any([signal, cutAbort.signal]) : cutAbort.signal;
    let answerPhase = false;

    let thought = options.forceThinkOpen ? "\n" : "";
    let answer = "";
    let thoughtTokens = 0;
    let answerTokens = 0;
    let thoughtOpen = options.forceThinkOpen;
    let thoughtSeen = options.forceThinkOpen;
    let closedBy: ThoughtClosedBy = "none";
    let firstTokenAt: number | undefined;
    let lastTokenAt = options.startedAt;
    if (options.forceThinkOpen) emit({ kind: "thought", candidate: index, text: thought });

    const endThought = (by: ThoughtClosedBy) => {
        if (!thoughtOpen) return;
        thoughtOpen = false;
        closedBy = by;
        emit({ kind: "thoughtEnd", candidate: index, closedBy: by });
    };
    const onResponseChunk = (chunk: LlamaChatResponseChunk) => {
        if (chunk.tokens.length > 0) {
            const now = performance.now();
            firstTokenAt ??= now;
            lastTokenAt = now;
        }
        if (chunk.type === "segment" && chunk.segmentType === "thought") {
            thoughtSeen = true;
            if (chunk.text !== "") {
                thoughtOpen = true;
                thought += chunk.text;
                thoughtTokens += chunk.tokens.length;
                emit({ kind: "thought", candidate: index, text: chunk.text });
                if (guard?.push(chunk.text)) cutThought("loopGuard");
                else if (thoughtTokens >= options.thinkBudget) cutThought("budget");
            }
            if (chunk.segmentEndTime !== undefined) {
                endThought(thoughtTokens >= options.thinkBudget ? "budget" : "model");
                if (options.grammar) cutThought("answerGrammar");
            }
            return;
        }
        if (chunk.type === "segment") return;
        if (chunk.text === "" && chunk.tokens.length === 0) return;
        if (thoughtOpen) endThought(thoughtTokens >= options.thinkBudget ? "budget" : "model");
        // Tokens that slip out between a cut and the abort taking effect belong to no phase: the second call redoes them.
        if (cutBy !== undefined && !answerPhase) return;
        answer += chunk.text;
        answerTokens += chunk.tokens.length;
        emit({ kind: "answer", candidate: index, text: chunk.text });
    };

    const sampling = {
        temperature: options.sampling.temperature,
        topP: options.sampling.topP,
        ...(options.sampling.topK !== undefined ? { topK: options.sampling.topK } : {}),
        ...(options.sampling.minP !== undefined ? { minP: options.sampling.minP } : {}),
        seed: options.seed
    };
    const baseOptions: GenerateOptions = {
        ...sampling,
        onResponseChunk,
        signal: combinedSignal,
        stopOnAbortSignal: true,
        budgets: { thoughtTokens: options.thinkBudget, includeCurrentResponse: true }
    };
    const opening: ChatHistoryItem[] = options.forceThinkOpen
        ? [{ type: "model", response: [{ type: "segment", segmentType: "thought", text: "\n", ended: false }] }]
        : [];

    let stopReason: StopReason = "endOfReply";
    try {
        const thinksFirst = options.forceThinkOpen || !options.grammar;
        let result = await runUntilStopped(chat, [...options.history, ...opening],
            { ...baseOptions, maxTokens: options.maxTokens, ...(!thinksFirst && options.grammar ? { grammar: options.grammar } : {}) } as GenerateOptions);
        let metaStop = result?.metadata.stopReason ?? "abort";
        if (metaStop === "abort" && cutBy && !signal?.aborted) {
            // The thought was cut or closed before a constrained answer: close it and let the model answer from what it has.
            if (cutBy !== "answerGrammar") endThought(cutBy);
            answerPhase = true;
            const used = thoughtTokens + answerTokens;
            const closedThought: ChatHistoryItem = {
                type: "model", response: [{ type: "segment", segmentType: "thought", text: thought, ended: true }]
            };
            result = await runUntilStopped(chat, [...options.history, closedThought], {
                ...baseOptions, signal: signal ?? new AbortController().signal, maxTokens: Math.max(1, options.maxTokens - used),
                ...(options.grammar ? { grammar: options.grammar } : {})
            } as GenerateOptions);
            metaStop = result?.metadata.stopReason ?? "abort";
        }
        stopReason = metaStop === "abort" ? "cancelled"
            : metaStop === "maxTokens" ? (options.maxTokensRequested ? "maxTokens" : "contextFull")
            : "endOfReply";
    } finally {
        chat.dispose({ disposeSequence: false });
    }

    if (thoughtOpen) {
        // The reply ended inside the thought: it never produced `</think>`.
        if (stopReason === "endOfReply") endThought("unclosed");
        else { thoughtOpen = false; closedBy = "unclosed"; }
    }
    const flags = replyFlags({ thought, answer, thoughtSeen, closedBy, stopReason, forceThinkOpen: options.forceThinkOpen });
    const generated = thoughtTokens + answerTokens;
    const end = performance.now();
    const reply: CandidateReply = {
        index,
        seed: options.seed,
        thought,
        answer,
        stopReason,
        thoughtClosedBy: closedBy,
        flags,
        usage: { promptTokens: options.promptTokens, thoughtTokens, answerTokens },
        timings: {
            firstTokenMs: round((firstTokenAt ?? end) - options.startedAt),
            totalMs: round(end - options.startedAt),
            tokensPerSecond: generated > 1 && firstTokenAt !== undefined && lastTokenAt > firstTokenAt
                ? round((generated - 1) / ((lastTokenAt - firstTokenAt) / 1000))
                : 0
        }
    };
    emit({ kind: "done", candidate: index, reply });
    return reply;
}

/** Runs one generation; an abort before the first token throws in node-llama-cpp, which is a cancel here too. */
async function runUntilStopped(chat: LlamaChat, history: ChatHistoryItem[], options: GenerateOptions) {
    try {
        return await chat.generateResponse(history, options);
    } catch (error) {
        if (options.signal?.aborted) return undefined;
        throw error;
    }
}

function replyFlags(reply: {
    thought: string; answer: string; thoughtSeen: boolean; closedBy: ThoughtClosedBy; stopReason: StopReason; forceThinkOpen: boolean;
}): ReplyFlag[] {
    const flags: ReplyFlag[] = [];
    const thoughtEmpty = reply.thought.trim() === "";
    if (reply.closedBy === "unclosed") flags.push("thoughtUnclosed");
    if (reply.closedBy === "budget") flags.push("thoughtBudgetReached");
    if (reply.closedBy === "loopGuard") flags.push("thoughtLoop");
    if (thoughtEmpty && reply.answer.trim() === "") flags.push("emptyReply");
    else if (reply.answer.trim() === "") flags.push("emptyAnswer");
    if (reply.stopReason === "maxTokens" || reply.stopReason === "contextFull") flags.push("maxTokens");
    return flags;
}

function round(value: number): number {
    return Math.round(value * 10) / 10;
}
