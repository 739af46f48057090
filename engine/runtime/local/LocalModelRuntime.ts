// The model runtime that runs a GGUF file on this machine through node-llama-cpp: checks the file, fits it
// to the machine's memory, and samples G candidates as G sequences of one context decoded in one batch.

import { freemem } from "node:os";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { randomInt } from "node:crypto";
import {
    GgufInsights,
    InsufficientMemoryError,
    LlamaText,
    readGgufFileInfo,
    type ChatHistoryItem,
    type ChatWrapper,
    type LlamaContextSequence,
    type LlamaContext,
    type LlamaGrammar,
    type LlamaModel
} from "node-llama-cpp";
import {
    InvalidModelFileError,
    InvalidRequestError,
    LoraAdapterError,
    ModelDoesNotFitError,
    PromptTooLongError
} from "../../errors.js";
import { inspectModelFile, type ModelFileFacts } from "../../model/inspectModelFile.js";
import { modelCatalog, type CatalogModel } from "../../model/ModelCatalog.js";
import { cpuMachine, fitsMachine } from "../../model/machineFit.js";
import { resolveModelSource, type DownloadProgress } from "../../model/resolveModelSource.js";
import type {
    CandidateReply,
    ChatMessage,
    GenerationRequest,
    GenerationResult,
    ModelDescription,
    ModelRuntime,
    RuntimeCallOptions
} from "../ModelRuntime.js";
import { SessionRecorder } from "../SessionRecorder.js";
import { generateCandidate } from "./generateCandidate.js";
import { loadLlama, type GpuPreference, type LlamaBackend } from "./loadLlama.js";
import { readMachine } from "./readMachine.js";
import type { ThreadDecision } from "./ThreadGovernor.js";
import { checkLoraAdapter, type LoraAdapter } from "./loraAdapter.js";
import { serializeSampling } from "./serializeSampling.js";
import { promptSharingFor, sharePrompt, type PromptSharing, type SharedPromptReport } from "./sharePrompt.js";
import { chooseThoughtFormat, type ThoughtFormat } from "./thoughtFormat.js";
import { settingDefaults, settingsSchema } from "../../settings/settingsSchema.js";

/** The most candidates one call samples: the `candidates` setting's maximum. */
export const maxCandidates = settingsSchema.candidates.maximum;
const GB = 1024 ** 3;

export interface LocalModelRuntimeOptions {
    /** A .gguf path, an `hf:` URI or a catalog id. */
    model: string;
    gpu?: GpuPreference;
    /** Decoding threads, fixed. Default: chosen before and during each generation from the CPU that is free (`ThreadGovernor`). */
    threads?: number;
    /** Tokens per sequence. Default: the model's training context, at most 8192, shrunk to fit memory. */
    contextSize?: number;
    /** Experts used per token for a mixture-of-experts model (overrides the file's top-k). */
    expertsPerToken?: number;
    /** A LoRA adapter applied at run time (a relative path is read from `cwd`); checked and loaded by `load`. */
    lora?: LoraAdapter;
    /** Candidates the context is sized for up front; more are allowed and resize it. Default `settingDefaults.candidates`. */
    expectedCandidates?: number;
    /** Where downloads go. */
    modelsDir?: string;
    /** Base for a relative model path. */
    cwd?: string;
    /** Never download. */
    offline?: boolean;
    /** Append every call to this JSONL session log. */
    recordTo?: string;
    /**
     * Evaluate a generation's prompt once and copy its state to the other candidates' sequences (default true).
     * false evaluates it in every sequence, as Ponder did before; benchmarks compare the two.
     */
    sharePrompt?: boolean;
    /** Free RAM to plan with instead of the machine's, in bytes (tests of the does-not-fit path). */
    freeRamOverride?: number;
    signal?: AbortSignal;
    onDownloadProgress?: (progress: DownloadProgress) => void;
}

export class LocalModelRuntime implements ModelRuntime {
    private context: LlamaContext | undefined;
    /** The context's sequences, kept across calls: LlamaChat reuses a sequence's cached prefix when the next prompt shares it. */
    private sequences: LlamaContextSequence[] = [];
    private busy: Promise<unknown> = Promise.resolve();
    /** Prompt tokens evaluated by contexts already disposed (see `evaluatedPromptTokens`). */
    private evaluatedByDisposedContexts = 0;
    /** What the last generation's prompt cost, when it was shared. */
    lastSharedPrompt: SharedPromptReport | undefined;
    private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
    private disposed = false;

