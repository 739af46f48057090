// The repository-level fix's plain-data request, events and result: a fix that starts from a failure (a project
// test, a test run's output, a bug report, or "whatever fails now"), localises the bug across the repository, and
// proves a patch that may edit several functions in several files against the project's own tests.

import type { TextEdit } from "../../analysis/index.js";
import type { CandidateReply, ReasoningEvent } from "../../runtime/ModelRuntime.js";
import type { PriorAttempt } from "../ChainTypes.js";
import type { RankedCandidate } from "../rewardRanking.js";
import type { Localisation } from "./localisation/LocalisationTypes.js";
import type { PatchForm } from "./patches/PatchTypes.js";

/** Where a repository-level fix starts. */
export type RepairFailure =
    /** Project tests in their runner's own id syntax (pytest node ids, `FILE::NAME`, a test path for cargo and go). */
    | { tests: string[] }
    /** The output of a failing test run, with no location: its failing tests and traceback frames are read from it. */
    | { testOutput: string }
    /** A bug report in prose, with no failing test: reproduction tests are written and confirmed first. */
    | { issue: string }
    /** No target: the project's tests are run and the failing ones are taken. */
    | { runAll: true };

export interface RepairRequest {
    failure: RepairFailure;
    /** Candidates sampled per round (G). Default `settingDefaults.candidates`. */
    candidates?: number;
    /** Feedback rounds after the first when nothing is verified. Default `settingDefaults.extraRounds`. */
    extraRounds?: number;
    seed?: number;
    thinkBudget?: number;
    /** Tokens the suspects' context may take in the prompt. Default `requestDefaults.contextTokens`. */
    contextTokens?: number;
    /** Suspects shown to the model. Default 5. */
    suspects?: number;
    /** Time limit of one test in the sandbox. */
    testTimeoutMs?: number;
    /**
     * Wall-time budget of the regression runs (tests that passed before must still pass): the affected tests run
     * first, then the rest while the budget lasts. Default 300 s; the result says how many were left unrun.
     */
    regressionBudgetMs?: number;
    /** Runs of each decisive test on the patched code, to find flaky tests (never counted as proof). Default 2. */
    reruns?: number;
    priorAttempts?: PriorAttempt[];
}

/** The request as the chain runs it: the job kind's defaults (`withDefaults`, engine/experts/jobKinds.ts) filled in. */
export type DefaultedRepairRequest = RepairRequest &
    Required<Pick<RepairRequest, "candidates" | "extraRounds" | "contextTokens" | "regressionBudgetMs" | "reruns">>;

/**
 * `verified`: the failing tests (the project's, or Ponder's reproduction tests written and confirmed failing before
 * any patch was sampled) pass, no test that passed before fails, and the patch leaves the failing tests alone.
 * `plausible`: passes, but its evidence is weaker (only reproduction tests of the same reply, a regression run cut by
 * the budget, flaky decisive tests). `changesTest`: it passes only by changing a failing test; shown with its reason,
 * applied only on explicit acceptance. `unverified`: the best candidate still fails. `noCandidate`: no reply gave a
 * usable patch. `nothingFails`: the tests named (or all of them) pass today, so there is nothing to fix.
 */
export type RepairStatus = "verified" | "plausible" | "changesTest" | "unverified" | "noCandidate" | "nothingFails";

/** One file a patch changes: its edits over the text it was read from, and that text patched. */
export interface FilePatch {
    /** Workspace-relative, checked to lie inside the workspace. */
    file: string;
    originalText: string;
    patchedText: string;
    edits: TextEdit[];
    /** The file did not exist before the patch. */
    created: boolean;
    /** The file is one of the project's test files (by its language's `isTestFile`). */
    isTest: boolean;
}

/** A failing test the fix starts from, as the runner reported it on the current code. */
export interface FailingTest {
    id: string;
    file?: string;
    name: string;
    message?: string;
    /** `project`: the project's own test; `reproduction`: a test Ponder wrote from a bug report and saw fail. */
    origin: "project" | "reproduction";
}

export interface RepairCandidateReport {
    round: number;
    index: number;
    ranking: RankedCandidate;
    status: Exclude<RepairStatus, "noCandidate" | "nothingFails">;
    summary: string;
    files: string[];
    forms: PatchForm[];
    parseProblems: string[];
    /** Failing tests that pass with this patch. */
    fixed: string[];
    /** Tests that passed before and fail with it. */
    regressions: string[];
    /** Test files it changes (then at most `changesTest`). */
    changesTests: string[];
    thought: string;
    answer: string;
    diff?: string;
}

/** What the chosen patch was judged on. */
export interface RepairEvidence {
    /** Whose tests decided it: the project's failing tests, or Ponder's reproduction tests from a bug report. */
    oracle: "project" | "reproduction";
    failingNowPass: string[];
    stillFailing: string[];
    regressions: string[];
    /** Tests that passed before, run with the patch, out of all that passed before (the rest were cut by the budget). */
    passToPass: { run: number; total: number; affectedFirst: number };
    /** Tests whose outcome changed between reruns: reported, never counted as proof. */
    flaky: string[];
    /** For `changesTest`: which test files the patch changes and why the reply says the test is wrong. */
    testChange?: { files: string[]; reason: string };
    /** One sentence: what proved it, or what is missing. */
    summary: string;
}

export interface RepairResult {
    status: RepairStatus;
    failing: FailingTest[];
    localisation: Localisation;
    /** The chosen patch; absent for `noCandidate` and `nothingFails`. */
    patch?: { files: FilePatch[]; diff: string; round: number; candidate: number };
    evidence: RepairEvidence;
    /** For a bug report: the reproduction tests Ponder wrote, where they go, and which failed on the current code. */
    reproduction?: { file: string; code: string; failing: string[] };
    rounds: number;
    candidates: RepairCandidateReport[];
    /** Things the user should know: missing dependencies, tests left unrun by the budget, evidence that was unavailable. */
    notes: string[];
    timings: { localiseMs: number; modelMs: number; verifyMs: number; regressionMs: number; totalMs: number };
}

export type RepairStep =
    "failures" | "reproduce" | "localise" | "candidates" | "verify" | "regressions" | "rank" | "feedback";

export type RepairEvent =
    | { kind: "step"; step: RepairStep; round: number; detail: string }
    | { kind: "reasoning"; round: number; event: ReasoningEvent }
    | { kind: "localised"; localisation: Localisation }
    | { kind: "evidence"; round: number; candidates: RepairCandidateReport[] };

/** A parsed reply of one round (for the chain's phases). */
export interface RepairCandidate {
    round: number;
    index: number;
    reply: CandidateReply;
    files: FilePatch[];
    forms: PatchForm[];
    parseProblems: string[];
    /** The reply's own reason for changing a test, when it changes one. */
    testChangeReason?: string;
}
