// Reads an lcov tracefile (node --test's lcov reporter) into per-line hit counts by file.

/** File (as written in SF:) → line → hits. */
export type LineHits = Map<string, Map<number, number>>;

export function parseLcov(text: string): LineHits {
    const files: LineHits = new Map();
    let current: Map<number, number> | undefined;
    for (const line of text.split("\n")) {
        if (line.startsWith("SF:")) {
            const path = line.slice(3).trim();
            current = files.get(path) ?? new Map();
            files.set(path, current);
        } else if (line.startsWith("DA:") && current) {
            const [lineNumber, hits] = line.slice(3).split(",").map(Number);
            if (Number.isInteger(lineNumber) && Number.isFinite(hits))
                current.set(lineNumber!, Math.max(current.get(lineNumber!) ?? 0, hits!));
        } else if (line.startsWith("end_of_record")) {
            current = undefined;
        }
    }
    return files;
}