    private constructor(
        readonly description: ModelDescription,
        readonly facts: ModelFileFacts,
        private readonly backend: LlamaBackend,
        private readonly model: LlamaModel,
        private readonly thoughtFormat: ThoughtFormat,
        private readonly recorder: SessionRecorder | undefined,
        private readonly lora: LoraAdapter | undefined,
        /** How candidates get their prompt on this model: evaluated once and copied, or each evaluates it. */
        readonly promptSharing: PromptSharing
    ) {}

    static async load(options: LocalModelRuntimeOptions): Promise<LocalModelRuntime> {
        // The backend first: its free VRAM decides whether a catalog model is too big, before any download.
        const backend = await loadLlama(options.gpu ?? "auto", options.threads);
        const source = await resolveModelSource(options.model, {
            machine: await readMachine({ backend }),
            ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
            ...(options.cwd ? { cwd: options.cwd } : {}),
            ...(options.offline ? { offline: true } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {})
        });
        const facts = await inspectModelFile(source.path);
        const lora = options.lora
            ? { ...options.lora, path: resolve(options.cwd ?? ".", options.lora.path) }
            : undefined;
        if (lora) await checkLoraAdapter(lora, facts.architecture);
        if (options.expertsPerToken !== undefined) checkExpertsPerToken(facts, options.expertsPerToken);
        const contextSize = await fitContextSize(facts, backend, options);

        let model: LlamaModel;
        try {
            model = await backend.llama.loadModel({
                modelPath: source.path,
                gpuLayers: "auto",
                ...(options.expertsPerToken !== undefined
                    ? {
                          metadataOverrides: {
                              [facts.architecture]: { expert_used_count: options.expertsPerToken }
                          } as never
                      }
                    : {}),
                ...(options.signal ? { loadSignal: options.signal } : {})
            });
        } catch (error) {
            if (error instanceof InsufficientMemoryError)
                throw new ModelDoesNotFitError(
                    `${facts.name} does not fit in this machine's memory. ${fittingAlternatives()}`
                );
            throw new InvalidModelFileError(source.path, `llama.cpp could not load it (${firstLine(error)})`, {
                cause: error
            });
        }
        const thoughtFormat = chooseThoughtFormat(model, facts.chatTemplate);
        const experts = facts.experts
            ? {
                  count: facts.experts.count,
                  usedPerToken: options.expertsPerToken ?? facts.experts.usedPerToken,
                  defaultUsedPerToken: facts.experts.usedPerToken
              }
            : undefined;
        const activeParameters = experts
            ? Math.round(
                  facts.activeParameters +
                      ((facts.activeParameters - nonExpertParameters(facts)) *
                          (experts.usedPerToken - experts.defaultUsedPerToken)) /
                          Math.max(1, experts.defaultUsedPerToken)
              )
            : facts.activeParameters;
        const description: ModelDescription = {
            id: source.catalogModel?.id ?? facts.name,
            source: source.path,
            architecture: facts.architecture,
            parameters: facts.parameters,
            activeParameters,
            trainContextSize: facts.trainContextSize,
            contextSize,
            chatTemplate: facts.chatTemplate,
            thoughtFormat: thoughtFormat.facts,
            ...(experts ? { experts } : {}),
            backend: backend.backend,
            gpuLayers: model.gpuLayers,
            threads: backend.threads
        };
        const recorder = options.recordTo ? new SessionRecorder(options.recordTo) : undefined;
        const promptSharing: PromptSharing =
            options.sharePrompt === false
                ? { kind: "perSequence", reason: "prompt sharing was turned off" }
                : promptSharingFor(model.fileInsights);
        const runtime = new LocalModelRuntime(
            description,
            facts,
            backend,
            model,
            thoughtFormat,
            recorder,
            lora,
            promptSharing
        );
        if (lora) {
            // The adapter loads with the first context: load it now, so a bad adapter fails here with its reason.
            try {
                await runtime.sequencesFor(options.expectedCandidates ?? settingDefaults.candidates);
            } catch (error) {
                await runtime.dispose();
                throw error;
            }
        }
        return runtime;
    }

    /** The threads the last generation used (re-decided every 250 ms while it ran) and the load they were chosen for. */
    get threadDecision(): ThreadDecision {
        return this.backend.governor.lastDecision;
    }

