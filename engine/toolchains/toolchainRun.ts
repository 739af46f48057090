// What every toolchain shares: the options of a test run, scratch set-up, and the split into `prepare`
// (helper files, transpiling, building: once) and `runOnce` (the tests: once per repeat).

import { homedir } from "node:os";
import { join } from "node:path";
import type { Sandbox, SandboxLimits, SandboxRunResult, Scratch } from "../sandbox/index.js";
import type {
    MissingDependencies,
    TestDiscovery,
    TestRunnerName,
    TestRunResult,
    ToolchainName
} from "./TestRunResult.js";

export interface TestRunOptions {
    /** The sandbox every command of the run goes through (it carries the trust decision). */
    sandbox: Sandbox;
    /** Host folder of the project: files are copied from here; dependencies (node_modules) are shown read-only from here. */
    workspaceRoot: string;
    /** Files and folders, relative to the root, to copy into scratch; default the project's files (`projectFiles`). */
    files?: string[];
    /** Generated or unsaved files by relative path, as text; they win over copies. */
    contents?: Record<string, string>;
    /** Only these tests: test files, or ids as this toolchain writes them. Default: every test the runner finds. */
    tests?: string[];
    /** Measure line coverage (coverage.py, node's V8 coverage). */
    coverage?: boolean;
    /**
     * Also measure each test's own line coverage (`coverageByTest` of the result; implies `coverage`), for
     * spectrum-based fault localisation. Its granularity differs by runner:
     * - pytest and unittest: per test, from coverage.py's dynamic contexts (lines a test ran while it ran; lines run
     *   at import, before any test, belong to no test);
     * - node --test: per test file: each file runs again alone with coverage, and every test of a file shares the
     *   file's coverage (one more run per test file); vitest, jest and mocha: none (no coverage yet);
     * - go test: per package: each test of a package shares its package's coverage of the package's own files (from
     *   the one cover profile, no extra run);
     * - cargo: none (coverage is not measured for Rust).
     */
    coverageByTest?: boolean;
    /** How long one test may run before it counts as timed out (Python: per test; node --test: per file; cargo: per run). Default 30 s. */
    testTimeoutMs?: number;
    /** Limits of each sandboxed command; the default allows 10 minutes and 2 GiB. */
    limits?: Partial<SandboxLimits>;
    /** Where build caches shared between runs live (cargo's target folder); default `$XDG_CACHE_HOME/ponder` or `~/.cache/ponder`. */
    cacheDir?: string;
    /**
     * The code under verdict, by file: what a patch added (`addedLines`) and the generated tests. Signs of tampering in
     * it (`scanForTampering`) are reported in every run's `tampering`, as are verdict-deciding files a run writes.
     */
    scanForTampering?: Record<string, string>;
    /** Aborting kills the running command's tree; the result is then `{kind: "cancelled"}`. */
    signal?: AbortSignal;
}

/** Tests ready to run in a prepared scratch folder, as many times as asked. */
export interface PreparedTests {
    runner: TestRunnerName;
    runOnce(signal?: AbortSignal): Promise<TestRunResult>;
}

export interface ToolchainContext {
    options: TestRunOptions;
    sandbox: Sandbox;
    scratch: Scratch;
    /** performance.now() when the run began, for durations that include the build. */
    started: number;
}

export interface ToolchainDriver {
    name: ToolchainName;
    /** Default files to copy when the caller lists none. */
    defaultFiles(workspaceRoot: string): Promise<string[]>;
    /** Writes helper files and builds; a build failure or a cancel is returned as a finished result. */
    prepare(context: ToolchainContext): Promise<PreparedTests | TestRunResult>;
    /** Lists the project's tests in scratch through the runner, without running them; absent: read from the test files. */
    discover?(context: ToolchainContext): Promise<TestDiscovery>;
}

/** Folder inside scratch for Ponder's own files (drivers, reports, configs). */
export const runFolder = ".ponder-run";

export const defaultTestTimeoutMs = 30_000;

export function toolchainLimits(
    options: TestRunOptions,
    overrides: Partial<SandboxLimits> = {}
): Partial<SandboxLimits> {
    return {
        timeoutMs: 600_000,
        cpuSeconds: 1200,
        memoryMb: 2048,
        maxProcesses: 512,
        maxOutputBytes: 4 * 1024 * 1024,
        ...overrides,
        ...options.limits
    };
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
    return join(env["XDG_CACHE_HOME"] || join(homedir(), ".cache"), "ponder");
}

/** The last `max` characters of a text, for messages made of a command's output. */
export function tail(text: string, max = 8000): string {
    return text.length <= max ? text : `…${text.slice(-max)}`;
}

export function cancelledResult(toolchain: ToolchainName, runner: TestRunnerName, started: number): TestRunResult {
    return { kind: "cancelled", toolchain, runner, durationMs: performance.now() - started, notes: [] };
}

/** The result of a build-first toolchain whose build step failed: its output, its run, and why it stopped. */
export function buildStepFailed(
    toolchain: ToolchainName,
    runner: TestRunnerName,
    build: SandboxRunResult,
    started: number
): TestRunResult {
    return {
        kind: "buildFailed",
        stage: "build",
        toolchain,
        runner,
        message: tail(runOutput(build)),
        run: build,
        durationMs: performance.now() - started,
        notes: build.timedOut ? ["The build was stopped at its time limit."] : []
    };
}

/**
 * A build that failed because the project's dependencies are not installed: the same failure at stage `collect`
 * (the tests could not load), with what is missing and what installs it. Other results are returned as they are.
 */
export function missingDependenciesFailure(
    result: TestRunResult,
    missing: MissingDependencies | undefined
): TestRunResult {
    if (result.kind !== "buildFailed" || !missing) return result;
    return { ...result, stage: "collect", missing, message: `${missing.advice}\n\n${result.message}` };
}

/** Everything a run printed, for a build or collection failure message. */
export function runOutput(run: SandboxRunResult): string {
    return [run.stdout.trim(), run.stderr.trim()].filter(Boolean).join("\n");
}
