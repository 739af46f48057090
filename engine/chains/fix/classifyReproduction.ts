// Decides whether a test that fails on the original code reproduces the bug. It counts only when it fails
// because of the code under test: an assertion, an exception raised inside the target, a timeout. A test
// broken by itself (syntax, import or name errors in the test) does not count.

import type { SourceLanguage } from "../../analysis/index.js";
import type { TestCaseResult } from "../../toolchains/index.js";

export interface ReproductionClass {
    reproduces: boolean;
    reason: string;
}

const brokenTestErrors = /\b(SyntaxError|IndentationError|ImportError|ModuleNotFoundError|NameError|ReferenceError|fixture '[^']*' not found|Cannot find module|is not a function|is not defined)\b/;

export function classifyReproduction(test: TestCaseResult, language: SourceLanguage, targetFile: string, originalLineCount: number): ReproductionClass {
    if (test.outcome === "passed") return { reproduces: false, reason: "passes on the current code" };
    if (test.outcome === "skipped") return { reproduces: false, reason: "skipped" };
    if (test.outcome === "timedOut") return { reproduces: true, reason: "times out on the current code (the target hangs)" };
    const message = test.message ?? "";
    const innermost = innermostFrame(message, language);
    const targetBase = targetFile.split("/").pop()!;
    if (language === "rust") {
        const panic = /panicked at ([^:\s]+):(\d+)/.exec(message);
        if (panic && panic[1]!.endsWith(targetBase) && Number(panic[2]) <= originalLineCount)
            return { reproduces: true, reason: `panics inside the code under test (line ${panic[2]})` };
        return { reproduces: true, reason: "a failed assertion" };
    }
    if (innermost && innermost.file.endsWith(targetBase) && !innermost.file.includes("ponder"))
        return { reproduces: true, reason: `raises inside the code under test (${firstLine(message)})` };
    if (brokenTestErrors.test(message)) return { reproduces: false, reason: `the test itself is broken (${firstMatch(message)})` };
    if (/AssertionError|ERR_ASSERTION|\bassert\b/.test(message)) return { reproduces: true, reason: "a failed assertion" };
    return { reproduces: false, reason: `fails outside the code under test (${firstLine(message)})` };
}

/** The innermost stack frame a failure message names: the last frame in Python tracebacks, the first in JS stacks. */
function innermostFrame(message: string, language: SourceLanguage): { file: string; line: number } | undefined {
    if (language === "python") {
        const frames = [...message.matchAll(/(?:File "([^"]+\.py)", line (\d+))|(?:^|\s)([\w./\\-]+\.py):(\d+)/gm)];
        const last = frames.at(-1);
        return last ? { file: (last[1] ?? last[3])!, line: Number(last[2] ?? last[4]) } : undefined;
    }
    const first = /\(?((?:file:\/\/)?[^\s():]+\.[cm]?[jt]sx?):(\d+):\d+\)?/.exec(message);
    return first ? { file: first[1]!, line: Number(first[2]) } : undefined;
}

function firstLine(message: string): string {
    const line = message.split("\n").find((l) => l.trim() !== "") ?? "no message";
    return line.trim().slice(0, 160);
}

function firstMatch(message: string): string {
    return brokenTestErrors.exec(message)?.[0] ?? firstLine(message);
}