    /**
     * The threads llama.cpp decoded the last batch with (the context's `llama_n_threads`): node-llama-cpp sets it
     * before every batch from `llama.maxThreads`, and the CPU backend starts that many threads for each batch.
     */
    get decodingThreads(): number | undefined {
        return this.context && !this.context.disposed ? this.context.currentThreads : undefined;
    }

    /** Why the GPU the user asked for is not in use, when it is not. */
    get gpuFallbackReason(): string | undefined {
        return this.backend.fallbackReason;
    }

    async countTokens(text: string): Promise<number> {
        return this.model.tokenize(text).length;
    }

    generate(request: GenerationRequest, options: RuntimeCallOptions = {}): Promise<GenerationResult> {
        // One generation at a time per loaded model; callers that need a visible queue keep their own.
        const run = this.busy.then(
            () => this.generateNow(request, options),
            () => this.generateNow(request, options)
        );
        this.busy = run.catch(() => undefined);
        return run;
    }

    private async generateNow(request: GenerationRequest, options: RuntimeCallOptions): Promise<GenerationResult> {
        if (this.disposed) throw new InvalidRequestError("The model runtime was disposed.");
        const count = request.candidates ?? 1;
        if (!Number.isInteger(count) || count < 1 || count > maxCandidates)
            throw new InvalidRequestError(
                `Candidates must be a whole number from 1 to ${maxCandidates}; got ${count}.`
            );
        if (request.messages.length === 0 || request.messages.at(-1)?.role !== "user")
            throw new InvalidRequestError("A generation request needs a conversation that ends with a user message.");
        const startedAt = performance.now();
        const history = toChatHistory(request.messages, this.thoughtFormat.facts.preservesThinking === true);
        const chatWrapper = this.thoughtFormat.wrapperFor(request);
        const forceThinkOpen = this.thoughtFormat.forceThinkOpen;
        const prompt = this.promptText(history, chatWrapper).tokenize(this.model.tokenizer);
        const promptTokens = prompt.length;
        const contextSize = this.description.contextSize;
        if (promptTokens + 16 > contextSize) throw new PromptTooLongError(promptTokens, contextSize);

        const room = contextSize - promptTokens - 1;
        const maxTokens = Math.min(room, request.maxTokens ?? room);
        const thinkBudget = request.thinkBudget ?? Math.max(1, Math.floor(room * 0.75));
        const grammar = request.jsonSchema ? await this.grammarFor(request.jsonSchema) : undefined;
        const baseSeed = request.seed ?? randomInt(0, 2 ** 31 - 1 - maxCandidates);
        const sampling = { temperature: 0.6, topP: 0.95, ...request.sampling };
        const sequences = await this.sequencesFor(count);
        await this.backend.governor.decide();
        const stopWatching = this.backend.governor.watch();
        try {
            this.lastSharedPrompt =
                this.promptSharing.kind === "once" ? await sharePrompt(sequences, prompt, options.signal) : undefined;
            const candidates: CandidateReply[] = await Promise.all(
                sequences.map((sequence, index) =>
                    generateCandidate({
                        index,
                        seed: baseSeed + index,
                        sequence,
                        chatWrapper,
                        history,
                        promptTokens,
                        sampling,
                        forceThinkOpen,
                        thinkBudget,
                        maxTokens,
                        maxTokensRequested: request.maxTokens !== undefined,
                        loopGuard: request.loopGuard ?? true,
                        ...(grammar ? { grammar } : {}),
                        ...(options.signal ? { signal: options.signal } : {}),
                        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
                        startedAt
                    })
                )
            );
            const result: GenerationResult = { model: this.description, candidates };
            await this.recorder?.record({ ...request, seed: baseSeed }, result, performance.now() - startedAt);
            return result;
        } finally {
            stopWatching();
        }
    }

    /**
     * The prompt text a request's first call evaluates, as the model's chat wrapper renders it (with Ponder's opening
     * of the thought, when it opens one): to see what a model was asked, such as harmony's reasoning effort.
     */
    renderPrompt(request: Pick<GenerationRequest, "messages" | "thinkBudget" | "reasoningEffort">): string {
        return this.promptText(
            toChatHistory(request.messages, this.thoughtFormat.facts.preservesThinking === true),
            this.thoughtFormat.wrapperFor(request)
        ).toString();
    }

