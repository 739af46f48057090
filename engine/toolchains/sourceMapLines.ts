// Maps generated lines back to original lines through a source map (version 3), so coverage measured on
// transpiled TypeScript is reported on the lines the user wrote.

const base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeVlq(segment: string): number[] {
    const values: number[] = [];
    let value = 0;
    let shift = 0;
    for (const character of segment) {
        const digit = base64.indexOf(character);
        if (digit === -1) throw new Error(`Invalid source map character "${character}"`);
        value += (digit & 31) << shift;
        if (digit & 32) {
            shift += 5;
        } else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
        }
    }
    return values;
}

/** Generated line (1-based) → the original lines (1-based) its segments point at, for a single-source map. */
export function generatedToOriginalLines(mappings: string): Map<number, Set<number>> {
    const result = new Map<number, Set<number>>();
    // Fields are deltas from the previous segment; only the source index and original line matter here.
    let originalLine = 0;
    let sourceIndex = 0;
    mappings.split(";").forEach((line, generatedIndex) => {
        for (const segment of line.split(",")) {
            if (!segment) continue;
            const fields = decodeVlq(segment);
            if (fields.length < 4) continue;
            sourceIndex += fields[1]!;
            originalLine += fields[2]!;
            if (sourceIndex !== 0) continue;
            const lines = result.get(generatedIndex + 1) ?? new Set<number>();
            lines.add(originalLine + 1);
            result.set(generatedIndex + 1, lines);
        }
    });
    return result;
}

/**
 * Carries line hits of generated code to the original: an original line is coverable when a coverable
 * generated line maps to it, and covered when any of those ran.
 */
export function mapLineHits(hits: Map<number, number>, mappings: string): { covered: number[]; coverable: number[] } {
    const map = generatedToOriginalLines(mappings);
    const coverable = new Set<number>();
    const covered = new Set<number>();
    for (const [generatedLine, count] of hits) {
        for (const originalLine of map.get(generatedLine) ?? []) {
            coverable.add(originalLine);
            if (count > 0) covered.add(originalLine);
        }
    }
    const sorted = (lines: Set<number>) => [...lines].sort((a, b) => a - b);
    return { covered: sorted(covered), coverable: sorted(coverable) };
}
