// Ranges and edits over a text, in UTF-16 code units (JavaScript string indices), the unit the editor and
// tree-sitter's `startIndex` both use. The engine returns edits; the editor or the CLI applies them.

/** A half-open span `[start, end)` of a text, in UTF-16 code units. */
export interface TextRange {
    start: number;
    end: number;
}

/** Replace `[start, end)` of the original text with `newText`; an insertion has `start === end`. */
export interface TextEdit extends TextRange {
    newText: string;
}

/** Thrown when edits overlap or fall outside the text: a programming fault, never an expected outcome. */
export class OverlappingEditsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "OverlappingEditsError";
    }
}

/**
 * Applies edits that are all expressed in offsets of the same original text. Insertions at one offset keep
 * their order in the array.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
    const ordered = edits
        .map((edit, order) => ({ edit, order }))
        .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.order - b.order);
    let result = "";
    let cursor = 0;
    for (const { edit } of ordered) {
        if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
            throw new OverlappingEditsError(
                `Edit [${edit.start}, ${edit.end}) overlaps another edit or leaves the text (length ${text.length}).`
            );
        }
        result += text.slice(cursor, edit.start) + edit.newText;
        cursor = edit.end;
    }
    return result + text.slice(cursor);
}

/** True when `inner` lies within `outer` (touching ends count). */
export function rangeContains(outer: TextRange, inner: TextRange): boolean {
    return outer.start <= inner.start && inner.end <= outer.end;
}
