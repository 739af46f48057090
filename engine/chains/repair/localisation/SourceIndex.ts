// The workspace's source files as localisation reads them: each file's functions (with line ranges and the names
// their bodies use), its tests, and whether it is test code; the function around a line; a frame's path matched to
// a workspace file. Built once per localisation, so every source of evidence speaks of the same functions.

import { CodeParser, type ParsedSource } from "../../../analysis/index.js";
import { definitionSitesIn, isFunctionKind } from "../../../analysis/definitions.js";
import { testUnitsIn } from "../../../analysis/existingTests.js";
import { importsIn } from "../../../analysis/imports.js";
import { lineStarts } from "../../../analysis/textPositions.js";
import { usedNamesIn } from "../../../analysis/usedDefinitions.js";
import { languageOfPath, languageSupportOf, type SourceLanguage } from "../../../languages/index.js";
import type { Workspace } from "../../../workspace/Workspace.js";

/** A function, method, test or (for top-level code) a whole file, as localisation ranks it. */
export interface IndexedFunction {
    file: string;
    /** The definition's own name (`total`), or the test's name. */
    name: string;
    /** `Cart.total`, `tests::pops`, or `<module>` for a file's top-level code. */
    qualifiedName: string;
    /** 1-based, inclusive, decorators and doc comments included. */
    startLine: number;
    endLine: number;
    /**
     * Its first line of code run only when it is called: the line after its header (a header line runs when its
     * module loads, so coverage marks it for every test), or the header itself for a one-line function.
     */
    bodyStartLine: number;
    /** Names its code uses (plain, through self, through anything else), in order of first use. */
    usedNames: string[];
    /** A test, or code inside a test file or test module: never a suspect. */
    isTestCode: boolean;
}

export interface IndexedFile {
    path: string;
    language: SourceLanguage;
    text: string;
    /** A test file by the language's convention (`test_*.py`, `*.test.ts`, `tests/*.rs`, `*_test.go`), or test support code. */
    isTestFile: boolean;
    lineCount: number;
    /** Functions and methods (not tests), innermost last among nested ones, in text order. */
    functions: IndexedFunction[];
    /** Tests (not suites): where a failing test's code is read from. */
    tests: IndexedFunction[];
    /** The module names its imports name (`shop.pricing`, `./pricing.js`, `crate::pricing`). */
    importSources: string[];
}

/** Files bigger than this are not read: generated or vendored code, not where a bug is fixed. */
const largestSourceFile = 512 * 1024;
/** At most this many source files are parsed; a larger project is localised on the first ones and says so. */
export const mostSourceFiles = 3000;

/**
 * True when the language's convention calls `path` a test file. The convention is asked about a sibling target,
 * so rules that depend on the target (Go's same-folder rule, Rust's own-file unit tests) read only the path.
 */
export function isConventionalTestFile(path: string, language: SourceLanguage): boolean {
    const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
    return languageSupportOf(language).tests.isTestFile(path, `${folder}\u0000ponder-localisation-target`);
}

/**
 * Test support code that no language's convention names a test file: a file in a folder of tests (`tests/helpers.py`,
 * `__tests__/fixtures.ts`, Go's `testdata/`) or pytest's `conftest.py`. A bug is fixed in the code, not there.
 */
export function isTestSupportFile(path: string): boolean {
    return /(^|\/)(tests?|__tests__|testdata|spec)\//.test(path) || /(^|\/)conftest\.py$/.test(path);
}

export class SourceIndex {
    readonly files = new Map<string, IndexedFile>();
    /** Non-test functions by their own name. */
    private readonly byName = new Map<string, IndexedFunction[]>();
    /** True when the project held more source files than were read. */
    truncated = false;

    private constructor(readonly root: string) {}

    static async build(workspace: Workspace, parser: CodeParser, signal?: AbortSignal): Promise<SourceIndex> {
        const index = new SourceIndex(workspace.root.replace(/\\/g, "/").replace(/\/$/, ""));
        const paths = (await workspace.listFiles()).filter((path) => languageOfPath(path) !== undefined);
        index.truncated = paths.length > mostSourceFiles;
        for (const path of paths.slice(0, mostSourceFiles)) {
            signal?.throwIfAborted();
            const text = await workspace.readText(path).catch(() => undefined);
            if (text === undefined || text.length > largestSourceFile) continue;
            const file = await indexFile(path, languageOfPath(path)!, text, parser).catch(() => undefined);
            if (file) index.add(file);
        }
        return index;
    }

    private add(file: IndexedFile): void {
        this.files.set(file.path, file);
        for (const fn of file.functions) {
            if (fn.isTestCode) continue;
            const named = this.byName.get(fn.name) ?? [];
            named.push(fn);
            this.byName.set(fn.name, named);
        }
    }

    /** Non-test functions named `name` anywhere in the workspace, in path and line order. */
    functionsNamed(name: string): readonly IndexedFunction[] {
        return this.byName.get(name) ?? [];
    }

