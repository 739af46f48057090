// The tests chain's plain-data request, events and result: which generated tests were kept and why, which
// were dropped and why, the possible bugs they found, coverage before and after, and the mutation score.

import type { SourceLanguage, TestFramework, TextEdit } from "../../analysis/index.js";
import type { ReasoningEvent } from "../../runtime/ModelRuntime.js";
import type { MemoryReport, PriorAttempt } from "../ChainTypes.js";

export interface TestsRequest {
    /** The file under test, relative to the workspace root. */
    file: string;
    /** A function, method or class of the file (`median`, `Stack.push`); absent: the whole file. */
    symbol?: string;
    /** Candidate replies sampled in parallel (G). Default `settingDefaults.candidates` (engine/settings/settingsSchema.ts). */
    candidates?: number;
    /** Runs each test must pass on the current code; a test passing only some of them is flaky. Default 3. */
    runs?: number;
    /** Seed of the first candidate. */
    seed?: number;
    /** Thinking budget per candidate, in tokens. */
    thinkBudget?: number;
    /**
     * Tokens the code context may take in the prompt. Default `requestDefaults.contextTokens` (engine/settings/settingsSchema.ts):
     * a fixed count, not a share of the model's context.
     */
    contextTokens?: number;
    /** Sandbox runs at once. Default: the number of cores. */
    parallelRuns?: number;
    /** Time limit of one test in the sandbox. Default 4 s (Rust: 60 s for the whole test step, build included). */
    testTimeoutMs?: number;
    /** The most mutants to run against the kept tests (evenly spread over the sites found). Default 30; 0 skips mutation. */
    maxMutants?: number;
    /** Attempts by other experts that kept no test, with why their tests were dropped (escalation's evidence). */
    priorAttempts?: PriorAttempt[];
}

/** A generated test that proved its worth: it runs, passes every run, and covers lines nothing else covers. */
/** The request as the chain runs it: the job kind's defaults (`withDefaults`, engine/experts/jobKinds.ts) filled in. */
export type DefaultedTestsRequest = TestsRequest & Required<Pick<TestsRequest, "candidates" | "contextTokens">>;

export interface KeptTest {
    name: string;
    /** The test as run: its block's imports, fixtures and helpers, and the test itself. */
    code: string;
    /** The test file it goes into (see `edits`). */
    file: string;
    /** Percentage points of the target's lines it adds over the existing tests and the tests kept before it. */
    coverageGain: number;
    /** The target's lines (1-based) it covers that were not covered before it. */
    newLines: number[];
    /** The candidate reply it came from. */
    candidate: number;
}

export interface DroppedTest {
    name: string;
    /** Why it was dropped, in one sentence: a duplicate, asserts nothing, does not parse or build, flaky, no new coverage… */
    reason: string;
    candidate: number;
    code?: string;
}

/** A test that fails on the current code because of the code under test: it may have found a bug. */
export interface PossibleBug {
    name: string;
    code: string;
    /** The failing case: the runner's failure message. */
    failure: string;
    candidate: number;
}

/** A small change of the target that no kept test noticed. */
export interface SurvivingMutant {
    /** What was changed: "`<` → `<=`", "return value → None", "constant 2 → 3". */
    description: string;
    /** 1-based line in the target file. */
    line: number;
}

export interface MutationReport {
    /** Mutants some kept test failed on. */
    killed: number;
    /** Mutants run (those that did not even build are left out). */
    total: number;
    /** killed / total in percent; 0 when no mutant ran. */
    score: number;
    survivors: SurvivingMutant[];
    /** Mutants that did not build or load (Rust type errors): not counted either way. */
    stillborn: number;
    /** Mutation sites found in the target before the cap of `maxMutants`. */
    sites: number;
}

/** A change of one test file: an existing file the kept tests are added to, or a new one. */
export interface TestFileEdit {
    file: string;
    created: boolean;
    edits: TextEdit[];
    /** The file's text once the edits are applied. */
    newText: string;
}

export interface CandidateTestsReport {
    index: number;
    /** Names of the tests read from the reply. */
    tests: string[];
    /** Why the reply gave fewer tests than it seemed to: unclosed thought, blocks that do not parse… */
    parseProblems: string[];
}

export interface TestsResult {
    file: string;
    language: SourceLanguage;
    /** The symbol, or the file when the whole file is the target. */
    target: string;
    /** The framework the tests are written for, after the project's conventions. */
    framework: TestFramework;
    kept: KeptTest[];
    dropped: DroppedTest[];
    possibleBugs: PossibleBug[];
    /** Line coverage of the target (its lines only when it is a symbol), in percent. */
    coverage: { before: number; after: number; measured: boolean; coverableLines: number };
    mutation: MutationReport;
    /** The test-file edits to apply; the engine never writes them. */
    edits: TestFileEdit[];
    /**
     * Whether the kept tests, run together in the test file exactly as the edits leave it, all passed on the current
     * code (`notRun` when no test was kept). Only `passed` proves the edits: see `testsProven`.
     */
    keptTogether: "passed" | "failed" | "notRun";
    candidates: CandidateTestsReport[];
    /** What a user should know: coverage not measured, runner notes… */
    notes: string[];
    /** Tests of similar code the solution memory recalled, and the kept tests it stored; absent without a memory. */
    memory?: MemoryReport;
    timings: {
        modelMs: number;
        /** The N stability runs of every test. */
        runsMs: number;
        /** Coverage of the existing tests, of each passing test, and of the kept tests together. */
        coverageMs: number;
        mutationMs: number;
        totalMs: number;
    };
}

export type TestsStep = "context" | "candidates" | "pool" | "runs" | "coverage" | "mutation";

export type TestsEvent =
    | { kind: "step"; step: TestsStep; detail: string }
    | { kind: "reasoning"; event: ReasoningEvent }
    | { kind: "test"; name: string; verdict: "kept" | "dropped" | "possibleBug"; reason: string };
