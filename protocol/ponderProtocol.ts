// Ponder's extensions to LSP, in one place: every custom request, notification, command and setting the
// client, the server and the panel share. Types only at runtime: a message is a method name with phantom
// parameter and result types, so the panel's browser bundle can use this file without a JSON-RPC library.

import type {
    Diagnostic, Position, Range, TextDocumentIdentifier, WorkDoneProgressParams, WorkspaceEdit
} from "vscode-languageserver-protocol";

/** A request's method with its parameter and result types; the server and the client wrap it in their own `RequestType`. */
export interface PonderRequest<Params, Result> {
    readonly method: string;
    /** Never set: carries the types for `typeof` and inference. */
    readonly __types?: { params: Params; result: Result };
}

/** A notification's method with its parameter type. */
export interface PonderNotification<Params> {
    readonly method: string;
    /** Never set: carries the type for `typeof` and inference. */
    readonly __types?: { params: Params };
}

export type ParamsOf<M> = M extends PonderRequest<infer P, unknown> ? P : M extends PonderNotification<infer P> ? P : never;
export type ResultOf<M> = M extends PonderRequest<unknown, infer R> ? R : never;

function request<Params, Result>(method: string): PonderRequest<Params, Result> {
    return { method };
}

function notification<Params>(method: string): PonderNotification<Params> {
    return { method };
}

// ---- ponder/fix -------------------------------------------------------------------------------------------

/**
 * Where the bug is in one document: a position, a range or a diagnostic (at least one). The job reads the
 * open documents' unsaved text, runs the fix chain, and returns the proven patch as an edit the client
 * applies (or not); the server never applies it.
 */
export interface FixParams extends WorkDoneProgressParams {
    textDocument: TextDocumentIdentifier;
    position?: Position;
    range?: Range;
    /** A diagnostic the bug shows as (an error from a linter, a failing test): shown to the model and aimed at. */
    diagnostic?: Diagnostic;
    /** Candidates sampled per round; default the `ponder.candidates` setting. */
    candidates?: number;
    /** Feedback rounds after the first when nothing is verified; default the `ponder.extraRounds` setting. */
    extraRounds?: number;
    /** Thinking budget per candidate, in tokens; default the `ponder.thinkBudget` setting. */
    thinkBudget?: number;
    /** Seed of the first candidate, for reproducible runs. */
    seed?: number;
    /** The client's id for this job, used in `ponder/trace`, `ponder/queue` and `ponder/cancel`; the server makes one when absent. */
    jobId?: string;
}

export type FixStatus = "verified" | "unverified" | "noCandidate";

export interface FixResponse {
    jobId: string;
    status: FixStatus;
    /** The chosen patch as one edit of the document, versioned when the document was open; absent for `noCandidate`. */
    edit?: WorkspaceEdit;
    /** The same patch as a unified diff of the document, for review. */
    diff?: string;
    /** The document version the edit was computed against (null when it was read from disk). */
    documentVersion: number | null;
    /** Why the best patch is not verified, when it is not. */
    unverifiedReason?: string;
    evidence: FixEvidence;
}

/** What proves (or fails to prove) the patch: every candidate's reward and tests, and the tests worth keeping. */
export interface FixEvidence {
    rounds: number;
    /** The candidate whose patch was chosen. */
    chosen?: { round: number; candidate: number };
    candidates: CandidateEvidence[];
    /** Reproducing tests of the chosen patch, to keep as regression tests. */
    regressionTests: { file: string; code: string }[];
    /** Context the prompt left out for its token budget. */
    contextOmitted: string[];
    timings: { modelMs: number; verifyMs: number; totalMs: number };
    /** Verified fixes of similar bugs the solution memory recalled into the prompt. */
    recalled?: { file: string; target: string; similarity: number; inPrompt: boolean; source: string; patternInWinningPatch?: boolean }[];
    /** What each exact tool did, and whether a verified symbolic fix cancelled the model. */
    symbolic?: { sources: { tool: string; status: string; detail: string }[]; modelCancelled: boolean };
}

export interface CandidateEvidence {
    round: number;
    index: number;
    verified: boolean;
    reward: number;
    advantage: number;
    clusterSize: number;
    /** Tests of this reply that fail on the original code because of the bug. */
    reproducingTests: string[];
    /** Existing tests that passed before and fail with this patch. */
    regressions: string[];
    /** Why the reply gave no patch or no tests. */
    parseProblems: string[];
    /** Set when an exact tool (rustc, the TypeScript service, ruff) proposed the patch instead of the model. */
    symbolic?: { tool: string; title: string; diagnostic: string };
}

/** Starts a fix job. Waits its turn behind other generations (see `ponder/queue`); cancellable by `$/cancelRequest`, the progress bar or `ponder/cancel`. */
export const fixRequest = request<FixParams, FixResponse>("ponder/fix");

// ---- ponder/cancel ----------------------------------------------------------------------------------------

export interface CancelParams {
    jobId: string;
}

export interface CancelResponse {
    /** False when no such job is waiting or running (it ended, or never existed). */
    cancelled: boolean;
}

