// The one interface every model backend implements: the local node-llama-cpp runtime today, a remote
// OpenAI-compatible one later. Only plain data crosses it, so no backend's types leak into the chains.

import type { CallPurpose } from "./CallPurpose.js";

/** A message of a chat prompt. R1 distills want no system message; the runtime drops earlier thoughts itself. */
export interface ChatMessage {
    role: "user" | "assistant";
    content: string;
}

/** Sampling settings; the defaults are DeepSeek's recommendations for the R1 distills. */
export interface SamplingSettings {
    /** Softmax temperature; 0 means greedy decoding. Default 0.6. */
    temperature?: number;
    /** Nucleus sampling mass. Default 0.95. */
    topP?: number;
    /** Keep only the K most likely tokens; 0 disables. */
    topK?: number;
    /** Drop tokens below this probability relative to the best one. */
    minP?: number;
}

export interface GenerationRequest {
    /** The conversation; the last message is the user's. */
    messages: ChatMessage[];
    /** Number of candidate replies sampled in parallel (G). Default 1, at most 16. */
    candidates?: number;
    /** Seed of candidate 0; candidate i uses `seed + i`. Default: random. */
    seed?: number;
    sampling?: SamplingSettings;
    /** Tokens the thought may take before it is force-closed, for every thought format. Default: no budget beyond the context. */
    thinkBudget?: number;
    /**
     * For a model that takes an effort instruction instead of tags (gpt-oss's harmony format): how hard to reason.
     * Default: low for a `thinkBudget` up to 1024 tokens, medium up to 8192 or with no budget, high above. The budget
     * still force-closes the analysis; the effort only asks. Other formats ignore it.
     */
    reasoningEffort?: ReasoningEffort;
    /** Upper bound on tokens generated per candidate (thought and answer). */
    maxTokens?: number;
    /** When set, the answer (after the thought) is constrained to JSON that matches this schema. */
    jsonSchema?: JsonSchema;
    /** Watch the thought for repetition and close it when it loops. Default true. */
    loopGuard?: boolean;
    /** Which step made this call (`fix.round0`, `fix.tests`, `tests`, `port.translate`, `ask`), written to the session log. */
    purpose?: CallPurpose;
}

/** gpt-oss's reasoning effort levels. */
export type ReasoningEffort = "low" | "medium" | "high";

/** A JSON schema in the subset node-llama-cpp's grammar compiler accepts. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Options every long runtime call takes. */
export interface RuntimeCallOptions {
    /** Aborting stops generation within about 100 ms; partial replies come back with stopReason "cancelled". */
    signal?: AbortSignal;
    /** Live events, in order per candidate. */
    onEvent?: (event: ReasoningEvent) => void;
}

/** One step of the live reasoning stream. Every event names its candidate. */
export type ReasoningEvent =
    | { kind: "thought"; candidate: number; text: string }
    | { kind: "answer"; candidate: number; text: string }
    | { kind: "thoughtEnd"; candidate: number; closedBy: ThoughtClosedBy }
    | { kind: "done"; candidate: number; reply: CandidateReply };

/** How a thought ended: the model closed it, the budget forced it, the loop guard cut it, or it never closed. */
export type ThoughtClosedBy = "model" | "budget" | "loopGuard" | "unclosed" | "none";

/** Why generation of a candidate stopped. */
export type StopReason = "endOfReply" | "maxTokens" | "cancelled" | "contextFull";

/** Things worth flagging about a reply; a chain decides what they mean for it. */
export type ReplyFlag =
    | "thoughtUnclosed"
    | "thoughtBudgetReached"
    | "thoughtLoop"
    /** The answer went in circles (one passage repeated back to back) and its generation was stopped there. */
    | "answerLoop"
    | "emptyReply"
    | "emptyAnswer"
    | "maxTokens";

export interface TokenUsage {
    promptTokens: number;
    thoughtTokens: number;
    answerTokens: number;
}

export interface GenerationTimings {
    /** From the call to the first generated token. */
    firstTokenMs: number;
    /** From the call to the last token. */
    totalMs: number;
    /** Generated tokens per second of generation (after the first token). */
    tokensPerSecond: number;
}

export interface CandidateReply {
    index: number;
    seed: number;
    /**
     * The thought exactly as the model produced it, between the format's markers: `<think>`…`</think>` for R1,
     * `<think>\n`…`\n</think>` for Qwen3 and QwQ (their wrappers' markers), harmony's analysis message.
     */
    thought: string;
    /** The answer exactly as the model produced it: the text after the thought, or harmony's final message. */
    answer: string;
    stopReason: StopReason;
    thoughtClosedBy: ThoughtClosedBy;
    flags: ReplyFlag[];
    usage: TokenUsage;
    timings: GenerationTimings;
}

export interface GenerationResult {
    model: ModelDescription;
    candidates: CandidateReply[];
}

/** Facts about the model a runtime serves, for the panel, the CLI and the session log. */
export interface ModelDescription {
    /** Catalog id, file path or endpoint model name. */
    id: string;
    /** Where the weights are: a local file path or an endpoint URL. */
    source: string;
    architecture: string;
    /** Total parameters. */
    parameters: number;
    /** Parameters used per token (differs from `parameters` for a mixture of experts). */
    activeParameters: number;
    /** Training context length from the file. */
    trainContextSize: number;
    /** Context size per sequence the runtime uses. */
    contextSize: number;
    /** Chat template family ("deepseek", "llama3", ...). */
    chatTemplate: string;
    /** How the model writes its thought, read off its chat template (local models only). */
    thoughtFormat?: ThoughtFormatFacts;
    experts?: { count: number; usedPerToken: number; defaultUsedPerToken: number };
    /** Compute backend: "cpu", "cuda", "vulkan", "metal" or "remote". */
    backend: string;
    /** The managed llama-server's speculative decoding, when on: which kind and why (asked for, or measured faster). */
    speculation?: string;
    gpuLayers: number;
    threads: number;
}

/** What the runtime found out about a model's thought format. */
export interface ThoughtFormatFacts {
    /** The node-llama-cpp chat wrapper that renders prompts and splits the reply ("DeepSeek", "Qwen", "Harmony", "JinjaTemplate"…). */
    wrapper: string;
    /** Who opens the thought: Ponder (R1), the chat template (Qwen3 2507 Thinking, QwQ), the model (Qwen3, gpt-oss), or nobody. */
    thoughtOpenedBy: "ponder" | "template" | "model" | "none";
    /** `<think>` tags, harmony channels, Mistral's `[THINK]` tokens, Gemma 4's thought channel, or no thought format. */
    tags: "think" | "harmony" | "mistral" | "gemma4" | "none";
    /** The template keeps earlier turns' thoughts (Qwen3.6's `preserve_thinking`), so Ponder sends them; absent: dropped. */
    preservesThinking?: true;
}

export interface ModelRuntime {
    readonly description: ModelDescription;
    /** Samples `request.candidates` replies in parallel. Expected outcomes (cancel, budget, loop) are values, not exceptions. */
    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult>;
    /** Number of tokens the text takes in this model's vocabulary, for context budgets. */
    countTokens(text: string): Promise<number>;
    dispose(): Promise<void>;
}
