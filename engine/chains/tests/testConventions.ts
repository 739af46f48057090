// The project's test conventions, as the target's language states them (engine/languages): which framework its
// tests use, which file the kept tests go into, and the edits that put them there (added to an existing test
// file of the target, a new file where the project's tests live, or a test module of the target itself).

import type { SourceLanguage, TestFramework, TextEdit } from "../../analysis/index.js";
import { languageSupportOf, type MergedTestCode, type ProjectTestFiles } from "../../languages/index.js";
import type { TestFileEdit } from "./TestsTypes.js";

export type { ProjectTestFiles };

/** The framework new tests should use, from the project's existing tests and manifest. */
export function detectTestFramework(language: SourceLanguage, project: ProjectTestFiles): Promise<TestFramework> {
    return languageSupportOf(language).tests.detectFramework(project);
}

/** What the prompt asks for, per framework. */
export function frameworkInstruction(language: SourceLanguage, framework: TestFramework): string {
    return languageSupportOf(language).tests.frameworkInstruction(framework);
}

/** The file the kept tests go into: an existing test file of the target, else a new one (for in-file tests, the target). */
export function testFileFor(language: SourceLanguage, targetFile: string, project: ProjectTestFiles): string {
    return languageSupportOf(language).tests.testFileFor(targetFile, project);
}

/** Kept test code, merged from blocks: one copy of each import at the top, then the tests. */
export function mergeTestCode(language: SourceLanguage, parts: string[]): MergedTestCode {
    const conventions = languageSupportOf(language).tests;
    const imports: string[] = [];
    const bodies: string[] = [];
    for (const part of parts) {
        const rest: string[] = [];
        for (const line of part.split("\n")) {
            if (conventions.importLine.test(line)) {
                if (!imports.includes(line.trim())) imports.push(line.trim());
            } else rest.push(line);
        }
        // Where one blank line parts tests, runs of blank lines close up (onlyTests leaves two where it took a test out).
        const body = rest.join("\n").trim();
        bodies.push(conventions.testGap === "\n\n" ? body.replace(/\n[ \t]*\n([ \t]*\n)+/g, "\n\n") : body);
    }
    return {
        imports: conventions.mergeImports ? conventions.mergeImports(imports) : imports,
        body: bodies.filter((b) => b !== "").join(conventions.testGap)
    };
}

/** The whole text of a file holding only the merged tests (new files, and the sandbox copy for mutation runs). */
export function mergedText(language: SourceLanguage, merged: MergedTestCode): string {
    const gap = languageSupportOf(language).tests.testGap;
    return (merged.imports.length > 0 ? merged.imports.join("\n") + gap : "") + merged.body + "\n";
}

/** The edit that adds the merged tests to `file` (whose current text is `existing`, or undefined when new). */
export function testFileEdit(
    language: SourceLanguage,
    file: string,
    existing: string | undefined,
    merged: MergedTestCode
): TestFileEdit {
    const conventions = languageSupportOf(language).tests;
    if (conventions.appendToTarget) {
        const text = existing ?? "";
        const edit = conventions.appendToTarget(text, merged);
        return { file, created: existing === undefined, edits: [edit], newText: text + edit.newText };
    }
    if (existing === undefined) {
        const newText = mergedText(language, merged);
        return { file, created: true, edits: [{ start: 0, end: 0, newText }], newText };
    }
    const presentLines = new Set(existing.split("\n").map((line) => line.trim()));
    let missing = merged.imports.filter((line) => !presentLines.has(line));
    const edits: TextEdit[] = [];
    if (conventions.extendImports) {
        const extended = conventions.extendImports(existing, missing);
        edits.push(...extended.edits);
        missing = extended.missing;
    }
    if (missing.length > 0) {
        let at = 0;
        let offset = 0;
        for (const line of existing.split("\n")) {
            offset += line.length + 1;
            if (conventions.importStart.test(line)) at = Math.min(offset, existing.length);
        }
        at = Math.min(at, existing.replace(/\s*$/, "").length);
        const needsNewline = at > 0 && existing[at - 1] !== "\n";
        edits.push({ start: at, end: at, newText: `${needsNewline ? "\n" : ""}${missing.join("\n")}\n` });
    }
    const trimmedEnd = existing.replace(/\s*$/, "").length;
    edits.push({ start: trimmedEnd, end: existing.length, newText: `${conventions.testGap}${merged.body}\n` });
    let newText = existing;
    for (const edit of [...edits].sort((a, b) => b.start - a.start))
        newText = newText.slice(0, edit.start) + edit.newText + newText.slice(edit.end);
    return { file, created: false, edits, newText };
}

/** Renames a test in its code, for a name taken by an earlier kept test (where the language can: Python, Rust). */
export function renameTest(language: SourceLanguage, code: string, from: string, to: string): string {
    if (from === to) return code;
    const bare = (name: string) => name.split(/::|\./).pop()!;
    return languageSupportOf(language).tests.renameTest(code, bare(from), bare(to));
}
