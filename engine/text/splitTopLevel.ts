// Splitting a type's text at its top-level commas, the one reading of `K, V` in `HashMap<K, V>`, `(A, B)` and
// `dict[str, list[int]]` that Rust type checks, Rust literals and Python hints share.

/** Splits `a, b[c, d], e<f, g>` at the commas outside every bracket, trimming each part. */
export function splitTopLevel(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let current = "";
    for (const c of text) {
        if ("<([".includes(c)) depth++;
        if (">)]".includes(c)) depth--;
        if (c === "," && depth === 0) {
            parts.push(current.trim());
            current = "";
        } else current += c;
    }
    if (current.trim()) parts.push(current.trim());
    return parts;
}
