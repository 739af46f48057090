// Places one SEARCH/REPLACE block in a file's text: the SEARCH text exactly, else line by line ignoring
// whitespace (the REPLACE lines then take the file's indentation). Text that is not found, or found more than once,
// is a problem for the caller to report: a guess could edit the wrong place.

import type { TextEdit } from "../../../analysis/index.js";
import type { SearchReplaceEdit } from "./replyParts.js";

export type SearchReplacePlacement = { kind: "placed"; edit: TextEdit } | { kind: "notPlaced"; reason: string };

export function placeSearchReplace(text: string, block: SearchReplaceEdit): SearchReplacePlacement {
    if (block.search.trim() === "") return { kind: "notPlaced", reason: "its SEARCH text is empty" };
    const exact = occurrences(text, block.search);
    if (exact.length === 1) {
        const eol = text.includes("\r\n") ? "\r\n" : "\n";
        const newText = block.replace.replace(/\r?\n/g, eol);
        return { kind: "placed", edit: { start: exact[0]!, end: exact[0]! + block.search.length, newText } };
    }
    if (exact.length > 1) return { kind: "notPlaced", reason: `its SEARCH text occurs ${exact.length} times` };
    return placeByLines(text, block);
}

function occurrences(text: string, wanted: string): number[] {
    const found: number[] = [];
    for (let at = text.indexOf(wanted); at !== -1; at = text.indexOf(wanted, at + 1)) found.push(at);
    return found;
}

function trimBlankEdges(lines: string[]): string[] {
    let start = 0;
    let end = lines.length;
    while (start < end && lines[start]!.trim() === "") start++;
    while (end > start && lines[end - 1]!.trim() === "") end--;
    return lines.slice(start, end);
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

function placeByLines(text: string, block: SearchReplaceEdit): SearchReplacePlacement {
    const wanted = trimBlankEdges(block.search.split("\n")).map((line) => line.trim());
    const fileLines = text.split("\n").map((line) => line.replace(/\r$/, ""));
    const matches: number[] = [];
    for (let line = 0; line + wanted.length <= fileLines.length; line++) {
        if (wanted.every((each, offset) => fileLines[line + offset]!.trim() === each)) matches.push(line);
    }
    if (matches.length === 0) return { kind: "notPlaced", reason: "its SEARCH text is not in the file" };
    if (matches.length > 1)
        return { kind: "notPlaced", reason: `its SEARCH text occurs ${matches.length} times (ignoring whitespace)` };
    const first = matches[0]!;
    const starts = [0];
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
    const lastLine = first + wanted.length - 1;
    const end = starts[lastLine]! + fileLines[lastLine]!.length;
    // Each REPLACE line keeps its indentation relative to the SEARCH line at the same place (or the last one),
    // rebased on that line's indentation in the file: the reply's indentation unit need not be the file's.
    const searchLines = trimBlankEdges(block.search.split("\n"));
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const replaced = trimBlankEdges(block.replace.split("\n")).map((line, index) => {
        if (line.trim() === "") return "";
        const anchor = Math.min(index, searchLines.length - 1);
        const searchIndent = indentOf(searchLines[anchor]!);
        const fileIndent = indentOf(fileLines[first + anchor]!);
        const own = indentOf(line);
        const rebased = own.startsWith(searchIndent)
            ? fileIndent + own.slice(searchIndent.length)
            : fileIndent.slice(0, Math.max(0, fileIndent.length - (searchIndent.length - own.length)));
        return rebased + line.trim();
    });
    return { kind: "placed", edit: { start: starts[first]!, end, newText: replaced.join(eol) } };
}
