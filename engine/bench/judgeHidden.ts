// Judges a task's result with its hidden checks in the sandbox: a fix's patched target against the hidden
// tests and cases; a tests job's kept tests against the reference code and each hidden buggy variant. The
// checks are laid over a scratch copy of the task's workspace; nothing is written to the workspace itself.

import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Sandbox } from "../sandbox/index.js";
import { runTests, type TestRunResult } from "../toolchains/index.js";
import { toolchainOf } from "../chains/ChainDependencies.js";
import { inParallel } from "../chains/inParallel.js";
import { languageSupportOf } from "../languages/index.js";
import type { BenchTask, HiddenChecks, HiddenVerdict } from "./BenchTypes.js";
import { renderCaseTests } from "./hiddenCaseTests.js";

export interface JudgeContext {
    task: BenchTask;
    checks: HiddenChecks;
    sandbox: Sandbox;
    /** The task's workspace copy the chain ran on. */
    workspaceRoot: string;
    /** The target's original text. */
    originalText: string;
    signal?: AbortSignal;
    /** Time limit of one test (Rust: of the whole test step). */
    testTimeoutMs?: number;
    /** Sandbox runs at once. Default: the number of cores. */
    parallelRuns?: number;
}

/** Runs the hidden tests and cases against `targetText` (the patched target). */
export async function judgeTargetText(context: JudgeContext, targetText: string | undefined): Promise<HiddenVerdict> {
    if (targetText === undefined) return { kind: "noPatch", passed: 0, total: 0, reason: "no patch" };
    const { task, checks } = context;
    const target = task.target.file;
    const contents: Record<string, string> = { ...checks.tests };
    const testFiles = Object.keys(checks.tests);
    if (checks.cases) {
        const rendered = renderCaseTests(checks.cases, task.language, target);
        contents[rendered.path] = rendered.text;
        testFiles.push(rendered.path);
    }
    contents[target] = targetText;
    await appendHidden(context, contents);
    return verdictOf(await run(context, contents, testFiles));
}

/** Lays the hidden appended texts over `contents` (at the end of the file's text there, or of its original). */
async function appendHidden(context: JudgeContext, contents: Record<string, string>): Promise<void> {
    for (const [path, text] of Object.entries(context.checks.appended)) {
        const base =
            contents[path] ??
            (path === context.task.target.file
                ? context.originalText
                : await readFile(join(context.workspaceRoot, path), "utf8").catch(() => ""));
        contents[path] = base + (base.endsWith("\n") ? "" : "\n") + text;
    }
}

/** The kept tests' files on the reference code: every test must pass. */
export async function judgeKeptTests(context: JudgeContext, testFiles: Record<string, string>): Promise<HiddenVerdict> {
    return verdictOf(await run(context, { ...testFiles }, Object.keys(testFiles)));
}

/** Each hidden variant with the kept tests laid over it: caught when a test fails or the tests do not build. */
export async function judgeVariants(
    context: JudgeContext,
    testFiles: Record<string, string>
): Promise<{ caught: number; total: number; missed: string[] }> {
    const missed: string[] = [];
    await inParallel(context.parallelRuns ?? availableParallelism(), context.checks.variants, async (variant) => {
        const contents: Record<string, string> = { ...testFiles };
        for (const [path, text] of Object.entries(variant.files))
            contents[path] =
                testFiles[path] !== undefined
                    ? (carryInsertion(context.originalText, testFiles[path]!, text) ?? text)
                    : text;
        const verdict = verdictOf(await run(context, contents, Object.keys(testFiles)));
        if (verdict.kind === "pass") missed.push(variant.name);
    });
    missed.sort();
    return { caught: context.checks.variants.length - missed.length, total: context.checks.variants.length, missed };
}

/**
 * Rust keeps its tests inside the target file: the kept tests are the one block `withTests` inserted into
 * `original`; the same block goes into the variant at the same place (found from the text after or before it).
 */
export function carryInsertion(original: string, withTests: string, variant: string): string | undefined {
    let start = 0;
    while (start < original.length && original[start] === withTests[start]) start++;
    let end = 0;
    while (
        end < original.length - start &&
        original[original.length - 1 - end] === withTests[withTests.length - 1 - end]
    )
        end++;
    if (start + end !== original.length) return undefined;
    const inserted = withTests.slice(start, withTests.length - end);
    const after = original.slice(start);
    const before = original.slice(0, start);
    if (variant.endsWith(after)) return variant.slice(0, variant.length - after.length) + inserted + after;
    if (variant.startsWith(before)) return before + inserted + variant.slice(before.length);
    return undefined;
}

async function run(
    context: JudgeContext,
    contents: Record<string, string>,
    testFiles: string[]
): Promise<TestRunResult> {
    const toolchain = languageSupportOf(context.task.language).toolchain;
    return runTests({
        sandbox: context.sandbox,
        workspaceRoot: context.workspaceRoot,
        toolchain: toolchainOf(context.task.language),
        contents,
        ...(toolchain.runsNamedFiles && testFiles.length > 0 ? { tests: testFiles } : {}),
        // A task whose reference was measured slow at import carries its own, longer limit.
        testTimeoutMs: Math.max(
            context.testTimeoutMs ?? toolchain.judgeTimeoutMs,
            context.checks.cases?.testTimeoutMs ?? 0
        ),
        ...(context.signal ? { signal: context.signal } : {})
    });
}

export function verdictOf(result: TestRunResult): HiddenVerdict {
    if (result.kind === "cancelled") return { kind: "fail", passed: 0, total: 0, reason: "cancelled" };
    if (result.kind === "buildFailed")
        return {
            kind: "fail",
            passed: 0,
            total: 0,
            reason: `does not ${result.stage === "build" ? "build" : "load"}: ${result.message.split("\n").slice(0, 4).join("\n")}`
        };
    const passed = result.tests.filter((t) => t.outcome === "passed").length;
    const failing = result.tests.filter((t) => t.outcome !== "passed");
    if (result.tests.length === 0) return { kind: "fail", passed: 0, total: 0, reason: "no hidden check ran" };
    if (failing.length > 0)
        return {
            kind: "fail",
            passed,
            total: result.tests.length,
            reason: failing
                .slice(0, 3)
                .map(
                    (t) => `${t.name}: ${t.outcome}${t.message ? ` (${t.message.split("\n")[0]!.slice(0, 160)})` : ""}`
                )
                .join("; ")
        };
    return { kind: "pass", passed, total: result.tests.length };
}
