// Rust tests: `cargo test --offline` in the sandbox as `cargoInSandbox` sets cargo up (the project's real cargo,
// the workspace's shared target folder, Debian's packaged crates when installed). Build first (errors as a
// value), then the tests.

import type { SandboxRunResult } from "../../../sandbox/index.js";
import { projectFiles } from "../../../toolchains/projectFiles.js";
import type { TestCaseResult, TestDiscovery, TestRunResult } from "../../../toolchains/TestRunResult.js";
import {
    buildStepFailed,
    cancelledResult,
    defaultTestTimeoutMs,
    missingDependenciesFailure,
    runOutput,
    tail,
    toolchainLimits,
    type PreparedTests,
    type ToolchainContext,
    type ToolchainDriver
} from "../../../toolchains/toolchainRun.js";
import { resultsOfRequested, splitTestId } from "../../../toolchains/testIdMatching.js";
import { cargoInSandbox } from "./cargoInSandbox.js";
import { cargoInstallAdvice, missingCrates } from "./cargoMissingCrates.js";
import { discoveredRustTests } from "./rustDiscovery.js";
import { parseLibtestList, parseLibtestOutput, type LibtestRun } from "./libtestOutput.js";

export interface RustToolchainOptions {
    /** cargo by full path. Default: the toolchain rustup picks for the project (`rustup which cargo`), else cargo on PATH. */
    cargoPath?: string;
    /** Registry folder of packaged crates used in place of crates.io; default /usr/share/cargo/registry when it exists. */
    packagedCrates?: string | false;
}

/**
 * The Rust driver. It is long because `prepare` and its `runOnce` share one set-up (cargo, its environment, the
 * filters) by closure, as the other drivers do, and the tests a crashed binary never reported are found in it.
 */
