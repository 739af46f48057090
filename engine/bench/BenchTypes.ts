// The benchmark's plain data: a task of a suite as read from its task.json, what the chain claimed for it,
// what the hidden checks said, and the totals a report shows. docs/bench-suite.md describes the suite format.

import type { SourceLanguage } from "../analysis/index.js";
import type { PortTarget } from "../chains/port/PortTypes.js";
import type { JobKind } from "../jobKind.js";
import type { VerdictStrength } from "./verdictStrength.js";

/**
 * A function-level suite task's job: the engine's `JobKind`s but `repair`, whose tasks are whole repositories with
 * hidden fail-to-pass tests and live in repository suites (`engine/bench/repo/`, `npm run bench -- repo`).
 */
export type BenchJob = Exclude<JobKind, "repair">;

/** The jobs a function-level suite's task may name. */
export const benchJobs: readonly BenchJob[] = ["fix", "tests", "port"];

/** Where the chain should look: a 1-based line or a symbol of a file of the workspace; a port takes the whole file. */
export type BenchTarget = { file: string; line: number } | { file: string; symbol: string } | { file: string };

/** One task as task.json states it, with the folders the runner found beside it. */
export interface BenchTask {
    /** Unique in the suite; the task's folder name unless task.json says otherwise. */
    id: string;
    job: BenchJob;
    language: SourceLanguage;
    target: BenchTarget;
    /** Port only: the language the target file is ported to (a pair the port chain knows). */
    to?: PortTarget;
    /** Where the task came from ("QuixBugs bitcount", "HumanEvalFix Python/3"), for the report. */
    source?: string;
    /** Absolute folder of the files handed to the chain (a copy of it, never the folder itself). */
    workspaceDir: string;
    /** Absolute folder of the hidden checks; the chain never sees it. */
    hiddenDir: string;
}

/** The hidden checks of a task, read from its hidden folder. */
export interface HiddenChecks {
    /** Test files, by path relative to the workspace root where they are laid during judging. */
    tests: Record<string, string>;
    /** Texts appended to workspace files during judging (Rust test modules that need the file's private items).
     * For a port, paths are inside the port's folder (`src/lib.rs`), as are the test files' paths. */
    appended: Record<string, string>;
    /** Input/output cases of one function, rendered into a test file of the task's language. */
    cases?: InputOutputCases;
    /** Buggy versions of workspace files (tests job): the kept tests should fail on each. */
    variants: { name: string; files: Record<string, string> }[];
}

export interface InputOutputCases {
    /** The function the cases call. */
    function: string;
    /** Each case: the arguments in order and the expected return value, as JSON (read with exact integers, floats kept floats). */
    cases: { input: unknown[]; output: unknown }[];
    /** Module path the test imports the function from (default: the target file without its extension). */
    module?: string;
    /** How close a float must be to the expected one. Default: relative 1e-9. */
    tolerance?: CaseTolerance;
    /** Time limit of one case's test, when the suite's reference needs more than the judge's default (set at import). */
    testTimeoutMs?: number;
}

/**
 * The suite's float tolerance: a float result passes when it is within the largest of `absolute`, `relative`
 * times the larger magnitude, and the value of the case's argument at index `argument` (QuixBugs' sqrt takes
 * its epsilon as an argument and is checked within it).
 */
export interface CaseTolerance {
    absolute?: number;
    relative?: number;
    argument?: number;
}

/** What the hidden checks said about one text of the target (the chosen patch, the first candidate's patch). */
export interface HiddenVerdict {
    /** `pass`: every hidden check passed. `fail`: one failed or the code did not build. `noPatch`: nothing to judge. */
    kind: "pass" | "fail" | "noPatch";
    passed: number;
    total: number;
    /** Why it failed: the first failing checks, or the build error. */
    reason?: string;
}

/** What the chain said about its own answer. */
export type ChainClaim =
    | "verified"
    | "plausible"
    | "unverified"
    | "noCandidate" // fix ("plausible": not proven, never counted verified)
    | "kept"
    | "noTests" // tests: it kept at least one test, or none
    | "equivalent"
    | "differs"
    | "doesNotCompile" // port: the port chain's status
    | "noPort"; // port: the task did not run

