// Applies a unified diff written by a model. Models get the line numbers wrong, drop the `@@` headers, trim
// the space before context lines and shift indentation, so each hunk is found by its content (exactly, then
// ignoring trailing, then all surrounding whitespace), nearest to where its header says it is.

import { applyTextEdits, type TextEdit } from "./textEdits.js";

export interface DiffHunk {
    /** The `@@` line as written, "" when the model gave none. */
    header: string;
    /** The 1-based old start line the header claims, if it gives one. */
    claimedLine?: number;
    /** Context and removed lines: what the hunk expects to find. */
    oldLines: string[];
    /** Context and added lines: what it leaves. */
    newLines: string[];
    /** For each of `newLines`, the index of the same context line in `oldLines`, or -1 for an added line. */
    contextOf: number[];
    /** For each of `newLines`, the index of the last line of `oldLines` before it in the hunk (-1 if none). */
    anchorOf: number[];
}

export interface ParsedDiff {
    /** The files the `---`/`+++` headers name, in order; empty for a diff without headers. */
    files: string[];
    hunks: (DiffHunk & { file?: string })[];
}

export interface AppliedHunk {
    index: number;
    /** The 1-based line where the hunk was found in the original text. */
    appliedLine: number;
    claimedLine?: number;
    /** How strictly its lines matched: `exact`, `trailingWhitespace` or `indentation` (its indentation was adapted). */
    match: "exact" | "trailingWhitespace" | "indentation";
}

export type DiffApplication =
    | { kind: "applied"; text: string; edits: TextEdit[]; hunks: AppliedHunk[] }
    | { kind: "failed"; reason: string; hunkIndex?: number };

export interface ApplyUnifiedDiffOptions {
    /** For a diff of several files: the path of the text being patched (the section whose path ends alike is used). */
    path?: string;
}

const hunkHeader = /^@@+\s*(?:-(\d+)(?:,\d+)?)?\s*(?:\+(\d+)(?:,\d+)?)?\s*@@+.*$/;
const fileHeaderPrefixes = [
    "diff --git",
    "index ",
    "new file mode",
    "deleted file mode",
    "similarity index",
    "rename from",
    "rename to",
    "old mode",
    "new mode"
];

/** Reads the hunks of a diff; lines before the first hunk that are not headers are ignored. */
export function parseUnifiedDiff(diff: string): ParsedDiff {
    const lines = diff.split("\n").map((line) => line.replace(/\r$/, ""));
    const files: string[] = [];
    const hunks: ParsedDiff["hunks"] = [];
    let file: string | undefined;
    let hunk: (DiffHunk & { file?: string }) | undefined;
    const sawHeaders = lines.some((line) => hunkHeader.test(line));
    const startHunk = (header: string, claimed?: number) => {
        hunk = { header, oldLines: [], newLines: [], contextOf: [], anchorOf: [] };
        if (claimed !== undefined) hunk.claimedLine = claimed;
        if (file !== undefined) hunk.file = file;
        hunks.push(hunk);
    };
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index]!;
        if (line.startsWith("--- ") && lines[index + 1]?.startsWith("+++ ")) {
            const oldPath = cleanPath(line.slice(4));
            const newPath = cleanPath(lines[index + 1]!.slice(4));
            file = newPath === "/dev/null" ? oldPath : newPath;
            files.push(file);
            hunk = undefined;
            index++;
            continue;
        }
        if (fileHeaderPrefixes.some((prefix) => line.startsWith(prefix))) {
            hunk = undefined;
            continue;
        }
        const header = hunkHeader.exec(line);
        if (header) {
            startHunk(line, header[1] !== undefined ? Number(header[1]) : undefined);
            continue;
        }
        if (!hunk) {
            // A diff without `@@` lines: its +/- lines form one hunk, from the first of them on.
            if (sawHeaders || !/^[-+]/.test(line)) continue;
            startHunk("");
        }
        const current = hunk!;
        if (line.startsWith("\\")) continue;
        if (line.startsWith("-")) current.oldLines.push(line.slice(1));
        else if (line.startsWith("+")) {
            current.newLines.push(line.slice(1));
            current.contextOf.push(-1);
            current.anchorOf.push(current.oldLines.length - 1);
        } else {
            // A context line; models often drop its leading space (an empty line is an empty context line).
            const context = line.startsWith(" ") ? line.slice(1) : line;
            current.contextOf.push(current.oldLines.length);
            current.anchorOf.push(current.oldLines.length);
            current.oldLines.push(context);
            current.newLines.push(context);
        }
    }
    for (const each of hunks) trimBlankEdges(each);
    return { files, hunks: hunks.filter((each) => each.oldLines.length > 0 || each.newLines.length > 0) };
}

