// Python tests: pytest when the project uses it, else unittest, through Ponder's driver script; per-test
// results from the run's channel (never a file the tests could write), line coverage from coverage.py's JSON report.

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { channelAfterRun, channelDeadlines, channelReader, channelResults } from "../../../toolchains/channelTests.js";
import { projectFiles } from "../../../toolchains/projectFiles.js";
import type { LineCoverage, TestDiscovery, TestRunnerName, TestRunResult } from "../../../toolchains/TestRunResult.js";
import { ToolchainUnavailableError } from "../../../toolchains/errors.js";
import {
    cancelledResult,
    defaultTestTimeoutMs,
    runFolder,
    runOutput,
    tail,
    toolchainLimits,
    type PreparedTests,
    type ToolchainContext,
    type ToolchainDriver
} from "../../../toolchains/toolchainRun.js";
import { pythonDriverScript } from "./pythonDriverScript.js";
import { discoverPythonTests } from "./pythonDiscovery.js";
import {
    collectionErrors,
    missingPythonModules,
    projectPython,
    pythonInstallAdvice,
    type PythonEnvironment
} from "./pythonEnvironment.js";

const coveragePath = `${runFolder}/coverage.json`;

export interface PythonToolchainOptions {
    /**
     * The interpreter, by full path (a pyenv shim costs up to a second a start). Default: PONDER_PYTHON, VS Code's
     * python.defaultInterpreterPath, the project's .venv or venv, else /usr/bin/python3 (see `projectPython`).
     */
    pythonPath?: string;
    /** Force a runner instead of detecting it. */
    runner?: "pytest" | "unittest";
}

const moduleProbes = new Map<string, Promise<boolean>>();

/** Whether the interpreter can import a module (probed once per process, outside the sandbox: our own code). */
function canImport(python: string, module: string): Promise<boolean> {
    const key = `${python}\0${module}`;
    let probe = moduleProbes.get(key);
    if (!probe) {
        probe = promisify(execFile)(python, ["-c", `import ${module}`], { timeout: 20_000 }).then(
            () => true,
            () => false
        );
        moduleProbes.set(key, probe);
    }
    return probe;
}

/** pytest when a config says so or a test imports it or has module-level test functions; else unittest. */
export async function detectPythonRunner(
    workspaceRoot: string,
    files: string[],
    contents: Record<string, string>
): Promise<"pytest" | "unittest"> {
    const read = async (path: string) =>
        contents[path] ?? (await readFile(join(workspaceRoot, path), "utf8").catch(() => ""));
    const all = [...new Set([...files, ...Object.keys(contents)])];
    if (all.some((path) => /(^|\/)(pytest\.ini|conftest\.py)$/.test(path))) return "pytest";
    for (const [config, pattern] of [
        ["pyproject.toml", /^\[tool\.pytest/m],
        ["setup.cfg", /^\[tool:pytest\]/m],
        ["tox.ini", /^\[pytest\]/m]
    ] as const) {
        if (all.includes(config) && pattern.test(await read(config))) return "pytest";
    }
    for (const path of all.filter((file) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(file))) {
        const source = await read(path);
        if (/^\s*(import pytest|from pytest\b)/m.test(source) || /^def test_/m.test(source)) return "pytest";
    }
    return "unittest";
}

/** The project's interpreter and its runner, checked: pytest must import in it. */
async function interpreterAndRunner(
    options: ToolchainContext["options"],
    toolchainOptions: PythonToolchainOptions
): Promise<{ environment: PythonEnvironment; runner: "pytest" | "unittest"; files: string[] }> {
    const environment = await projectPython(options.workspaceRoot, toolchainOptions.pythonPath);
    if (!environment)
        throw new ToolchainUnavailableError("python", "Python 3 is not installed: `sudo apt-get install python3`.");
    const files = options.files ?? (await projectFiles(options.workspaceRoot));
    const runner =
        toolchainOptions.runner ?? (await detectPythonRunner(options.workspaceRoot, files, options.contents ?? {}));
    if (runner === "pytest" && !(await canImport(environment.python, "pytest")))
        throw new ToolchainUnavailableError(
            "python",
            environment.virtualenv
                ? `The project uses pytest, which its virtualenv ${environment.virtualenv} cannot import: \`pip install pytest\` in it.`
                : `The project uses pytest, which ${environment.python} cannot import: \`sudo apt-get install python3-pytest\`.`
        );
    return { environment, runner, files };
}

/**
 * The Python driver. It is long because `prepare` and its `runOnce` share one set-up (the interpreter, the runner,
 * the limits) by closure, as the other drivers do, and a run's result is read in one place.
 */
export function pythonToolchain(toolchainOptions: PythonToolchainOptions = {}): ToolchainDriver {
    return {
        name: "python",
        defaultFiles: projectFiles,
        async discover(context: ToolchainContext): Promise<TestDiscovery> {
            const { environment, runner } = await interpreterAndRunner(context.options, toolchainOptions);
            return discoverPythonTests(context, environment, runner);
        },
        // It is long because it prepares once and returns the run that repeats, over the same closure (see above).
        async prepare(context: ToolchainContext): Promise<PreparedTests> {
            const { options, sandbox, scratch } = context;
            const { environment, runner, files } = await interpreterAndRunner(options, toolchainOptions);
            const python = environment.python;
            const coverageAvailable =
                options.coverage || options.coverageByTest ? await canImport(python, "coverage") : false;
            const testTimeoutMs = options.testTimeoutMs ?? defaultTestTimeoutMs;
            const limits = toolchainLimits(options);

            return {
                runner,
                async runOnce(signal?: AbortSignal) {
                    const started = performance.now();
                    await scratch.removeFile(coveragePath);
                    const reader = channelReader(channelDeadlines(testTimeoutMs));
                    const run = await sandbox.run(
                        scratch,
                        {
                            command: python,
                            // -s: no user site folder. The driver is an argument, not a file the tests could rewrite between runs.
                            args: [
                                "-s",
                                "-c",
                                pythonDriverScript,
                                runner,
                                String(testTimeoutMs / 1000),
                                coverageAvailable ? `${options.coverageByTest ? "contexts:" : ""}${coveragePath}` : "-",
                                ...(options.tests ?? [])
                            ],
                            env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONUNBUFFERED: "1", PYTHONHASHSEED: "0" },
                            stdin: `${reader.state.key}\n`,
                            channel: true,
                            collect: [coveragePath],
                            binds: environment.binds,
                            limits
                        },
                        { ...(signal ? { signal } : {}), onChannelLine: reader.onLine }
                    );
                    const durationMs = performance.now() - started;
                    if (run.cancelled) return cancelledResult("python", runner, started);
                    const notes: string[] = [];
                    if ((options.coverage || options.coverageByTest) && !coverageAvailable)
                        notes.push(
                            "coverage.py is not installed (`sudo apt-get install python3-coverage`): no coverage."
                        );
                    const state = channelAfterRun(reader.state.key, run.channel ?? "");
                    const interrupted =
                        run.oomKilled || run.timedOut || run.scratchFull !== undefined || run.signal !== null;
                    const collectFailed = (message: string, texts: string[]): TestRunResult => {
                        const missing = missingPythonModules(texts, files);
                        return {
                            kind: "buildFailed",
                            stage: "collect",
                            toolchain: "python",
                            runner,
                            message,
                            run,
                            durationMs,
                            notes,
                            ...(missing.length ? { missing: pythonInstallAdvice(missing, files, environment) } : {})
                        };
                    };
                    if (state.collected === undefined && state.results.size === 0 && !interrupted)
                        return collectFailed(tail(runOutput(run)), [runOutput(run)]);
                    const { tests, interrupted: interruption } = channelResults(state, run, {
                        perTestMs: testTimeoutMs,
                        memoryMb: limits.memoryMb ?? 2048
                    });
                    // A test file that imports a package the environment lacks is the environment's fault, not a failing test.
                    const unimported = collectionErrors(tests).map((test) => test.message ?? "");
                    if (missingPythonModules(unimported, files).length > 0)
                        return collectFailed(unimported.join("\n\n"), unimported);
                    if (
                        runner === "pytest" &&
                        run.exitCode !== null &&
                        [2, 3, 4].includes(run.exitCode) &&
                        tests.length === 0
                    )
                        return collectFailed(tail(runOutput(run)), [runOutput(run)]);
                    if (interruption)
                        notes.push(
                            `The run was ${interruption.message}; tests that had not reported count as not passed.`
                        );
                    const coverage = parseCoverageJson(run.files[coveragePath]);
                    const coverageByTest = options.coverageByTest
                        ? coverageByContext(run.files[coveragePath])
                        : undefined;
                    return {
                        kind: "ran",
                        toolchain: "python",
                        runner,
                        tests,
                        ...(coverage ? { coverage } : {}),
                        ...(coverageByTest ? { coverageByTest } : {}),
                        run,
                        durationMs,
                        notes,
                        ...(interruption ? { interrupted: interruption } : {})
                    };
                }
            };
        }
    };
}

