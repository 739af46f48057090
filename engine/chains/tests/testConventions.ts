// The project's test conventions: which framework its tests use (pytest or unittest; node:test, vitest, jest or
// mocha per package.json; Rust's in-file test module), which file the kept tests go into, and the edits that
// put them there (added to an existing test file of the target, or a new file where the project's tests live).

import { listTestUnits, type SourceLanguage, type TestFramework, type TextEdit } from "../../analysis/index.js";
import type { TestFileEdit } from "./TestsTypes.js";

export interface ProjectTestFiles {
    /** Test files of the target's language, with their texts. */
    files: { path: string; text: string }[];
    /** The project's package.json text, when it has one. */
    packageJson?: string;
}

/** The framework new tests should use, from the project's existing tests and manifest. */
export async function detectTestFramework(language: SourceLanguage, project: ProjectTestFiles): Promise<TestFramework> {
    if (language === "rust") return "rust";
    if (language === "python") {
        let unittest = 0;
        let pytest = 0;
        for (const file of project.files) {
            for (const unit of (await listTestUnits(file.text, language)).filter((u) => u.kind === "test")) {
                if (unit.framework === "unittest") unittest++;
                else pytest++;
            }
        }
        return unittest > pytest ? "unittest" : "pytest";
    }
    let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } = {};
    try {
        manifest = JSON.parse(project.packageJson ?? "{}");
    } catch {
        manifest = {};
    }
    const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
    for (const framework of ["vitest", "jest", "mocha"] as const) if (framework in dependencies) return framework;
    return "node:test";
}

/** What the prompt asks for, per framework. */
export function frameworkInstruction(framework: TestFramework): string {
    switch (framework) {
        case "unittest": return "unittest tests: `import unittest` and a `unittest.TestCase` class with `test_*` methods";
        case "pytest": return "pytest test functions named test_* using plain `assert` (pytest fixtures and `pytest.raises` where useful)";
        case "vitest": return "vitest tests (`import { test, expect } from \"vitest\"`)";
        case "jest": return "jest tests (`test(...)` with `expect(...)`)";
        case "mocha": return "mocha tests (`describe`/`it` with `node:assert/strict`)";
        case "rust": return "#[test] functions (they are placed in the file's `#[cfg(test)] mod tests`, with `use super::*;`)";
        default: return "node:test tests (`import { test } from \"node:test\"` and `import assert from \"node:assert/strict\"`)";
    }
}

/**
 * The file the kept tests go into: an existing test file of the target (Python `test_<base>.py`, JS
 * `<base>.test.<ext>` beside it), else a new one where the project's Python tests live or beside the target;
 * for Rust the target file itself.
 */
export function testFileFor(language: SourceLanguage, targetFile: string, project: ProjectTestFiles): string {
    if (language === "rust") return targetFile;
    const dir = targetFile.includes("/") ? targetFile.slice(0, targetFile.lastIndexOf("/") + 1) : "";
    const base = targetFile.slice(dir.length).replace(/\.[^.]+$/, "");
    if (language === "python") {
        const name = `test_${base}.py`;
        const existing = project.files.find((f) => f.path.split("/").pop() === name);
        if (existing) return existing.path;
        const testDir = project.files[0] ? project.files[0].path.slice(0, project.files[0].path.lastIndexOf("/") + 1) : dir;
        return `${testDir}${name}`;
    }
    const extension = targetFile.slice(targetFile.lastIndexOf(".") + 1);
    return `${dir}${base}.test.${extension}`;
}

/** Kept test code, merged from blocks: one copy of each import at the top, then the tests. */
export function mergeTestCode(language: SourceLanguage, parts: string[]): { imports: string[]; body: string } {
    const importLine = language === "python" ? /^(import |from \S+ import [^(]*$)/ : language === "rust" ? /^use / : /^import [^\n]*;?$/;
    const imports: string[] = [];
    const bodies: string[] = [];
    for (const part of parts) {
        const lines = part.split("\n");
        const rest: string[] = [];
        for (const line of lines) {
            if (importLine.test(line)) {
                if (!imports.includes(line.trim())) imports.push(line.trim());
            } else rest.push(line);
        }
        // Outside Python one blank line parts tests (onlyTests leaves two where it took a test out).
        const body = rest.join("\n").trim();
        bodies.push(language === "python" ? body : body.replace(/\n[ \t]*\n([ \t]*\n)+/g, "\n\n"));
    }
    return {
        imports: isScript(language) ? mergeNamedImports(imports) : imports,
        body: bodies.filter((b) => b !== "").join(language === "python" ? "\n\n\n" : "\n\n")
    };
}

function isScript(language: SourceLanguage): boolean {
    return language === "typescript" || language === "tsx" || language === "javascript";
}

/** `import { a, b as c } from "m";` read as its module and its names; undefined for any other import. */
function namedImport(line: string): { module: string; names: string[]; semicolon: boolean } | undefined {
    const match = /^import\s*\{([^}]*)\}\s*from\s*(["'][^"']+["'])\s*(;?)\s*$/.exec(line.trim());
    if (!match) return undefined;
    return { module: match[2]!, names: match[1]!.split(",").map((n) => n.trim().replace(/\s+/g, " ")).filter((n) => n !== ""), semicolon: match[3] === ";" };
}

function namedImportLine(module: string, names: string[], semicolon = true): string {
    return `import { ${names.join(", ")} } from ${module}${semicolon ? ";" : ""}`;
}

