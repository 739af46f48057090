// The model runtime for served models behind the OpenAI-compatible API. Candidates are spread over the
// configured endpoints by least outstanding requests; an endpoint that fails is rested and its work retried
// elsewhere (a candidate whose stream broke off starts again, and the text already shown live is not shown twice);
// 429 and 5xx are retried with backoff, honouring Retry-After.

import { performance } from "node:perf_hooks";
import { randomInt } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import type {
    ChatMessage,
    CandidateReply,
    GenerationRequest,
    GenerationResult,
    ModelDescription,
    ModelRuntime,
    ReplyFlag,
    RuntimeCallOptions,
    StopReason,
    ThoughtClosedBy
} from "../ModelRuntime.js";
import { SessionRecorder } from "../SessionRecorder.js";
import { AnswerLoopGuard } from "../AnswerLoopGuard.js";
import { ThoughtLoopGuard } from "../ThoughtLoopGuard.js";
import { describeEndpointFailure, displayUrl, RemoteEndpointError, RemoteRequestError } from "./remoteErrors.js";
import { LiveCandidateView } from "./LiveCandidateView.js";
import { streamChatCompletion, streamChatCompletions } from "./streamChatCompletion.js";

export interface RemoteModelRuntimeOptions {
    /** Base URLs, e.g. `http://127.0.0.1:8080` or `https://api.deepseek.com/v1`. */
    endpoints: string[];
    /** Model name to request; default the first model the first endpoint lists. */
    model?: string;
    /** API key (read by the caller from the environment or the editor's secret storage); never logged. */
    apiKey?: string;
    /** Name of the environment variable the key came from, for messages. */
    apiKeyEnv?: string;
    /** Time limit of one request, in ms. Default 10 minutes (long thoughts). */
    requestTimeoutMs?: number;
    /** Retries of one candidate after 429, 5xx or a refused connection. Default 3. */
    maxRetries?: number;
    /** How long an endpoint that failed is left out, in ms (a 429's Retry-After instead, when given). Default 30 s. */
    restMs?: number;
    recordTo?: string;
    signal?: AbortSignal;
    /**
     * Ask for a call's G candidates in one request with `n` when G is at most `maxChoices` (llama-server: the parent
     * slot evaluates the prompt once and copies its cells to G - 1 child slots, and choice i is sampled with the
     * request's seed + i, so each candidate equals its seed asked alone). Only for a server known to do both: the
     * managed llama-server. Without it, one request per candidate.
     */
    multiChoice?: { maxChoices: number };
    /**
     * The served template keeps earlier turns' thoughts (Qwen3.6's `preserve_thinking`): assistant messages carry
     * their thought as `reasoning_content` and the request asks for the flag (`chat_template_kwargs`). Only for the
     * managed llama-server, which renders the model's own template; other servers get thoughts dropped, as before.
     */
    preserveThoughts?: boolean;
}

interface EndpointState {
    base: string;
    outstanding: number;
    restingUntil: number;
}

