// Small text formatters for the terminal: sizes, parameter counts, ANSI styles that switch off when piped.

export function formatBytes(bytes: number): string {
    if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
    if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
    if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} KB`;
    return `${bytes} B`;
}

export function formatParameters(count: number): string {
    if (count >= 1e9) return `${(count / 1e9).toFixed(1)}B`;
    if (count >= 1e6) return `${(count / 1e6).toFixed(1)}M`;
    if (count >= 1e3) return `${(count / 1e3).toFixed(1)}K`;
    return String(count);
}

export interface Styles {
    dim(text: string): string;
    bold(text: string): string;
    red(text: string): string;
    green(text: string): string;
}

export function stylesFor(enabled: boolean): Styles {
    const wrap = (open: number, close: number) => (text: string) =>
        enabled && text !== "" ? `\x1b[${open}m${text}\x1b[${close}m` : text;
    return { dim: wrap(2, 22), bold: wrap(1, 22), red: wrap(31, 39), green: wrap(32, 39) };
}

/** Renders rows as aligned columns. */
export function table(rows: string[][]): string {
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => visibleLength(row[column] ?? ""))));
    return (
        rows
            .map((row) =>
                row
                    .map((cell, column) => cell + " ".repeat(widths[column]! - visibleLength(cell)))
                    .join("  ")
                    .trimEnd()
            )
            .join("\n") + "\n"
    );
}

function visibleLength(text: string): number {
    return text.replace(/\x1b\[[0-9;]*m/g, "").length;
}
