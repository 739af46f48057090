// Writes one task in the suite format (docs/bench-suite.md): task.json, the workspace the chain gets, and the
// hidden checks beside it. Importers of public layouts all go through here.

import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { InvalidRequestError } from "../../errors.js";
import { writeExactJson } from "../../chains/port/exactJson.js";
import type { PortTarget } from "../../chains/port/PortTypes.js";
import type { BenchJob, InputOutputCases } from "../BenchTypes.js";

export interface TaskFiles {
    id: string;
    job: BenchJob;
    target: { file: string; line: number } | { file: string; symbol: string } | { file: string };
    /** Port only: the target language. */
    to?: PortTarget;
    source: string;
    /** Files handed to the chain, by path relative to the workspace root. */
    workspace: Record<string, string>;
    /** Hidden test files, by the path they take in the workspace during judging. */
    hiddenTests?: Record<string, string>;
    /** Hidden texts appended to workspace files during judging. */
    hiddenAppended?: Record<string, string>;
    /** Input/output cases; bigints are written as exact integers. */
    hiddenCases?: InputOutputCases;
    /** Buggy versions of workspace files, by variant name. */
    variants?: Record<string, Record<string, string>>;
}

/** Writes the task's folder under `suiteDir`; refuses to write over a task already there. */
export async function writeTask(suiteDir: string, task: TaskFiles): Promise<string> {
    const dir = join(suiteDir, task.id);
    if (
        await stat(join(dir, "task.json")).then(
            () => true,
            () => false
        )
    )
        throw new InvalidRequestError(`${dir} already holds a task; import into an empty folder.`);
    const put = async (path: string, text: string) => {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
    };
    await put(
        join(dir, "task.json"),
        JSON.stringify(
            { job: task.job, ...(task.to ? { to: task.to } : {}), target: task.target, source: task.source },
            null,
            2
        ) + "\n"
    );
    for (const [path, text] of Object.entries(task.workspace)) await put(join(dir, "workspace", path), text);
    await mkdir(join(dir, "hidden"), { recursive: true });
    for (const [path, text] of Object.entries(task.hiddenTests ?? {}))
        await put(join(dir, "hidden", "tests", path), text);
    for (const [path, text] of Object.entries(task.hiddenAppended ?? {}))
        await put(join(dir, "hidden", "append", path), text);
    if (task.hiddenCases) await put(join(dir, "hidden", "cases.json"), exactJsonText(task.hiddenCases) + "\n");
    for (const [name, files] of Object.entries(task.variants ?? {}))
        for (const [path, text] of Object.entries(files)) await put(join(dir, "hidden", "variants", name, path), text);
    return dir;
}

/**
 * JSON text with bigints as plain digits (JSON.stringify refuses them; a number would round past 2^53) and
 * floats with a decimal point (`3.0` stays a float: Python reads it back as one). Cases are exact JSON: an
 * integer is a bigint, a number is a float.
 */
export function exactJsonText(value: unknown): string {
    // The markers start with a NUL character, which no case of a public suite holds; JSON.stringify writes it escaped.
    return JSON.stringify(
        value,
        (_, v: unknown) =>
            typeof v === "bigint"
                ? `\u0000bigint:${v}`
                : typeof v === "number" && (Number.isInteger(v) || !Number.isFinite(v))
                  ? `\u0000float:${writeExactJson(v)}`
                  : v,
        2
    )
        .replace(/"\\u0000bigint:(-?\d+)"/g, "$1")
        .replace(/"\\u0000float:([-+.\w]+)"/g, "$1");
}

/** What an import wrote and what it left out, with why. */
export interface ImportResult {
    written: string[];
    skipped: { name: string; reason: string }[];
}
