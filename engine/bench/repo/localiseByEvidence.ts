// Localisation by evidence alone, for the bench: the snapshot's tests run once in the sandbox with per-test coverage, the task's failing
// tests (or, for a task with a bug report only, the report) handed to `localise`, no model involved. The hidden
// tests and the gold locations are never used.

import { localise } from "../../chains/repair/localisation/localise.js";
import type { Localisation } from "../../chains/repair/localisation/LocalisationTypes.js";
import { toolchainOf } from "../../chains/ChainDependencies.js";
import type { Sandbox } from "../../sandbox/index.js";
import { runTests, testIdMatches } from "../../toolchains/index.js";
import { DiskWorkspace } from "../../workspace/Workspace.js";
import type { RepoTask } from "./RepoBenchTypes.js";

export async function localiseByEvidence(
    task: RepoTask,
    workspaceRoot: string,
    sandbox: Sandbox,
    signal?: AbortSignal
): Promise<Localisation> {
    const run = await runTests({
        sandbox,
        workspaceRoot,
        toolchain: toolchainOf(task.language),
        // The spectrum's evidence, at the runner's granularity (per test for Python, per file or package elsewhere).
        coverageByTest: true,
        testTimeoutMs: 60_000,
        ...(signal ? { signal } : {})
    });
    const results = run.kind === "ran" ? run.tests : [];
    const named = task.failing_tests ?? [];
    const failing = results.filter((t) => named.some((id) => testIdMatches(id, t)));
    const passing = results.filter((t) => t.outcome === "passed" && !failing.includes(t));
    return localise({
        workspace: new DiskWorkspace(workspaceRoot),
        failing,
        passing,
        ...(run.kind === "ran" && run.coverageByTest ? { coverageByTest: run.coverageByTest } : {}),
        ...(named.length === 0 ? { issue: task.problem_statement } : {}),
        ...(signal ? { signal } : {})
    });
}
