// One streaming chat completion against an OpenAI-compatible server (llama.cpp's server, vLLM, SGLang,
// Ollama, DeepSeek's API): server-sent events in, thought and answer deltas out. Reasoning comes from
// `reasoning_content` (llama.cpp, SGLang, DeepSeek's API, older vLLM) or `reasoning` (newer vLLM, Ollama) deltas
// when the server splits it, else from `<think>` tags in the content. llama-server's `--reasoning-format
// deepseek-legacy` does both: the tags stay in the content while `reasoning_content` carries the thought too.

import { RemoteRequestError, RemoteStreamError } from "./remoteErrors.js";

export interface ChatCompletionRequest {
    url: string;
    apiKey?: string;
    body: Record<string, unknown>;
    signal: AbortSignal;
    /** Called with each piece of thought or answer as it arrives. */
    onDelta: (kind: "thought" | "answer", text: string) => void;
}

/** A request for several choices (`n`), whose streamed chunks each name their choice by `index`. */
export interface MultiChoiceCompletionRequest extends Omit<ChatCompletionRequest, "onDelta"> {
    choices: number;
    /** Called with each piece of a choice's thought or answer as it arrives. */
    onDelta: (choice: number, kind: "thought" | "answer", text: string) => void;
    /** Asked after every event with which choices have finished: true ends the stream early, without an error. */
    enough: (finished: readonly boolean[]) => boolean;
}

export interface ChatCompletionOutcome {
    finishReason: string | undefined;
    /** Set when the split of inline tags changed after the stream: the final thought and answer. */
    resplit?: { thought: string; answer: string };
    usage?: {
        prompt_tokens?: number;
        completion_tokens?: number;
        completion_tokens_details?: { reasoning_tokens?: number };
    };
    /** True when the model (or the server) closed the thought. */
    thoughtClosed: boolean;
    sawThought: boolean;
}

/**
 * Splits a content stream that carries `<think>…</think>` inline into thought and answer. A stream that does
 * not open with `<think>` is taken as a thought whose opening tag was in the prompt (R1 templates end the prompt
 * with `<think>\n`) and streamed as thought; if it ends without `</think>`, `result()` gives it back as the answer.
 */
export class ThinkTagSplitter {
    private state: "start" | "thought" | "answer" = "start";
    private pending = "";
    private implicit = false;
    private thought = "";
    private answer = "";
    sawThought = false;
    closed = false;

    constructor(private readonly emit: (kind: "thought" | "answer", text: string) => void) {}

    private out(kind: "thought" | "answer", text: string): void {
        if (kind === "thought") this.thought += text;
        else this.answer += text;
        this.emit(kind, text);
    }

    push(text: string): void {
        this.pending += text;
        for (;;) {
            if (this.state === "start") {
                const trimmed = this.pending.trimStart();
                if (trimmed.startsWith("<think>")) {
                    this.pending = trimmed.slice("<think>".length);
                    this.state = "thought";
                    this.sawThought = true;
                    continue;
                }
                if (trimmed === "" || "<think>".startsWith(trimmed)) return;
                this.state = "thought";
                this.implicit = true;
                continue;
            }
            if (this.state === "thought") {
                const end = this.pending.indexOf("</think>");
                if (end >= 0) {
                    if (end > 0) this.out("thought", this.pending.slice(0, end));
                    this.pending = this.pending.slice(end + "</think>".length);
                    this.state = "answer";
                    this.closed = true;
                    this.sawThought = true;
                    continue;
                }
                // Hold back a tail that could be the start of `</think>`.
                const keep = partialSuffix(this.pending, "</think>");
                const ready = this.pending.slice(0, this.pending.length - keep);
                if (ready) this.out("thought", ready);
                this.pending = this.pending.slice(ready.length);
                return;
            }
            if (this.pending) this.out("answer", this.pending);
            this.pending = "";
            return;
        }
    }

