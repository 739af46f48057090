// Where a candidate's tests live during verification, as the target's language places them: a test file beside
// the target, or a test module appended to the target file itself (in-file tests, Rust's). Nothing is written to the
// workspace: the texts are laid over the sandbox's scratch copy.

import type { SourceLanguage } from "../../analysis/index.js";
import { languageSupportOf } from "../../languages/index.js";

export interface PlacedTests {
    round: number;
    candidate: number;
    /** Path of the test file (for Rust: the target file, which carries the module). */
    file: string;
    /** Test code as placed: for Rust, the module to append. */
    code: string;
    /** For Rust: the module name, the prefix of its test ids. */
    module?: string;
}

/** `tag` names the placed file or module; by default it is the round and candidate (`r0_c2`). */
export function placeTests(
    language: SourceLanguage,
    targetFile: string,
    round: number,
    candidate: number,
    testCode: string,
    tag = `r${round}_c${candidate}`
): PlacedTests {
    return { round, candidate, ...languageSupportOf(language).tests.place(targetFile, tag, testCode) };
}

/**
 * The texts to lay over the scratch copy so that `tests` run against `targetText`: test files beside the
 * target, or for in-file tests (Rust) the target text with every test module appended.
 */
export function overlayTexts(
    language: SourceLanguage,
    targetFile: string,
    targetText: string,
    tests: PlacedTests[]
): Record<string, string> {
    if (languageSupportOf(language).tests.inTargetFile)
        return { [targetFile]: targetText + tests.map((t) => t.code).join("") };
    return { [targetFile]: targetText, ...Object.fromEntries(tests.map((t) => [t.file, t.code])) };
}

/** Whether a test result belongs to these placed tests (by file, or by in-file module path). */
export function belongsTo(placed: PlacedTests, test: { id: string; file?: string }): boolean {
    if (placed.module) return test.id.includes(`${placed.module}::`);
    return test.file === placed.file || test.id.startsWith(placed.file);
}
