// Moves code written at one indentation (and indent unit) to another: a method a model wrote at column 0 with
// two-space indents goes back into a class indented with four spaces or tabs. Python needs this to stay valid.

/** The step by which indentation most often grows in `text`: "\t", "    ", "  "…; undefined if nothing is indented. */
export function indentUnitOf(text: string): string | undefined {
    const counts = new Map<string, number>();
    let previous = "";
    for (const line of text.split("\n")) {
        if (line.trim() === "") continue;
        const indent = /^[ \t]*/.exec(line)![0];
        if (indent.startsWith("\t")) return "\t";
        if (indent.length > previous.length && indent.startsWith(previous)) {
            const step = indent.slice(previous.length);
            counts.set(step, (counts.get(step) ?? 0) + 1);
        }
        previous = indent;
    }
    let best: string | undefined;
    for (const [step, count] of counts)
        if (!best || count > counts.get(best)! || (count === counts.get(best)! && step.length < best.length))
            best = step;
    return best;
}

export interface ReindentOptions {
    /** The indentation the code's first line had where it was written; lines are relative to it. */
    from: string;
    /** The indentation of its new place. */
    to: string;
    /** The indent unit it was written with; with `targetUnit`, deeper levels are converted. */
    sourceUnit?: string;
    /** The indent unit of the file it goes into. */
    targetUnit?: string;
}

/**
 * Re-indents every line after the first (the first line continues where the edit starts). Lines indented less
 * than `from` (inside a multi-line string) are kept as they are; blank lines become empty.
 */
export function reindent(code: string, options: ReindentOptions): string {
    const { from, to, sourceUnit, targetUnit } = options;
    const convert = sourceUnit && targetUnit && sourceUnit !== targetUnit;
    const lines = code.split("\n");
    return lines
        .map((line, index) => {
            if (index === 0) return line;
            // A blank line becomes empty, except a last one: it is the indentation the next piece of code starts at.
            if (line.trim() === "" && (index < lines.length - 1 || !line.startsWith(from))) return "";
            if (!line.startsWith(from)) return line;
            let rest = line.slice(from.length);
            if (convert) {
                const leading = /^[ \t]*/.exec(rest)![0];
                const width = leading.replace(/\t/g, " ".repeat(sourceUnit === "\t" ? 1 : sourceUnit.length)).length;
                const unitWidth = sourceUnit === "\t" ? 1 : sourceUnit.length;
                rest =
                    targetUnit.repeat(Math.floor(width / unitWidth)) +
                    " ".repeat(width % unitWidth) +
                    rest.slice(leading.length);
            }
            return to + rest;
        })
        .join("\n");
}
