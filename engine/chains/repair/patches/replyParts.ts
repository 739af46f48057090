// Splits a reply's answer into the pieces that may change files, each with the path the reply gives it: fenced code
// named in the line before the fence or in its first comment line, unified diffs (fenced or bare), and aider-style
// SEARCH/REPLACE blocks. Which file a bare block belongs to, and what each piece does to it, is decided later.

import { answerStart, parseFencedBlocks, type FencedBlock } from "../../../analysis/fencedBlocks.js";
import { looksLikeDiff } from "../../../analysis/classifyCodeBlock.js";
import { diffFenceTags, languageOfFenceTag } from "../../../analysis/SourceLanguage.js";
import { registeredLanguages } from "../../../languages/index.js";

export interface SearchReplaceEdit {
    search: string;
    replace: string;
}

export type ReplyPart =
    | { kind: "searchReplace"; at: number; path?: string; edit: SearchReplaceEdit }
    | { kind: "diff"; at: number; text: string; path?: string }
    | {
          kind: "code";
          at: number;
          block: FencedBlock;
          /** The block's code without a first comment line that only names its file. */
          code: string;
          path?: string;
          /** How the path was given; undefined for a bare block (placed by a suspect's name later). */
          naming?: "namedFence" | "commentNamedFence";
      };

export interface ReplyParts {
    parts: ReplyPart[];
    problems: string[];
}

/** Tags of blocks that show a shell session or program output: never a change of a file. */
const outputTags = new Set(["bash", "sh", "shell", "console", "zsh", "powershell", "ps", "cmd", "output", "log"]);