/** coverage.py's JSON report to line coverage: coverable = executed ∪ missing (excluded lines are neither). */
export function parseCoverageJson(text: string | undefined): LineCoverage | undefined {
    if (text === undefined) return undefined;
    const report = JSON.parse(text) as {
        files?: Record<string, { executed_lines?: number[]; missing_lines?: number[] }>;
    };
    const coverage: LineCoverage = {};
    for (const [file, facts] of Object.entries(report.files ?? {})) {
        // coverage.py reports an empty module as "line 0 executed"; lines start at 1.
        const covered = (facts.executed_lines ?? []).filter((line) => line >= 1).sort((a, b) => a - b);
        const coverable = [...new Set([...covered, ...(facts.missing_lines ?? []).filter((line) => line >= 1)])].sort(
            (a, b) => a - b
        );
        coverage[file.split("\\").join("/")] = { coveredLines: covered, coverableLines: coverable };
    }
    return coverage;
}

/**
 * Each test's lines from coverage.py's JSON report with contexts (`contexts`: line → the contexts that ran it; a
 * test's context is its id, the empty context is the code run before any test): coverable lines are the file's.
 */
export function coverageByContext(text: string | undefined): Record<string, LineCoverage> | undefined {
    if (text === undefined) return undefined;
    const report = JSON.parse(text) as {
        files?: Record<string, { contexts?: Record<string, string[]> }>;
    };
    const whole = parseCoverageJson(text) ?? {};
    const byTest: Record<string, LineCoverage> = {};
    for (const [reported, facts] of Object.entries(report.files ?? {})) {
        const file = reported.split("\\").join("/");
        for (const [line, contexts] of Object.entries(facts.contexts ?? {})) {
            if (Number(line) < 1) continue;
            for (const context of contexts) {
                if (context === "") continue;
                const coverage = (byTest[context] ??= {});
                const lines = (coverage[file] ??= {
                    coveredLines: [],
                    coverableLines: whole[file]?.coverableLines ?? []
                });
                lines.coveredLines.push(Number(line));
            }
        }
    }
    for (const coverage of Object.values(byTest))
        for (const lines of Object.values(coverage)) lines.coveredLines.sort((a, b) => a - b);
    return byTest;
}

export type { TestRunnerName };
