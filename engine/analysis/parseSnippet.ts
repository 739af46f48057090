// Parses a piece of code a model wrote (a fenced block), which may be indented as in its file, or be a lone
// TypeScript/JavaScript method that only parses inside a class.

import type { LoadedGrammar, ParsedSource } from "./CodeParser.js";
import { firstSyntaxError } from "./syntaxErrors.js";

/** The class a lone method is wrapped in to parse; definitions inside it are treated as top-level. */
export const snippetClassName = "PonderSnippet__";

export interface Snippet {
    /** The parsed text: the dedented code, or the code inside the wrapper class. */
    source: ParsedSource;
    /** The dedented code as given. */
    code: string;
    /** True when the code parsed only inside `class PonderSnippet__ { … }`. */
    wrapped: boolean;
    /** The first syntax error, if the code does not parse even wrapped. */
    syntaxError?: string;
}

/** Removes the indentation all non-blank lines share (tabs and spaces counted as written). */
export function dedent(code: string): string {
    const lines = code.replace(/\r\n/g, "\n").split("\n");
    const indents = lines.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)![0]);
    if (indents.length === 0) return code;
    let common = indents[0]!;
    for (const indent of indents) {
        let length = 0;
        while (length < common.length && length < indent.length && common[length] === indent[length]) length++;
        common = common.slice(0, length);
    }
    if (common === "") return lines.join("\n");
    return lines.map((line) => (line.startsWith(common) ? line.slice(common.length) : line.trimStart())).join("\n");
}

/** Parses `code` (dedented), retrying ES methods inside a wrapper class; `use` sees the tree before it is freed. */
export function parseSnippet<T>(grammar: LoadedGrammar, code: string, use: (snippet: Snippet) => T): T {
    const dedented = dedent(code);
    return grammar.parse(dedented, (source) => {
        const syntaxError = firstSyntaxError(source.root, dedented);
        if (!syntaxError || grammar.language === "python" || grammar.language === "rust") {
            const snippet: Snippet = { source, code: dedented, wrapped: false };
            if (syntaxError) snippet.syntaxError = syntaxError;
            return use(snippet);
        }
        // A lone method parses inside a class; a method next to free functions needs only the methods wrapped.
        for (const wrappedText of [`class ${snippetClassName} {\n${dedented}\n}\n`, wrapMethodsOnly(dedented)]) {
            if (wrappedText === undefined) continue;
            const wrappedResult = grammar.parse(wrappedText, (wrappedSource) => {
                if (firstSyntaxError(wrappedSource.root, wrappedText)) return { parsed: false as const };
                return { parsed: true as const, value: use({ source: wrappedSource, code: dedented, wrapped: true }) };
            });
            if (wrappedResult.parsed) return wrappedResult.value;
        }
        return use({ source, code: dedented, wrapped: false, syntaxError });
    });
}

const topLevelStart =
    /^(export|import|function|async\s+function|const|let|var|class|abstract\s+class|interface|type|enum|declare|namespace|module)\b/;
const attachedStart = /^(\/\/|\/\*|\*|@)/;

/**
 * Wraps the chunks of ES code that start like members (`name(`, `static`, `get`…) in the snippet class, leaving
 * chunks that start like top-level declarations (`function`, `const`, `export`…) outside it. Undefined when
 * there is no chunk of each kind.
 */
function wrapMethodsOnly(code: string): string | undefined {
    const chunks: { member: boolean; lines: string[] }[] = [];
    let pending: string[] = [];
    for (const line of code.split("\n")) {
        const startsChunk = line !== "" && !/^[ \t]/.test(line) && !/^[}\])]/.test(line);
        if (startsChunk && attachedStart.test(line)) {
            pending.push(line);
            continue;
        }
        if (startsChunk) {
            chunks.push({ member: !topLevelStart.test(line), lines: [...pending, line] });
            pending = [];
        } else if (chunks.length > 0) {
            chunks.at(-1)!.lines.push(...pending, line);
            pending = [];
        } else pending.push(line);
    }
    if (pending.length > 0) chunks.at(-1)?.lines.push(...pending);
    if (!chunks.some((chunk) => chunk.member) || chunks.every((chunk) => chunk.member)) return undefined;
    const members = chunks
        .filter((chunk) => chunk.member)
        .map((chunk) => chunk.lines.join("\n"))
        .join("\n");
    let placed = false;
    const parts: string[] = [];
    for (const chunk of chunks) {
        if (!chunk.member) parts.push(chunk.lines.join("\n"));
        else if (!placed) {
            parts.push(`class ${snippetClassName} {\n${members}\n}`);
            placed = true;
        }
    }
    return parts.join("\n") + "\n";
}
