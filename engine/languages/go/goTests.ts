// How Go tests are written, found, placed and merged: `func TestXxx(t *testing.T)` in a `_test.go` file in the
// target's folder and package (so unexported names are reachable without an import), run by `go test`.

import type { TestFramework, TextEdit } from "../../analysis/index.js";
import { frameRelativePath } from "../failureFramePaths.js";
import type { FailureSite, TestConventions } from "../LanguageSupport.js";
import { directoryOf, stemOf } from "../paths.js";

/** The function whose header starts with `head` (`func TestX`), by braces. */
function braceFunction(code: string, head: string): string | undefined {
    const start = code.search(new RegExp(`^${head.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\(`, "m"));
    if (start < 0) return undefined;
    const open = code.indexOf("{", code.indexOf(")", start));
    if (open < 0) return undefined;
    let depth = 0;
    for (let i = open; i < code.length; i++) {
        if (code[i] === "{") depth++;
        else if (code[i] === "}" && --depth === 0) return code.slice(start, i + 1);
    }
    return undefined;
}

/**
 * The package a test file in `folder` belongs to when the test code does not say: the folder's name, `main` at the
 * root. FIXME: a root package named otherwise needs the target's own `package` clause, which `place` is not given.
 */
function packageGuess(targetFile: string): string {
    const folder = directoryOf(targetFile).replace(/\/$/, "");
    return folder ? folder.split("/").pop()!.replace(/\W/g, "_") : "main";
}

/** Test code as a whole `_test.go` file: its own package clause (or the guess) and `import "testing"` when it uses testing. */
export function asGoTestFile(targetFile: string, testCode: string): string {
    let code = testCode.trim();
    const hasPackage = /^\s*package\s+\w+/m.test(code);
    if (!/^\s*import\b/m.test(code) && /\btesting\.[A-Z]/.test(code)) {
        code = hasPackage
            ? code.replace(/^(\s*package\s+\w+[^\n]*\n)/m, '$1\nimport "testing"\n')
            : `import "testing"\n\n${code}`;
    }
    return `${hasPackage ? "" : `package ${packageGuess(targetFile)}\n\n`}${code}\n`;
}

/** An import spec's path (`"fmt"` in `import f "fmt"`). */
function importPath(line: string): string | undefined {
    return /"([^"]+)"/.exec(line)?.[1];
}

/**
 * Merged test code's header lines: the package clause once, first, then one `import "x"` line per path (Go allows
 * several import declarations; one line each keeps them comparable line by line).
 */
function mergeImports(lines: string[]): string[] {
    const packageClause = lines.find((line) => /^package\s/.test(line));
    const imports = new Map<string, string>();
    for (const line of lines) {
        const path = importPath(line);
        if (path !== undefined && !imports.has(path)) imports.set(path, line.trim());
    }
    const sorted = [...imports.values()].sort((a, b) => importPath(a)!.localeCompare(importPath(b)!));
    return packageClause ? [packageClause, "", ...sorted] : sorted;
}

/** Imports an existing test file lacks, added after its package clause; a path it imports already (grouped or not) is not added twice. */
function extendImports(existing: string, missing: string[]): { edits: TextEdit[]; missing: string[] } {
    const wanted = missing.filter(
        (line) =>
            importPath(line) !== undefined &&
            !new RegExp(`"${importPath(line)!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`).test(existing)
    );
    const clause = /^package\s+\w+[^\n]*\n?/m.exec(existing);
    if (wanted.length === 0 || !clause) return { edits: [], missing: [] };
    const at = clause.index + clause[0].length;
    return {
        edits: [{ start: at, end: at, newText: `${clause[0].endsWith("\n") ? "" : "\n"}\n${wanted.join("\n")}\n` }],
        missing: []
    };
}

/**
 * Every file of a folder is one package, so two placed test files that declare the same function do not build
 * together (the fix chain runs every candidate's tests at once). The placed copy's top-level functions carry the tag
 * (`TestMax_ponder_r0_c1`); the Go driver reports them without it (`placedTag`).
 */
