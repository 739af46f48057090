// JavaScript and TypeScript tests: the project's own vitest, jest or mocha when package.json names one and it
// is installed, else `node --test` (TypeScript compiled beside the sources by esbuild). Per-test results
// from each runner's machine-readable report; line coverage from node's V8 coverage (node --test only).

import { access, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { randomBytes } from "node:crypto";
import { type SandboxBind, type SandboxRunResult } from "../../../sandbox/index.js";
import { bindsForExecutable } from "../../../toolchains/hostTools.js";
import { projectFiles } from "../../../toolchains/projectFiles.js";
import { filesOfRequested, resultsOfRequested } from "../../../toolchains/testIdMatching.js";
import type {
    LineCoverage,
    RunInterruption,
    TestCaseResult,
    TestDiscovery,
    TestRunResult
} from "../../../toolchains/TestRunResult.js";
import {
    cancelledResult,
    defaultTestTimeoutMs,
    runFolder,
    runOutput,
    tail,
    toolchainLimits,
    type PreparedTests,
    type TestRunOptions,
    type ToolchainContext,
    type ToolchainDriver
} from "../../../toolchains/toolchainRun.js";
import { javascriptCoverage } from "./javascriptCoverage.js";
import { discoverJavaScriptTests } from "./javascriptDiscovery.js";
import { javascriptInstallAdvice, missingJavaScriptPackages, unloadedFiles } from "./javascriptMissingPackages.js";
import { declaredTestNames, keyedReporterLines, nodeReporterScript, nodeTestResults } from "./nodeTestEvents.js";
import { jestReportResults, mochaReportResults } from "./projectRunnerReports.js";
import { transpileTypeScript, type TranspiledFile } from "./transpileTypeScript.js";

export type JavaScriptRunner = "node" | "vitest" | "jest" | "mocha";

export interface JavaScriptToolchainOptions {
    /** The node binary, by full path; default the one running Ponder (`process.execPath`). */
    nodePath?: string;
    /** Force a runner instead of detecting it from package.json. */
    runner?: JavaScriptRunner;
}

/** Each project runner's entry script inside its package, run with node directly (no npx, no shims). */
const projectRunnerEntry: Record<Exclude<JavaScriptRunner, "node">, string> = {
    vitest: "node_modules/vitest/vitest.mjs",
    jest: "node_modules/jest/bin/jest.js",
    mocha: "node_modules/mocha/bin/mocha.js"
};

const reporterPath = `${runFolder}/node-reporter.mjs`;
const lcovPath = `${runFolder}/lcov.info`;
const reportPath = `${runFolder}/runner-report.json`;

/** The runner package.json names (scripts.test first, then dependencies) and node_modules holds; else node. */
export async function detectJavaScriptRunner(workspaceRoot: string): Promise<JavaScriptRunner> {
    const manifest = await readFile(join(workspaceRoot, "package.json"), "utf8").then(
        (text) =>
            JSON.parse(text) as {
                scripts?: Record<string, string>;
                dependencies?: Record<string, string>;
                devDependencies?: Record<string, string>;
            },
        () => undefined
    );
    if (!manifest) return "node";
    const named = (["vitest", "jest", "mocha"] as const).filter(
        (runner) => manifest.devDependencies?.[runner] !== undefined || manifest.dependencies?.[runner] !== undefined
    );
    const testScript = manifest.scripts?.["test"] ?? "";
    named.sort((a, b) => Number(testScript.includes(b)) - Number(testScript.includes(a)));
    for (const runner of named) {
        if (
            await access(join(workspaceRoot, projectRunnerEntry[runner])).then(
                () => true,
                () => false
            )
        )
            return runner;
    }
    return "node";
}

/** node --test's default test file patterns, over the JavaScript files of scratch (after compiling TypeScript). */
export function isNodeTestFile(path: string): boolean {
    if (!/\.(c|m)?js$/.test(path) || path.includes("node_modules/") || path.startsWith(`${runFolder}/`)) return false;
    const name = posix.basename(path).replace(/\.(c|m)?js$/, "");
    return /(^|[.\-_])test$/.test(name) || /^test-/.test(name) || name === "test" || /(^|\/)test\//.test(path);
}

export function javascriptToolchain(toolchainOptions: JavaScriptToolchainOptions = {}): ToolchainDriver {
    return {
        name: "javascript",
        defaultFiles: projectFiles,
        prepare(context: ToolchainContext): Promise<PreparedTests | TestRunResult> {
            return prepareJavaScriptTests(context, toolchainOptions);
        },
        async discover(context: ToolchainContext): Promise<TestDiscovery> {
            const runner = toolchainOptions.runner ?? (await detectJavaScriptRunner(context.options.workspaceRoot));
            return discoverJavaScriptTests(context, runner);
        }
    };
}

/** What one prepared scratch folder's runs share: the runner, how it is started, and how its reports map back to project files. */
interface JavaScriptTestSetup {
    context: ToolchainContext;
    runner: JavaScriptRunner;
    node: string;
    binds: SandboxBind[];
    testTimeoutMs: number;
    /** node --test only: the test files to run, compiled where they were TypeScript. */
    testFiles: string[];
    /** node --test only: the TypeScript files compiled beside their sources. */
    transpiled: TranspiledFile[];
    /** Scratch as the running command sees it. */
    inside: string;
    /** A file as a runner reports it, as the project's own (relative, and TypeScript where it was compiled). */
    projectFile: (reported: string) => string;
    notes: string[];
}

/** Picks the runner, compiles TypeScript and writes the reporter for node --test, and finds its test files. */
async function prepareJavaScriptTests(
    context: ToolchainContext,
    toolchainOptions: JavaScriptToolchainOptions
): Promise<PreparedTests | TestRunResult> {
    const { options, sandbox, scratch, started } = context;
    const node = toolchainOptions.nodePath ?? process.execPath;
    const runner = toolchainOptions.runner ?? (await detectJavaScriptRunner(options.workspaceRoot));
    const testTimeoutMs = options.testTimeoutMs ?? defaultTestTimeoutMs;
    const inside = sandbox.pathInside(scratch);
    const binds = await runBinds(node, options.workspaceRoot);
    const notes: string[] = [];

    let transpiled: TranspiledFile[] = [];
    if (runner === "node") {
        const compiled = await transpileTypeScript(scratch);
        if (compiled.kind === "failed") {
            return {
                kind: "buildFailed",
                stage: "build",
                toolchain: "javascript",
                runner,
                message: compiled.message,
                durationMs: performance.now() - started,
                notes
            };
        }
        transpiled = compiled.files;
        notes.push(...compiled.notes);
        await scratch.writeFile(reporterPath, nodeReporterScript);
    } else if (options.coverage) {
        notes.push(`Coverage is measured with node --test only; this project runs ${runner}: no coverage.`);
    }
    const toOriginal = new Map(transpiled.map((file) => [file.output, file.original]));
    const projectFile = (reported: string) => {
        const relative = reported.startsWith(`${inside}/`)
            ? reported.slice(inside.length + 1)
            : reported.replace(/^\.\//, "");
        return toOriginal.get(relative) ?? relative;
    };

    let testFiles: string[] = [];
    if (runner === "node") {
        testFiles = nodeTestFiles(options, transpiled);
        if (testFiles.length === 0) {
            return {
                kind: "buildFailed",
                stage: "collect",
                toolchain: "javascript",
                runner,
                message:
                    "No test files found (node --test looks for *.test.js, *-test.js, *_test.js, test-*.js, test.js and files under test/; TypeScript too).",
                durationMs: performance.now() - started,
                notes
            };
        }
    }

    const setup: JavaScriptTestSetup = {
        context,
        runner,
        node,
        binds,
        testTimeoutMs,
        testFiles,
        transpiled,
        inside,
        projectFile,
        notes
    };
    return { runner, runOnce: (signal?: AbortSignal) => runJavaScriptTestsOnce(setup, signal) };
}

/** node itself, and the workspace's node_modules when it has one (the project runner and the tests' imports live there). */
async function runBinds(node: string, workspaceRoot: string): Promise<SandboxBind[]> {
    const binds: SandboxBind[] = [...bindsForExecutable(node)];
    const nodeModules = join(workspaceRoot, "node_modules");
    if (
        await access(nodeModules).then(
            () => true,
            () => false
        )
    )
        binds.push({ source: nodeModules, target: "node_modules" });
    return binds;
}

/** The files node --test runs: the requested tests, else the files that match its patterns; compiled where they were TypeScript. */
function nodeTestFiles(options: TestRunOptions, transpiled: TranspiledFile[]): string[] {
    const toOutput = new Map(transpiled.map((file) => [file.original, file.output]));
    const candidates = (options.tests && filesOfRequested(options.tests)) ?? [
        ...new Set([
            ...(options.files ?? []),
            ...Object.keys(options.contents ?? {}),
            ...transpiled.map((file) => file.output)
        ])
    ];
    const testFiles = options.tests
        ? candidates.map((file) => toOutput.get(file) ?? file)
        : candidates.map((file) => toOutput.get(file) ?? file).filter(isNodeTestFile);
    return [...new Set(testFiles)].sort();
}

/** One run of the tests in the sandbox, read back from the runner's report (and node's coverage when asked). */
async function runJavaScriptTestsOnce(
    setup: JavaScriptTestSetup,
    signal: AbortSignal | undefined
): Promise<TestRunResult> {
    const {
        context: { options, sandbox, scratch },
        runner,
        node,
        binds,
        testTimeoutMs,
        testFiles,
        notes
    } = setup;
    const runStarted = performance.now();
    for (const path of [lcovPath, reportPath]) await scratch.removeFile(path);
    // Rewritten before each run: a run could have changed it for the next (a repeat).
    if (runner === "node") await scratch.writeFile(reporterPath, nodeReporterScript);
    const key = randomBytes(18).toString("base64url");
    const declared = runner === "node" ? await declaredNames(setup) : new Map<string, string[]>();
    const args =
        runner === "node"
            ? [
                  "--test",
                  `--test-reporter=./${reporterPath}`,
                  "--test-reporter-destination=stderr",
                  ...(options.coverage
                      ? [
                            "--experimental-test-coverage",
                            "--test-reporter=lcov",
                            `--test-reporter-destination=${lcovPath}`
                        ]
                      : []),
                  `--test-timeout=${testTimeoutMs}`,
                  ...testFiles
              ]
            : projectRunnerArgs(runner, testTimeoutMs, filesOfRequested(options.tests ?? []));
    const limits = toolchainLimits(options);
    const run = await sandbox.run(
        scratch,
        {
            command: node,
            args,
            binds,
            memoryRlimit: "data",
            env: { NODE_ENV: "test", CI: "1", FORCE_COLOR: "0", NO_COLOR: "1" },
            collect: [lcovPath, reportPath],
            ...(runner === "node" ? { channel: true, stdin: `${key}\n` } : {}),
            // node --test stops each file at its limit from its own (parent) process; the run is bounded by files × limit + slack.
            limits:
                runner === "node"
                    ? {
                          ...limits,
                          timeoutMs: Math.min(
                              limits.timeoutMs ?? 600_000,
                              testFiles.length * testTimeoutMs + 20_000 + 2 * testTimeoutMs
                          )
                      }
                    : limits
        },
        signal ? { signal } : {}
    );
    const durationMs = performance.now() - runStarted;
    if (run.cancelled) return cancelledResult("javascript", runner, runStarted);
    const keyed = runner === "node" ? keyedReporterLines(run.channel ?? "", key) : undefined;
    const report = keyed ? keyed.jsonLines : run.files[reportPath];
    const files = options.files ?? [];
    const collectFailed = (message: string, packages: string[]): TestRunResult => ({
        kind: "buildFailed",
        stage: "collect",
        toolchain: "javascript",
        runner,
        message,
        run,
        durationMs,
        notes,
        ...(packages.length ? { missing: javascriptInstallAdvice(packages, files) } : {})
    });
    if (report === undefined || (runner === "node" && report.trim() === "" && run.exitCode !== 0)) {
        const output = runOutput(run);
        return collectFailed(tail(output) || "the runner wrote no report", missingJavaScriptPackages([output]));
    }
    let tests: TestCaseResult[];
    let interrupted: RunInterruption | undefined;
    if (runner === "node") {
        tests = nodeTestResults(report, { projectFile: setup.projectFile });
        ({ tests, interrupted } = withUnreported(
            tests,
            declared,
            run,
            keyed!.done,
            setup.projectFile,
            new Set([...filesTimedOut(report)].map(setup.projectFile))
        ));
    } else if (runner === "mocha") tests = mochaReportResults(report, setup.projectFile);
    else tests = jestReportResults(report, setup.projectFile);
    // The runners run whole files; of a file's tests, the run reports the requested ones (`FILE::NAME` ids).
    if (options.tests?.some((wanted) => wanted.includes("::"))) tests = resultsOfRequested(options.tests, tests);
    // A test file importing a package node_modules lacks is the environment's fault, not a failing test.
    const unloaded = unloadedFiles(tests).map((test) => test.message ?? "");
    const missingPackages = missingJavaScriptPackages(unloaded);
    if (missingPackages.length > 0) return collectFailed(unloaded.join("\n\n"), missingPackages);
    const runNotes = [...notes];
    if (run.timedOut) runNotes.push("The run was stopped at its time limit; tests it had not reported are missing.");
    if (interrupted)
        runNotes.push(`The run was ${interrupted.message}; tests that had not reported count as not passed.`);
    const coverage =
        runner === "node" && options.coverage ? await nodeCoverage(setup, run.files[lcovPath], runNotes) : undefined;
    const coverageByTest =
        runner === "node" && options.coverageByTest ? await coverageByTestFile(setup, tests, signal) : undefined;
    if (options.coverageByTest && runner !== "node")
        runNotes.push(`Per-test coverage is measured with node --test only; this project runs ${runner}.`);
    return {
        kind: "ran",
        toolchain: "javascript",
        runner,
        tests,
        ...(coverage ? { coverage } : {}),
        ...(coverageByTest ? { coverageByTest } : {}),
        run,
        durationMs,
        notes: runNotes,
        ...(interrupted ? { interrupted } : {})
    };
}

/**
 * Per-test coverage at node's granularity, the test file: each file runs again alone with coverage, and each of its
 * tests gets the file's lines (node's coverage is per process, and node --test runs one process per file).
 */
async function coverageByTestFile(
    setup: JavaScriptTestSetup,
    tests: TestCaseResult[],
    signal: AbortSignal | undefined
): Promise<Record<string, LineCoverage>> {
    const options = { ...setup.context.options, coverage: true, coverageByTest: false };
    const byTest: Record<string, LineCoverage> = {};
    for (const file of setup.testFiles) {
        const alone = await runJavaScriptTestsOnce(
            { ...setup, testFiles: [file], context: { ...setup.context, options } },
            signal
        );
        if (alone.kind !== "ran" || !alone.coverage) continue;
        for (const test of tests) if (test.file === setup.projectFile(file)) byTest[test.id] = alone.coverage;
    }
    return byTest;
}

/** Each node --test file's declared test names, read from scratch before the run (so before any tested code ran). */
async function declaredNames(setup: JavaScriptTestSetup): Promise<Map<string, string[]>> {
    const names = new Map<string, string[]>();
    for (const file of setup.testFiles)
        names.set(file, declaredTestNames((await setup.context.scratch.readFile(file)) ?? ""));
    return names;
}

/**
 * Declared tests a file never reported become errors (its process ended early: process.exit in tested code, a kill),
 * and the run says why it ended early. A name is reported when any result of that file carries it.
 */
function withUnreported(
    tests: TestCaseResult[],
    declared: Map<string, string[]>,
    run: SandboxRunResult,
    done: boolean,
    projectFile: (reported: string) => string,
    timedOutFiles: Set<string>
): { tests: TestCaseResult[]; interrupted?: RunInterruption } {
    const added: TestCaseResult[] = [];
    for (const [compiled, names] of declared) {
        const file = projectFile(compiled);
        // A file stopped at its limit while a test never yielded: that test is the first one that never reported.
        let blamed = !timedOutFiles.has(file);
        const reported = new Set(
            tests
                .filter((test) => test.file === file || test.id.startsWith(`${file}::`))
                .flatMap((test) => [test.name, ...test.id.split("::").slice(1).join("::").split(" > ")])
        );
        for (const name of new Set(names)) {
            if (reported.has(name) || tests.some((test) => test.id === file && test.outcome !== "passed")) continue;
            if (!blamed) {
                blamed = true;
                added.push({
                    id: `${file}::${name}`,
                    name,
                    file,
                    outcome: "timedOut",
                    message:
                        "the file was stopped at its time limit from outside its process, in this test or before it"
                });
                continue;
            }
            added.push({
                id: `${file}::${name}`,
                name,
                file,
                outcome: "error",
                message:
                    "declared in the file but never reported: the test process ended before it (process.exit in tested code, or a kill)"
            });
        }
    }
    const interrupted: RunInterruption | undefined = run.oomKilled
        ? { by: "memoryLimit", message: "killed at the memory limit" }
        : run.scratchFull !== undefined
          ? { by: "scratchLimit", message: "killed for writing more than the scratch copy may hold" }
          : run.timedOut
            ? { by: "timeLimit", message: "killed at the run's time limit" }
            : timedOutFiles.size > 0 && added.length > 0
              ? { by: "timeLimit", message: "stopped at a file's time limit before every declared test reported" }
              : added.length > 0 || !done
                ? { by: "exitedEarly", message: "ended before every declared test reported" }
                : undefined;
    return { tests: [...tests, ...added], ...(interrupted ? { interrupted } : {}) };
}

/** Line coverage from node's lcov report, mapped back to the TypeScript sources; a missing report is a note. */
async function nodeCoverage(
    setup: JavaScriptTestSetup,
    lcov: string | undefined,
    runNotes: string[]
): Promise<LineCoverage | undefined> {
    if (lcov === undefined) {
        runNotes.push("node wrote no coverage report.");
        return undefined;
    }
    const { scratch } = setup.context;
    const { inside } = setup;
    const sources = new Map<string, string | undefined>();
    for (const file of lcovFiles(lcov)) sources.set(file, await scratch.readFile(file).catch(() => undefined));
    return javascriptCoverage(
        lcov,
        setup.transpiled,
        (path) => sources.get(path),
        (reported) => (reported.startsWith(`${inside}/`) ? reported.slice(inside.length + 1) : reported)
    );
}

function lcovFiles(lcov: string): string[] {
    return lcov
        .split("\n")
        .filter((line) => line.startsWith("SF:"))
        .map((line) => line.slice(3).trim())
        .filter((path) => !path.startsWith("/") && !path.startsWith(".."));
}

function projectRunnerArgs(
    runner: Exclude<JavaScriptRunner, "node">,
    testTimeoutMs: number,
    tests: string[]
): string[] {
    const entry = projectRunnerEntry[runner];
    switch (runner) {
        case "vitest":
            return [
                entry,
                "run",
                "--reporter=json",
                `--outputFile=${reportPath}`,
                `--testTimeout=${testTimeoutMs}`,
                "--watch=false",
                ...tests
            ];
        case "jest":
            return [
                entry,
                "--json",
                `--outputFile=${reportPath}`,
                "--ci",
                "--watchman=false",
                "--no-cache",
                `--testTimeout=${testTimeoutMs}`,
                "--forceExit",
                ...tests
            ];
        case "mocha":
            return [
                entry,
                "--reporter=json",
                `--reporter-option=output=${reportPath}`,
                `--timeout=${testTimeoutMs}`,
                "--exit",
                ...tests
            ];
    }
}

/** Test files node stopped at their time limit (the file's own test failed with a timeout), as project files. */
function filesTimedOut(jsonLines: string): Set<string> {
    const files = new Set<string>();
    for (const line of jsonLines.split("\n")) {
        if (!line.includes("testTimeoutFailure")) continue;
        const event = JSON.parse(line) as { type?: string; name?: string; file?: string; failureType?: string };
        if (event.type === "test:fail" && event.name === event.file && event.file) files.add(event.file);
    }
    return files;
}
