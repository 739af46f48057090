// Generates one candidate reply on one context sequence: opens the thought when the model's format needs it, streams thought and
// answer as events, enforces the thinking budget and the loop guard, and turns every way a generation can
// end (end of reply, token limit, cancel, loop) into a plain `CandidateReply`.

import {
    LlamaChat,
    type ChatHistoryItem,
    type ChatWrapper,
    type LlamaContextSequence,
    type LlamaGrammar,
    type LLamaChatGenerateResponseOptions
} from "node-llama-cpp";
import type { CandidateReply, ReasoningEvent, SamplingSettings, StopReason } from "../ModelRuntime.js";
import { CandidateStream } from "./CandidateStream.js";

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
    const { signal } = options;
    const chat = new LlamaChat({ contextSequence: options.sequence, chatWrapper: options.chatWrapper });
    // Cutting a thought (loop guard, or the budget on a thought Ponder opened, which node-llama-cpp 3.21.1 does not
    // count against `budgets`) aborts this generation and starts a second one from the closed thought. A JSON-schema
    // grammar would also constrain the thought, so a constrained answer is generated in a second call too.
    const cutAbort = new AbortController();
    const stream = new CandidateStream(
        {
            index: options.index,
            forceThinkOpen: options.forceThinkOpen,
            thinkBudget: options.thinkBudget,
            loopGuard: options.loopGuard,
            answerGrammar: options.grammar !== undefined,
            onCut: () => cutAbort.abort(),
            ...(options.onEvent ? { onEvent: options.onEvent } : {})
        },
        options.startedAt
    );
    const baseOptions: GenerateOptions = {
        ...samplingOf(options),
        onResponseChunk: stream.onResponseChunk,
        signal: AbortSignal.any([...(signal ? [signal] : []), cutAbort.signal, stream.answerLoop.signal]),
        stopOnAbortSignal: true,
        budgets: { thoughtTokens: options.thinkBudget, includeCurrentResponse: true }
    };
    const opening: ChatHistoryItem[] = options.forceThinkOpen
        ? [{ type: "model", response: [{ type: "segment", segmentType: "thought", text: "\n", ended: false }] }]
        : [];

    let stopReason: StopReason = "endOfReply";
    try {
        const thinksFirst = options.forceThinkOpen || !options.grammar;
        let result = await runUntilStopped(chat, [...options.history, ...opening], {
            ...baseOptions,
            maxTokens: options.maxTokens,
            ...(!thinksFirst && options.grammar ? { grammar: options.grammar } : {})
        } as GenerateOptions);
        let metaStop = result?.metadata.stopReason ?? "abort";
        if (metaStop === "abort" && stream.cutBy && !signal?.aborted) {
            // The thought was cut or closed before a constrained answer: close it and let the model answer from what it has.
            if (stream.cutBy !== "answerGrammar") stream.endThought(stream.cutBy);
            stream.answerPhase = true;
            const used = stream.thoughtTokens + stream.answerTokens;
            const closedThought: ChatHistoryItem = {
                type: "model",
                response: [{ type: "segment", segmentType: "thought", text: stream.thought, ended: true }]
            };
            result = await runUntilStopped(chat, [...options.history, closedThought], {
                ...baseOptions,
                signal: AbortSignal.any([...(signal ? [signal] : []), stream.answerLoop.signal]),
                maxTokens: Math.max(1, options.maxTokens - used),
                ...(options.grammar ? { grammar: options.grammar } : {})
            } as GenerateOptions);
            metaStop = result?.metadata.stopReason ?? "abort";
        }
        // An answer stopped by its loop guard ended as a reply does; the `answerLoop` flag says why.
        stopReason =
            metaStop === "abort"
                ? stream.answerLoop.signal.aborted && !signal?.aborted
                    ? "endOfReply"
                    : "cancelled"
                : metaStop === "maxTokens"
                  ? options.maxTokensRequested
                      ? "maxTokens"
                      : "contextFull"
                  : "endOfReply";
    } finally {
        chat.dispose({ disposeSequence: false });
    }
    stream.closeUnclosed(stopReason);
    return stream.finish(options.seed, options.promptTokens, stopReason, options.startedAt);
}

function samplingOf(options: CandidateGenerationOptions) {
    return {
        temperature: options.sampling.temperature,
        topP: options.sampling.topP,
        ...(options.sampling.topK !== undefined ? { topK: options.sampling.topK } : {}),
        ...(options.sampling.minP !== undefined ? { minP: options.sampling.minP } : {}),
        seed: options.seed
    };
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
