// Splits a unified diff of one or many files into one section per file, with the paths its `---`/`+++` headers
// give (`a/` and `b/` dropped; `/dev/null` kept: a new file or a deleted one), so each applies to its own file.

export interface DiffSection {
    /** Undefined for a diff without file headers (its file is named elsewhere in the reply). */
    oldPath?: string;
    newPath?: string;
    text: string;
}

const devNull = "/dev/null";

function headerPath(raw: string): string {
    const path = raw.split("\t")[0]!.trim();
    if (path === devNull) return path;
    return /^[ab]\//.test(path) ? path.slice(2) : path;
}

export function diffSections(diff: string): DiffSection[] {
    const lines = diff.split("\n").map((line) => line.replace(/\r$/, ""));
    const sections: DiffSection[] = [];
    let current: { oldPath?: string; newPath?: string; lines: string[] } | undefined;
    const flush = () => {
        if (!current) return;
        const section: DiffSection = { text: current.lines.join("\n") };
        if (current.oldPath !== undefined) section.oldPath = current.oldPath;
        if (current.newPath !== undefined) section.newPath = current.newPath;
        sections.push(section);
    };
    for (let index = 0; index < lines.length; index++) {
        const line = lines[index]!;
        if (line.startsWith("--- ") && lines[index + 1]?.startsWith("+++ ")) {
            flush();
            current = {
                oldPath: headerPath(line.slice(4)),
                newPath: headerPath(lines[index + 1]!.slice(4)),
                lines: [line, lines[index + 1]!]
            };
            index++;
            continue;
        }
        if (line.startsWith("diff --git ")) continue;
        current ??= { lines: [] };
        current.lines.push(line);
    }
    flush();
    return sections.filter((section) => section.oldPath !== undefined || section.text.trim() !== "");
}

export function isDevNull(path: string | undefined): boolean {
    return path === devNull;
}
