// How the repository-level fix runs the project's own tests in the sandbox: the workspace's scratch seed with a
// patch's files laid over it, tests named in the runner's own id syntax, repeated for flakiness, and the patch's
// added lines scanned for tampering (a tampered run's passes are never counted).

import type { Sandbox } from "../../sandbox/index.js";
import { runTestsRepeatedly, type RepeatedTestRun, type ToolchainName } from "../../toolchains/index.js";
import type { ScratchSeed, Workspace } from "../../workspace/Workspace.js";
import { addedByChain, withoutTamperedPasses } from "../chainTestRunner.js";

export interface ProjectRunOptions {
    /** Runs over one scratch (default 1); several tell flaky tests apart. */
    times?: number;
    /** Per-test line coverage, where the toolchain can measure it. */
    coverageByTest?: boolean;
    signal?: AbortSignal;
}

export interface ProjectTestRunner {
    readonly toolchain: ToolchainName;
    /** Runs `tests` (ids in the runner's syntax; every test when absent) over the workspace with `contents` laid on top. */
    run(
        contents: Record<string, string>,
        tests: string[] | undefined,
        options?: ProjectRunOptions
    ): Promise<RepeatedTestRun>;
}

export interface ProjectTestRunnerOptions {
    sandbox: Sandbox;
    workspace: Workspace;
    toolchain: ToolchainName;
    testTimeoutMs: number | undefined;
    signal: AbortSignal | undefined;
}

export function projectTestRunner(options: ProjectTestRunnerOptions): ProjectTestRunner {
    const { sandbox, workspace, toolchain } = options;
    // Read once: every run of one job sees the same project.
    let seed: Promise<ScratchSeed> | undefined;
    return {
        toolchain,
        async run(contents, tests, runOptions = {}) {
            const { files, contents: seeded } = await (seed ??= workspace.scratchSeed());
            const signal = runOptions.signal ?? options.signal;
            return withoutTamperedPasses(
                await runTestsRepeatedly({
                    scanForTampering: await addedByChain(workspace, contents),
                    sandbox,
                    workspaceRoot: workspace.root,
                    toolchain,
                    files,
                    contents: { ...seeded, ...contents },
                    times: runOptions.times ?? 1,
                    ...(tests ? { tests } : {}),
                    ...(runOptions.coverageByTest ? { coverageByTest: true } : {}),
                    ...(options.testTimeoutMs !== undefined ? { testTimeoutMs: options.testTimeoutMs } : {}),
                    ...(signal ? { signal } : {})
                })
            );
        }
    };
}