/** `http://host:8080`, `http://host:8080/v1` and `http://host:8080/v1/chat/completions` all name the same API root. */
function apiRoot(url: string): string {
    const trimmed = url.replace(/\/+$/, "").replace(/\/(chat\/completions|models)$/, "");
    return /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/** The models an endpoint serves (`GET /v1/models`). */
export async function listRemoteModels(
    endpoint: string,
    options: { apiKey?: string; apiKeyEnv?: string; signal?: AbortSignal } = {}
): Promise<string[]> {
    try {
        const response = await fetch(`${apiRoot(endpoint)}/models`, {
            headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
            signal: options.signal ?? AbortSignal.timeout(15_000)
        });
        if (!response.ok)
            throw new RemoteRequestError(
                response.status,
                await response.text().catch(() => ""),
                response.headers.get("retry-after")
            );
        const body = (await response.json()) as {
            data?: { id: string }[];
            models?: { name?: string; model?: string }[];
        };
        return body.data?.map((m) => m.id) ?? body.models?.map((m) => m.name ?? m.model ?? "") ?? [];
    } catch (error) {
        throw new RemoteEndpointError(describeEndpointFailure(endpoint, "", error, options.apiKeyEnv), {
            cause: error
        });
    }
}

export class RemoteModelRuntime implements ModelRuntime {
    private readonly endpoints: EndpointState[];
    private readonly recorder: SessionRecorder | undefined;

    private constructor(
        readonly description: ModelDescription,
        private readonly options: RemoteModelRuntimeOptions
    ) {
        this.endpoints = options.endpoints.map((base) => ({ base: apiRoot(base), outstanding: 0, restingUntil: 0 }));
        this.recorder = options.recordTo ? new SessionRecorder(options.recordTo) : undefined;
    }

    static async connect(options: RemoteModelRuntimeOptions): Promise<RemoteModelRuntime> {
        if (options.endpoints.length === 0) throw new InvalidRequestError("Give at least one endpoint URL.");
        for (const url of options.endpoints) {
            try {
                new URL(url);
            } catch {
                throw new InvalidRequestError(`"${url}" is not a URL; give an endpoint like http://127.0.0.1:8080.`);
            }
        }
        const keyOptions = {
            ...(options.apiKey ? { apiKey: options.apiKey } : {}),
            ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {})
        };
        // The first endpoint that answers says which models are served; one that is down must not stop the others.
        let served: string[] | undefined;
        let listedBy = options.endpoints[0]!;
        let firstFailure: unknown;
        for (const url of options.endpoints) {
            try {
                served = await listRemoteModels(url, {
                    ...keyOptions,
                    ...(options.signal ? { signal: options.signal } : {})
                });
                listedBy = url;
                break;
            } catch (error) {
                firstFailure ??= error;
                if (options.signal?.aborted) break;
            }
        }
        if (!served) throw firstFailure;
        const model = options.model ?? served[0];
        if (!model) throw new RemoteEndpointError(`${displayUrl(listedBy)} serves no model.`, { fault: "environment" });
        if (options.model && served.length > 0 && !served.includes(options.model))
            throw new RemoteEndpointError(
                `${displayUrl(listedBy)} does not serve "${options.model}"; it serves ${served.join(", ")}.`,
                { fault: "badInput" }
            );
        const description: ModelDescription = {
            id: model,
            source: options.endpoints.map(displayUrl).join(", "),
            architecture: "remote",
            parameters: 0,
            activeParameters: 0,
            trainContextSize: 0,
            contextSize: 0,
            chatTemplate: "server",
            backend: "remote",
            gpuLayers: 0,
            threads: 0
        };
        return new RemoteModelRuntime(description, options);
    }

    async countTokens(text: string): Promise<number> {
        // The server's tokenizer is not at hand; about four characters a token is the usual estimate.
        return Math.ceil(text.length / 4);
    }

    async generate(request: GenerationRequest, options: RuntimeCallOptions = {}): Promise<GenerationResult> {
        const count = request.candidates ?? 1;
        if (!Number.isInteger(count) || count < 1 || count > 16)
            throw new InvalidRequestError(`Candidates must be a whole number from 1 to 16; got ${count}.`);
        const started = performance.now();
        const baseSeed = request.seed ?? randomInt(0, 2 ** 31 - 17);
        // A candidate that fails for good fails the call: its siblings' requests are aborted rather than left running.
        const failed = new AbortController();
        const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
        const multiChoice = this.options.multiChoice;
        const candidates =
            count > 1 && multiChoice && count <= multiChoice.maxChoices
                ? await this.choicesOfOneRequest(request, count, baseSeed, options, started)
                : await Promise.all(
                      Array.from({ length: count }, (_, index) =>
                          this.candidate(request, index, baseSeed + index, { ...options, signal }, started).catch(
                              (error: unknown) => {
                                  failed.abort();
                                  throw error;
                              }
                          )
                      )
                  );
        const result = { model: this.description, candidates };
        await this.recorder?.record({ ...request, seed: baseSeed }, result, performance.now() - started);
        return result;
    }

    /** The endpoint for a candidate's next attempt: one that is not resting, then one it has tried least, then the least busy. */
    private pickEndpoint(tries: Map<EndpointState, number>): EndpointState {
        const now = Date.now();
        const rank = (e: EndpointState): [number, number, number] => [
            e.restingUntil > now ? 1 : 0,
            tries.get(e) ?? 0,
            e.outstanding
        ];
        return [...this.endpoints].sort((a, b) => {
            const [ra, rb] = [rank(a), rank(b)];
            return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
        })[0]!;
    }

    /** One candidate: attempts on the endpoints until one streams a reply, retrying what is worth retrying. */
    private async candidate(
        request: GenerationRequest,
        index: number,
        seed: number,
        options: RuntimeCallOptions,
        started: number
    ): Promise<CandidateReply> {
        const view = new LiveCandidateView(index, options.onEvent);
        const maxRetries = this.options.maxRetries ?? 3;
        const tries = new Map<EndpointState, number>();
        let lastError: unknown;
        let lastEndpoint: EndpointState | undefined;
        let last: AttemptText = emptyAttempt();
        for (let attempt = 0; attempt <= maxRetries; attempt++) {
            if (options.signal?.aborted) break;
            const endpoint = this.pickEndpoint(tries);
            tries.set(endpoint, (tries.get(endpoint) ?? 0) + 1);
            last = emptyAttempt();
            endpoint.outstanding++;
            try {
                return await this.attempt(endpoint, request, index, seed, options, started, view, last);
            } catch (error) {
                lastError = error;
                lastEndpoint = endpoint;
                if (
                    !(await this.restBeforeRetry(error, endpoint, tries, attempt, attempt < maxRetries, options.signal))
                )
                    break;
            } finally {
                endpoint.outstanding--;
            }
        }
        if (options.signal?.aborted)
            return this.reply(
                index,
                seed,
                last.thought,
                last.answer,
                undefined,
                undefined,
                true,
                last.thoughtChunks,
                last.answerChunks,
                started,
                view.firstAt,
                view.emitOnce
            );
        throw await this.endpointFailure(lastError, lastEndpoint);
    }

    /**
     * G candidates as the G choices of one streamed request (`multiChoice`): one attempt, no retry (the managed server
     * is the only user, with retries off). A candidate cut by its loop guard or budget stops being read; the request
     * ends once every choice has finished or been cut.
     */
    private async choicesOfOneRequest(
        request: GenerationRequest,
        count: number,
        baseSeed: number,
        options: RuntimeCallOptions,
        started: number
    ): Promise<CandidateReply[]> {
        const endpoint = this.pickEndpoint(new Map());
        const states = Array.from({ length: count }, (_, index) => ({
            view: new LiveCandidateView(index, options.onEvent),
            text: emptyAttempt(),
            cutBy: undefined as RemoteCut | undefined,
            guard: request.loopGuard === false ? undefined : new ThoughtLoopGuard(),
            answerGuard: request.loopGuard === false ? undefined : new AnswerLoopGuard()
        }));
        const signals = [
            AbortSignal.timeout(this.options.requestTimeoutMs ?? 600_000),
            ...(options.signal ? [options.signal] : [])
        ];
        endpoint.outstanding++;
        let outcomes: Awaited<ReturnType<typeof streamChatCompletions>> | undefined;
        try {
            outcomes = await streamChatCompletions({
                url: `${endpoint.base}/chat/completions`,
                ...(this.options.apiKey ? { apiKey: this.options.apiKey } : {}),
                signal: AbortSignal.any(signals),
                body: { ...this.requestBody(request, baseSeed), n: count },
                choices: count,
                onDelta: (choice, kind, text) => {
                    const state = states[choice]!;
                    if (state.cutBy) return;
                    state.cutBy = followDelta(
                        request,
                        state.text,
                        state.view,
                        state.guard,
                        state.answerGuard,
                        kind,
                        text
                    );
                },
                // A cut choice is still generated by the server: once the rest have finished, nothing more is wanted.
                // Without a cut the stream runs to its end, whose usage chunks follow the last finish.
                enough: (finished) =>
                    states.some((state) => state.cutBy !== undefined) &&
                    states.every((state, index) => state.cutBy !== undefined || finished[index])
            });
        } catch (error) {
            if (!options.signal?.aborted) throw await this.endpointFailure(error, endpoint);
        } finally {
            endpoint.outstanding--;
        }
        return states.map((state, index) => {
            const outcome = outcomes?.[index];
            if (outcome?.resplit && !state.cutBy)
                ({ thought: state.text.thought, answer: state.text.answer } = outcome.resplit);
            return this.reply(
                index,
                baseSeed + index,
                state.text.thought,
                state.text.answer,
                state.cutBy ? undefined : outcome,
                state.cutBy,
                options.signal?.aborted === true,
                state.text.thoughtChunks,
                state.text.answerChunks,
                started,
                state.view.firstAt,
                state.view.emitOnce
            );
        });
    }

    /** One streamed request on one endpoint; the thought is cut here by the loop guard or the budget. */
    private async attempt(
        endpoint: EndpointState,
        request: GenerationRequest,
        index: number,
        seed: number,
        options: RuntimeCallOptions,
        started: number,
        view: LiveCandidateView,
        current: AttemptText
    ): Promise<CandidateReply> {
        let cutBy: RemoteCut | undefined;
        const guard = request.loopGuard === false ? undefined : new ThoughtLoopGuard();
        const answerGuard = request.loopGuard === false ? undefined : new AnswerLoopGuard();
        const abort = new AbortController();
        const signals = [
            abort.signal,
            AbortSignal.timeout(this.options.requestTimeoutMs ?? 600_000),
            ...(options.signal ? [options.signal] : [])
        ];
        const outcome = await streamChatCompletion({
            url: `${endpoint.base}/chat/completions`,
            ...(this.options.apiKey ? { apiKey: this.options.apiKey } : {}),
            signal: AbortSignal.any(signals),
            body: this.requestBody(request, seed),
            onDelta: (kind, text) => {
                if (cutBy) return;
                cutBy = followDelta(request, current, view, guard, answerGuard, kind, text);
                if (cutBy) abort.abort();
            }
        }).catch((error: unknown) => {
            if (cutBy || options.signal?.aborted) return undefined;
            throw error;
        });
        if (outcome?.resplit) ({ thought: current.thought, answer: current.answer } = outcome.resplit);
        return this.reply(
            index,
            seed,
            current.thought,
            current.answer,
            outcome,
            cutBy,
            options.signal?.aborted === true,
            current.thoughtChunks,
            current.answerChunks,
            started,
            view.firstAt,
            view.emitOnce
        );
    }

    /** A message as sent: an assistant's thought dropped, or kept as `reasoning_content` when thoughts are preserved. */
    private message(m: ChatMessage): { role: string; content: string; reasoning_content?: string } {
        if (m.role !== "assistant") return { role: m.role, content: m.content };
        const closed = /^\s*(?:<think>)?([\s\S]*?)<\/think>\s*/.exec(m.content);
        if (!closed) return { role: m.role, content: m.content };
        const content = m.content.slice(closed[0].length);
        return this.options.preserveThoughts
            ? { role: m.role, content, reasoning_content: closed[1]!.trim() }
            : { role: m.role, content };
    }

    private requestBody(request: GenerationRequest, seed: number) {
        return {
            model: this.description.id,
            messages: request.messages.map((m) => this.message(m)),
            ...(this.options.preserveThoughts ? { chat_template_kwargs: { preserve_thinking: true } } : {}),
            temperature: request.sampling?.temperature ?? 0.6,
            top_p: request.sampling?.topP ?? 0.95,
            seed,
            ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}),
            // Only when the job asks for one: a server that does not know the field (most R1 servers) is never sent it.
            ...(request.reasoningEffort ? { reasoning_effort: request.reasoningEffort } : {}),
            ...(request.jsonSchema
                ? {
                      response_format: {
                          type: "json_schema",
                          json_schema: { name: "answer", schema: request.jsonSchema }
                      }
                  }
                : {})
        };
    }

    /** Whether a failed attempt is tried again; the endpoint rests, and with no other endpoint up the retry waits. */
    private async restBeforeRetry(
        error: unknown,
        endpoint: EndpointState,
        tries: Map<EndpointState, number>,
        attempt: number,
        retriesLeft: boolean,
        signal: AbortSignal | undefined
    ): Promise<boolean> {
        // A model one endpoint does not serve may be served by another this candidate has not tried yet.
        const elsewhere =
            error instanceof RemoteRequestError && error.status === 404 && this.endpoints.some((e) => !tries.has(e));
        if (!isRetryable(error) && !elsewhere) return false;
        const asked = error instanceof RemoteRequestError ? error.retryAfterMs() : undefined;
        endpoint.restingUntil = Date.now() + (asked ?? this.options.restMs ?? 30_000);
        // Another endpoint that is up takes the retry at once; with none, wait as asked or back off.
        const other = this.endpoints.some((e) => e !== endpoint && e.restingUntil <= Date.now());
        if (!other && retriesLeft) await sleep(Math.min(asked ?? backoff(attempt), 60_000), signal);
        return true;
    }

    /** The error a user reads once every attempt failed; a 404 lists what the endpoint does serve. */
    private async endpointFailure(
        lastError: unknown,
        lastEndpoint: EndpointState | undefined
    ): Promise<RemoteEndpointError> {
        const failed = lastEndpoint ? displayUrl(lastEndpoint.base) : this.description.source;
        let served: string[] | undefined;
        if (lastError instanceof RemoteRequestError && lastError.status === 404 && lastEndpoint) {
            const keyOptions = {
                ...(this.options.apiKey ? { apiKey: this.options.apiKey } : {}),
                signal: AbortSignal.timeout(5_000)
            };
            served = await listRemoteModels(lastEndpoint.base, keyOptions).catch(() => undefined);
        }
        return new RemoteEndpointError(
            describeEndpointFailure(failed, this.description.id, lastError, this.options.apiKeyEnv, served),
            { cause: lastError }
        );
    }

    private reply(
        index: number,
        seed: number,
        thought: string,
        answer: string,
        outcome: Awaited<ReturnType<typeof streamChatCompletion>> | undefined,
        cutBy: RemoteCut | undefined,
        cancelled: boolean,
        thoughtChunks: number,
        answerChunks: number,
        started: number,
        firstAt: number | undefined,
        emit: NonNullable<RuntimeCallOptions["onEvent"]>
    ): CandidateReply {
        // An answer stopped by its loop guard came after a thought the model closed itself.
        const closedBy: ThoughtClosedBy =
            cutBy === "answerLoop"
                ? thought !== ""
                    ? "model"
                    : "none"
                : (cutBy ??
                  (outcome?.thoughtClosed ? "model" : outcome?.sawThought || thought !== "" ? "unclosed" : "none"));
        const stopReason: StopReason = cancelled
            ? "cancelled"
            : cutBy
              ? "endOfReply"
              : outcome?.finishReason === "length"
                ? "maxTokens"
                : "endOfReply";
        const flags: ReplyFlag[] = [];
        if (closedBy === "unclosed" && !cancelled) flags.push("thoughtUnclosed");
        if (closedBy === "budget") flags.push("thoughtBudgetReached");
        if (closedBy === "loopGuard") flags.push("thoughtLoop");
        if (cutBy === "answerLoop") flags.push("answerLoop");
        if (thought.trim() === "" && answer.trim() === "") flags.push("emptyReply");
        else if (answer.trim() === "") flags.push("emptyAnswer");
        if (stopReason === "maxTokens") flags.push("maxTokens");
        if (closedBy !== "none") emit({ kind: "thoughtEnd", candidate: index, closedBy });
        const end = performance.now();
        const usage = outcome?.usage;
        const generated = usage?.completion_tokens ?? thoughtChunks + answerChunks;
        const reasoningTokens = usage?.completion_tokens_details?.reasoning_tokens;
        const reply: CandidateReply = {
            index,
            seed,
            thought,
            answer,
            stopReason,
            thoughtClosedBy: closedBy,
            flags,
            usage: {
                promptTokens: usage?.prompt_tokens ?? 0,
                thoughtTokens:
                    reasoningTokens ??
                    (usage
                        ? Math.round((generated * thoughtChunks) / Math.max(1, thoughtChunks + answerChunks))
                        : thoughtChunks),
                answerTokens:
                    reasoningTokens !== undefined
                        ? generated - reasoningTokens
                        : usage
                          ? generated -
                            Math.round((generated * thoughtChunks) / Math.max(1, thoughtChunks + answerChunks))
                          : answerChunks
            },
            timings: {
                firstTokenMs: Math.round((firstAt ?? end) - started),
                totalMs: Math.round(end - started),
                tokensPerSecond:
                    firstAt !== undefined && end > firstAt
                        ? Math.round((generated / ((end - firstAt) / 1000)) * 10) / 10
                        : 0
            }
        };
        emit({ kind: "done", candidate: index, reply });
        return reply;
    }

    async dispose(): Promise<void> {
        await this.recorder?.flush();
    }
}

