// Rows of the public suites' data files below a downloaded folder: JSON lines (one object a line) and JSON files
// (one object, or a list of them), each row with the file and line it came from. A line that does not parse is
// reported, not fatal.

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidRequestError } from "../../errors.js";

export interface JsonRow {
    /** `FILE:LINE` (JSON lines) or `FILE#INDEX` (a JSON list), relative to the folder. */
    where: string;
    row: Record<string, unknown>;
}

export async function readJsonRows(
    srcDir: string,
    extensions: readonly (".jsonl" | ".json")[],
    /** Which data files (relative paths) to read; default every one below the folder. */
    include: (file: string) => boolean = () => true
): Promise<{ rows: JsonRow[]; unreadable: { name: string; reason: string }[] }> {
    const files = (
        await readdir(srcDir, { recursive: true }).catch(() => {
            throw new InvalidRequestError(`Cannot read ${srcDir}.`);
        })
    )
        .filter((f) => extensions.some((e) => f.endsWith(e)) && include(f))
        .sort();
    const rows: JsonRow[] = [];
    const unreadable: { name: string; reason: string }[] = [];
    for (const file of files) {
        const text = await readFile(join(srcDir, file), "utf8");
        const entries: [string, string][] = file.endsWith(".jsonl")
            ? text
                  .split("\n")
                  .map((line, i): [string, string] => [`${file}:${i + 1}`, line])
                  .filter(([, line]) => line.trim() !== "")
            : [[file, text]];
        for (const [where, json] of entries) {
            let parsed: unknown;
            try {
                parsed = JSON.parse(json);
            } catch (error) {
                unreadable.push({ name: where, reason: `not JSON: ${(error as Error).message}` });
                continue;
            }
            const list = Array.isArray(parsed) ? parsed : [parsed];
            list.forEach((row, i) => {
                if (typeof row === "object" && row !== null && !Array.isArray(row))
                    rows.push({
                        where: Array.isArray(parsed) ? `${where}#${i}` : where,
                        row: row as Record<string, unknown>
                    });
                else unreadable.push({ name: where, reason: "not a JSON object" });
            });
        }
    }
    return { rows, unreadable };
}
