// Reads and applies the exact patches a suite ships (SWE-bench's `patch` and `test_patch`: `git diff` output),
// strictly by their line numbers: a hunk whose context does not match is an error, not a guess. Also says which
// lines of the old text each file's hunks change, for the gold locations.

export interface PatchHunk {
    /** 1-based first old line the hunk covers (0 for a new file's hunk). */
    oldStart: number;
    /** The hunk's lines with their marker: ' ' context, '-' removed, '+' added. */
    lines: string[];
}

export interface FilePatchSection {
    /** The old path (`a/…` stripped), absent for a new file. */
    oldPath?: string;
    /** The new path (`b/…` stripped), absent for a deleted file. */
    newPath?: string;
    hunks: PatchHunk[];
}

export class PatchApplyError extends Error {}

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The file sections of a git patch, in order. */
export function parseGitPatch(patch: string): FilePatchSection[] {
    const sections: FilePatchSection[] = [];
    let section: FilePatchSection | undefined;
    let hunk: PatchHunk | undefined;
    let remaining = { old: 0, new: 0 };
    const path = (text: string) => {
        const name = text.split("\t")[0]!.trim();
        return name === "/dev/null" ? undefined : name.replace(/^[ab]\//, "");
    };
    for (const line of patch.split("\n")) {
        if (hunk && (remaining.old > 0 || remaining.new > 0)) {
            const marker = line[0] ?? " ";
            if (marker === "\\") continue;
            hunk.lines.push(line === "" ? " " : line);
            if (marker !== "+") remaining.old--;
            if (marker !== "-") remaining.new--;
            continue;
        }
        if (line.startsWith("diff --git ")) {
            section = { hunks: [] };
            sections.push(section);
        } else if (line.startsWith("--- ")) {
            if (!section || section.hunks.length > 0) sections.push((section = { hunks: [] }));
            const old = path(line.slice(4));
            if (old !== undefined) section.oldPath = old;
        } else if (line.startsWith("+++ ") && section) {
            const next = path(line.slice(4));
            if (next !== undefined) section.newPath = next;
        } else if (section && hunkHeader.test(line)) {
            const match = hunkHeader.exec(line)!;
            hunk = { oldStart: Number(match[1]), lines: [] };
            remaining = { old: Number(match[2] ?? 1), new: Number(match[4] ?? 1) };
            section.hunks.push(hunk);
        }
    }
    return sections.filter((s) => s.oldPath !== undefined || s.newPath !== undefined);
}

/** `text` (the old file, "" for a new one) with the section's hunks applied; a mismatch throws PatchApplyError. */
export function applyPatchSection(text: string, section: FilePatchSection): string {
    const old = text === "" ? [] : text.split("\n");
    const out: string[] = [];
    let next = 0;
    for (const hunk of section.hunks) {
        const start = Math.max(hunk.oldStart - 1, 0);
        if (start < next) throw new PatchApplyError(`hunks of ${section.newPath ?? section.oldPath} overlap`);
        out.push(...old.slice(next, start));
        next = start;
        for (const line of hunk.lines) {
            const body = line.slice(1);
            if (line[0] === "+") {
                out.push(body);
                continue;
            }
            if (old[next] !== body)
                throw new PatchApplyError(
                    `${section.newPath ?? section.oldPath}:${next + 1}: the patch expects ${JSON.stringify(body)}, the file has ${JSON.stringify(old[next] ?? "(end of file)")}`
                );
            if (line[0] === " ") out.push(body);
            next++;
        }
    }
    out.push(...old.slice(next));
    return out.join("\n");
}

/**
 * The 1-based old lines a section changes: each removed line, and for lines only added, the old line they follow
 * (or the hunk's first line), so an insertion is placed in the function around it.
 */
export function changedOldLines(section: FilePatchSection): number[] {
    const lines = new Set<number>();
    for (const hunk of section.hunks) {
        let line = hunk.oldStart;
        for (const entry of hunk.lines) {
            if (entry[0] === "-") lines.add(line++);
            else if (entry[0] === "+") lines.add(Math.max(line - 1, hunk.oldStart, 1));
            else line++;
        }
    }
    return [...lines].sort((a, b) => a - b);
}
