// Decides whether a test that fails on the original code reproduces the bug. It counts only when it fails
// because of the code under test: an assertion, an exception raised inside the target, a timeout. A test
// broken by itself (syntax, import or name errors in the test) does not count.

import type { SourceLanguage } from "../../analysis/index.js";
import { languageSupportOf } from "../../languages/index.js";
import type { TestCaseResult } from "../../toolchains/index.js";

export interface ReproductionClass {
    reproduces: boolean;
    reason: string;
}

const brokenTestErrors =
    /\b(SyntaxError|IndentationError|ImportError|ModuleNotFoundError|NameError|ReferenceError|fixture '[^']*' not found|Cannot find module|is not a function|is not defined)\b/;

export function classifyReproduction(
    test: TestCaseResult,
    language: SourceLanguage,
    targetFile: string,
    originalLineCount: number
): ReproductionClass {
    if (test.outcome === "passed") return { reproduces: false, reason: "passes on the current code" };
    if (test.outcome === "skipped") return { reproduces: false, reason: "skipped" };
    if (test.outcome === "timedOut")
        return { reproduces: true, reason: "times out on the current code (the target hangs)" };
    const message = test.message ?? "";
    const support = languageSupportOf(language);
    const ownReading = support.classifyFailure?.(test, targetFile, originalLineCount);
    if (ownReading) return ownReading;
    const innermost = support.tests.failureSite(message);
    const targetBase = targetFile.split("/").pop()!;
    if (innermost && innermost.file.endsWith(targetBase) && !innermost.file.includes("ponder"))
        return { reproduces: true, reason: `raises inside the code under test (${firstLine(message)})` };
    if (brokenTestErrors.test(message))
        return { reproduces: false, reason: `the test itself is broken (${firstMatch(message)})` };
    if (/AssertionError|ERR_ASSERTION|\bassert\b/.test(message))
        return { reproduces: true, reason: "a failed assertion" };
    return { reproduces: false, reason: `fails outside the code under test (${firstLine(message)})` };
}

function firstLine(message: string): string {
    const line = message.split("\n").find((l) => l.trim() !== "") ?? "no message";
    return line.trim().slice(0, 160);
}

function firstMatch(message: string): string {
    return brokenTestErrors.exec(message)?.[0] ?? firstLine(message);
}