/**
 * Named imports of one module merged into one line (a name imported twice is a redeclaration: a syntax error
 * in an ES module, a duplicate identifier for tsc); other imports kept as they are.
 */
function mergeNamedImports(imports: string[]): string[] {
    const merged: string[] = [];
    const lineOf = new Map<string, number>();
    const namesOf = new Map<string, string[]>();
    for (const line of imports) {
        const named = namedImport(line);
        if (!named) {
            merged.push(line);
            continue;
        }
        const key = named.module.slice(1, -1);
        const names = namesOf.get(key);
        if (names === undefined) {
            lineOf.set(key, merged.length);
            namesOf.set(key, [...new Set(named.names)]);
            merged.push(line);
        } else {
            for (const name of named.names) if (!names.includes(name)) names.push(name);
        }
    }
    for (const [key, index] of lineOf) {
        const named = namedImport(merged[index]!)!;
        merged[index] = namedImportLine(named.module, namesOf.get(key)!, named.semicolon);
    }
    return merged;
}

/** The whole text of a file holding only the merged tests (new files, and the sandbox copy for mutation runs). */
export function mergedText(language: SourceLanguage, merged: { imports: string[]; body: string }): string {
    const gap = language === "python" ? "\n\n\n" : "\n\n";
    return (merged.imports.length > 0 ? merged.imports.join("\n") + gap : "") + merged.body + "\n";
}

/** The edit that adds the merged tests to `file` (whose current text is `existing`, or undefined when new). */
export function testFileEdit(language: SourceLanguage, file: string, existing: string | undefined, merged: { imports: string[]; body: string }): TestFileEdit {
    if (language === "rust") {
        const text = existing ?? "";
        const name = /\bmod\s+tests\b/.test(text) ? "ponder_tests" : "tests";
        const uses = ["use super::*;", ...merged.imports.filter((line) => line !== "use super::*;")];
        const body = [...uses, "", merged.body].join("\n").split("\n").map((line) => (line === "" ? "" : `    ${line}`)).join("\n");
        const newText = `${text.endsWith("\n") || text === "" ? "" : "\n"}\n#[cfg(test)]\nmod ${name} {\n${body}\n}\n`;
        const edit: TextEdit = { start: text.length, end: text.length, newText };
        return { file, created: existing === undefined, edits: [edit], newText: text + newText };
    }
    if (existing === undefined) {
        const newText = mergedText(language, merged);
        return { file, created: true, edits: [{ start: 0, end: 0, newText }], newText };
    }
    const presentLines = new Set(existing.split("\n").map((line) => line.trim()));
    let missing = merged.imports.filter((line) => !presentLines.has(line));
    const edits: TextEdit[] = [];
    if (isScript(language)) {
        // A module the file already imports from: its import line gains the names it lacks, not a second import.
        let lineStart = 0;
        for (const line of existing.split("\n")) {
            const present = namedImport(line);
            if (present) {
                const module = present.module.slice(1, -1);
                const wanted = missing.map((m) => namedImport(m)).filter((m) => m !== undefined && m.module.slice(1, -1) === module);
                if (wanted.length > 0) {
                    const names = [...present.names];
                    for (const name of wanted.flatMap((m) => m!.names)) if (!names.includes(name)) names.push(name);
                    if (names.length > present.names.length) {
                        const indent = /^\s*/.exec(line)![0];
                        edits.push({ start: lineStart, end: lineStart + line.replace(/\r$/, "").length, newText: indent + namedImportLine(present.module, names, present.semicolon) });
                    }
                    missing = missing.filter((m) => namedImport(m)?.module.slice(1, -1) !== module);
                }
            }
            lineStart += line.length + 1;
        }
    }
    if (missing.length > 0) {
        const importLine = language === "python" ? /^(import |from \S+ import )/ : /^import /;
        let at = 0;
        let offset = 0;
        for (const line of existing.split("\n")) {
            offset += line.length + 1;
            if (importLine.test(line)) at = Math.min(offset, existing.length);
        }
        at = Math.min(at, existing.replace(/\s*$/, "").length);
        const needsNewline = at > 0 && existing[at - 1] !== "\n";
        edits.push({ start: at, end: at, newText: `${needsNewline ? "\n" : ""}${missing.join("\n")}\n` });
    }
    const gap = language === "python" ? "\n\n\n" : "\n\n";
    const trimmedEnd = existing.replace(/\s*$/, "").length;
    edits.push({ start: trimmedEnd, end: existing.length, newText: `${gap}${merged.body}\n` });
    let newText = existing;
    for (const edit of [...edits].sort((a, b) => b.start - a.start)) newText = newText.slice(0, edit.start) + edit.newText + newText.slice(edit.end);
    return { file, created: false, edits, newText };
}

/** Renames a test in its code, for a name taken by an earlier kept test (Python and Rust functions). */
export function renameTest(language: SourceLanguage, code: string, from: string, to: string): string {
    if (from === to) return code;
    const bare = (name: string) => name.split(/::|\./).pop()!;
    if (language === "python") return code.replace(new RegExp(`\\bdef ${bare(from)}\\(`), `def ${bare(to)}(`);
    if (language === "rust") return code.replace(new RegExp(`\\bfn ${bare(from)}\\(`), `fn ${bare(to)}(`);
    return code;
}