function cleanPath(raw: string): string {
    const path = raw.split("\t")[0]!.trim();
    return /^[ab]\//.test(path) ? path.slice(2) : path;
}

/** Blank context lines at a hunk's edges often come from the prose around the block, not from the file. */
function trimBlankEdges(hunk: DiffHunk): void {
    while (
        hunk.contextOf.length > 0 &&
        hunk.contextOf.at(-1) === hunk.oldLines.length - 1 &&
        hunk.newLines.at(-1)!.trim() === ""
    ) {
        hunk.oldLines.pop();
        hunk.newLines.pop();
        hunk.contextOf.pop();
        hunk.anchorOf.pop();
    }
}

type Comparison = AppliedHunk["match"];
const comparisons: [Comparison, (line: string) => string][] = [
    ["exact", (line) => line],
    ["trailingWhitespace", (line) => line.trimEnd()],
    ["indentation", (line) => line.trim()]
];

/**
 * Applies a unified diff to `text`. Returns the patched text and one edit per hunk (offsets of the original),
 * or `failed` with the reason (no hunks, several files, a hunk whose lines are not in the text). Never throws.
 */
export function applyUnifiedDiff(text: string, diff: string, options: ApplyUnifiedDiffOptions = {}): DiffApplication {
    const parsed = parseUnifiedDiff(diff);
    let hunks = parsed.hunks;
    if (hunks.length === 0)
        return { kind: "failed", reason: "the diff has no hunks (no lines starting with +, - or @@)" };
    const distinctFiles = [...new Set(parsed.files)];
    if (distinctFiles.length > 1) {
        const wanted = options.path?.replace(/\\/g, "/");
        if (!wanted)
            return {
                kind: "failed",
                reason: `the diff changes ${distinctFiles.length} files (${distinctFiles.join(", ")}); name the one to patch`
            };
        hunks = hunks.filter(
            (hunk) => hunk.file !== undefined && (wanted.endsWith(hunk.file) || hunk.file.endsWith(wanted))
        );
        if (hunks.length === 0)
            return {
                kind: "failed",
                reason: `the diff does not change ${wanted} (it changes ${distinctFiles.join(", ")})`
            };
    }
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const starts = [0];
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
    const fileLines = text.split("\n").map((line) => line.replace(/\r$/, ""));
    if (text.endsWith("\n")) fileLines.pop();
    const taken: [number, number][] = [];
    const edits: TextEdit[] = [];
    const applied: AppliedHunk[] = [];
    let delta = 0;
    let previousEnd = 0;
    for (const [index, hunk] of hunks.entries()) {
        const expected = hunk.claimedLine !== undefined ? Math.max(0, hunk.claimedLine - 1 + delta) : previousEnd;
        const found = findHunk(fileLines, hunk, expected, taken);
        if (!found) {
            const name = hunk.header || `${index + 1}`;
            const firstLine = hunk.oldLines.find((line) => line.trim() !== "") ?? "";
            const alreadyThere =
                hunk.newLines.length > 0 && findHunk(fileLines, { ...hunk, oldLines: hunk.newLines }, expected, []);
            const reason =
                hunk.oldLines.length === 0
                    ? `hunk ${index + 1} only adds lines and gives neither context nor a line number to place them`
                    : `hunk ${index + 1} (${name}): its context and removed lines are not in the file; the first is ${JSON.stringify(firstLine)}` +
                      (alreadyThere ? " (its new lines are already there: was it applied before?)" : "");
            return { kind: "failed", reason, hunkIndex: index };
        }
        const { line, comparison } = found;
        const endLine = line + hunk.oldLines.length;
        taken.push([line, endLine]);
        const newLines = adaptNewLines(hunk, fileLines, line, comparison);
        const start = line < starts.length ? starts[line]! : text.length;
        let edit: TextEdit;
        if (endLine < fileLines.length || (endLine === fileLines.length && text.endsWith("\n"))) {
            edit = { start, end: starts[endLine]!, newText: newLines.map((each) => each + eol).join("") };
        } else {
            edit = { start, end: text.length, newText: newLines.join(eol) + (text.endsWith("\n") ? eol : "") };
        }
        edits.push(edit);
        const record: AppliedHunk = { index, appliedLine: line + 1, match: comparison };
        if (hunk.claimedLine !== undefined) record.claimedLine = hunk.claimedLine;
        applied.push(record);
        // Line numbers of later hunks are off by as much as this one's (all in the original's coordinates).
        if (hunk.claimedLine !== undefined && hunk.oldLines.length > 0) delta = line - (hunk.claimedLine - 1);
        previousEnd = endLine;
    }
    return { kind: "applied", text: applyTextEdits(text, edits), edits, hunks: applied };
}