    /**
     * The innermost function around a 1-based line of a file; a line outside every function is the file's
     * top-level code (`<module>`). Undefined for a line past the file's end.
     */
    functionAt(path: string, line: number): IndexedFunction | undefined {
        const file = this.files.get(path);
        if (!file || line < 1 || line > file.lineCount) return undefined;
        const around = [...file.functions, ...file.tests].filter((fn) => fn.startLine <= line && line <= fn.endLine);
        around.sort((a, b) => a.endLine - a.startLine - (b.endLine - b.startLine) || b.startLine - a.startLine);
        return around[0] ?? moduleOf(file);
    }

    /** The test whose name is `name` (or whose qualified name ends with it) in a file. */
    testNamed(path: string, name: string): IndexedFunction | undefined {
        const file = this.files.get(path);
        if (!file) return undefined;
        const plain = name.replace(/\[.*\]$/, "").trim();
        return (
            file.tests.find((test) => test.qualifiedName === plain || test.name === plain) ??
            file.tests.find((test) => plain.endsWith(test.name) || test.qualifiedName.endsWith(plain))
        );
    }

    /**
     * The workspace file a frame's path names: as it is, under the workspace's absolute root, or else the one file
     * whose path ends the frame's path or is ended by it (a Go check line names only the base name; `near`, a
     * folder, settles between several).
     */
    resolvePath(framePath: string, near?: string): string | undefined {
        let path = framePath.replace(/\\/g, "/");
        if (path.startsWith(`${this.root}/`)) path = path.slice(this.root.length + 1);
        if (this.files.has(path)) return path;
        const matches = [...this.files.keys()].filter(
            (file) => path.endsWith(`/${file}`) || (!path.startsWith("/") && file.endsWith(`/${path}`))
        );
        if (matches.length === 1) return matches[0];
        const nearby = near === undefined ? [] : matches.filter((file) => file.startsWith(near));
        return nearby.length === 1 ? nearby[0] : undefined;
    }
}

/** A file's top-level code as one unit, for frames outside every function. */
export function moduleOf(file: IndexedFile): IndexedFunction {
    return {
        file: file.path,
        name: "<module>",
        qualifiedName: "<module>",
        startLine: 1,
        endLine: file.lineCount,
        bodyStartLine: 1,
        usedNames: [],
        isTestCode: file.isTestFile
    };
}

/** The 1-based line of an offset, by binary search over the line starts found once (a file has thousands of functions). */
function lineNumbers(text: string): (offset: number) => number {
    const starts = lineStarts(text);
    return (offset) => {
        let low = 0;
        let high = starts.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (starts[middle]! <= offset) low = middle;
            else high = middle - 1;
        }
        return low + 1;
    };
}

/** The modules a file imports; a grammar whose imports the analysis cannot read yet (Go) gives none. */
function importSourcesOf(source: ParsedSource): string[] {
    try {
        return importsIn(source).map((statement) => statement.source);
    } catch {
        return [];
    }
}

async function indexFile(path: string, language: SourceLanguage, text: string, parser: CodeParser) {
    const isTestFile = isConventionalTestFile(path, language) || isTestSupportFile(path);
    return parser.parse(text, language, (source): IndexedFile => {
        const lineOf = lineNumbers(text);
        const units = testUnitsIn(source);
        const unitRanges = units.map((unit) => unit.range);
        const insideTest = (start: number, end: number) =>
            unitRanges.some((range) => range.start <= start && end <= range.end);
        const functions: IndexedFunction[] = [];
        for (const site of definitionSitesIn(source)) {
            const { definition } = site;
            if (!isFunctionKind(definition.kind)) continue;
            const used = usedNamesIn(source, definition.fullRange);
            const headerLine = lineOf(definition.range.start);
            const endLine = lineOf(Math.max(definition.fullRange.start, definition.fullRange.end - 1));
            functions.push({
                file: path,
                name: definition.name,
                qualifiedName: definition.qualifiedName,
                startLine: lineOf(definition.fullRange.start),
                endLine,
                bodyStartLine: Math.min(headerLine + 1, endLine),
                usedNames: [...used.names, ...used.memberNames, ...used.otherMemberNames],
                isTestCode: isTestFile || insideTest(definition.fullRange.start, definition.fullRange.end)
            });
        }
        const tests = units
            .filter((unit) => unit.kind === "test")
            .map((unit): IndexedFunction => {
                const used = usedNamesIn(source, unit.range);
                const startLine = lineOf(unit.range.start);
                const endLine = lineOf(Math.max(unit.range.start, unit.range.end - 1));
                return {
                    file: path,
                    name: unit.name,
                    qualifiedName: unit.qualifiedName,
                    startLine,
                    endLine,
                    bodyStartLine: Math.min(startLine + 1, endLine),
                    usedNames: [...used.names, ...used.memberNames, ...used.otherMemberNames],
                    isTestCode: true
                };
            });
        return {
            path,
            language,
            text,
            isTestFile,
            lineCount: text.split("\n").length - (text.endsWith("\n") ? 1 : 0),
            functions,
            tests,
            importSources: importSourcesOf(source)
        };
    });
}

/** One function's identity across the sources of evidence. */
export function functionKey(fn: IndexedFunction): string {
    return `${fn.file}#${fn.qualifiedName}@${fn.startLine}`;
}

/** The folder part of a workspace-relative path, with its trailing slash ("" at the root). */
export function folderOf(path: string): string {
    return path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
}
