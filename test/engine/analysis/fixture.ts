// Test fixtures written as one string: `//- path` lines start a file, `$0` marks the cursor (one mark) or a
// range (two marks), and the common indentation of the whole fixture is removed so tables stay readable.

import type { TextRange } from "../../../engine/analysis/index.js";

export interface FixtureFile {
    path: string;
    text: string;
}

export interface Fixture {
    files: FixtureFile[];
    /** The file holding the `$0` marks, and the offset or range they mark. */
    cursor?: { path: string; range: TextRange };
}

/** Removes a leading line break and the indentation every non-blank line shares. */
export function trimIndent(text: string): string {
    const body = text.replace(/^\r?\n/, "").replace(/\n[ \t]*$/, "\n");
    const indents = body
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => /^[ \t]*/.exec(line)![0].length);
    const common = indents.length > 0 ? Math.min(...indents) : 0;
    return body
        .split("\n")
        .map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length)))
        .join("\n");
}

/** Parses a fixture; text without `//- ` lines is one file named `defaultPath`. */
export function fixture(text: string, defaultPath = "main"): Fixture {
    const lines = trimIndent(text).split("\n");
    const files: FixtureFile[] = [];
    let current: { path: string; lines: string[] } | undefined;
    for (const line of lines) {
        const marker = /^\/\/- (\S+)\s*$/.exec(line);
        if (marker) {
            if (current) files.push({ path: current.path, text: current.lines.join("\n") });
            current = { path: marker[1]!, lines: [] };
            continue;
        }
        current ??= { path: defaultPath, lines: [] };
        current.lines.push(line);
    }
    if (current) files.push({ path: current.path, text: current.lines.join("\n") });
    const result: Fixture = { files: [] };
    for (const file of files) {
        const marks: number[] = [];
        let clean = "";
        let rest = file.text;
        for (let index = rest.indexOf("$0"); index !== -1; index = rest.indexOf("$0")) {
            clean += rest.slice(0, index);
            marks.push(clean.length);
            rest = rest.slice(index + 2);
        }
        clean += rest;
        if (marks.length > 0)
            result.cursor = { path: file.path, range: { start: marks[0]!, end: marks[1] ?? marks[0]! } };
        result.files.push({ path: file.path, text: clean });
    }
    return result;
}

/** The one file of a fixture with a cursor, and the cursor. */
export function cursorFile(parsed: Fixture): { file: FixtureFile; range: TextRange } {
    const cursor = parsed.cursor;
    if (!cursor) throw new Error("the fixture has no $0 mark");
    return { file: parsed.files.find((file) => file.path === cursor.path)!, range: cursor.range };
}
