// The import-time check of a task's hidden cases: the suite's own reference must pass every case, in time,
// before the task is written. A reference that fails is refused with the reason (else the judge would count a
// correct fix as wrong); a reference slower than the judge's per-test limit gets its limit raised to a
// multiple of its own slowest case.

import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { SourceLanguage } from "../../analysis/index.js";
import { toolchainOf } from "../../chains/ChainDependencies.js";
import type { Sandbox } from "../../sandbox/index.js";
import { runTests } from "../../toolchains/index.js";
import type { InputOutputCases } from "../BenchTypes.js";
import { renderCaseTests } from "../hiddenCaseTests.js";

export interface ReferenceCheckOptions {
    sandbox: Sandbox;
    /** The judge's per-test limit a reference should keep to. Default 10 s (judgeHidden's). */
    judgeTimeoutMs?: number;
    /** A slow reference's cases get this many times its slowest case. Default 3. */
    slowFactor?: number;
    /** Longest a reference's case may take at all before it is refused. Default 6 × the judge's limit. */
    longestMs?: number;
    signal?: AbortSignal;
}

export type ReferenceCheck =
    | {
          kind: "passes";
          slowestMs: number;
          /** Set when the judge's default limit is too short for the reference. */ testTimeoutMs?: number;
      }
    | { kind: "refused"; reason: string };

/** Runs `cases` on the reference files (by path, `target` among them) in the sandbox and says whether the task can be judged. */
export async function checkReference(
    files: Record<string, string>,
    target: string,
    language: SourceLanguage,
    cases: InputOutputCases,
    options: ReferenceCheckOptions
): Promise<ReferenceCheck> {
    const judgeLimit = options.judgeTimeoutMs ?? 10_000;
    const longest = options.longestMs ?? judgeLimit * 6;
    const root = await mkdtemp(join(tmpdir(), "ponder-reference-"));
    try {
        for (const [path, text] of Object.entries(files)) {
            await mkdir(dirname(join(root, path)), { recursive: true });
            await writeFile(join(root, path), text);
        }
        const rendered = renderCaseTests(cases, language, target);
        const result = await runTests({
            sandbox: options.sandbox,
            workspaceRoot: root,
            toolchain: toolchainOf(language),
            contents: { [rendered.path]: rendered.text },
            tests: [rendered.path],
            testTimeoutMs: longest,
            ...(options.signal ? { signal: options.signal } : {})
        });
        if (result.kind === "cancelled") return { kind: "refused", reason: "the reference check was cancelled" };
        if (result.kind === "buildFailed")
            return {
                kind: "refused",
                reason: `the reference does not load: ${result.message.split("\n").slice(0, 3).join(" ")}`
            };
        const slow = result.tests.find((t) => t.outcome === "timedOut");
        if (slow)
            return { kind: "refused", reason: `the reference takes more than ${longest / 1000} s on ${slow.name}` };
        const failing = result.tests.find((t) => t.outcome !== "passed");
        if (failing)
            return {
                kind: "refused",
                reason: `the reference fails its own ${failing.name}: ${(failing.message ?? failing.outcome).split("\n")[0]!.slice(0, 200)}`
            };
        if (result.tests.length < cases.cases.length)
            return {
                kind: "refused",
                reason: `only ${result.tests.length} of ${cases.cases.length} hidden cases ran on the reference`
            };
        const slowestMs = Math.max(0, ...result.tests.map((t) => t.durationMs ?? 0));
        const factor = options.slowFactor ?? 3;
        // The judge runs beside other work: a reference that needs over a third of the limit gets its multiple.
        return slowestMs * factor > judgeLimit
            ? { kind: "passes", slowestMs, testTimeoutMs: Math.ceil(slowestMs * factor) }
            : { kind: "passes", slowestMs };
    } finally {
        await rm(root, { recursive: true, force: true });
    }
}