export interface TaskOutcome {
    id: string;
    job: BenchJob;
    language: SourceLanguage;
    /** Port only: the target language. */
    to?: PortTarget;
    source?: string;
    claim: ChainClaim;
    /** Fix: the chosen patch judged by the hidden checks. Tests: the kept tests run on the reference code. Port: the port. */
    hidden: HiddenVerdict;
    /** Fix only: the kinds of evidence the result names for its chosen patch (`user`, `doctest`, `otherSample`, `own`…), when it names any. */
    evidenceKinds?: string[];
    /** Fix only: the result's evidence in one sentence, when it has one. */
    evidenceSummary?: string;
    /** Fix only: the first candidate's patch (what an assistant without verification would have offered). */
    firstCandidate?: HiddenVerdict;
    /** Tests only: hidden buggy variants the kept tests failed on, of all variants. */
    variantsCaught?: { caught: number; total: number; missed: string[] };
    /** Tests only: the chain's mutation score of the kept tests (percent), when mutants ran. */
    mutationScore?: number;
    keptTests?: number;
    /** Port only: functions the differential tests proved equivalent, of the file's units. */
    portUnits?: { equivalent: number; total: number };
    /** Wall time of the whole task (copy, chain, judging) and of its parts. */
    timings: { totalMs: number; chainMs: number; modelMs: number; judgeMs: number };
    /** Tokens the model generated (thought and answer) and read (prompts). */
    tokens: { generated: number; prompt: number };
    rounds: number;
    candidates: number;
    /** Set when the task could not run at all (a bad task, a fault); it counts as failed. */
    error?: string;
}

/** A rate with what it was computed from: `value = count / of` (0 when `of` is 0). */
export interface Rate {
    count: number;
    of: number;
    value: number;
}

export interface BenchTotals {
    tasks: number;
    fixTasks: number;
    testsTasks: number;
    portTasks: number;
    /** Fix tasks the chain called verified, of fix tasks. */
    verifiedRate: Rate;
    /** Fix tasks called verified whose chosen patch fails the hidden checks, of those called verified. Must stay 0. */
    falseVerifiedRate: Rate;
    /** Each fix status (`verified`, `plausible`, `unverified`, `noCandidate`, and any other seen): its share and how often its patch was wrong. */
    byStatus: Record<string, VerdictStrength>;
    /** Each evidence kind the results named: its share and how often the patch it supported was wrong. */
    byEvidence: Record<string, VerdictStrength>;
    /** Fix tasks whose chosen (ranked) patch passes the hidden checks, of fix tasks. */
    passAt1WithVerification: Rate;
    /** Fix tasks whose first candidate's patch passes the hidden checks, of fix tasks. */
    passAt1WithoutVerification: Rate;
    /** Tests tasks with kept tests that fail on the reference code, of tests tasks with kept tests. Must stay 0. */
    falseKeptRate: Rate;
    /** Hidden buggy variants caught by kept tests, of all variants of tests tasks. */
    variantsCaughtRate: Rate;
    /** Port tasks the port chain called equivalent, of port tasks. */
    portEquivalenceRate: Rate;
    /** Port tasks called equivalent whose port fails the hidden checks, of those called equivalent. Must stay 0. */
    falseEquivalentRate: Rate;
    /** Port tasks whose port passes the hidden checks, of port tasks. */
    portHiddenPassRate: Rate;
    /** Mean mutation score (percent) of tests tasks whose mutants ran. */
    meanMutationScore: number | null;
    /** Tasks that could not run (bad task or fault). */
    errors: number;
    /** Medians per task. */
    medianTaskMs: number;
    medianHarnessMs: number;
    tokensGenerated: number;
}

export interface BenchReport {
    suite: string;
    model: string;
    startedAt: string;
    finishedAt: string;
    /** Wall time of this run (tasks finished in earlier runs took none of it). */
    wallMs: number;
    settings: { candidates: number; jobs: number; job?: BenchJob; limit?: number };
    totals: BenchTotals;
    tasks: TaskOutcome[];
}
