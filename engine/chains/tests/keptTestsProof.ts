// A kept test is proven only by the runner's own result for it, in the run of the test file as it will be
// written (the kept tests merged together): it must be reported, by name, and have passed. A test that the merge
// shadowed (two tests of one name), that was skipped, or that fails beside the others is not kept.

import type { TestCaseResult, TestRunResult } from "../../toolchains/index.js";

/** A kept test the together run does not prove, and why. */
export interface UnprovenTest {
    name: string;
    reason: string;
}

/** The name's parts, whatever the framework writes between them (`Class.test`, `suite > name`, `mod::name`), parameters left out. */
function nameParts(name: string): string[] {
    return name
        .replace(/\[[^\]]*\]$/, "")
        .split(/::|\.| > /)
        .map((part) => part.trim())
        .filter((part) => part !== "");
}

/** Whether the runner's result is of the test named `name` (its id or name ends with the name's parts). */
export function reportsTest(result: Pick<TestCaseResult, "id" | "name">, name: string): boolean {
    const wanted = nameParts(name);
    const endsWith = (parts: string[]) =>
        parts.length >= wanted.length && wanted.every((part, i) => parts[parts.length - wanted.length + i] === part);
    return endsWith(nameParts(result.id)) || endsWith(nameParts(result.name));
}

/** The kept tests (by name) that the together run of `file` does not prove: not reported, or reported and not passed every time. */
export function unprovenKeptTests(
    names: readonly string[],
    together: TestRunResult | undefined,
    file: string
): UnprovenTest[] {
    if (!together || together.kind !== "ran") {
        const why = !together
            ? "the kept tests were not run together"
            : together.kind === "buildFailed"
              ? `the test file does not ${together.stage === "build" ? "build" : "load"}`
              : "the run was cancelled";
        return names.map((name) => ({ name, reason: why }));
    }
    const inFile = together.tests.filter((t) => t.file === undefined || t.file === file || t.id.startsWith(file));
    return names.flatMap((name): UnprovenTest[] => {
        const own = inFile.filter((t) => reportsTest(t, name));
        if (own.length === 0)
            return [{ name, reason: "the runner did not report it when the kept tests ran together" }];
        const bad = own.find((t) => t.outcome !== "passed");
        if (bad)
            return [
                {
                    name,
                    reason: `it ${bad.outcome === "timedOut" ? "timed out" : bad.outcome === "skipped" ? "was skipped" : "failed"} when the kept tests ran together${bad.message ? `: ${bad.message.split("\n")[0]!.slice(0, 200)}` : ""}`
                }
            ];
        return [];
    });
}