    /**
     * Prompt tokens this runtime's contexts have evaluated so far (node-llama-cpp's input tokens: those evaluated
     * without sampling after them, i.e. each prompt but its last token per sequence, which is sampled from). Loaded
     * state is not evaluation, so with a shared prompt this grows by the prompt once, not once per candidate.
     */
    get evaluatedPromptTokens(): number {
        return (
            this.evaluatedByDisposedContexts +
            this.sequences.reduce((sum, sequence) => sum + sequence.tokenMeter.usedInputTokens, 0)
        );
    }

    private promptText(history: ChatHistoryItem[], chatWrapper: ChatWrapper): LlamaText {
        const opening: ChatHistoryItem = this.thoughtFormat.forceThinkOpen
            ? { type: "model", response: [{ type: "segment", segmentType: "thought", text: "\n", ended: false }] }
            : { type: "model", response: [] };
        return LlamaText(chatWrapper.generateContextState({ chatHistory: [...history, opening] }).contextText);
    }

    /**
     * `count` sequences of one context. The context is kept while it has enough sequences, so the next call reuses
     * the prompt prefix they hold; a smaller call uses the first `count` and empties the rest, whose cells would
     * otherwise widen every attention over the shared KV cache.
     */
    private async sequencesFor(count: number): Promise<LlamaContextSequence[]> {
        if (this.context && this.context.totalSequences >= count && !this.context.disposed) {
            for (const unused of this.sequences.slice(count))
                if (unused.nextTokenIndex > 0) await unused.clearHistory();
            return this.sequences.slice(0, count);
        }
        this.evaluatedByDisposedContexts = this.evaluatedPromptTokens;
        await this.context?.dispose();
        this.backend.governor.openForNewContext();
        this.context = undefined;
        this.sequences = [];
        try {
            this.context = await this.model.createContext({
                contextSize: this.description.contextSize,
                sequences: count,
                threads: this.backend.threads,
                batchSize: Math.min(512, this.description.contextSize),
                ...(this.lora
                    ? { lora: { adapters: [{ filePath: this.lora.path, scale: this.lora.scale ?? 1 }] } }
                    : {})
            });
        } catch (error) {
            if (this.lora && !(error instanceof InsufficientMemoryError))
                throw new LoraAdapterError(
                    this.lora.path,
                    `llama.cpp could not apply it to ${this.description.id} (${firstLine(error)})`,
                    { cause: error }
                );
            if (error instanceof InsufficientMemoryError)
                throw new ModelDoesNotFitError(
                    `${count} candidates of ${this.description.contextSize} tokens each do not fit in memory with ` +
                        `${this.description.id}. Use fewer candidates (--candidates) or a smaller context (--context-size).`
                );
            throw error;
        }
        serializeSampling(this.context);
        const context = this.context;
        this.sequences = Array.from({ length: count }, () => context.getSequence());
        return this.sequences;
    }

    private grammarFor(schema: Readonly<Record<string, unknown>>): Promise<LlamaGrammar> {
        const key = JSON.stringify(schema);
        let grammar = this.grammars.get(key);
        if (!grammar) {
            grammar = this.backend.llama.createGrammarForJsonSchema(schema as never).catch((error: unknown) => {
                this.grammars.delete(key);
                throw new InvalidRequestError(`The JSON schema cannot be turned into a grammar: ${firstLine(error)}`);
            });
            this.grammars.set(key, grammar);
        }
        return grammar;
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        await this.busy;
        await this.recorder?.flush();
        await this.context?.dispose();
        await this.model.dispose();
    }
}

/** Earlier thoughts are dropped from multi-turn context, as DeepSeek recommends. */
/**
 * The request's messages as node-llama-cpp's history. An assistant message's thought (up to `</think>`) is dropped,
 * unless the template preserves earlier thoughts: then it is the turn's thought segment.
 */
function toChatHistory(messages: ChatMessage[], preserveThoughts: boolean): ChatHistoryItem[] {
    return messages.map((message): ChatHistoryItem => {
        if (message.role === "user") return { type: "user", text: message.content };
        const closed = /^\s*(?:<think>)?([\s\S]*?)<\/think>\s*/.exec(message.content);
        const answer = closed ? message.content.slice(closed[0].length) : message.content;
        if (!preserveThoughts || !closed) return { type: "model", response: [answer] };
        const thought = { type: "segment", segmentType: "thought", text: closed[1]!.trim(), ended: true } as const;
        // Qwen's templates write `\n</think>\n\n` before the answer; node-llama-cpp's Qwen wrapper writes the closing
        // alone and keeps the blank line as the answer's (as in its replies), so the blank line goes back in.
        return { type: "model", response: [thought, `\n\n${answer}`] };
    });
}