export function rustToolchain(toolchainOptions: RustToolchainOptions = {}): ToolchainDriver {
    const cargoFor = (context: ToolchainContext) =>
        cargoInSandbox({
            sandbox: context.sandbox,
            scratch: context.scratch,
            workspaceRoot: context.options.workspaceRoot,
            ...(context.options.cacheDir ? { cacheDir: context.options.cacheDir } : {}),
            ...(toolchainOptions.cargoPath ? { cargoPath: toolchainOptions.cargoPath } : {}),
            ...(toolchainOptions.packagedCrates !== undefined
                ? { packagedCrates: toolchainOptions.packagedCrates }
                : {})
        });
    return {
        name: "rust",
        defaultFiles: projectFiles,
        async discover(context: ToolchainContext): Promise<TestDiscovery> {
            const { options, sandbox, scratch } = context;
            const { cargo, env, binds } = await cargoFor(context);
            const run = await sandbox.run(
                scratch,
                {
                    command: "/bin/sh",
                    args: ["-c", 'exec "$@" 2>&1', "sh", cargo, "test", "--offline", "--", "--list"],
                    env,
                    binds,
                    memoryRlimit: "data",
                    limits: toolchainLimits(options)
                },
                options.signal ? { signal: options.signal } : {}
            );
            return discoveredRustTests(run, scratch);
        },
        // It is long because it builds once and returns the run that repeats, over the same closure (see above).
        async prepare(context: ToolchainContext): Promise<PreparedTests | TestRunResult> {
            const { options, sandbox, scratch, started } = context;
            const { cargo, env, binds } = await cargoFor(context);
            const testTimeoutMs = options.testTimeoutMs ?? defaultTestTimeoutMs;
            const cargoRun = (args: string[], timeoutMs?: number, signal?: AbortSignal) =>
                sandbox.run(
                    scratch,
                    {
                        // stderr into stdout keeps cargo's "Running <file>" lines in order with libtest's results.
                        command: "/bin/sh",
                        args: ["-c", 'exec "$@" 2>&1', "sh", cargo, ...args],
                        env,
                        binds,
                        memoryRlimit: "data",
                        limits: toolchainLimits(options, timeoutMs ? { timeoutMs } : {})
                    },
                    signal ? { signal } : {}
                );

            const build = await cargoRun(["test", "--offline", "--no-run"], undefined, options.signal);
            if (build.cancelled) return cancelledResult("rust", "cargo", started);
            if (build.exitCode !== 0) {
                const missing = missingCrates(build.stdout);
                return missingDependenciesFailure(
                    buildStepFailed("rust", "cargo", build, started),
                    missing.length ? cargoInstallAdvice(missing) : undefined
                );
            }
            // libtest filters by test path: `tests/api.rs::adds` is `adds` (in every binary; the results keep tests/api.rs's).
            const filters = (options.tests ?? []).map((id) => {
                const { head, rest } = splitTestId(id);
                return head.endsWith(".rs") && rest !== undefined ? rest : splitTestId(id).id;
            });
            const notes =
                options.coverage || options.coverageByTest
                    ? ["Coverage is not measured for Rust (it needs llvm-tools, which Ponder does not install)."]
                    : [];

            return {
                runner: "cargo",
                async runOnce(signal?: AbortSignal): Promise<TestRunResult> {
                    const runStarted = performance.now();
                    const run = await cargoRun(
                        [
                            "test",
                            "--offline",
                            "--no-fail-fast",
                            ...(filters.length ? ["--", "--exact", ...filters] : [])
                        ],
                        options.limits?.timeoutMs ?? testTimeoutMs,
                        signal
                    );
                    const durationMs = performance.now() - runStarted;
                    if (run.cancelled) return cancelledResult("rust", "cargo", runStarted);
                    const parsed = parseLibtestOutput(run.stdout);
                    const runNotes = [...notes];
                    const forged = forgedReportLines(parsed);
                    const incomplete =
                        parsed.binaries.some((binary) => binary.reported < binary.announced) || run.timedOut;
                    let tests: TestCaseResult[] = worstOfEach(parsed.tests);
                    if (incomplete) {
                        tests = [...tests, ...(await unreported(parsed.tests, run, parsed.crashes, signal))];
                        if (run.stdoutTruncated)
                            runNotes.push("cargo's output was cut at the output limit; some results may be missing.");
                    }
                    if (tests.length === 0 && run.exitCode !== 0) {
                        return {
                            kind: "buildFailed",
                            stage: "collect",
                            toolchain: "rust",
                            runner: "cargo",
                            message: tail(runOutput(run)),
                            run,
                            durationMs,
                            notes: runNotes
                        };
                    }
                    // After the build-failure check: a run that built and ran only namesakes reports no test, not a failure.
                    if (options.tests?.length) tests = resultsOfRequested(options.tests, tests);
                    return {
                        kind: "ran",
                        toolchain: "rust",
                        runner: "cargo",
                        tests,
                        run,
                        durationMs,
                        notes: runNotes,
                        ...(forged.length ? { tampering: forged } : {})
                    };
                }
            };

            /** Tests the run never reported (time limit, a crashed binary), named by `cargo test -- --list`. */
            async function unreported(
                reported: TestCaseResult[],
                run: SandboxRunResult,
                crashes: string[],
                signal?: AbortSignal
            ): Promise<TestCaseResult[]> {
                const list = await cargoRun(
                    ["test", "--offline", "--", "--list", ...(filters.length ? ["--exact", ...filters] : [])],
                    120_000,
                    signal
                );
                if (list.exitCode !== 0) return [];
                const seen = new Set(reported.map((test) => test.id));
                return parseLibtestList(list.stdout)
                    .filter((test) => !seen.has(test.id))
                    .map((test) => ({
                        ...test,
                        outcome: run.timedOut ? ("timedOut" as const) : ("error" as const),
                        message: run.timedOut
                            ? `did not finish within the run's time limit (${Math.round((options.limits?.timeoutMs ?? testTimeoutMs) / 1000)} s)`
                            : `its test binary stopped before reporting it${crashes.length ? `: ${crashes.join("; ")}` : ""}`
                    }));
            }
        }
    };
}

/**
 * libtest's lines come from the tested process itself, so a test can print "test x ... ok" past the capture. It cannot
 * stop libtest printing the real line too: a test reported twice, or a binary reporting more tests than it announced,
 * shows forged lines.
 */
function forgedReportLines(parsed: LibtestRun): string[] {
    const signs: string[] = [];
    const seen = new Map<string, number>();
    for (const test of parsed.tests) seen.set(test.id, (seen.get(test.id) ?? 0) + 1);
    for (const [id, count] of seen)
        if (count > 1)
            signs.push(
                `libtest's result line for ${id} appeared ${count} times: a test printed libtest's lines itself`
            );
    for (const binary of parsed.binaries) {
        if (binary.reported > binary.announced)
            signs.push(
                `${binary.file ?? binary.crate} reported ${binary.reported} results for ${binary.announced} tests: a test printed libtest's lines itself`
            );
    }
    return signs;
}

const severity: Record<TestCaseResult["outcome"], number> = { passed: 0, skipped: 1, failed: 2, error: 3, timedOut: 4 };

/** One result per test id: the worst reported, so a forged "ok" never hides the real failure. */
function worstOfEach(tests: TestCaseResult[]): TestCaseResult[] {
    const byId = new Map<string, TestCaseResult>();
    for (const test of tests) {
        const previous = byId.get(test.id);
        if (!previous || severity[test.outcome] > severity[previous.outcome]) byId.set(test.id, test);
    }
    return [...byId.values()];
}