const searchMarker = /^\s*<{5,9} ?SEARCH\b.*$/;
const dividerMarker = /^\s*={5,9}\s*$/;
const replaceMarker = /^\s*>{5,9} ?REPLACE\b.*$/;
const fenceLine = /^\s*(`{3,}|~{3,})[ \t]*([^\n]*)$/;
const diffLine =
    /^(diff --git|index |new file mode|deleted file mode|similarity index|rename (from|to) |--- |\+\+\+ |@@|[-+ \\]|$)/;

/** Extensions a named file may have: every registered language's, and the project files a fix may touch. */
let pathPatternCache: RegExp | undefined;
function pathPattern(): RegExp {
    if (!pathPatternCache) {
        const extensions = [
            ...registeredLanguages.flatMap((support) => support.extensions),
            ...["json", "toml", "yaml", "yml", "cfg", "ini", "txt", "md", "mod"]
        ];
        pathPatternCache = new RegExp(
            `(?<![\\w@\\-])((?:[A-Za-z]:)?(?:/|\\.{1,2}/)*(?:[\\w@.\\-]+[\\\\/])*[\\w@\\-][\\w@.\\-]*\\.(?:${extensions.join("|")}))(?![\\w/])`
        );
    }
    return pathPatternCache;
}

/** The first file path in a line of prose or a fence's info string. */
export function pathIn(text: string): string | undefined {
    return pathPattern().exec(text)?.[1];
}

/** A line that holds nothing but a path (in Markdown or a comment): `shop/pricing.py`, `**x.go**`, `# File: a.rs`. */
function pathOnlyLine(line: string): string | undefined {
    const path = pathIn(line);
    if (path === undefined) return undefined;
    const rest = line.replace(path, "").replace(/file:?/i, "");
    return /^[\s#/*`"'>:.-]*$/.test(rest) ? path : undefined;
}

/** A block's first line when it is a comment naming a file (`# shop/pricing.py`, `// file: x.rs`). */
function commentPath(code: string): string | undefined {
    const first = code.split("\n", 1)[0] ?? "";
    const comment = /^\s*(?:#|\/\/|--|\/\*)\s*(?:file(?:name)?\s*:?\s*)?(.*?)\s*(?:\*\/)?\s*$/i.exec(first);
    if (!comment) return undefined;
    const path = pathIn(comment[1]!);
    return path !== undefined && comment[1]!.trim().replace(/^[`*"']+|[`*"':]+$/g, "") === path ? path : undefined;
}

function lastNonEmptyLine(text: string): string {
    return (
        text
            .split("\n")
            .map((line) => line.trim())
            .filter((line) => line !== "")
            .pop() ?? ""
    );
}

/** The pieces of an answer (outside its `<think>` trace) that may change files, in reply order. Never throws. */
export function readReplyParts(answer: string): ReplyParts {
    const blocks = parseFencedBlocks(answer);
    const lines = linesOf(answer, answerStart(answer));
    const insideBlock = (offset: number) =>
        blocks.find((block) => block.range.start <= offset && offset < block.range.end);
    const { parts, problems } = searchReplaceParts(lines, insideBlock);
    for (const block of blocks) {
        if (block.code.split("\n").some((line) => searchMarker.test(line))) continue;
        const named = pathIn(block.info) ?? pathIn(lastNonEmptyLine(block.precedingText));
        if (
            diffFenceTags.has(block.tag) ||
            (looksLikeDiff(block.code) && (block.tag === "" || languageOfFenceTag(block.tag) !== undefined))
        ) {
            parts.push({ kind: "diff", at: block.range.start, text: block.code, ...(named ? { path: named } : {}) });
            continue;
        }
        if (outputTags.has(block.tag) || block.code.trim() === "") continue;
        const inComment = commentPath(block.code);
        if (named !== undefined) {
            const code = inComment === named ? block.code.split("\n").slice(1).join("\n") : block.code;
            parts.push({ kind: "code", at: block.range.start, block, code, path: named, naming: "namedFence" });
        } else if (inComment !== undefined) {
            const code = block.code.split("\n").slice(1).join("\n");
            parts.push({
                kind: "code",
                at: block.range.start,
                block,
                code,
                path: inComment,
                naming: "commentNamedFence"
            });
        } else if (block.tag === "" || languageOfFenceTag(block.tag) !== undefined) {
            parts.push({ kind: "code", at: block.range.start, block, code: block.code });
        }
    }
    parts.push(...bareDiffParts(lines, insideBlock));
    parts.sort((a, b) => a.at - b.at);
    return { parts, problems };
}

interface Line {
    text: string;
    start: number;
}

function linesOf(text: string, from: number): Line[] {
    const lines: Line[] = [];
    let start = from;
    for (;;) {
        const newline = text.indexOf("\n", start);
        const end = newline === -1 ? text.length : newline;
        lines.push({ text: text.slice(start, end).replace(/\r$/, ""), start });
        if (newline === -1) return lines;
        start = newline + 1;
    }
}

/**
 * SEARCH/REPLACE blocks wherever they are (in fences or not), each with the last path named before it: a fence's
 * info string, a line of prose outside code, or a line inside a fence that holds only a path.
 */
function searchReplaceParts(
    lines: Line[],
    insideBlock: (offset: number) => FencedBlock | undefined
): { parts: ReplyPart[]; problems: string[] } {
    const parts: ReplyPart[] = [];
    const problems: string[] = [];
    let lastPath: string | undefined;
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index]!;
        if (searchMarker.test(line.text)) {
            const divider = lines.findIndex((each, at) => at > index && dividerMarker.test(each.text));
            const end =
                divider === -1 ? -1 : lines.findIndex((each, at) => at > divider && replaceMarker.test(each.text));
            if (end === -1) {
                problems.push(`a SEARCH/REPLACE block${lastPath ? ` for ${lastPath}` : ""} is not closed`);
                break;
            }
            const text = (from: number, to: number) =>
                lines
                    .slice(from, to)
                    .map((each) => each.text)
                    .join("\n");
            const edit = { search: text(index + 1, divider), replace: text(divider + 1, end) };
            parts.push({ kind: "searchReplace", at: line.start, edit, ...(lastPath ? { path: lastPath } : {}) });
            index = end;
            continue;
        }
        const fence = fenceLine.exec(line.text);
        const path = fence ? pathIn(fence[2]!) : insideBlock(line.start) ? pathOnlyLine(line.text) : pathIn(line.text);
        if (path !== undefined) lastPath = path;
    }
    return { parts, problems };
}

/** Unified diffs written outside any fence: from a `diff --git` or `---`/`+++` header to the first line of prose. */
function bareDiffParts(lines: Line[], insideBlock: (offset: number) => FencedBlock | undefined): ReplyPart[] {
    const parts: ReplyPart[] = [];
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index]!;
        const starts =
            line.text.startsWith("diff --git ") ||
            (line.text.startsWith("--- ") && lines[index + 1]?.text.startsWith("+++ ") === true);
        if (!starts || insideBlock(line.start)) continue;
        let end = index + 1;
        while (end < lines.length && diffLine.test(lines[end]!.text) && !insideBlock(lines[end]!.start)) end++;
        const text = lines
            .slice(index, end)
            .map((each) => each.text)
            .join("\n");
        parts.push({ kind: "diff", at: line.start, text });
        index = end - 1;
    }
    return parts;
}