/** Cancels a job by id; its request then fails with RequestCancelled (-32800). */
export const cancelRequest = request<CancelParams, CancelResponse>("ponder/cancel");

// ---- ponder/modelStatus -----------------------------------------------------------------------------------

export type ModelState = "notLoaded" | "loading" | "loaded" | "failed";

export interface ModelStatus {
    state: ModelState;
    /** The `ponder.model` setting the state is about (path, catalog id or hf: URI), when known. */
    model?: string;
    /** Facts about the loaded model. */
    description?: ModelSummary;
    /** Why loading failed, when `state` is "failed". */
    error?: string;
    /** The job generating now and how many wait behind it. */
    runningJob?: string;
    waitingJobs: number;
}

export interface ModelSummary {
    id: string;
    source: string;
    architecture: string;
    parameters: number;
    contextSize: number;
    /** "cpu", "cuda", "vulkan", "metal" or "remote". */
    backend: string;
    gpuLayers: number;
    threads: number;
    experts?: { count: number; usedPerToken: number };
}

/** The model's state and the job queue; never waits behind a generation. */
export const modelStatusRequest = request<null | Record<string, never>, ModelStatus>("ponder/modelStatus");

/** Sent whenever the model's state changes (loading, loaded, failed). */
export const modelStatusNotification = notification<ModelStatus>("ponder/modelStatusChanged");

// ---- ponder/trace -----------------------------------------------------------------------------------------

export type FixStepName = "context" | "candidates" | "reproduce" | "verify" | "rank" | "feedback";

/** One event of a job's live trace. Deltas are in order per candidate; `round` counts from 0. */
export type TraceEvent =
    | { kind: "thought"; round: number; candidate: number; text: string }
    | { kind: "answer"; round: number; candidate: number; text: string }
    | { kind: "thoughtEnd"; round: number; candidate: number; closedBy: "model" | "budget" | "loopGuard" | "unclosed" | "none" }
    | {
        kind: "candidateDone"; round: number; candidate: number; stopReason: string;
        thoughtTokens: number; answerTokens: number; tokensPerSecond: number;
    }
    | { kind: "step"; round: number; step: FixStepName; detail: string }
    | { kind: "evidence"; round: number; candidates: CandidateEvidence[] }
    | { kind: "model"; detail: string; fraction?: number }
    | { kind: "done"; status: FixStatus | "cancelled" | "failed"; message?: string };

export interface TraceParams {
    jobId: string;
    event: TraceEvent;
}

/** The live reasoning and evidence of a job, for the side panel. */
export const traceNotification = notification<TraceParams>("ponder/trace");

// ---- ponder/queue -----------------------------------------------------------------------------------------

export interface QueueParams {
    jobId: string;
    /** Jobs ahead of this one; 0 means it runs now. */
    position: number;
}

/** Sent when a job enters the queue and each time its position changes, last with position 0. */
export const queueNotification = notification<QueueParams>("ponder/queue");

// ---- commands and settings --------------------------------------------------------------------------------

/**
 * The command of the "Ponder: fix with proof" code actions; its one argument is the `FixParams` to send. A
 * client runs it by sending `ponder/fix` itself (so it can show the trace and the diff); a client that sends
 * `workspace/executeCommand` instead gets the `FixResponse` back as the command's result.
 */
export const fixCommand = "ponder.fix";

/** The settings under the `ponder` section of `workspace/configuration`. */
export interface PonderSettings {
    /** A .gguf path, a catalog id or an `hf:` URI; default the catalog model that fits this machine. */
    model?: string;
    /** Candidates sampled per round (G). Default 4. */
    candidates?: number;
    /** Feedback rounds after the first when nothing is verified. Default 2. */
    extraRounds?: number;
    /** Thinking budget per candidate, in tokens. Default none. */
    thinkBudget?: number;
    /** Experts per token for a mixture-of-experts model. */
    expertsPerToken?: number;
    /** Run generated code without bubblewrap when it is missing. Default false. */
    allowUnsandboxed?: boolean;
    /** The user trusts this workspace (VS Code's workspace trust, passed by the client; a setting elsewhere). Default false. */
    trustedWorkspace?: boolean;
    /** Decoding threads. Default one per core. */
    threads?: number;
    /** Tokens per sequence. Default the model's, at most 8192. */
    contextSize?: number;
    /** "auto" (default), "cpu", "cuda", "vulkan" or "metal". */
    gpu?: "auto" | "cpu" | "cuda" | "vulkan" | "metal";
    /** Never download a model. */
    offline?: boolean;
    /** Verified fixes the workspace's solution memory keeps; 0 turns it off. Default 500. */
    memorySize?: number;
}

/** What a client may pass as `initializationOptions`. */
export interface PonderInitializationOptions {
    /** The client runs `ponder.fix` itself (VS Code): the server then does not offer it through `workspace/executeCommand`. */
    clientRunsCommands?: boolean;
    /** Settings for a client without `workspace/configuration`. */
    settings?: PonderSettings;
}