    finish(): void {
        if (this.pending) this.out(this.state === "answer" ? "answer" : "thought", this.pending);
        this.pending = "";
    }

    /** The final split: an implicit thought that never closed was the answer all along. */
    result(): { thought: string; answer: string; closed: boolean; sawThought: boolean } {
        if (this.implicit && !this.closed)
            return { thought: "", answer: this.thought + this.answer, closed: false, sawThought: false };
        return { thought: this.thought, answer: this.answer, closed: this.closed, sawThought: this.sawThought };
    }
}

function partialSuffix(text: string, tag: string): number {
    for (let n = Math.min(tag.length - 1, text.length); n > 0; n--)
        if (tag.startsWith(text.slice(text.length - n))) return n;
    return 0;
}

/** Whether content that starts a reply opens with `<think>` (or could, once more of it arrives). */
function opensThinkTag(content: string): boolean {
    const trimmed = content.trimStart();
    return trimmed !== "" && (trimmed.startsWith("<think>") || "<think>".startsWith(trimmed));
}

/** One `data:` event of an OpenAI-compatible chat completion stream, as the servers send it. */
interface StreamEvent {
    choices?: {
        index?: number;
        delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null };
        finish_reason?: string | null;
    }[];
    usage?: ChatCompletionOutcome["usage"];
    error?: unknown;
}

function describeStreamError(error: unknown): string {
    if (typeof error === "string") return error;
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === "string" ? message : JSON.stringify(error);
}

export async function streamChatCompletion(request: ChatCompletionRequest): Promise<ChatCompletionOutcome> {
    const outcomes = await streamChoices({
        ...request,
        choices: 1,
        onDelta: (_choice, kind, text) => request.onDelta(kind, text),
        enough: () => false
    });
    return outcomes[0]!;
}

/**
 * One streamed request for `choices` completions (llama-server's `n`): chunks are routed by their choice's `index`,
 * and a usage chunk (which names no choice) belongs to the choice that finished last. Outcomes by choice.
 */
export function streamChatCompletions(request: MultiChoiceCompletionRequest): Promise<ChatCompletionOutcome[]> {
    return streamChoices(request);
}

