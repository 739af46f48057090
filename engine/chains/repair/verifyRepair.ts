// Verification of one patch against the project's own tests: the failing tests (or Ponder's reproduction tests) run
// `reruns` times and must pass every time; then the tests that passed before, those the patch affects first (their
// coverage or their file's references reach a changed file), the rest while the regression budget lasts.

import { performance } from "node:perf_hooks";
import type { TestCaseResult, TestRunResult } from "../../toolchains/index.js";
import type { PatchCheck, RepairRun } from "./RepairRun.js";
import type { FilePatch } from "./RepairTypes.js";
import { testIdMatches } from "../../toolchains/index.js";

export async function checkPatch(run: RepairRun, files: FilePatch[], signal?: AbortSignal): Promise<PatchCheck> {
    const contents = patchContents(run, files);
    const failing = run.failing.map((f) => f.id);
    const decisive = await run.runner.run(contents, failing, { times: run.reruns, ...(signal ? { signal } : {}) });
    const first = decisive.runs[0]!;
    const tampering = [...new Set(decisive.runs.flatMap((r) => (r.kind === "ran" ? (r.tampering ?? []) : [])))];
    const empty = { run: 0, total: run.baseline.passing.length, affectedFirst: 0 };
    if (first.kind !== "ran")
        return {
            fixed: [],
            stillFailing: failing,
            flaky: [],
            regressions: [],
            passToPass: empty,
            tampering,
            notRun: notRunReason(first),
            failureLines: [notRunReason(first)],
            regressionMs: 0
        };
    const stability = decisive.tests;
    const fixed = failing.filter((id) =>
        stability.some((s) => testIdMatches(id, asResult(s)) && s.verdict === "passing")
    );
    const flaky = stability.filter((s) => s.verdict === "flaky").map((s) => s.id);
    const stillFailing = failing.filter((id) => !fixed.includes(id));
    const failureLines = stillFailing.map((id) => {
        const result = stability.find((s) => testIdMatches(id, asResult(s)));
        return `${id} still fails${result?.message ? `: ${result.message.split("\n").slice(0, 4).join(" ").slice(0, 300)}` : " (not reported)"}`;
    });
    if (stillFailing.length > 0 || tampering.length > 0)
        return {
            fixed,
            stillFailing,
            flaky,
            regressions: [],
            passToPass: empty,
            tampering,
            failureLines,
            regressionMs: 0
        };
    const regression = await passToPass(run, contents, files, signal);
    return {
        fixed,
        stillFailing,
        flaky,
        regressions: regression.regressions,
        passToPass: regression.passToPass,
        tampering: [...tampering, ...regression.tampering],
        failureLines: regression.regressions.map((id) => `${id} passed before and fails with the patch`),
        regressionMs: regression.ms
    };
}

/** What every run of a patch lays over the workspace: the reproduction tests (from a bug report) and the patched files. */
export function patchContents(run: RepairRun, files: FilePatch[]): Record<string, string> {
    return {
        ...(run.reproduction?.contents ?? {}),
        ...Object.fromEntries(files.map((f) => [f.file, f.patchedText]))
    };
}

/** The tests that passed before, affected first and then the rest while the budget lasts; a cut run is counted as such. */
async function passToPass(
    run: RepairRun,
    contents: Record<string, string>,
    files: FilePatch[],
    signal: AbortSignal | undefined
): Promise<{ regressions: string[]; tampering: string[]; passToPass: PatchCheck["passToPass"]; ms: number }> {
    const started = performance.now();
    const passing = run.baseline.passing;
    const affected = await affectedTests(run, passing, files);
    const rest = passing.filter((t) => !affected.includes(t));
    const regressions: string[] = [];
    const tampering: string[] = [];
    let ran = 0;
    const runGroup = async (group: TestCaseResult[]) => {
        if (group.length === 0) return;
        const result = (
            await run.runner.run(
                contents,
                group.map((t) => t.id),
                signal ? { signal } : {}
            )
        ).runs[0]!;
        if (result.kind !== "ran") {
            // A build that breaks breaks every test that passed before.
            if (result.kind === "buildFailed") regressions.push(...group.map((t) => t.id));
            return;
        }
        tampering.push(...(result.tampering ?? []));
        for (const test of group) {
            const now = result.tests.find((r) => r.id === test.id);
            if (!now) continue;
            ran++;
            if (now.outcome !== "passed" && now.outcome !== "skipped") regressions.push(test.id);
        }
    };
    await runGroup(affected);
    // The rest, as many as the budget's remainder fits by their durations on the current code.
    const remaining = run.regressionBudgetMs - (performance.now() - started);
    let estimate = 0;
    const fitting = rest.filter((t) => (estimate += t.durationMs ?? 50) <= remaining);
    if (remaining > 0) await runGroup(fitting);
    return {
        regressions,
        tampering,
        passToPass: { run: ran, total: passing.length, affectedFirst: affected.length },
        ms: performance.now() - started
    };
}

/** Tests that passed before whose coverage reaches a changed file, or whose test file names a changed module. */
async function affectedTests(run: RepairRun, passing: TestCaseResult[], files: FilePatch[]): Promise<TestCaseResult[]> {
    const changed = files.map((f) => f.file);
    const stems = changed.map((file) =>
        file
            .split("/")
            .pop()!
            .replace(/\.[^.]+$/, "")
    );
    const texts = new Map<string, string>();
    const affected: TestCaseResult[] = [];
    for (const test of passing) {
        const coverage = run.baseline.coverageByTest?.[test.id];
        if (coverage && changed.some((file) => (coverage[file]?.coveredLines.length ?? 0) > 0)) {
            affected.push(test);
            continue;
        }
        if (!test.file) continue;
        if (!texts.has(test.file)) texts.set(test.file, await run.workspaceText(test.file));
        const text = texts.get(test.file)!;
        if (stems.some((stem) => new RegExp(`\\b${stem.replace(/\W/g, "\\$&")}\\b`).test(text))) affected.push(test);
    }
    return affected;
}

function asResult(stability: { id: string; name: string; file?: string }): TestCaseResult {
    return {
        id: stability.id,
        name: stability.name,
        ...(stability.file ? { file: stability.file } : {}),
        outcome: "passed"
    };
}

function notRunReason(result: TestRunResult): string {
    if (result.kind === "buildFailed")
        return `with the patch the tests do not ${result.stage === "build" ? "build" : "load"}: ${result.message.split("\n").slice(0, 6).join(" ").slice(0, 400)}`;
    return "the run was cancelled";
}
