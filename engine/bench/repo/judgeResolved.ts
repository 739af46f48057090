// Judges a patched repository snapshot as SWE-bench does: the hidden files (its test_patch applied) are laid over
// the snapshot with the patch, every test runs in the sandbox, and the task is resolved when each FAIL_TO_PASS
// test passes and each PASS_TO_PASS test still passes. A required test that did not run counts as not passing.

import type { Sandbox } from "../../sandbox/index.js";
import { toolchainOf } from "../../chains/ChainDependencies.js";
import { runTests, testIdMatches, type TestCaseResult, type TestRunResult } from "../../toolchains/index.js";
import { readTree } from "../loadSuite.js";
import type { RepoTask, ResolvedVerdict } from "./RepoBenchTypes.js";

export interface ResolvedJudgeContext {
    task: RepoTask;
    sandbox: Sandbox;
    /** The snapshot's copy the chain ran on (the chain never writes it). */
    workspaceRoot: string;
    testTimeoutMs?: number;
    signal?: AbortSignal;
}

/** Runs the hidden tests over the snapshot with `patched` (workspace-relative path → new text) laid on it. */
export async function judgeResolved(
    context: ResolvedJudgeContext,
    patched: Record<string, string>
): Promise<ResolvedVerdict> {
    const hidden = await readTree(context.task.hiddenDir);
    const result = await runTests({
        sandbox: context.sandbox,
        workspaceRoot: context.workspaceRoot,
        toolchain: toolchainOf(context.task.language),
        // The hidden files win, as SWE-bench resets the test_patch's files before applying it.
        contents: { ...patched, ...hidden },
        testTimeoutMs: context.testTimeoutMs ?? 60_000,
        ...(context.signal ? { signal: context.signal } : {})
    });
    return resolvedVerdictOf(context.task, result);
}

/** The verdict from one run of every test: each required id looked up among the results. */
export function resolvedVerdictOf(
    task: Pick<RepoTask, "FAIL_TO_PASS" | "PASS_TO_PASS">,
    result: TestRunResult
): ResolvedVerdict {
    const problems: string[] = [];
    if (result.kind !== "ran")
        problems.push(
            result.kind === "cancelled" ? "cancelled" : `did not ${result.stage}: ${result.message.split("\n")[0]}`
        );
    const tests = result.kind === "ran" ? result.tests : [];
    const count = (ids: string[]) => {
        let passed = 0;
        for (const id of ids) {
            const found = tests.filter((test) => testIdMatches(id, test));
            const outcome = found.length === 0 ? "not run" : worstOutcome(found);
            if (outcome === "passed") passed++;
            else if (result.kind === "ran") problems.push(`${id}: ${outcome}`);
        }
        return { passed, total: ids.length };
    };
    const failToPass = count(task.FAIL_TO_PASS);
    const passToPass = count(task.PASS_TO_PASS);
    return {
        resolved:
            result.kind === "ran" && failToPass.passed === failToPass.total && passToPass.passed === passToPass.total,
        failToPass,
        passToPass,
        problems
    };
}

function worstOutcome(tests: TestCaseResult[]): string {
    return tests.find((test) => test.outcome !== "passed")?.outcome ?? "passed";
}
