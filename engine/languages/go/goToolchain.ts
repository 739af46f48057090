// Go tests: `go test -json` in the sandbox as `goInSandbox` sets go up (offline, caches in scratch), results from
// test2json's events, coverage from `-coverprofile`. Build first (compile errors as a value), then the tests.

import { readdir } from "node:fs/promises";
import { join, posix } from "node:path";
import type { Scratch } from "../../sandbox/index.js";
import { projectFiles } from "../../toolchains/projectFiles.js";
import type { LineCoverage, TestCaseResult, TestDiscovery, TestRunResult } from "../../toolchains/TestRunResult.js";
import {
    buildStepFailed,
    cancelledResult,
    defaultTestTimeoutMs,
    missingDependenciesFailure,
    runFolder,
    runOutput,
    tail,
    toolchainLimits,
    type PreparedTests,
    type ToolchainContext,
    type ToolchainDriver
} from "../../toolchains/toolchainRun.js";
import { parseGoCoverProfile } from "./goCoverProfile.js";
import { goInSandbox } from "./goInSandbox.js";
import {
    folderOfImportPath,
    importPathOf,
    isGoTestFile,
    moduleMode,
    modulePathOf,
    testFunctionsOf
} from "./goModule.js";
import { goTestCaseResults, parseGoTestEvents } from "./goTestEvents.js";
import { placedTag } from "./goTests.js";
import { discoverGoTests } from "./goDiscovery.js";
import { goInstallAdvice, missingGoModules } from "./goMissingModules.js";
import { goTestIds } from "./goTestIds.js";
import { resultsOfRequested, splitTestId } from "../../toolchains/testIdMatching.js";

export interface GoToolchainOptions {
    /** go by full path. Default: go on PATH (Debian's golang-go puts it in /usr/bin). */
    goPath?: string;
}

const coverFile = `${runFolder}/cover.out`;

/** Which packages to test and which top-level tests to run in them, from `TestRunOptions.tests`. */
export interface GoTestSelection {
    /** `./folder` patterns, or `./...` for every package. */
    packages: string[];
    /** A `-run` pattern naming the chosen top-level tests; undefined runs them all. */
    runPattern?: string;
}

/**
 * Test files (`sum_test.go`) select the tests they declare; ids select their top-level test: by file
 * (`sum_test.go::TestSum/empty`), by package folder (`pkg/sum::TestSum`) or by name in every package (`TestSum`).
 * `declared` gives a test file's top-level tests.
 */
