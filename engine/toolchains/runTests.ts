// The toolchains' entry points: run a project's tests once, or N times over the same scratch to tell
// passing, failing and flaky tests apart. Picks the toolchain from the project when not told.

import { access } from "node:fs/promises";
import { join } from "node:path";
import { InvalidRequestError } from "../errors.js";
import { classifyRuns, type TestStability } from "./flakiness.js";
import { registeredToolchains, toolchainSupportOf, type ToolchainOptions } from "../languages/index.js";
import type { TestRunResult, ToolchainName } from "./TestRunResult.js";
import { scanForTampering, scratchState, verdictFilesChanged } from "./tampering.js";
import { runFolder, type TestRunOptions, type ToolchainDriver } from "./toolchainRun.js";

export interface RunTestsOptions extends TestRunOptions {
    /** Default: detected from the project by the registered toolchains' marker files (see `detectToolchain`). */
    toolchain?: ToolchainName;
    /** Each toolchain's own options, under its name; a new language's toolchain reads its entry the same way. */
    toolchainOptions?: ToolchainOptions;
}

/** Options by toolchain name: each language's options type, declared in its folder, reached through the registry. */
export type { ToolchainOptions };

export interface RepeatedTestRun {
    /** The first run's result (its kind tells a build failure or a cancel), then every run. */
    runs: TestRunResult[];
    /** One verdict per test across the runs; empty when the build failed. */
    tests: TestStability[];
}

async function exists(path: string): Promise<boolean> {
    return access(path).then(
        () => true,
        () => false
    );
}

/**
 * The toolchain a project's tests need, from its marker files: the build-first toolchains (Cargo.toml) before the
 * others (package.json, tsconfig.json), and the one without markers (Python) when none is present.
 */
export async function detectToolchain(workspaceRoot: string): Promise<ToolchainName> {
    const toolchains = registeredToolchains();
    const ordered = [
        ...toolchains.filter((t) => t.buildsBeforeTests),
        ...toolchains.filter((t) => !t.buildsBeforeTests)
    ];
    for (const toolchain of ordered) {
        for (const marker of toolchain.projectMarkers)
            if (await exists(join(workspaceRoot, marker))) return toolchain.name;
    }
    const fallback = toolchains.find((t) => t.projectMarkers.length === 0);
    if (!fallback) throw new InvalidRequestError(`No toolchain runs the tests of ${workspaceRoot}.`);
    return fallback.name;
}

function driverFor(name: ToolchainName, options: RunTestsOptions): ToolchainDriver {
    const toolchain = toolchainSupportOf(name);
    if (!toolchain) throw new InvalidRequestError(`No registered language runs tests with the toolchain "${name}".`);
    return toolchain.driver((options.toolchainOptions as Record<string, unknown> | undefined)?.[name]);
}

/** Runs the project's tests once in a fresh scratch copy. */
export async function runTests(options: RunTestsOptions): Promise<TestRunResult> {
    return (await runTestsRepeatedly({ ...options, times: 1 })).runs[0]!;
}

/**
 * Runs the tests `times` times (default 3) over one scratch copy, built once, and classifies each test.
 * Stops early on a build failure or a cancel. Coverage, when asked, is measured in every run.
 */
export async function runTestsRepeatedly(options: RunTestsOptions & { times?: number }): Promise<RepeatedTestRun> {
    const toolchain = options.toolchain ?? (await detectToolchain(options.workspaceRoot));
    return inBuildTurn(toolchain, options.workspaceRoot, () => runRepeatedlyNow({ ...options, toolchain }));
}

/**
 * Runs `work` in its workspace's turn when the toolchain builds first: runs of one workspace share the build's target
 * folder (cargo's), and scratch is always mounted at the same path, so two at once would build the same test binary
 * and each could run the other's. They take turns (runs and test listings alike).
 */
export function inBuildTurn<T>(toolchain: ToolchainName, workspaceRoot: string, work: () => Promise<T>): Promise<T> {
    if (!toolchainSupportOf(toolchain)?.buildsBeforeTests) return work();
    const key = `${toolchain}:${workspaceRoot}`;
    const previous = buildTurns.get(key) ?? Promise.resolve();
    const turn = previous.then(work, work);
    buildTurns.set(
        key,
        turn.catch(() => undefined)
    );
    return turn;
}

const buildTurns = new Map<string, Promise<unknown>>();

async function runRepeatedlyNow(options: RunTestsOptions & { times?: number }): Promise<RepeatedTestRun> {
    const times = options.times ?? 3;
    if (!Number.isInteger(times) || times < 1)
        throw new InvalidRequestError(`times must be a whole number of at least 1; got ${times}.`);
    const toolchain = options.toolchain ?? (await detectToolchain(options.workspaceRoot));
    const driver = driverFor(toolchain, options);
    const started = performance.now();
    const files = options.files ?? (await driver.defaultFiles(options.workspaceRoot));
    const scratch = await options.sandbox.createScratch({
        from: options.workspaceRoot,
        paths: files,
        ...(options.contents ? { contents: options.contents } : {})
    });
    try {
        await scratch.makeDirectory(runFolder);
        const prepared = await driver.prepare({
            options: { ...options, files },
            sandbox: options.sandbox,
            scratch,
            started
        });
        if (!("runOnce" in prepared)) return { runs: [prepared], tests: [] };
        const runs: TestRunResult[] = [];
        const scanned = scanForTampering(toolchain, options.scanForTampering ?? {});
        for (let attempt = 0; attempt < times; attempt++) {
            const before = await scratchState(scratch.path);
            const result = await prepared.runOnce(options.signal);
            if (result.kind === "ran") {
                // Written during this run, a conftest.py or a test file decides the next run (a repeat), so it counts here.
                // Kept beside the driver's own signs (forged report lines), never in their place.
                const tampering = [
                    ...(result.tampering ?? []),
                    ...scanned,
                    ...verdictFilesChanged(before, await scratchState(scratch.path), options.tests ?? [])
                ];
                if (tampering.length > 0) result.tampering = tampering;
            }
            runs.push(result);
            if (result.kind !== "ran") break;
        }
        // The first run's duration includes preparing (transpiling, building), as a single run's would.
        const first = runs[0]!;
        runs[0] = {
            ...first,
            durationMs:
                first.durationMs + (performance.now() - started - runs.reduce((sum, run) => sum + run.durationMs, 0))
        };
        return { runs, tests: classifyRuns(runs) };
    } finally {
        await scratch.dispose();
    }
}
