// The verdict on one generated test after its N runs on the current code: passing, failing because of the code
// under test (a possible bug), flaky, or broken (does not build or load, finds no test, is skipped, breaks by
// itself), with the reason a user reads.

import type { SourceLanguage } from "../../analysis/index.js";
import type { RepeatedTestRun, TestCaseResult, TestStability } from "../../toolchains/index.js";
import { classifyReproduction } from "../fix/classifyReproduction.js";
import { belongsTo, type PlacedTests } from "../fix/testPlacement.js";

export type TestVerdictKind = "passing" | "failing" | "flaky" | "broken";

export interface TestVerdict {
    kind: TestVerdictKind;
    reason: string;
}

/** The verdict on one placed test over its N runs; `lineCount` is the target file's, to tell its frames from the test's. */
export function verdictOf(
    repeated: RepeatedTestRun,
    placed: PlacedTests,
    language: SourceLanguage,
    file: string,
    lineCount: number
): TestVerdict {
    const first = repeated.runs[0]!;
    if (first.kind === "buildFailed")
        return {
            kind: "broken",
            reason: `it does not ${first.stage === "build" ? "build" : "load"}: ${buildFailure(first.message)}`
        };
    if (first.kind === "cancelled") return { kind: "broken", reason: "cancelled" };
    const own: TestStability[] = repeated.tests.filter((t) => belongsTo(placed, t));
    if (own.length === 0) return { kind: "broken", reason: "the runner found no test in it" };
    const flaky = own.find((t) => t.verdict === "flaky");
    if (flaky) {
        const passes = flaky.outcomes.filter((o) => o === "passed").length;
        return {
            kind: "flaky",
            reason: `it is flaky: it passed ${passes} of ${flaky.outcomes.length} runs on the same code`
        };
    }
    const failing = own.find((t) => t.verdict === "failing");
    if (failing) {
        const outcome = failing.outcomes.find((o) => o !== undefined && o !== "passed") ?? "failed";
        const result: TestCaseResult = {
            id: failing.id,
            name: failing.name,
            outcome,
            ...(failing.message ? { message: failing.message } : {})
        };
        const verdict = classifyReproduction(result, language, file, lineCount);
        if (verdict.reproduces)
            return { kind: "failing", reason: `${verdict.reason}: ${(failing.message ?? "").trim().slice(0, 1500)}` };
        return { kind: "broken", reason: `it fails on the current code, but ${verdict.reason}` };
    }
    if (own.every((t) => t.verdict === "skipped")) return { kind: "broken", reason: "it is skipped" };
    return { kind: "passing", reason: "passes every run" };
}

/**
 * The gist of a build or load failure: the compiler's first error (rustc's `error[E0308]: mismatched types`,
 * the summary lines after it say only that the build failed), else the message's last lines.
 */
export function buildFailure(message: string): string {
    const lines = message.split("\n").filter((line) => line.trim() !== "");
    const error = lines.find(
        (line) =>
            /^error(\[\w+\])?: /.test(line.trim()) && !/^error: (could not compile|aborting due to)/.test(line.trim())
    );
    if (error) {
        const from = lines.indexOf(error);
        // rustc's error, then its snippet up to the next diagnostic: the offending line and what was expected.
        const end = lines.findIndex((line, i) => i > from && /^(error|warning|For more information)/.test(line.trim()));
        return lines.slice(from, end < 0 ? from + 8 : Math.min(end, from + 8)).join("\n");
    }
    return lines.slice(-4).join("\n");
}
