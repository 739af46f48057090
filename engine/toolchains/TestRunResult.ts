// What a test run found, the same shape for every toolchain: one result per test, line coverage, and the
// build or collection failure as a value. Chains (fix, tests, port) read only this.

import type { SandboxRunResult } from "../sandbox/index.js";

/** A registered language's toolchain (`python`, `javascript`, `rust`…): see `ToolchainSupport.name` in engine/languages. */
export type ToolchainName = string;
export type TestRunnerName = "pytest" | "unittest" | "node" | "vitest" | "jest" | "mocha" | "cargo" | "go";

/**
 * How one test ended. `failed`: its own check said no (an assertion, a Rust panic). `error`: it could not run
 * its check (an unexpected exception, a failing fixture or hook, a file that does not import).
 * `skipped`: skipped, todo or an expected failure. `timedOut`: stopped at the time limit.
 */
export type TestOutcome = "passed" | "failed" | "error" | "skipped" | "timedOut";

export interface TestCaseResult {
    /** Stable across runs and toolchain-native where possible: a pytest node id, `file::suite > name` for JS, `file::path::name` for Rust. */
    id: string;
    /** The test's own name. */
    name: string;
    /** Source file relative to the project root, when the runner says. */
    file?: string;
    outcome: TestOutcome;
    /** The failure: assertion message, exception, panic text. */
    message?: string;
    /** Absent when the runner does not time single tests (libtest on stable Rust). */
    durationMs?: number;
}

export interface FileCoverage {
    /** 1-based lines that ran at least once. */
    coveredLines: number[];
    /** 1-based lines that hold code a run could execute (covered or not). */
    coverableLines: number[];
}

/** Line coverage by file, relative to the project root. */
export type LineCoverage = Record<string, FileCoverage>;

/**
 * Why a run ended before every test it collected had reported: `memoryLimit` (killed at the memory limit),
 * `timeLimit` (a test past its deadline, or the whole run past its bound, killed from outside), `scratchLimit` (it
 * wrote more than the scratch copy may hold), `exitedEarly` (the test process ended by itself, as `os._exit(0)` or
 * `process.exit(0)` in tested code does). The tests it had not finished are never passed.
 */
export interface RunInterruption {
    by: "memoryLimit" | "timeLimit" | "scratchLimit" | "exitedEarly";
    /** In words, for a user: "killed at the memory limit (1024 MB) during tests/test_x.py::test_zero". */
    message: string;
}

interface RunFacts {
    toolchain: ToolchainName;
    runner: TestRunnerName;
    /** Wall time of the whole run, build included. */
    durationMs: number;
    /** Things a user should know about this run (coverage unavailable, results lost to a timeout). */
    notes: string[];
}

export type TestRunResult =
    | (RunFacts & {
          kind: "ran";
          tests: TestCaseResult[];
          /** Present when coverage was asked for and could be measured. */
          coverage?: LineCoverage;
          /**
           * Present when per-test coverage was asked for and the runner measures it: each test's lines by test id (a
           * result's id), at the runner's granularity (see `TestRunOptions.coverageByTest`: per test for Python, per
           * test file for node --test, per package for Go). A test that ran no line of the project is absent.
           */
          coverageByTest?: Record<string, LineCoverage>;
          /** The sandbox run of the tests themselves: exit code, output, time limit, memory. */
          run: SandboxRunResult;
          /** Present when the run ended before every collected test reported (see `RunInterruption`). */
          interrupted?: RunInterruption;
          /**
           * Signs that the code under test tried to decide its own verdict (it wrote a test or a runner's config during
           * the run, its added lines reach into the test runner or end the process). A run with any is never evidence.
           */
          tampering?: string[];
      })
    | (RunFacts & {
          kind: "buildFailed";
          /** `build`: the code did not compile or transpile. `collect`: the runner could not load or find the tests. */
          stage: "build" | "collect";
          /** The compiler's or runner's own words. */
          message: string;
          run?: SandboxRunResult;
          /** Present when the tests could not load because the project's dependencies are not installed (stage `collect`). */
          missing?: MissingDependencies;
      })
    | (RunFacts & { kind: "cancelled" });

/**
 * Packages the project imports that its environment does not hold (a module not installed in the virtualenv, a
 * package not in node_modules, a crate not vendored, a Go module not downloaded), and what installs them.
 */
export interface MissingDependencies {
    /** The missing packages as the import names them (`requests`, `lodash`, `serde`, `example.com/greet`). */
    packages: string[];
    /** What to run, in a sentence: "Install the project's dependencies first: `pip install -r requirements.txt`." */
    advice: string;
}

/** One test of the project, as its runner lists it (or, for runners that cannot list, as its file declares it). */
export interface DiscoveredTest {
    /** In the runner's own syntax, the id `runTests({tests})` takes and a run's result carries. */
    id: string;
    name: string;
    /** Relative to the project root. */
    file: string;
    /** 1-based line of its definition, when known. */
    line?: number;
}

/** What `discoverProjectTests` found: the tests, or why it could not list them. */
export type TestDiscovery =
    | {
          kind: "found";
          toolchain: ToolchainName;
          runner: TestRunnerName;
          tests: DiscoveredTest[];
          /** Files the runner could not load (their own errors), while it listed the others' tests. */
          problems?: string[];
      }
    | { kind: "missingDependencies"; toolchain: ToolchainName; missing: MissingDependencies; message: string }
    | { kind: "failed"; toolchain?: ToolchainName; message: string };

/** Lines of a file in coverage, as counts. */
export function coverageSummary(coverage: FileCoverage): { covered: number; coverable: number; percent: number } {
    const covered = coverage.coveredLines.length;
    const coverable = coverage.coverableLines.length;
    return { covered, coverable, percent: coverable === 0 ? 100 : (100 * covered) / coverable };
}
