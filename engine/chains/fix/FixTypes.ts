// The fix chain's plain-data request, events and result. Everything a CLI, a language server or a
// benchmark needs to show the proof travels in these types.

import type { CodeDiagnostic, SourceLanguage, TextEdit } from "../../analysis/index.js";
import type { CandidateReply, ReasoningEvent } from "../../runtime/ModelRuntime.js";
import type { TestCaseResult } from "../../toolchains/index.js";
import type { MemoryReport, PriorAttempt, RecallReport } from "../ChainTypes.js";
import type { RankedCandidate } from "../rewardRanking.js";
import type { CandidateStatus, PatchEvidence } from "./fixVerdict.js";
import type { SymbolicSummary, SymbolicTool } from "./symbolic/SymbolicTypes.js";

export interface FixRequest {
    /** The file to fix, relative to the workspace root. */
    file: string;
    /** Where the bug is: a 1-based line, a range of UTF-16 offsets, a diagnostic, or a function name. */
    target:
        | { line: number }
        | { range: { start: number; end: number } }
        | { diagnostic: CodeDiagnostic }
        | { name: string };
    /** Output of a failing test run, shown to the model and used as a diagnostic. */
    testOutput?: string;
    /** Candidates sampled per round (G). Default `settingDefaults.candidates` (engine/settings/settingsSchema.ts). */
    candidates?: number;
    /** Feedback rounds after the first when nothing is verified. Default `settingDefaults.extraRounds`. */
    extraRounds?: number;
    /** Seed of the first round's first candidate. */
    seed?: number;
    /** Thinking budget per candidate, in tokens. */
    thinkBudget?: number;
    /**
     * Tokens the code context may take in the prompt. Default `requestDefaults.contextTokens` (engine/settings/settingsSchema.ts):
     * a fixed count, not a share of the model's context.
     */
    contextTokens?: number;
    /** Sandbox runs at once during reproduction and verification. Default: the number of cores. */
    parallelRuns?: number;
    /** Time limit of one test in the sandbox; a reproduction of a hang waits this long. Default 4 s (Rust: 30 s for the whole test step, build included). */
    testTimeoutMs?: number;
    /** Earlier attempts at this job (by another expert) that were not verified; shown to the model as evidence. */
    priorAttempts?: PriorAttempt[];
}

/** One parsed reply: the patch as edits (or why there is none) and the tests it proposes. */
/** The request as the chain runs it: the job kind's defaults (`withDefaults`, engine/experts/jobKinds.ts) filled in. */
export type DefaultedFixRequest = FixRequest &
    Required<Pick<FixRequest, "candidates" | "extraRounds" | "contextTokens">>;

export interface CandidatePatch {
    round: number;
    index: number;
    reply: CandidateReply;
    /** Edits of the target file; absent when the reply has no usable patch. */
    edits?: TextEdit[];
    patchedText?: string;
    /** How the patch was written: a replacement of the function, a whole file, a diff. */
    patchKind?: "replacement" | "wholeFile" | "diff" | "mixed";
    /** Why the reply gave no patch or no tests; a reply is never dropped silently. */
    parseProblems: string[];
    /** The reply's tests, with the import of the target added when missing. */
    testCode?: string;
    /** Where the tests are placed in the sandbox (a file, or the target file for Rust's in-file modules). */
    testFile?: string;
    /** Set when an exact tool, not the model, proposed the patch (its `reply` is then a synthetic one). */
    origin?: SymbolicOrigin;
}

/** Which tool proposed a symbolic candidate, for what, and how sure the tool was. */
export interface SymbolicOrigin {
    kind: "symbolic";
    tool: SymbolicTool;
    title: string;
    diagnostic: string;
    applicability: string;
}

/** A reply's test run against the original code, and which of its tests reproduce the bug. */
export interface ReproductionRun {
    round: number;
    candidate: number;
    tests: ReproductionVerdict[];
    /** The tests did not build or load: none of them count. */
    brokenReason?: string;
}

export interface ReproductionVerdict {
    test: TestCaseResult;
    /** Fails because of the code under test: a failed assertion, an exception inside the target, a timeout. */
    reproduces: boolean;
    reason: string;
}

/** One patch run against every reproducing test and the existing tests. */
export interface VerificationRun {
    round: number;
    candidate: number;
    /** Ids of reproducing tests run, and those that passed. */
    testsRun: string[];
    testsPassed: string[];
    /** Existing tests that passed on the original and fail with the patch. */
    regressions: string[];
    existingTests: number;
    /** Ids of pooled tests that passed on the original (they pin its behaviour) run against the patch, and those that passed. */
    pinsRun: string[];
    pinsPassed: string[];
    buildFailure?: string;
    /** Why the run ended before every test reported, in words ("killed at the memory limit (256 MB) during …"). */
    interrupted?: string;
    /** Signs that the code under test tried to write its own verdict (the run then proves nothing). */
    tampering?: string[];
    durationMs: number;
}

export interface CandidateReport {
    round: number;
    index: number;
    ranking: RankedCandidate;
    parseProblems: string[];
    reproducingTests: string[];
    regressions: string[];
    thought: string;
    answer: string;
    /** The target's text with this candidate's patch applied; absent when the reply gave no usable patch. */
    patchedText?: string;
    /** Present for symbolic candidates. */
    origin?: SymbolicOrigin;
    /** Its verdict and the sentence that says what supports it (updated when a later round re-runs it). */
    status: CandidateStatus;
    summary: string;
}

/**
 * `verified`: supported by a test its own reply did not write, and no undecided disagreement; `plausible` (shown as
 * "Not proven"): passes everything it ran, but only its own tests support it or another survivor behaves differently.
 */
export type FixStatus = "verified" | "plausible" | "unverified" | "noCandidate";

/** The tests-only pass: samples that saw the problem and the code but no patch, and wrote tests only. */
export interface TestsPassReport {
    samples: number;
    /** Tests of its replies found by the runner, those that reproduce the bug, and those that pin today's behaviour. */
    tests: number;
    reproducing: number;
    pinning: number;
    modelMs: number;
}

export interface FixResult {
    status: FixStatus;
    file: string;
    language: SourceLanguage;
    /** The chosen patch; absent only for `noCandidate`. */
    patch?: { edits: TextEdit[]; diff: string; round: number; candidate: number; origin?: SymbolicOrigin };
    /** Why the best patch is not verified, when it is not. */
    unverifiedReason?: string;
    /** What supports the chosen patch, by source, and one sentence in words. */
    evidence: PatchEvidence;
    /** The tests-only pass, when it ran. */
    testsPass?: TestsPassReport;
    rounds: number;
    candidates: CandidateReport[];
    reproductions: ReproductionRun[];
    verifications: VerificationRun[];
    /** Reproducing tests of the chosen patch, to keep as regression tests (file and code). */
    regressionTests: { file: string; code: string }[];
    /** What the context left out for the token budget. */
    contextOmitted: string[];
    timings: { modelMs: number; verifyMs: number; totalMs: number };
    /** What the solution memory recalled for this job and what it stored; absent when the chain ran without a memory. */
    memory?: MemoryReport;
    /** What the exact tools proposed; absent when the chain ran without symbolic sources. */
    symbolic?: SymbolicSummary;
}

export type FixStep = "context" | "candidates" | "reproduce" | "verify" | "rank" | "feedback";

export type FixEvent =
    | { kind: "step"; step: FixStep; round: number; detail: string }
    | { kind: "reasoning"; round: number; event: ReasoningEvent }
    | { kind: "evidence"; round: number; candidates: CandidateReport[] }
    | { kind: "recall"; round: number; source: string; solutions: RecallReport[] };
