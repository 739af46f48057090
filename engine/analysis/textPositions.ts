// Conversions between offsets and zero-based line/character positions, for callers that speak lines
// (`ponder fix FILE:LINE`, compiler output, test tracebacks). Characters are UTF-16 code units, as in LSP.

/** A zero-based line and a zero-based UTF-16 column within it. */
export interface TextPosition {
    line: number;
    character: number;
}

/** Offsets at which each line starts; line 0 starts at 0. A "\r\n" ends a line like "\n" does. */
export function lineStarts(text: string): number[] {
    const starts = [0];
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
    return starts;
}

/** The offset of a position, clamped to the text (a line past the end gives the text's length). */
export function offsetAt(text: string, position: TextPosition): number {
    const starts = lineStarts(text);
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return text.length;
    const start = starts[position.line]!;
    const next = position.line + 1 < starts.length ? starts[position.line + 1]! - 1 : text.length;
    const lineEnd = next > start && text[next - 1] === "\r" ? next - 1 : next;
    return Math.min(start + Math.max(0, position.character), lineEnd);
}

/** The position of an offset (clamped to the text). */
export function positionAt(text: string, offset: number): TextPosition {
    const clamped = Math.max(0, Math.min(offset, text.length));
    const starts = lineStarts(text);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle]! <= clamped) low = middle;
        else high = middle - 1;
    }
    return { line: low, character: clamped - starts[low]! };
}

/** The offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
    return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The whitespace that starts the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
    const start = lineStartOf(text, offset);
    return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? "";
}