function tagFunctions(code: string, tag: string): string {
    const names = [...code.matchAll(/^func\s+(\w+)\s*\(/gm)].map((match) => match[1]!);
    let tagged = code;
    for (const name of new Set(names))
        tagged = tagged.replace(new RegExp(`\\b${name}\\b`, "g"), `${name}_ponder_${tag}`);
    return tagged;
}

/** The tag of a placed test file (`stats_ponder_r0_c1_test.go` → `r0_c1`), whose function names carry it. */
export function placedTag(file: string): string | undefined {
    return /_ponder_(\w+?)_test\.go$/.exec(file)?.[1];
}

/** The Go installation's own sources (runtime, testing) and the module cache: never the project's code. */
const goOutsideFrame = /^\/usr\/|\/go-1\.[\d.]+\/|(^|\/)(src\/(runtime|testing)|pkg\/mod)\//;

/**
 * Every frame a Go failure names, outermost first: the test's own `x_test.go:N:` lines (t.Errorf, t.Fatalf: the
 * file's base name, in the test's package folder), then a panic's goroutine trace (`\t/path/x.go:N +0x1d`, printed
 * innermost first, so reversed).
 */
function goFailureFrames(message: string): FailureSite[] {
    const checks = [...message.matchAll(/^\s*([\w.-]+\.go):(\d+): /gm)].map((frame) => ({
        file: frame[1]!,
        line: Number(frame[2])
    }));
    const trace = [...message.matchAll(/^\t([^\s:]+\.go):(\d+)(?: \+0x[0-9a-f]+)?\s*$/gm)]
        .map((frame) => ({ file: frameRelativePath(frame[1]!), line: Number(frame[2]) }))
        .reverse();
    return [...checks, ...trace].filter((frame) => !goOutsideFrame.test(frame.file));
}

export const goTests: TestConventions = {
    isTestFile: (path, targetFile) => path.endsWith("_test.go") && directoryOf(path) === directoryOf(targetFile),
    inTargetFile: false,
    detectFramework: () => Promise.resolve<TestFramework>("go"),
    frameworkInstruction: () =>
        'Go tests: a `_test.go` file of the same package (`package <name>`, `import "testing"`) with `func TestXxx(t *testing.T)` functions that check results with `t.Errorf`/`t.Fatalf`',
    fixTestStyle: 'Go test functions `func TestXxx(t *testing.T)` in the same package, with `import "testing"`',
    importHint: (file, names) => ({
        hint: `The tests are in the same package as ${file}, so they call ${names.join(", ")} directly, with no import.`,
        // Empty: the tests share the target's package, so nothing is imported (ensureTestImportsTarget).
        modulePath: ""
    }),
    testFileFor(targetFile, project) {
        const name = `${directoryOf(targetFile)}${stemOf(targetFile)}_test.go`;
        return project.files.find((file) => file.path === name)?.path ?? name;
    },
    place: (targetFile, tag, testCode) => ({
        file: `${directoryOf(targetFile)}${stemOf(targetFile)}_ponder_${tag}_test.go`,
        code: asGoTestFile(targetFile, tagFunctions(testCode, tag))
    }),
    // FIXME: only one-line imports are header lines; a grouped `import ( … )` in a reply stays in the test's body.
    importLine: /^\s*(package\s+\w+|import\s+((\w+|\.|_)\s+)?"[^"]+")\s*$/,
    importStart: /^(package\s|import\s)/,
    extendImports,
    testGap: "\n\n",
    mergeImports,
    renameTest: (code, from, to) => code.replace(new RegExp(`\\bfunc ${from}\\(`), `func ${to}(`),
    testFunctionSource: (code, name) => braceFunction(code, `func ${name}`),
    assertion: /\bt\.(Error|Errorf|Fatal|Fatalf|Fail|FailNow)\b|\/\/ Output:/,
    testNamePattern: /^func\s+((?:Test|Example)\w*)\s*\(/gm,
    comment: /\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    failureSite(message) {
        // A t.Errorf line (`calc_test.go:12: …`) or a panic's innermost frame in the project (`\t/sandbox/work/calc.go:6 +0x1d`).
        const frames = [...message.matchAll(/(?:^|\s)([\w./-]+\.go):(\d+)/gm)].filter(
            (frame) =>
                !frame[1]!.startsWith("/usr/") &&
                !frame[1]!.includes("/go-1.") &&
                !/\/src\/(runtime|testing)\//.test(frame[1]!)
        );
        const first = frames[0];
        return first ? { file: first[1]!.replace(/^\/sandbox\/work\//, ""), line: Number(first[2]) } : undefined;
    },
    failureFrames: goFailureFrames
};