function checkExpertsPerToken(facts: ModelFileFacts, k: number): void {
    if (!facts.experts)
        throw new InvalidRequestError(
            `${facts.name} is not a mixture-of-experts model; --experts-per-token does not apply to it.`
        );
    if (!Number.isInteger(k) || k < 1 || k > facts.experts.count)
        throw new InvalidRequestError(
            `Experts per token must be a whole number from 1 to ${facts.experts.count} for ${facts.name}; got ${k}.`
        );
}

function nonExpertParameters(facts: ModelFileFacts): number {
    if (!facts.experts) return facts.parameters;
    // active = shared + experts * used/count and total = shared + experts: solve for shared.
    const ratio = facts.experts.usedPerToken / facts.experts.count;
    const expertsTotal = (facts.parameters - facts.activeParameters) / (1 - ratio);
    return facts.parameters - expertsTotal;
}

/**
 * Picks the context size per sequence: what was asked for, else the training context capped at 8192,
 * halved until the model plus the KV cache of the expected candidates fits in free memory (at least 2048).
 */
async function fitContextSize(
    facts: ModelFileFacts,
    backend: LlamaBackend,
    options: LocalModelRuntimeOptions
): Promise<number> {
    const info = await readGgufFileInfo(facts.path, { logWarnings: false, sourceType: "filesystem" });
    const insights = await GgufInsights.from(info, backend.llama);
    const train = facts.trainContextSize > 0 ? facts.trainContextSize : 4096;
    const wanted = options.contextSize ?? Math.min(train, 8192);
    const sequences = options.expectedCandidates ?? settingDefaults.candidates;
    const vram = backend.backend === "cpu" ? 0 : (await backend.llama.getVramState()).free;
    const freeRam = options.freeRamOverride ?? freemem();
    const gpuLayers = vram > 0 ? insights.totalLayers : 0;
    const modelNeed = insights.estimateModelResourceRequirements({ gpuLayers });
    const need = (contextSize: number) => {
        const context = insights.estimateContextResourceRequirements({
            contextSize,
            modelGpuLayers: gpuLayers,
            sequences
        });
        return { ram: modelNeed.cpuRam + context.cpuRam, vram: modelNeed.gpuVram + context.gpuVram };
    };
    const fits = (contextSize: number) => {
        const n = need(contextSize);
        return vram > 0 ? n.vram <= vram && n.ram <= freeRam : n.ram + n.vram <= freeRam;
    };
    if (options.contextSize !== undefined) {
        if (!fits(wanted))
            throw new ModelDoesNotFitError(
                doesNotFitMessage(facts, wanted, sequences, need(wanted).ram + need(wanted).vram, freeRam + vram)
            );
        return wanted;
    }
    for (let size = wanted; size >= Math.min(2048, wanted); size = Math.floor(size / 2)) {
        if (fits(size)) return size;
        if (size <= 2048) break;
    }
    const floor = Math.min(2048, wanted);
    const total = need(floor).ram + need(floor).vram;
    throw new ModelDoesNotFitError(doesNotFitMessage(facts, floor, sequences, total, freeRam + vram));
}

function doesNotFitMessage(
    facts: ModelFileFacts,
    contextSize: number,
    sequences: number,
    needBytes: number,
    freeBytes: number
): string {
    return (
        `${facts.name} needs about ${(needBytes / GB).toFixed(1)} GB of memory for ${sequences} candidates of ${contextSize} tokens, ` +
        `but only ${(freeBytes / GB).toFixed(1)} GB is free. ${fittingAlternatives(freeBytes)} ` +
        "Fewer candidates (--candidates) or a smaller context (--context-size) also need less."
    );
}

function fittingAlternatives(freeBytes = freemem()): string {
    const fitting: CatalogModel[] = modelCatalog.filter((m) => fitsMachine(m, cpuMachine(freeBytes)));
    if (fitting.length === 0) return "No catalog model fits either; close other programs to free memory.";
    return `Models that fit: ${fitting.map((m) => `${m.id} (${(m.sizeBytes / 1e9).toFixed(1)} GB)`).join(", ")}.`;
}

function firstLine(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