function findHunk(
    fileLines: readonly string[],
    hunk: DiffHunk,
    expected: number,
    taken: readonly [number, number][]
): { line: number; comparison: Comparison } | undefined {
    if (hunk.oldLines.length === 0) {
        return hunk.claimedLine !== undefined
            ? { line: Math.min(expected + 1, fileLines.length), comparison: "exact" }
            : undefined;
    }
    for (const [comparison, normalize] of comparisons) {
        const wanted = hunk.oldLines.map(normalize);
        let best: number | undefined;
        for (let line = 0; line + wanted.length <= fileLines.length; line++) {
            if (taken.some(([from, to]) => line < to && line + wanted.length > from)) continue;
            if (!wanted.every((each, offset) => normalize(fileLines[line + offset]!) === each)) continue;
            if (best === undefined || Math.abs(line - expected) < Math.abs(best - expected)) best = line;
        }
        if (best !== undefined) return { line: best, comparison };
    }
    return undefined;
}

/**
 * The lines a hunk leaves, in the file's own words: context lines are copied from the file, and when the hunk
 * matched only after ignoring indentation, each added line keeps its indentation relative to the old line just
 * before it in the hunk (usually the line it replaces), rebased on that line's indentation in the file.
 */
function adaptNewLines(hunk: DiffHunk, fileLines: readonly string[], line: number, comparison: Comparison): string[] {
    const indentOf = (text: string) => /^[ \t]*/.exec(text)![0];
    return hunk.newLines.map((newLine, index) => {
        const contextAt = hunk.contextOf[index]!;
        if (contextAt !== -1) return fileLines[line + contextAt]!;
        if (comparison !== "indentation" || newLine.trim() === "")
            return comparison === "exact" ? newLine : newLine.trimEnd();
        const anchor = Math.max(0, hunk.anchorOf[index]!);
        const diffIndent = indentOf(hunk.oldLines[anchor]!);
        const fileIndent = indentOf(fileLines[line + anchor]!);
        const ownIndent = indentOf(newLine);
        const rebased = ownIndent.startsWith(diffIndent)
            ? fileIndent + ownIndent.slice(diffIndent.length)
            : fileIndent.slice(0, Math.max(0, fileIndent.length - (diffIndent.length - ownIndent.length)));
        return rebased + newLine.trim();
    });
}
