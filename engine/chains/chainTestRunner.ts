// How the fix and tests chains run a scratch copy's tests in the sandbox: the workspace's scratch seed (its files
// on disk, its unsaved texts over them) under the chain's own files, the language's toolchain, named tests (all of them for Rust, whose test binary is one), and a
// time limit that is the request's or else the job's default. The lines the chain's texts add are scanned for tampering.

import type { SourceLanguage } from "../analysis/index.js";
import { languageSupportOf } from "../languages/index.js";
import type { Sandbox } from "../sandbox/index.js";
import {
    addedLines,
    classifyRuns,
    runTestsRepeatedly,
    type RepeatedTestRun,
    type TestRunResult
} from "../toolchains/index.js";
import type { ScratchSeed, Workspace } from "../workspace/Workspace.js";

/** A job's time limits of one sandbox test run when the request sets none (package.json's `ponder.testTimeoutSeconds` states them). */
export interface JobTestTimeouts {
    /** Rust: the limit bounds the whole test step, build included, so it is much longer than one test's. */
    rustMs: number;
    /** Python, JavaScript and TypeScript: the limit of one test. */
    otherMs: number;
}

/** The fix chain's defaults: 30 s for a Rust build and run, 4 s per test otherwise. */
export const fixTestTimeouts: JobTestTimeouts = { rustMs: 30_000, otherMs: 4_000 };

/** The tests chain's defaults: 60 s for a Rust build and run (it builds with coverage), 4 s per test otherwise. */
export const testsTestTimeouts: JobTestTimeouts = { rustMs: 60_000, otherMs: 4_000 };

export interface ChainTestRunnerOptions {
    sandbox: Sandbox;
    /** Its scratch seed (read at the first run) makes each scratch; its texts lie under the chain's own contents. */
    workspace: Workspace;
    language: SourceLanguage;
    /** The request's limit of one run; when absent, `defaults` for the language. */
    testTimeoutMs: number | undefined;
    /** The job's defaults (`fixTestTimeouts`, `testsTestTimeouts`), named by each chain. */
    defaults: JobTestTimeouts;
    /** The chain's cancel signal; one call may pass its own instead. */
    signal: AbortSignal | undefined;
}

export interface ChainTestRunOptions {
    /** Runs over the one scratch (default 1). */
    times?: number;
    coverage?: boolean;
    /** This call's limit instead of the runner's `timeoutMs`. */
    timeoutMs?: number;
    /** This call's cancel signal instead of the chain's. */
    signal?: AbortSignal;
}

export interface ChainTestRunner {
    /** The limit of one run: the request's, or the job's default for the language. */
    timeoutMs: number;
    /** Runs `tests` (test files; ignored by a toolchain that runs the whole crate, Rust's) over the workspace with `contents` laid on top, once. */
    once(contents: Record<string, string>, tests: string[] | undefined, signal?: AbortSignal): Promise<TestRunResult>;
    /** The same, `times` times over one scratch, with coverage when asked. */
    repeated(
        contents: Record<string, string>,
        tests: string[] | undefined,
        options?: ChainTestRunOptions
    ): Promise<RepeatedTestRun>;
}

export function chainTestRunner(options: ChainTestRunnerOptions): ChainTestRunner {
    const { sandbox, workspace, language } = options;
    const toolchain = languageSupportOf(language).toolchain;
    // A toolchain that builds before its tests (cargo) spends part of a test's limit building.
    const timeoutMs =
        options.testTimeoutMs ?? (toolchain.buildsBeforeTests ? options.defaults.rustMs : options.defaults.otherMs);
    // Read once, at the first run: files saved while the model thinks are still copied, and every run sees the same project.
    let seed: Promise<ScratchSeed> | undefined;
    const repeated = async (
        contents: Record<string, string>,
        tests: string[] | undefined,
        runOptions: ChainTestRunOptions = {}
    ) => {
        const signal = runOptions.signal ?? options.signal;
        const { files, contents: seeded } = await (seed ??= workspace.scratchSeed());
        return withoutTamperedPasses(
            await runTestsRepeatedly({
                scanForTampering: await addedByChain(workspace, contents),
                sandbox,
                workspaceRoot: workspace.root,
                toolchain: toolchain.name,
                files,
                contents: { ...seeded, ...contents },
                times: runOptions.times ?? 1,
                ...(tests && toolchain.runsNamedFiles ? { tests } : {}),
                ...(runOptions.coverage ? { coverage: true } : {}),
                testTimeoutMs: runOptions.timeoutMs ?? timeoutMs,
                ...(signal ? { signal } : {})
            })
        );
    };
    const once = async (contents: Record<string, string>, tests: string[] | undefined, signal?: AbortSignal) =>
        (await repeated(contents, tests, signal ? { signal } : {})).runs[0]!;
    return { timeoutMs, once, repeated };
}

/** What the chain's texts add to the workspace's own (a patch's new lines, whole generated tests): the code a verdict is about. */
export async function addedByChain(
    workspace: Workspace,
    contents: Record<string, string>
): Promise<Record<string, string>> {
    const added: Record<string, string> = {};
    for (const [path, text] of Object.entries(contents)) {
        const original = await workspace.readText(path).catch(() => undefined);
        added[path] = addedLines(original, text);
    }
    return added;
}

/**
 * A run with signs of tampering proves nothing: each of its tests that passed becomes an error that names the signs,
 * so no verdict (fix, tests) can count it, whatever else the chain reads of the run.
 */
export function withoutTamperedPasses(repeated: RepeatedTestRun): RepeatedTestRun {
    if (!repeated.runs.some((run) => run.kind === "ran" && run.tampering)) return repeated;
    const runs = repeated.runs.map((run): TestRunResult =>
        run.kind !== "ran" || !run.tampering
            ? run
            : {
                  ...run,
                  tests: run.tests.map((test) =>
                      test.outcome !== "passed"
                          ? test
                          : {
                                ...test,
                                outcome: "error",
                                message: `not counted: the code under test may have written its own verdict (${run.tampering!.join("; ")})`
                            }
                  )
              }
    );
    return { runs, tests: classifyRuns(runs) };
}