/** Why Ponder stopped a remote reply early: the thought's budget or loop guard, or the answer's loop guard. */
type RemoteCut = "budget" | "loopGuard" | "answerLoop";

/** Adds one delta to a candidate's text and live view; says why the reply must stop there, when it must. */
function followDelta(
    request: GenerationRequest,
    current: AttemptText,
    view: LiveCandidateView,
    guard: ThoughtLoopGuard | undefined,
    answerGuard: AnswerLoopGuard | undefined,
    kind: "thought" | "answer",
    text: string
): RemoteCut | undefined {
    if (kind === "thought") {
        current.thought += text;
        current.thoughtChunks++;
        view.delta("thought", text, current.thought);
        if (guard?.push(text)) return "loopGuard";
        if (request.thinkBudget !== undefined && current.thoughtChunks >= request.thinkBudget) return "budget";
        return undefined;
    }
    current.answer += text;
    current.answerChunks++;
    view.delta("answer", text, current.answer);
    return answerGuard?.push(text) ? "answerLoop" : undefined;
}

/** The text one attempt streamed so far. */
interface AttemptText {
    thought: string;
    answer: string;
    thoughtChunks: number;
    answerChunks: number;
}

function emptyAttempt(): AttemptText {
    return { thought: "", answer: "", thoughtChunks: 0, answerChunks: 0 };
}

/** 429, 5xx, a refused or broken connection, a timeout and a stream cut short are worth another try; other HTTP errors are not. */
function isRetryable(error: unknown): boolean {
    return error instanceof RemoteRequestError ? error.retryable : true;
}

function backoff(attempt: number): number {
    return Math.min(30_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener(
            "abort",
            () => {
                clearTimeout(timer);
                resolve();
            },
            { once: true }
        );
    });
}