/** It is long because it is the one reader of a server-sent event stream: request, line framing, routing and its end. */
async function streamChoices(request: MultiChoiceCompletionRequest): Promise<ChatCompletionOutcome[]> {
    const response = await fetch(request.url, {
        method: "POST",
        headers: {
            "content-type": "application/json",
            accept: "text/event-stream",
            ...(request.apiKey ? { authorization: `Bearer ${request.apiKey}` } : {})
        },
        body: JSON.stringify({ ...request.body, stream: true, stream_options: { include_usage: true } }),
        signal: request.signal
    });
    if (!response.ok || !response.body) {
        const text = await response.text().catch(() => "");
        throw new RemoteRequestError(response.status, text.slice(0, 500), response.headers.get("retry-after"));
    }
    let sawDone = false;
    const routers = Array.from(
        { length: request.choices },
        (_, choice) => new DeltaRouter((kind, text) => request.onDelta(choice, kind, text))
    );
    const finishReasons: (string | undefined)[] = routers.map(() => undefined);
    const usages: ChatCompletionOutcome["usage"][] = routers.map(() => undefined);
    const finishedOrder: number[] = [];
    const decoder = new TextDecoder();
    let buffer = "";
    const handleLine = (line: string): void => {
        // Lines other than `data:` are comments (`: keep-alive`), `event:`/`id:` fields or the blank event separator.
        if (!line.startsWith("data:")) return;
        const data = line.slice(5).trim();
        if (data === "[DONE]") {
            sawDone = true;
            return;
        }
        let event: StreamEvent;
        try {
            event = JSON.parse(data) as StreamEvent;
        } catch {
            return;
        }
        if (event.error) throw new RemoteStreamError(`the server sent an error: ${describeStreamError(event.error)}`);
        for (const choice of event.choices ?? []) {
            const index = request.choices === 1 ? 0 : (choice.index ?? 0);
            const router = routers[index];
            if (!router) continue;
            if (choice.delta) router.push(choice.delta);
            if (choice.finish_reason && finishReasons[index] === undefined) {
                finishReasons[index] = choice.finish_reason;
                finishedOrder.push(index);
            }
        }
        if (event.usage) {
            const owner = finishedOrder.find((choice) => usages[choice] === undefined) ?? 0;
            usages[owner] = event.usage;
        }
    };
    let stoppedEarly = false;
    try {
        read: for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let newline: number;
            while ((newline = buffer.indexOf("\n")) >= 0) {
                const line = buffer.slice(0, newline).replace(/\r$/, "");
                buffer = buffer.slice(newline + 1);
                handleLine(line);
                // Leaving the loop cancels the body, which ends the request on the server.
                if (request.enough(finishReasons.map((reason) => reason !== undefined))) {
                    stoppedEarly = true;
                    break read;
                }
            }
        }
        if (!stoppedEarly) handleLine((buffer + decoder.decode()).replace(/\r$/, ""));
    } catch (error) {
        if (request.signal.aborted || error instanceof RemoteStreamError) throw error;
        throw new RemoteStreamError(`the connection broke: ${error instanceof Error ? error.message : String(error)}`, {
            cause: error
        });
    }
    // A finish reason or `[DONE]` marks a whole reply; a stream that just stops was cut in the middle.
    if (!stoppedEarly && !sawDone && finishReasons.some((reason) => reason === undefined))
        throw new RemoteStreamError("the stream ended before the reply was finished");
    return routers.map((router, index) => {
        const usage = usages[index];
        return { finishReason: finishReasons[index], ...router.finish(), ...(usage ? { usage } : {}) };
    });
}

/**
 * Routes a stream's deltas to thought and answer: a reasoning field (`reasoning_content`, or newer vLLM's
 * `reasoning`) is the thought; content is the answer after it, or is split on `<think>` tags when no field carries the
 * thought. Once a reasoning field has been seen, tags in the content (llama-server's deepseek-legacy) only delimit it.
 */
class DeltaRouter {
    private sawReasoningField = false;
    private reasoningClosed = false;
    private contentThroughSplitter = false;
    private readonly splitter: ThinkTagSplitter;

    constructor(private readonly onDelta: ChatCompletionRequest["onDelta"]) {
        this.splitter = new ThinkTagSplitter((kind, text) => {
            if (kind === "answer" || !this.sawReasoningField) onDelta(kind, text);
        });
    }

    push(delta: NonNullable<NonNullable<StreamEvent["choices"]>[number]["delta"]>): void {
        // `||`, not `??`: a server moving from one name to the other may send both, one of them empty.
        const reasoning = delta.reasoning_content || delta.reasoning;
        if (reasoning) {
            this.sawReasoningField = true;
            this.onDelta("thought", reasoning);
        }
        const content = delta.content;
        if (!content) return;
        if (!this.contentThroughSplitter && this.sawReasoningField && !opensThinkTag(content)) {
            this.reasoningClosed = true;
            this.onDelta("answer", content);
            return;
        }
        this.contentThroughSplitter = true;
        this.splitter.push(content);
        if (this.sawReasoningField && this.splitter.closed) this.reasoningClosed = true;
    }

    finish(): Pick<ChatCompletionOutcome, "resplit" | "thoughtClosed" | "sawThought"> {
        this.splitter.finish();
        const split = this.splitter.result();
        return {
            ...(!this.sawReasoningField && !split.sawThought && split.answer !== ""
                ? { resplit: { thought: split.thought, answer: split.answer } }
                : {}),
            thoughtClosed: this.sawReasoningField ? this.reasoningClosed : split.closed,
            sawThought: this.sawReasoningField || split.sawThought
        };
    }
}
