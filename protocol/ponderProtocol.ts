// Ponder's extensions to LSP, in one place: every custom request, notification, command and setting the
// client, the server and the panel share. It imports types only, and its run-time content is plain data: a
// message is a method name with phantom parameter and result types, so no JSON-RPC library is needed to read it.

import type {
    Diagnostic,
    Position,
    Range,
    TextDocumentIdentifier,
    WorkDoneProgressParams,
    WorkspaceEdit
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

export type ParamsOf<M> =
    M extends PonderRequest<infer P, unknown> ? P : M extends PonderNotification<infer P> ? P : never;
export type ResultOf<M> = M extends PonderRequest<unknown, infer R> ? R : never;

function request<Params, Result>(method: string): PonderRequest<Params, Result> {
    return { method };
}

function notification<Params>(method: string): PonderNotification<Params> {
    return { method };
}

/**
 * A job's kind: `fix` (`ponder/fix`), `tests` (test generation, `ponder/tests`), `port` (`ponder/port`), `repair` (a fix
 * from a failure, `ponder/repair`). The same
 * names as the engine's `JobKind`; the server fails to compile when the two differ.
 */
export type JobKind = "fix" | "tests" | "port" | "repair";

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

/**
 * `verified`: a test the patch's own reply did not write fails before and passes after, and no other surviving
 * candidate behaves differently undecided; `plausible` (shown as "Not proven"): passes everything it ran, but only its
 * own tests support it or a disagreement is undecided; `unverified`: fails a test, breaks one, or nothing reproduced the bug.
 */
export type FixStatus = "verified" | "plausible" | "unverified" | "noCandidate";

/** Where a test that supports a patch came from, seen from that patch. */
export type FixTestSource = "user" | "build" | "doctest" | "otherSample" | "testsPass" | "own";

export interface FixResponse {
    jobId: string;
    status: FixStatus;
    /** The chosen patch as one edit of the document, versioned when the document was open; absent for `noCandidate`. */
    edit?: WorkspaceEdit;
    /** The same patch as a unified diff of the document, for review. */
    diff?: string;
    /**
     * The document's whole text with the patch applied, as the engine computed it from the text it read: the diff
     * editor shows it as is, so a client never rebuilds it from the edit. Absent for `noCandidate`.
     */
    patchedText?: string;
    /** The document version the edit was computed against (null when it was read from disk). */
    documentVersion: number | null;
    /** Why the best patch is not verified, when it is not. */
    unverifiedReason?: string;
    evidence: FixEvidence;
    /** Which expert answered and why. */
    expert: ExpertEvidence;
}

/**
 * What proves (or fails to prove) the patch: every candidate's reward and tests, and the tests worth keeping. The
 * engine's `fixReport` writes it (the CLI's `--json` prints the same); the server adds only the regression tests' URIs.
 */
export interface FixEvidence {
    /** One sentence in words: "Verified: your test test_gcd fails before and passes after; 11 existing tests still pass". */
    summary: string;
    /** The chosen patch's support by source: tests that fail before and pass after (`reproduces`), tests of today's behaviour it kept (`pins`). */
    sources: { kind: FixTestSource; reproduces: string[]; pins: string[] }[];
    /** Existing tests that passed before and still pass with the chosen patch. */
    existingStillPassing: number;
    /** Tests of one other sample the chosen patch fails, outvoted by two independent sources. */
    outvoted: string[];
    /** Undecided disagreements between surviving candidates ("#0 and #2 disagree on gcd(0, 49): #0 gives 0, #2 gives 49"). */
    disagreements: string[];
    /** The tests-only pass (samples that saw no patch), when it ran. */
    testsPass?: { samples: number; tests: number; reproducing: number; pinning: number; modelMs: number };
    rounds: number;
    /** The candidate whose patch was chosen. */
    chosen?: { round: number; candidate: number };
    candidates: CandidateOutcome[];
    /**
     * Reproducing tests of the chosen patch, to keep as regression tests: `code` is a new test file's whole text
     * at `uri`, or (`appendTo`) a test module to append to that file (Rust's `#[cfg(test)] mod`).
     */
    regressionTests: { file: string; uri: string; code: string; appendTo: boolean }[];
    /** Context the prompt left out for its token budget. */
    contextOmitted: string[];
    timings: { modelMs: number; verifyMs: number; totalMs: number };
    /** What the solution memory recalled into the prompt (verified fixes of similar bugs), and the id it stored this fix under. */
    memory?: {
        source: string;
        recalled: {
            file: string;
            target: string;
            similarity: number;
            inPrompt: boolean;
            source: string;
            patternInWinningPatch?: boolean;
        }[];
        storedId?: string;
    };
    /** What each exact tool did, and whether a verified symbolic fix cancelled the model. */
    symbolic?: { sources: { tool: string; status: string; detail: string }[]; modelCancelled: boolean };
}

/** One candidate as the editor shows it (the engine's ranking input of the same candidate is `CandidateEvidence`). */
export interface CandidateOutcome {
    round: number;
    index: number;
    verified: boolean;
    /** Its verdict ("plausible" is shown as "Not proven") and the sentence that says what supports it. */
    status: "verified" | "plausible" | "unverified";
    summary: string;
    reward: number;
    rewardParts: { accuracy: number; format: number; language: number; total: number };
    advantage: number;
    clusterSize: number;
    /** CodeT's dual agreement: its cluster's size times the tests it passes. */
    agreement: number;
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

// ---- ponder/tests: generating tests -----------------------------------------------------------------------

/**
 * Generates tests for a function, method or class (the one around the position or range) or for the whole
 * file, and keeps only those that run, pass every run and cover new lines. Returns the test-file changes as an
 * edit the client applies (or not); the server never writes them.
 */
export interface GenerateTestsParams extends WorkDoneProgressParams {
    textDocument: TextDocumentIdentifier;
    position?: Position;
    range?: Range;
    /** A symbol of the file (`median`, `Stack.push`); wins over the position. */
    symbol?: string;
    /** Tests for the whole file, whatever the position. */
    wholeFile?: boolean;
    /** Candidate replies sampled in parallel; default the `ponder.candidates` setting. */
    candidates?: number;
    /** Runs each test must pass; default 3. */
    runs?: number;
    thinkBudget?: number;
    seed?: number;
    jobId?: string;
}

export type GenerateTestsStatus = "kept" | "noneKept";

export interface TestFileChange {
    uri: string;
    created: boolean;
    /** The file's whole text once the change is applied. */
    newText: string;
}

/** The engine's one tests report (`testsReport`, also the CLI's `--json`) with URIs for paths, the edit and the test files. */
export interface GenerateTestsResponse {
    jobId: string;
    status: GenerateTestsStatus;
    /** Tests were kept and, together in the test file as the edit leaves it, all pass: only then is the edit proven. */
    proven: boolean;
    /** The file whose code the tests are for. */
    fileUri: string;
    /** The symbol, or the file when the whole file was the target. */
    target: string;
    framework: string;
    /**
     * The test files to create or extend as one edit (`documentChanges` with `CreateFile` when the client
     * supports resource operations); absent when nothing was kept or the client cannot create files, in which
     * case `testFiles` holds the texts.
     */
    edit?: WorkspaceEdit;
    testFiles: TestFileChange[];
    kept: { name: string; uri: string; coverageGain: number; newLines: number[]; candidate: number; code: string }[];
    dropped: { name: string; reason: string; candidate: number }[];
    /** Tests that fail on the current code because of the code: they may have found a bug. */
    possibleBugs: { name: string; failure: string; candidate: number; code: string }[];
    coverage: { before: number; after: number; measured: boolean; coverableLines: number };
    mutation: { killed: number; total: number; score: number; survivors: { description: string; line: number }[] };
    /** How the kept tests ran together in the test file as the edit leaves it (`passed` is what makes `proven`). */
    keptTogether: "passed" | "failed" | "notRun";
    notes: string[];
    timings: { modelMs: number; runsMs: number; coverageMs: number; mutationMs: number; totalMs: number };
    expert: ExpertEvidence;
}

/** Starts a test-generation job; queued and cancellable like `ponder/fix`. The method keeps its short name for existing clients. */
export const generateTestsRequest = request<GenerateTestsParams, GenerateTestsResponse>("ponder/tests");

// ---- ponder/port ------------------------------------------------------------------------------------------

/** Ports a whole file to another language, unit by unit, proven by differential testing against the original. */
export interface PortParams extends WorkDoneProgressParams {
    textDocument: TextDocumentIdentifier;
    to: "rust" | "typescript";
    /** Generated inputs per function (the file's own examples come on top). Default 200. */
    cases?: number;
    seed?: number;
    thinkBudget?: number;
    jobId?: string;
}

export type PortStatus = "equivalent" | "differs" | "doesNotCompile";

/** One case's outcome: a value (plain JSON), an error, no finish, out of the port's domain, or a crash. */
export type PortCaseOutcome =
    | { kind: "value"; value: unknown }
    | { kind: "error"; message: string }
    | { kind: "timeout" }
    | { kind: "outOfDomain"; message: string }
    | { kind: "crashed"; message: string };

/** An input on which the port and the original disagree, as values and as one sentence (`text`). */
export interface PortCounterexample {
    args: unknown[];
    expected: PortCaseOutcome;
    actual: PortCaseOutcome;
    round: number;
    text: string;
}

export interface PortUnitEvidence {
    name: string;
    kind: "function" | "class" | "constant";
    status: "equivalent" | "differs" | "doesNotCompile" | "notTested";
    compiled: boolean;
    cases: number;
    equal: number;
    /** Cases not compared (outside the port's domain). */
    skipped: number;
    counterexamples: PortCounterexample[];
    rounds: { translation: number; compileRepair: number; counterexample: number };
    notes: string[];
}

export interface PortResponse {
    jobId: string;
    status: PortStatus;
    /** The folder of the new files, and the same relative to the workspace root. */
    outDirUri: string;
    outDir: string;
    /** The new files as one edit (`CreateFile` + text); absent when the client cannot create files. */
    edit?: WorkspaceEdit;
    outputs: { uri: string; text: string }[];
    /** The file to open beside the original (the port's main source file). */
    mainUri?: string;
    units: PortUnitEvidence[];
    /** Unit names in the order they were translated (dependencies first). */
    order: string[];
    tests: { name: string; ported: boolean; outcome: string; reason?: string }[];
    notes: string[];
    timings: { modelMs: number; buildMs: number; differentialMs: number; totalMs: number };
    expert: ExpertEvidence;
}

export const portRequest = request<PortParams, PortResponse>("ponder/port");

// ---- ponder/repair: fixing from a failure ------------------------------------------------------------------

/** Where a fix from a failure starts: the CLI's `ponder fix --test ID`, `--test-output FILE`, `--issue FILE` or no target. */
export type RepairFailureTarget =
    /** Project tests in their runner's own id syntax (pytest `tests/test_x.py::test_y`, `FILE::NAME`, a cargo or go test path). */
    | { tests: string[] }
    /** A failing test run's output, with no location. */
    | { testOutput: string }
    /** A bug report in prose: Ponder writes reproduction tests first and says they are its own. */
    | { issue: string }
    /** The project's tests are run and the failing ones taken. */
    | { runAll: true };

/**
 * A fix that starts from a failure instead of a location: the job localises the bug across the repository, samples
 * patches that may edit several files, and proves them against the project's own tests. The server never applies them.
 */
export interface RepairParams extends WorkDoneProgressParams {
    /** A workspace folder, or any file inside it: the project whose tests fail. */
    textDocument: TextDocumentIdentifier;
    failure: RepairFailureTarget;
    candidates?: number;
    extraRounds?: number;
    thinkBudget?: number;
    seed?: number;
    jobId?: string;
}

/**
 * `verified`: the failing tests pass in every rerun and no test that passed before fails; `plausible`: it passes, but
 * the evidence is weaker (Ponder's own reproduction tests, a regression run cut by its budget); `changesTest`: it
 * passes only by changing a failing test (applied only on explicit acceptance); `nothingFails`: nothing to fix.
 */
export type RepairStatus = "verified" | "plausible" | "changesTest" | "unverified" | "noCandidate" | "nothingFails";

/** The engine's `repairReport` (the CLI's `--json` prints the same); the server fails to compile when the two drift. */
export interface RepairReport {
    status: RepairStatus;
    failing: { id: string; file?: string; name: string; message?: string; origin: "project" | "reproduction" }[];
    localisation: {
        suspects: {
            rank: number;
            file: string;
            name: string;
            startLine: number;
            endLine: number;
            score: number;
            why: string;
        }[];
        sources: string[];
        tied: boolean;
        modelChoice?: { file: string; name: string; reason: string };
        notes: string[];
    };
    patch: {
        files: {
            file: string;
            diff: string;
            edits: { start: number; end: number; newText: string }[];
            created: boolean;
            isTest: boolean;
        }[];
        diff: string;
        round: number;
        candidate: number;
    } | null;
    evidence: {
        oracle: "project" | "reproduction";
        failingNowPass: string[];
        stillFailing: string[];
        regressions: string[];
        passToPass: { run: number; total: number; affectedFirst: number };
        flaky: string[];
        testChange?: { files: string[]; reason: string };
        summary: string;
    };
    reproduction?: { file: string; code: string; failing: string[] };
    rounds: number;
    candidates: {
        round: number;
        index: number;
        status: "verified" | "plausible" | "changesTest" | "unverified";
        summary: string;
        reward: number;
        rank: number;
        files: string[];
        forms: string[];
        parseProblems: string[];
        fixed: string[];
        regressions: string[];
        changesTests: string[];
    }[];
    notes: string[];
    timings: { localiseMs: number; modelMs: number; verifyMs: number; regressionMs: number; totalMs: number };
}

/** One file of the chosen patch as the editor shows it: its URI, and its whole text with the patch applied. */
export interface RepairFileChange {
    uri: string;
    file: string;
    patchedText: string;
    /** False for a file the patch creates. */
    exists: boolean;
    /** One of the project's test files (a `changesTest` patch changes one). */
    isTest: boolean;
    /** The open document's version the edit was computed against; null when read from disk or new. */
    documentVersion: number | null;
}

export interface RepairResponse {
    jobId: string;
    status: RepairStatus;
    /** Every file of the chosen patch in one WorkspaceEdit (one undo); absent when there is no patch. */
    edit?: WorkspaceEdit;
    files: RepairFileChange[];
    report: RepairReport;
    expert: ExpertEvidence;
}

/** Starts a fix from a failure; queued, traced and cancellable as `ponder/fix` is. */
export const repairRequest = request<RepairParams, RepairResponse>("ponder/repair");

// ---- ponder/projectTests and ponder/runProjectTests: the project's own tests --------------------------------

/** Lists the project's own tests through its runner, in the sandbox (collecting Python tests imports the code). */
export interface ProjectTestsParams {
    /** A workspace folder, or any file inside it. */
    textDocument: TextDocumentIdentifier;
}

export interface ProjectTestsResponse {
    /** `missingDependencies`: the project's dependencies are not installed (`message` says what to install). */
    kind: "found" | "missingDependencies" | "failed";
    message?: string;
    tests: { id: string; name: string; file: string; uri: string; line?: number }[];
}

export const projectTestsRequest = request<ProjectTestsParams, ProjectTestsResponse>("ponder/projectTests");

/** Runs project tests by id (all of them when `ids` is empty) in the sandbox; never waits for the model. */
export interface RunProjectTestsParams {
    textDocument: TextDocumentIdentifier;
    ids: string[];
}

export const runProjectTestsRequest = request<RunProjectTestsParams, RunTestsResponse>("ponder/runProjectTests");

// ---- ponder/runTests: running tests -----------------------------------------------------------------------

/** Runs one test file's tests in the sandbox (the Test Explorer's run button); never waits for the model. */
export interface RunTestsParams {
    /** The test file; it need not exist on disk when `text` is given. */
    textDocument: TextDocumentIdentifier;
    /** The file's text when it is not saved or not written yet (a generated test under review). */
    text?: string;
    /** Only these tests, by name; default all of the file's tests. */
    names?: string[];
}

export interface RunTestsResponse {
    /** `buildFailed`: the code did not build or the runner could not load the tests (see `message`). */
    kind: "ran" | "buildFailed" | "cancelled";
    message?: string;
    tests: {
        name: string;
        id: string;
        outcome: "passed" | "failed" | "error" | "skipped" | "timedOut";
        message?: string;
        durationMs?: number;
    }[];
    durationMs: number;
}

export const runTestsRequest = request<RunTestsParams, RunTestsResponse>("ponder/runTests");

// ---- experts and ponder/accepted ---------------------------------------------------------------------------

/** Which expert answered a job, why the router chose it, and every expert that tried before it. */
export interface ExpertEvidence {
    name: string;
    /** The model it ran. */
    model: string;
    /** Why: the router's estimate, the user's choice, or the escalation. */
    why: string;
    /** The router's estimated chance that this expert verifies such a job, 0 to 1. */
    estimatedSuccessRate: number;
    /** The router's estimated time of such a job, in ms (guessed until measured). */
    estimatedCostMs: number;
    /** The expert whose unverified result passed the job on to this one. */
    escalatedFrom?: string;
    attempts: { expert: string; verified: boolean; rounds: number; durationMs: number }[];
}

export interface AcceptedParams {
    jobId: string;
}

export interface AcceptedResponse {
    /** True when the result was kept as a training example. */
    kept: boolean;
    /** What happened, for the log: where it was kept, or why not. */
    message: string;
}

/**
 * Tells the server the user applied a job's result. A verified result then becomes a training example of the
 * workspace's dataset when `ponder.keepDataset` is on; the router has already learnt from it.
 */
export const acceptedRequest = request<AcceptedParams, AcceptedResponse>("ponder/accepted");

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

// ---- ponder/loadModel -------------------------------------------------------------------------------------

/** Downloads (when needed) and loads the model of the settings, with cancellable work-done progress. */
export interface LoadModelParams extends WorkDoneProgressParams {
    /** A document or folder whose settings apply; default the first workspace folder. */
    scopeUri?: string;
}

export const loadModelRequest = request<LoadModelParams, ModelStatus>("ponder/loadModel");

// ---- ponder/trace -----------------------------------------------------------------------------------------

export type FixStepName = "context" | "candidates" | "reproduce" | "verify" | "rank" | "feedback";
export type GenerateTestsStepName = "context" | "candidates" | "pool" | "runs" | "coverage" | "mutation";

export type RepairStepName =
    "failures" | "reproduce" | "localise" | "candidates" | "verify" | "regressions" | "rank" | "feedback";

export type PortStepName =
    "decompose" | "translate" | "build" | "repair" | "differential" | "counterexamples" | "tests" | "assemble";

/** How a job ended, in its final `done` trace event. */
export type JobStatus = FixStatus | GenerateTestsStatus | PortStatus | RepairStatus | "cancelled" | "failed";

/** One event of a job's live trace. Deltas are in order per candidate; `round` counts from 0. */
export type TraceEvent =
    | { kind: "thought"; round: number; candidate: number; text: string; unit?: string }
    | { kind: "answer"; round: number; candidate: number; text: string; unit?: string }
    | {
          kind: "thoughtEnd";
          round: number;
          candidate: number;
          closedBy: "model" | "budget" | "loopGuard" | "unclosed" | "none";
          unit?: string;
      }
    | {
          kind: "candidateDone";
          round: number;
          candidate: number;
          stopReason: string;
          thoughtTokens: number;
          answerTokens: number;
          tokensPerSecond: number;
          unit?: string;
      }
    /** A step of the chain; `unit` names the unit of a port it concerns. */
    | {
          kind: "step";
          round: number;
          step: FixStepName | GenerateTestsStepName | PortStepName | RepairStepName;
          detail: string;
          unit?: string;
      }
    /** A generated test's verdict (test-generation jobs). */
    | { kind: "test"; name: string; verdict: "kept" | "dropped" | "possibleBug"; reason: string }
    | { kind: "evidence"; round: number; candidates: CandidateOutcome[] }
    | { kind: "model"; detail: string; fraction?: number }
    /** An expert took the job: chosen by the router or the user, or by escalation after `escalatedFrom` did not verify it. */
    | {
          kind: "expert";
          name: string;
          model: string;
          why: string;
          estimatedSuccessRate: number;
          estimatedCostMs: number;
          escalatedFrom?: string;
      }
    | { kind: "done"; status: JobStatus; message?: string };

export interface TraceParams {
    jobId: string;
    event: TraceEvent;
    /** When the server sent it (ms since the epoch), so a client can measure a token's latency to the screen. */
    sentAt?: number;
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

/** The command of the "Ponder: port to …" code actions; its one argument is the `PortParams` to send. */
export const portCommand = "ponder.port";

/** The command of the "Ponder: generate tests" code actions; its one argument is the `GenerateTestsParams` to send. */
export const generateTestsCommand = "ponder.tests";

/** The command that fixes from a failure; its one argument is the `RepairParams` to send. */
export const repairCommand = "ponder.repair";

/**
 * Each job kind's request and the command of its code actions, in one table: the server wires the requests and
 * offers the commands from it, the VS Code client registers one command per entry.
 */
export const jobRequests = {
    fix: { request: fixRequest, command: fixCommand },
    tests: { request: generateTestsRequest, command: generateTestsCommand },
    port: { request: portRequest, command: portCommand },
    repair: { request: repairRequest, command: repairCommand }
} as const satisfies Record<JobKind, { request: PonderRequest<object, object>; command: string }>;

/**
 * The settings under the `ponder` section of `workspace/configuration`. Their types, ranges, defaults and descriptions
 * are declared once, in engine/settings/settingsSchema.ts (a test keeps these fields equal to its names).
 */
export interface PonderSettings {
    /** A .gguf path, a catalog id or an `hf:` URI; default the catalog model that fits this machine. */
    model?: string;
    /** Candidates sampled per round (G). */
    candidates?: number;
    /** Feedback rounds after the first when nothing is verified. */
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
    /** What runs a local model: "auto" (default: the catalog entry's choice), "node-llama-cpp", or "llama-server" (managed). */
    backend?: "auto" | "node-llama-cpp" | "llama-server";
    /** Never download a model. */
    offline?: boolean;
    /** Time limit of one test run in the sandbox, in seconds (verification and kept-test runs). */
    testTimeoutSeconds?: number;
    /** Sandbox runs at once. Default one per core. */
    parallelRuns?: number;
    /** Served-model endpoints (OpenAI-compatible: vLLM, SGLang, llama.cpp's server, Ollama); `model` then names the served model. */
    endpoints?: string[];
    /** The environment variable holding the endpoints' API key. */
    apiKeyEnv?: string;
    /** The API key, from the client's secret storage (VS Code's SecretStorage); never a user setting. */
    apiKey?: string;
    /** Verified fixes the workspace's solution memory keeps; 0 turns it off. */
    memorySize?: number;
    /**
     * Experts the router chooses from: `{ "experts": [...], "includeDefaults": false }` or a bare list (see
     * ARCHITECTURE.md: name, model or endpoints, lora, sampling, candidates, thinkBudget, expertsPerToken,
     * strength). Default: one expert, the model of `model`/`endpoints`.
     */
    experts?: unknown;
    /** The expert every job starts with, by name; default: the router chooses. */
    expert?: string;
    /** Keep verified results the user accepts as training examples in the workspace's dataset. Default false. */
    keepDataset?: boolean;
    /** Append every model call to this JSONL file (relative to the workspace folder). Default none. */
    record?: string;
}

/** What a client may pass as `initializationOptions`. */
export interface PonderInitializationOptions {
    /** The client runs `ponder.fix` itself (VS Code): the server then does not offer it through `workspace/executeCommand`. */
    clientRunsCommands?: boolean;
    /** Settings for a client without `workspace/configuration`. */
    settings?: PonderSettings;
}