export function goTestSelection(tests: string[] | undefined, declared: (file: string) => string[]): GoTestSelection {
    if (!tests || tests.length === 0) return { packages: ["./..."] };
    const folders = new Set<string>();
    const names = new Set<string>();
    for (const entry of tests) {
        const parsed = goTestIds.parse(entry);
        const topLevel = parsed?.names[0];
        if (parsed && !parsed.file && !parsed.folder && topLevel) {
            folders.add("...");
            names.add(topLevel);
            continue;
        }
        if (parsed?.folder !== undefined) {
            folders.add(parsed.folder);
            if (topLevel) names.add(topLevel);
            else names.add(".*");
            continue;
        }
        const { head: file, rest } = splitTestId(entry);
        folders.add(posix.dirname(file));
        const tag = placedTag(file);
        if (rest !== undefined) names.add(`${rest.split("/")[0]!}${tag ? `_ponder_${tag}` : ""}`);
        else for (const name of declared(file)) names.add(name);
    }
    const escaped = [...names].map((name) => (name === ".*" ? name : name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    const packages = folders.has("...")
        ? ["./..."]
        : [...folders].sort().map((folder) => (folder === "." ? "." : `./${folder}`));
    return { packages, runPattern: escaped.length ? `^(${escaped.join("|")})$` : "^$" };
}

/**
 * The Go driver. It is long because `prepare` and its `runOnce` share one set-up (go, the selection, the declared
 * tests, the module path) by closure, as the other drivers do, so a repeat never recomputes or re-reads them.
 */
export function goToolchain(toolchainOptions: GoToolchainOptions = {}): ToolchainDriver {
    return {
        name: "go",
        defaultFiles: projectFiles,
        async discover(context: ToolchainContext): Promise<TestDiscovery> {
            const { options, sandbox, scratch } = context;
            const files = options.files ?? [];
            const goMod = await scratch.readFile("go.mod");
            const modulePath = goMod === undefined ? undefined : modulePathOf(goMod);
            if (modulePath === undefined)
                return { kind: "failed", toolchain: "go", message: "The project has no go.mod naming its module." };
            const { go, env, binds } = await goInSandbox(sandbox, scratch, files, toolchainOptions.goPath);
            return discoverGoTests(context, {
                modulePath,
                declared: await testFunctionsByFolder(scratch),
                vendors: moduleMode(files) === "vendor",
                list: () =>
                    sandbox.run(
                        scratch,
                        {
                            command: go,
                            args: ["test", "-json", "-list", ".*", "./..."],
                            env,
                            binds,
                            memoryRlimit: "data",
                            limits: toolchainLimits(options)
                        },
                        options.signal ? { signal: options.signal } : {}
                    )
            });
        },
        // It is long because it builds once and returns the run that repeats, over the same closure (see above).
        async prepare(context: ToolchainContext): Promise<PreparedTests | TestRunResult> {
            const { options, sandbox, scratch, started } = context;
            const files = options.files ?? [];
            const goMod = await scratch.readFile("go.mod");
            const modulePath = goMod === undefined ? undefined : modulePathOf(goMod);
            if (modulePath === undefined) {
                return {
                    kind: "buildFailed",
                    stage: "collect",
                    toolchain: "go",
                    runner: "go",
                    message: "The project has no go.mod naming its module, so `go test` cannot find its packages.",
                    durationMs: performance.now() - started,
                    notes: []
                };
            }
            const { go, env, binds } = await goInSandbox(
                sandbox,
                scratch,
                [...files, ...Object.keys(options.contents ?? {})],
                toolchainOptions.goPath
            );
            // Read before any run, so a file a test writes cannot rename the tests it reports.
            const declared = await testFunctionsByFolder(scratch);
            const selection = goTestSelection(
                options.tests,
                (file) => declared.get(posix.dirname(file))?.get(posix.basename(file)) ?? []
            );
            const testTimeoutMs = options.testTimeoutMs ?? defaultTestTimeoutMs;
            const measures = options.coverage || options.coverageByTest;
            const coverFlags = measures ? [`-coverprofile=${coverFile}`] : [];
            const goRun = (args: string[], timeoutMs?: number, signal?: AbortSignal) =>
                sandbox.run(
                    scratch,
                    {
                        command: go,
                        args,
                        env,
                        binds,
                        memoryRlimit: "data",
                        ...(measures ? { collect: [coverFile] } : {}),
                        limits: toolchainLimits(options, timeoutMs ? { timeoutMs } : {})
                    },
                    signal ? { signal } : {}
                );

            // `-run ^$` builds every test binary (vet's checks included, as `go test` does) and runs no test.
            const build = await goRun(
                ["test", "-json", "-count=1", "-run", "^$", ...(measures ? ["-cover"] : []), ...selection.packages],
                undefined,
                options.signal
            );
            if (build.cancelled) return cancelledResult("go", "go", started);
            const built = parseGoTestEvents(build.stdout);
            if (
                build.exitCode !== 0 &&
                (built.failedPackages.length > 0 || /^# |\.go:\d+:\d+: /m.test(build.stderr) || build.timedOut)
            ) {
                const missing = missingGoModules(runOutput(build));
                return missingDependenciesFailure(
                    buildStepFailed("go", "go", build, started),
                    missing.length ? goInstallAdvice(missing, moduleMode(files) === "vendor") : undefined
                );
            }
            const packageCount = selection.packages.includes("./...")
                ? Math.max(1, declared.size)
                : selection.packages.length;
            const runBound = options.limits?.timeoutMs ?? testTimeoutMs * packageCount + 60_000;
            const fileOf = (packagePath: string, name: string) => {
                const folder = folderOfImportPath(modulePath, packagePath) ?? packagePath;
                for (const [file, names] of declared.get(folder) ?? [])
                    if (names.includes(name)) return folder === "." ? file : `${folder}/${file}`;
                return folder;
            };

            return {
                runner: "go",
                async runOnce(signal?: AbortSignal): Promise<TestRunResult> {
                    const runStarted = performance.now();
                    await scratch.removeFile(coverFile);
                    const run = await goRun(
                        [
                            "test",
                            "-json",
                            "-count=1",
                            `-timeout=${Math.max(1, Math.ceil(testTimeoutMs / 1000))}s`,
                            ...coverFlags,
                            ...(selection.runPattern ? ["-run", selection.runPattern] : []),
                            ...selection.packages
                        ],
                        runBound,
                        signal
                    );
                    const durationMs = performance.now() - runStarted;
                    if (run.cancelled) return cancelledResult("go", "go", runStarted);
                    const parsed = parseGoTestEvents(run.stdout);
                    let tests: TestCaseResult[] = goTestCaseResults(parsed.tests, fileOf);
                    const notes: string[] = [];
                    if (parsed.stoppedPackages.length > 0 || run.timedOut) {
                        tests = [
                            ...tests,
                            ...unreported(
                                tests,
                                parsed.stoppedPackages.map((stopped) => stopped.packagePath),
                                run.timedOut || parsed.stoppedPackages.some((stopped) => stopped.timedOut)
                            )
                        ];
                        if (run.stdoutTruncated)
                            notes.push("go test's output was cut at the output limit; some results may be missing.");
                    }
                    tests = tests.map(withoutPlacedTag);
                    if (tests.length === 0 && run.exitCode !== 0) {
                        return {
                            kind: "buildFailed",
                            stage: "collect",
                            toolchain: "go",
                            runner: "go",
                            message: tail(runOutput(run)),
                            run,
                            durationMs,
                            notes
                        };
                    }
                    // `-run` is one pattern for every package: a test requested in one package runs its namesakes too.
                    // After the build-failure check: a run that built and ran only namesakes reports no test, not a failure.
                    if (options.tests?.length) tests = resultsOfRequested(options.tests, tests);
                    const profile = run.files[coverFile];
                    if (measures && profile === undefined)
                        notes.push("go test wrote no cover profile, so coverage is unavailable for this run.");
                    const coverage =
                        profile !== undefined
                            ? parseGoCoverProfile(profile, modulePath, sandbox.pathInside(scratch))
                            : undefined;
                    return {
                        kind: "ran",
                        toolchain: "go",
                        runner: "go",
                        tests,
                        run,
                        durationMs,
                        notes,
                        ...(coverage ? { coverage } : {}),
                        ...(coverage && options.coverageByTest
                            ? { coverageByTest: coverageByPackage(tests, coverage) }
                            : {}),
                        ...(parsed.forged.length ? { tampering: parsed.forged } : {})
                    };
                }
            };

            /** Selected tests of packages whose binary stopped that never reported: named from their test files. */
            function unreported(
                reported: TestCaseResult[],
                stoppedPackages: string[],
                timedOut: boolean
            ): TestCaseResult[] {
                const seen = new Set(reported.map((test) => test.name.split("/")[0]));
                const pattern = selection.runPattern ? new RegExp(selection.runPattern) : undefined;
                const missing: TestCaseResult[] = [];
                const folders =
                    timedOut && stoppedPackages.length === 0
                        ? [...declared.keys()]
                        : stoppedPackages.map((path) => folderOfImportPath(modulePath!, path) ?? path);
                for (const folder of folders) {
                    for (const [file, names] of declared.get(folder) ?? []) {
                        for (const name of names) {
                            if (seen.has(name) || (pattern && !pattern.test(name))) continue;
                            const path = folder === "." ? file : `${folder}/${file}`;
                            missing.push({
                                id: `${path}::${name}`,
                                name,
                                file: path,
                                outcome: timedOut ? "timedOut" : "error",
                                message: timedOut
                                    ? `did not finish within the time limit (${Math.round(testTimeoutMs / 1000)} s)`
                                    : `its test binary (${importPathOf(modulePath!, folder)}) stopped before running it`
                            });
                        }
                    }
                }
                return missing;
            }
        }
    };
}

/**
 * Each test's coverage at Go's granularity, its package: without -coverpkg a package's tests cover only its own
 * files, so the run's profile restricted to a test's package folder is what that package's tests ran.
 */
export function coverageByPackage(tests: TestCaseResult[], coverage: LineCoverage): Record<string, LineCoverage> {
    const byTest: Record<string, LineCoverage> = {};
    for (const test of tests) {
        if (!test.file) continue;
        const folder = posix.dirname(test.file);
        const own = Object.entries(coverage).filter(([file]) => posix.dirname(file) === folder);
        if (own.length > 0) byTest[test.id] = Object.fromEntries(own);
    }
    return byTest;
}

/** A placed test file's tests under the names the reply gave them (`TestMax_ponder_r0_c1` → `TestMax`). */
function withoutPlacedTag(test: TestCaseResult): TestCaseResult {
    const tag = test.file ? placedTag(test.file) : undefined;
    if (!tag) return test;
    const name = test.name.replace(`_ponder_${tag}`, "");
    return { ...test, name, id: `${test.file}::${name}` };
}

/** Package folder → test file name → the top-level tests it declares, for every `_test.go` file in scratch. */
export async function testFunctionsByFolder(scratch: Scratch): Promise<Map<string, Map<string, string[]>>> {
    const byFolder = new Map<string, Map<string, string[]>>();
    const visit = async (folder: string): Promise<void> => {
        for (const entry of await readdir(join(scratch.path, folder), { withFileTypes: true }).catch(() => [])) {
            const path = folder === "." ? entry.name : `${folder}/${entry.name}`;
            if (entry.isDirectory()) {
                if (![runFolder, "vendor", "testdata", ".git"].includes(entry.name) && !entry.name.startsWith("_"))
                    await visit(path);
            } else if (entry.isFile() && isGoTestFile(path)) {
                const text = await scratch.readFile(path);
                if (text === undefined) continue;
                let files = byFolder.get(folder);
                if (!files) byFolder.set(folder, (files = new Map()));
                files.set(entry.name, testFunctionsOf(text));
            }
        }
    };
    await visit(".");
    return byFolder;
}
