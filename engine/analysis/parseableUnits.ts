// Keeps the top-level units of a model's code block that parse when the block as a whole does not: one broken test
// (or a stray line of prose) must not cost the patch and the other tests written beside it.

import type { LoadedGrammar } from "./CodeParser.js";
import { syntaxOf } from "./languageSyntax.js";
import { parseSnippet } from "./parseSnippet.js";

/** A top-level unit left out because it does not parse, described for the evidence. */
export interface DroppedUnit {
    /** The unit's first line (after its decorators and comments), trimmed. */
    firstLine: string;
    /** Its first syntax error, with the line counted in the whole block: "line 9: missing `)`". */
    error: string;
}

export interface ParseableUnits {
    /** The units that parse, in order, joined as top-level code. */
    code: string;
    dropped: DroppedUnit[];
}

interface Chunk {
    lines: string[];
    /** Line number in the block (0-based) of the chunk's first line. */
    firstLine: number;
    /** The chunk has a line besides its comments and decorators. */
    hasBody: boolean;
}

/** Lines that belong to the unit below them: decorators, comments, Rust attributes. */
const attachedLine = /^(@|#|\/\/|\/\*|\*)/;
/** Lines at column 0 that still continue the unit above: closing brackets, Python's else/except, chained calls. */
const continuationLine = /^([)\]}.]|(else|elif|except|finally)\b)/;

/**
 * The parseable part of dedented code that does not parse whole, unit by unit. A unit that fails alone is tried
 * joined with the next few (a string or bracket that spans two units); what still fails is dropped. Undefined when
 * no unit parses, or when no unit has to be dropped.
 */
export function keepParseableUnits(grammar: LoadedGrammar, code: string): ParseableUnits | undefined {
    const chunks = topLevelChunks(code);
    const kept: string[] = [];
    const dropped: DroppedUnit[] = [];
    for (let index = 0; index < chunks.length;) {
        const joined = [1, 2, 3, 4]
            .map((count) => chunks.slice(index, index + count))
            .filter((group, i) => i === 0 || group.length > i)
            .find((group) => syntaxErrorOf(grammar, chunkText(group)) === undefined);
        if (joined) {
            kept.push(chunkText(joined).trim());
            index += joined.length;
            continue;
        }
        const chunk = chunks[index]!;
        const error = syntaxErrorOf(grammar, chunkText([chunk])) ?? "the code does not parse";
        dropped.push({
            firstLine:
                chunk.lines.find((line) => line.trim() !== "" && !attachedLine.test(line))?.trim() ??
                chunk.lines[0]!.trim(),
            error: error.replace(/^line (\d+)/, (_, line: string) => `line ${Number(line) + chunk.firstLine}`)
        });
        index++;
    }
    if (kept.length === 0 || dropped.length === 0) return undefined;
    return { code: kept.join(syntaxOf(grammar.language).definitionGap), dropped };
}

/** Splits code into top-level units: a line at column 0 starts one, with the comments and decorators right above it. */
function topLevelChunks(code: string): Chunk[] {
    const chunks: Chunk[] = [];
    let current: Chunk | undefined;
    code.split("\n").forEach((line, number) => {
        const startsUnit = line !== "" && !/^\s/.test(line) && !continuationLine.test(line);
        if (!current || (startsUnit && current.hasBody)) {
            current = { lines: [], firstLine: number, hasBody: false };
            chunks.push(current);
        }
        current.lines.push(line);
        if (startsUnit && !attachedLine.test(line)) current.hasBody = true;
    });
    return chunks.filter((chunk) => chunk.lines.some((line) => line.trim() !== ""));
}

function chunkText(chunks: Chunk[]): string {
    return chunks
        .flatMap((chunk) => chunk.lines)
        .join("\n")
        .trimEnd();
}

function syntaxErrorOf(grammar: LoadedGrammar, code: string): string | undefined {
    return parseSnippet(grammar, code, (snippet) => snippet.syntaxError);
}
