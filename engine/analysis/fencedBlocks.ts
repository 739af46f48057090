// Fenced code blocks in a model's answer, read the way distilled models actually write them: with or without
// a language tag, with ``` or ~~~, indented inside lists, the last one left open, a new block opened before the
// previous one was closed, and drafts inside the `<think>` trace that do not count.

import { languageOfFenceTag, type SourceLanguage } from "./SourceLanguage.js";
import type { TextRange } from "./textEdits.js";

export interface FencedBlock {
    /** The fence's info string as written (`python`, `ts title="x.test.ts"`), "" when the model gave none. */
    info: string;
    /** The first word of the info string, lower-cased: `python`, `diff`, `bash`; "" without one. */
    tag: string;
    /** The language the tag names, when it is one the analysis parses. */
    language?: SourceLanguage;
    /** A file path named by the info string (`python:tests/test_x.py`, `title="x.rs"`) or the prose line above the block. */
    path?: string;
    /** The code, without the fences, the fence's own indentation, and the last line break. */
    code: string;
    /** The whole block in the answer text, fences included (UTF-16 offsets). */
    range: TextRange;
    /** False when the answer ended, or another block started, before this one's closing fence. */
    closed: boolean;
    /** The prose between the previous block (or the answer's start) and this one, trimmed. */
    precedingText: string;
}

export interface ParseFencedBlocksOptions {
    /**
     * Skip the reasoning trace: only text after the last `</think>` is read, and an answer with an unclosed
     * `<think>` is read after it. Default true.
     */
    skipThought?: boolean;
}

const openingFence = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\n]*?)[ \t]*$/;
const pathPattern = /([\w@.\-/\\]+\.(?:py|pyi|ts|tsx|mts|cts|js|jsx|mjs|cjs|rs))\b/;

/** The fenced code blocks of an answer, in order. Never throws; text without fences gives an empty list. */
export function parseFencedBlocks(answer: string, options: ParseFencedBlocksOptions = {}): FencedBlock[] {
    const start = options.skipThought === false ? 0 : answerStart(answer);
    const lines = splitLines(answer, start);
    const blocks: FencedBlock[] = [];
    let proseStart = start;
    let index = 0;
    while (index < lines.length) {
        const opening = openingFence.exec(lines[index]!.text);
        if (!opening || (opening[2]!.startsWith("`") && opening[3]!.includes("`"))) {
            index++;
            continue;
        }
        const [, indent, fence] = opening as unknown as [string, string, string];
        let info = opening[3]!;
        const blockStart = lines[index]!.start;
        let tag = fenceTag(info);
        const codeLines: string[] = [];
        let closed = false;
        let end = answer.length;
        let next = index + 1;
        for (; next < lines.length; next++) {
            const line = lines[next]!.text;
            const trimmed = line.trim();
            if (trimmed.length >= fence.length && trimmed === fence[0]!.repeat(trimmed.length)) {
                closed = true;
                end = lines[next]!.end;
                next++;
                break;
            }
            // A fence with a language tag inside a code block means the model opened a new block without closing
            // this one (nested fences only make sense inside Markdown blocks).
            const nested = openingFence.exec(line);
            if (nested && nested[3] && languageOfFenceTag(nested[3]) && tag !== "markdown" && tag !== "md") {
                // The same opening written twice (```python then ```python) is one block, not an unclosed one.
                if (
                    codeLines.every((codeLine) => codeLine.trim() === "") &&
                    (tag === "" || tag === fenceTag(nested[3]))
                ) {
                    info = nested[3];
                    tag = fenceTag(info);
                    codeLines.length = 0;
                    continue;
                }
                end = lines[next]!.start;
                break;
            }
            codeLines.push(stripIndent(line, indent.length));
        }
        if (!closed && next >= lines.length) end = answer.length;
        const precedingText = answer.slice(proseStart, blockStart).trim();
        const block: FencedBlock = {
            info,
            tag,
            code: trimTrailingBlankLines(codeLines).join("\n"),
            range: { start: blockStart, end },
            closed,
            precedingText
        };
        const language = languageOfFenceTag(tag);
        if (language) block.language = language;
        const path = pathOf(info) ?? pathOf(lastLine(precedingText));
        if (path) block.path = path;
        blocks.push(block);
        proseStart = end;
        index = next;
    }
    return blocks;
}

/** Where the answer proper starts: after the last `</think>`, or after an unclosed `<think>`. */
export function answerStart(answer: string): number {
    const close = answer.lastIndexOf("</think>");
    if (close !== -1) return close + "</think>".length;
    const open = answer.indexOf("<think>");
    return open === -1 ? 0 : open + "<think>".length;
}

function fenceTag(info: string): string {
    return (info.split(/[\s:{,]/)[0] ?? "").toLowerCase();
}

function splitLines(text: string, from: number): { text: string; start: number; end: number }[] {
    const lines: { text: string; start: number; end: number }[] = [];
    let start = from;
    while (start <= text.length) {
        const newline = text.indexOf("\n", start);
        const end = newline === -1 ? text.length : newline;
        lines.push({ text: text.slice(start, end).replace(/\r$/, ""), start, end });
        if (newline === -1) break;
        start = newline + 1;
    }
    return lines;
}

function stripIndent(line: string, width: number): string {
    let index = 0;
    while (index < width && index < line.length && (line[index] === " " || line[index] === "\t")) index++;
    return line.slice(index);
}

function trimTrailingBlankLines(lines: string[]): string[] {
    let end = lines.length;
    while (end > 0 && lines[end - 1]!.trim() === "") end--;
    return lines.slice(0, end);
}

function lastLine(text: string): string {
    return text.split("\n").pop() ?? "";
}

function pathOf(text: string): string | undefined {
    return pathPattern.exec(text)?.[1];
}
