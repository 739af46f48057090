// One candidate's reply as node-llama-cpp streams it: thought and answer text and tokens, when the thought opened
// and closed (and by whom), token times, and whether the thought was cut (loop guard, budget, or to answer under a
// grammar). It turns each response chunk into Ponder's events and, at the end, into a plain `CandidateReply`.

import { performance } from "node:perf_hooks";
import type { LlamaChatResponseChunk } from "node-llama-cpp";
import type { CandidateReply, ReasoningEvent, ReplyFlag, StopReason, ThoughtClosedBy } from "../ModelRuntime.js";
import { AnswerLoopGuard } from "../AnswerLoopGuard.js";
import { ThoughtLoopGuard } from "../ThoughtLoopGuard.js";

/** Why a thought was cut short: the generation is aborted and a second one answers from the closed thought. */
export type ThoughtCut = "loopGuard" | "budget" | "answerGrammar";

export interface CandidateStreamOptions {
    index: number;
    /** Ponder opened the thought itself (`<think>\n`), so it starts open with a newline. */
    forceThinkOpen: boolean;
    thinkBudget: number;
    loopGuard: boolean;
    /** The answer is constrained by a grammar, so the thought's end cuts the first generation. */
    answerGrammar: boolean;
    onEvent?: (event: ReasoningEvent) => void;
    /** Called once when the thought is cut: the caller aborts the running generation. */
    onCut: () => void;
}

export class CandidateStream {
    thought: string;
    answer = "";
    thoughtTokens = 0;
    answerTokens = 0;
    /** Why the thought was cut, when it was. */
    cutBy: ThoughtCut | undefined;
    /** The second generation (after a cut) is running: its tokens are the answer. */
    answerPhase = false;
    private thoughtOpen: boolean;
    private closedBy: ThoughtClosedBy = "none";
    private firstTokenAt: number | undefined;
    private lastTokenAt: number;
    private readonly guard: ThoughtLoopGuard | undefined;
    private readonly answerGuard: AnswerLoopGuard | undefined;
    /** Aborted when the answer loops: the generation stops there, and the reply is flagged `answerLoop`. */
    readonly answerLoop = new AbortController();

    constructor(
        private readonly options: CandidateStreamOptions,
        startedAt: number
    ) {
        this.thought = options.forceThinkOpen ? "\n" : "";
        this.thoughtOpen = options.forceThinkOpen;
        this.lastTokenAt = startedAt;
        this.guard = options.loopGuard ? new ThoughtLoopGuard() : undefined;
        this.answerGuard = options.loopGuard ? new AnswerLoopGuard() : undefined;
        if (options.forceThinkOpen) this.emit({ kind: "thought", candidate: options.index, text: this.thought });
    }

    /** node-llama-cpp's `onResponseChunk`: thought segments go to the thought, other text to the answer. */
    readonly onResponseChunk = (chunk: LlamaChatResponseChunk): void => {
        if (chunk.tokens.length > 0) {
            const now = performance.now();
            this.firstTokenAt ??= now;
            this.lastTokenAt = now;
        }
        if (chunk.type === "segment" && chunk.segmentType === "thought")
            return this.onThoughtChunk(chunk.text, chunk.tokens.length, chunk.segmentEndTime !== undefined);
        if (chunk.type === "segment") return;
        if (chunk.text === "" && chunk.tokens.length === 0) return;
        if (this.thoughtOpen) this.endThought(this.overBudget() ? "budget" : "model");
        // Tokens that slip out between a cut and the abort taking effect belong to no phase: the second call redoes them.
        if ((this.cutBy !== undefined && !this.answerPhase) || this.answerLoop.signal.aborted) return;
        this.answer += chunk.text;
        this.answerTokens += chunk.tokens.length;
        this.emit({ kind: "answer", candidate: this.options.index, text: chunk.text });
        if (this.answerGuard?.push(chunk.text)) this.answerLoop.abort();
    };

    /** Closes the thought (once) and says so. */
    endThought(by: ThoughtClosedBy): void {
        if (!this.thoughtOpen) return;
        this.thoughtOpen = false;
        this.closedBy = by;
        this.emit({ kind: "thoughtEnd", candidate: this.options.index, closedBy: by });
    }

    /** The reply ended with the thought still open: it never produced its end. */
    closeUnclosed(stopReason: StopReason): void {
        if (!this.thoughtOpen) return;
        if (stopReason === "endOfReply") this.endThought("unclosed");
        else {
            this.thoughtOpen = false;
            this.closedBy = "unclosed";
        }
    }

    /** The finished reply, announced as `done`. */
    finish(seed: number, promptTokens: number, stopReason: StopReason, startedAt: number): CandidateReply {
        const end = performance.now();
        const generated = this.thoughtTokens + this.answerTokens;
        const reply: CandidateReply = {
            index: this.options.index,
            seed,
            thought: this.thought,
            answer: this.answer,
            stopReason,
            thoughtClosedBy: this.closedBy,
            flags: [
                ...replyFlags({ thought: this.thought, answer: this.answer, closedBy: this.closedBy, stopReason }),
                ...(this.answerLoop.signal.aborted ? ["answerLoop" as const] : [])
            ],
            usage: { promptTokens, thoughtTokens: this.thoughtTokens, answerTokens: this.answerTokens },
            timings: {
                firstTokenMs: round((this.firstTokenAt ?? end) - startedAt),
                totalMs: round(end - startedAt),
                tokensPerSecond:
                    generated > 1 && this.firstTokenAt !== undefined && this.lastTokenAt > this.firstTokenAt
                        ? round((generated - 1) / ((this.lastTokenAt - this.firstTokenAt) / 1000))
                        : 0
            }
        };
        this.emit({ kind: "done", candidate: this.options.index, reply });
        return reply;
    }

    private onThoughtChunk(text: string, tokens: number, segmentEnded: boolean): void {
        if (text !== "") {
            this.thoughtOpen = true;
            this.thought += text;
            this.thoughtTokens += tokens;
            this.emit({ kind: "thought", candidate: this.options.index, text });
            if (this.guard?.push(text)) this.cut("loopGuard");
            else if (this.overBudget()) this.cut("budget");
        }
        if (segmentEnded) {
            this.endThought(this.overBudget() ? "budget" : "model");
            if (this.options.answerGrammar) this.cut("answerGrammar");
        }
    }

    private cut(by: ThoughtCut): void {
        if (this.cutBy) return;
        this.cutBy = by;
        this.options.onCut();
    }

    private overBudget(): boolean {
        return this.thoughtTokens >= this.options.thinkBudget;
    }

    private emit(event: ReasoningEvent): void {
        this.options.onEvent?.(event);
    }
}

function replyFlags(reply: {
    thought: string;
    answer: string;
    closedBy: ThoughtClosedBy;
    stopReason: StopReason;
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
