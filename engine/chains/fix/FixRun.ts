// The fix chain's state, written down: one `FixRun` per job (the request's facts, the prompt input, the baseline,
// the reproducing-test pool and everything the result reports) and one `FixRound` per round. Each phase of
// `runFixChain` reads this record and fills in only its own fields, so what a phase depends on is visible.

import type { CodeContext, CodeParser, SourceLanguage, TextRange } from "../../analysis/index.js";
import type { Script } from "../../text/scriptShare.js";
import type { TestRunResult } from "../../toolchains/index.js";
import type { ChainDependencies } from "../ChainDependencies.js";
import type { ChainTestRunner } from "../chainTestRunner.js";
import type { MemorySession } from "../MemorySession.js";
import type { CandidateEvidence, RankedCandidate } from "../rewardRanking.js";
import type { FeedbackAttempt, FixPromptInput } from "./fixPrompt.js";
import type { CompareBehaviour } from "./behaviourCheck.js";
import type {
    CandidatePatch,
    CandidateReport,
    FixEvent,
    DefaultedFixRequest,
    ReproductionRun,
    TestsPassReport,
    VerificationRun
} from "./FixTypes.js";
import type { CandidateVerdict } from "./fixVerdict.js";
import type { SymbolicSourceReport } from "./symbolic/SymbolicTypes.js";
import type { PlacedTests } from "./testPlacement.js";

/** What the phases run on: the job's dependencies, with the event sink as a plain function. */
export interface FixServices extends Omit<ChainDependencies<FixEvent>, "onEvent"> {
    emit: (event: FixEvent) => void;
    /** Runs surviving candidates against each other on generated inputs; absent, survivors are not compared. */
    compareBehaviour?: CompareBehaviour;
}

/** How the chain runs tests: the shared runner's `once` (the workspace's scratch copy, `contents` laid over it). */
export type FixTestRunner = ChainTestRunner["once"];

/**
 * The problem's own reproduction, owned by every candidate: the original does not build (a compile error), or
 * existing tests fail on it. Either way a patch must make them pass, like a candidate's reproducing tests.
 */
export interface ChainReproduction {
    ids: string[];
    buildFailed: boolean;
}

/** What the existing tests said about the original code: the yardstick for regressions and the chain's reproduction. */
export interface FixBaseline {
    /** Test files that test the target, other than the target file itself. */
    existingTestFiles: string[];
    /** Their run on the original code; absent when there was nothing to run (Rust always builds once). */
    result?: TestRunResult;
    /** Existing tests that passed on the original: one that fails with a patch is a regression. */
    passed: Set<string>;
    reproduction: ChainReproduction;
}

/** The target of the fix: the file, its text, and the function the bug is in. */
export interface FixTarget {
    file: string;
    language: SourceLanguage;
    originalText: string;
    lineCount: number;
    /** The function to fix (its qualified name when found from a position). */
    name: string;
    /** The enclosing function's range, for the exact tools; absent when the target was given by name alone and not found. */
    range?: TextRange;
    /** The function's text on the original code, for the memory. */
    code: string;
    /** How the tests import the target's module. */
    modulePath: string;
}

/** A reproducing test, with where it came from and how to run it. */
export interface ReproducingTest {
    id: string;
    placed: PlacedTests;
}

/** Who wrote a pooled test: a sample of a fix round (with its patch), the tests-only pass, or the target's docstring. */
export type TestOrigin =
    | { kind: "sample"; round: number; candidate: number; patchedText?: string }
    | { kind: "testsPass"; sample: number }
    | { kind: "doctest" };

/** A model's or the docstring's test in the pool every patch runs: one that fails on the original, or one that pins its behaviour. */
export interface PooledTest extends ReproducingTest {
    origin: TestOrigin;
    /** The test's normalized source: identical tests from several samples count as one source. */
    sourceKey: string;
    failsOnOriginal: boolean;
}

/** One candidate as a round sees it: its patch, its evidence so far, its own reproducing tests and its verification. */
export interface RoundCandidate {
    patch: CandidatePatch;
    /** Normalized sources of every test its reply wrote: a copy of one elsewhere is still its own. */
    ownSources: Set<string>;
    /** The verdict on its evidence so far (set by `judgeRound`). */
    verdict?: CandidateVerdict;
    /** Undecided disagreements with other surviving candidates, as sentences. */
    disagreements: string[];
    evidence: CandidateEvidence;
    reproducing: string[];
    verification?: VerificationRun;
}

/** A candidate of some round with its ranking within that round. */
export interface RankedRoundCandidate {
    round: RoundCandidate;
    ranking: RankedCandidate;
}

export interface FixRun {
    readonly request: DefaultedFixRequest;
    /** `performance.now()` when the job started, for `timings.totalMs`. */
    readonly started: number;
    readonly target: FixTarget;
    readonly parser: CodeParser;
    /** The code context (what it left out is reported). */
    readonly context: CodeContext;
    /** The first prompt's input; feedback prompts extend it. */
    readonly promptInput: FixPromptInput;
    /** The script of the user's words, which the reward prefers in the model's thought. */
    readonly userScript: Script;
    readonly baseline: FixBaseline;
    readonly runTests: FixTestRunner;
    /** The memory's session for this job, when the chain has a memory. */
    readonly session?: MemorySession;
    readonly candidatesPerRound: number;
    readonly totalRounds: number;
    /** Sandbox runs at once. */
    readonly parallelRuns: number;
    /** Every test that reproduced the bug on the original, from every round, the tests-only pass and the docstring. */
    readonly reproducingPool: PooledTest[];
    /** Every test that passed on the original: behaviour a patch should keep (a weak regression when broken). */
    readonly pinningPool: PooledTest[];
    /** The tests-only pass: how many samples, tests and reproducing tests it gave, and its model time. */
    testsPass?: TestsPassReport;
    readonly reproductions: ReproductionRun[];
    readonly verifications: VerificationRun[];
    readonly reports: CandidateReport[];
    /** Every ranked candidate of every round, from which the result is chosen. */
    readonly ranked: RankedRoundCandidate[];
    /** The attempts the next round's prompt shows the model. */
    feedback: FeedbackAttempt[];
    /** Rounds started. */
    rounds: number;
    readonly symbolic: { reports: SymbolicSourceReport[]; candidates: number; modelCancelled: boolean };
    readonly timings: { modelMs: number; verifyMs: number };
}

/** One round: its number, its candidates (the model's parsed replies, then the tools'), and their ranking. */
export interface FixRound {
    readonly number: number;
    candidates: RoundCandidate[];
    ranked: RankedCandidate[];
}
