// Applies a document's text edits to its text, so the diff preview can show the patched file before anything is
// written. Pure and free of `vscode`, so tests run it without an editor.

/** One replacement, as offsets into the original text. */
export interface OffsetEdit {
    start: number;
    end: number;
    newText: string;
}

/** The text after every edit; edits must not overlap (LSP guarantees this for one document's edits). */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let result = "";
    let cursor = 0;
    for (const edit of sorted) {
        if (edit.start < cursor) throw new RangeError(`Overlapping edits at offset ${edit.start}.`);
        result += text.slice(cursor, edit.start) + edit.newText;
        cursor = edit.end;
    }
    return result + text.slice(cursor);
}
