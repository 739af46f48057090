// The tests chain's run-state record and what each of its phases produces. The record holds the facts every phase
// reads (the request, the target, the project's tests, the prompt, the one test runner); each phase returns its
// product as a value, and a later phase takes the products it needs as arguments, so the order is in the types.

import type { SourceLanguage, TestFramework, TextRange } from "../../analysis/index.js";
import type { MemorySession } from "../MemorySession.js";
import type { PlacedTests } from "../fix/testPlacement.js";
import type { PoolResult, PooledTest } from "./poolTests.js";
import type { ProjectTestFiles } from "./testConventions.js";
import type { TestVerdictKind } from "./testVerdict.js";
import type {
    DefaultedTestsRequest,
    DroppedTest,
    MutationReport,
    PossibleBug,
    TestFileEdit,
    TestsEvent
} from "./TestsTypes.js";
import type { ChainTestRunner } from "../chainTestRunner.js";

/** How the chain runs tests: the shared runner's `repeated` (the workspace's scratch copy, `contents` laid over it). */
export type TestRunner = ChainTestRunner["repeated"];

/** What the tests are for: a symbol's range of the file, or the whole file. */
export interface TestTarget {
    /** The symbol, or the file when the whole file is the target. */
    name: string;
    /** The symbol's range in the file; absent for the whole file. */
    range?: TextRange;
    /** The target's first and last line, 1-based: only these lines count for coverage. */
    firstLine: number;
    lastLine: number;
    /** The target's code (the solution memory's key). */
    code: string;
}

/** Wall times of the timed phases, in milliseconds, filled in as the phases end. */
export interface TestsTimings {
    modelMs: number;
    runsMs: number;
    coverageMs: number;
    mutationMs: number;
}

/** The facts of one tests job, made by its first phase and read by every later one. */
export interface TestsRun {
    request: DefaultedTestsRequest;
    /** The file under test, relative to the workspace root, with forward slashes. */
    file: string;
    language: SourceLanguage;
    /** The file's text when the job started: every test runs against it. */
    originalText: string;
    /** Runs each test must pass on the current code (N). */
    runsPerTest: number;
    /** Candidate replies sampled in one group call (G). */
    candidates: number;
    target: TestTarget;
    project: ProjectTestFiles;
    /** The project's test files the coverage baseline runs (none for Rust, whose tests live in the target file). */
    existingTestFiles: string[];
    framework: TestFramework;
    /** Names a test imports from the target file, and the module path it imports them from. */
    importNames: string[];
    modulePath: string;
    prompt: string;
    /** This job's use of the solution memory: recalled before the prompt, settled with the result. */
    memory?: MemorySession;
    /** The one way this chain runs tests. */
    runTests: TestRunner;
    /** Sandbox runs at once. */
    parallelRuns: number;
    /** Time limit of one test (for Rust: the whole test step). */
    testTimeoutMs: number;
    emit: (event: TestsEvent) => void;
    signal?: AbortSignal;
    /** `performance.now()` when the job started. */
    startedAt: number;
    timings: TestsTimings;
}

/** A pooled test after its N runs on the current code. */
export interface RanTest {
    test: PooledTest;
    placed: PlacedTests;
    verdict: TestVerdictKind;
}

/** The runs phase's product: every pooled test's verdict, and the tests it dropped or found a possible bug with. */
export interface StabilityRuns {
    /** One per pooled test, in pool order. */
    ran: RanTest[];
    /** The tests that passed every run, in pool order. */
    passing: RanTest[];
    /** Flaky and broken tests, in the order their runs ended. */
    dropped: DroppedTest[];
    /** Tests failing because of the code under test, in pool order. */
    possibleBugs: PossibleBug[];
}

/** The coverage phase's product: the target's lines the existing tests and each passing test cover. */
export interface CoverageMeasure {
    /** False for Rust, and when no passing test's coverage could be read. */
    measured: boolean;
    /** The target's lines the existing tests cover. */
    baseline: Set<number>;
    /** The target's lines any run could execute. */
    coverable: Set<number>;
    /** Per passing test (same order), the target's lines it covers; undefined where unmeasured. */
    coveredBy: (Set<number> | undefined)[];
    notes: string[];
}

/** The keep phase's product: the kept tests with the lines each added, and the lines covered with them. */
export interface KeptSelection {
    kept: { entry: RanTest; newLines: number[] }[];
    dropped: DroppedTest[];
    /** The baseline and every kept test's new lines. */
    covered: Set<number>;
}

/** The edit phase's product: the test-file edit, the kept tests' merged code, and the final coverage. */
export interface TestFileChange {
    /** The test file the kept tests go into. */
    testFile: string;
    edits: TestFileEdit[];
    /** The kept tests merged, as they are added (empty when none was kept). */
    keptCode: string;
    /** Coverage of the target after the edit, in percent. */
    coverageAfter: number;
    /** The coverable lines, with those the kept tests' run together found. */
    coverable: Set<number>;
    notes: string[];
    /** Whether the kept tests, run together in the test file as the edits leave it, all passed. */
    keptTogether: "passed" | "failed" | "notRun";
}

/** What the result phase assembles. */
export interface TestsPhaseProducts {
    pool: PoolResult;
    stability: StabilityRuns;
    coverage: CoverageMeasure;
    selection: KeptSelection;
    change: TestFileChange;
    mutation: MutationReport;
}
