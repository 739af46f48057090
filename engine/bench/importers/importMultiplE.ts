// MultiPL-E-style Python→Rust port tasks: the Python original from HumanEval (a HumanEvalPack Python row, or a row
// of OpenAI's HumanEval.jsonl: prompt + canonical_solution) and the hidden checks from MultiPL-E's Rust translation
// of its tests (rows with name `HumanEval_N_entry`, language `rs`, tests). The Rust asserts become input/output
// cases, so the judge renders them for the signature the port chose rather than MultiPL-E's.

import { InvalidRequestError } from "../../errors.js";
import type { HumanEvalPackRow } from "./importHumanEvalPack.js";
import { readJsonRows } from "./readJsonRows.js";
import { casesOfRustTests, UnreadableRustTest } from "./rustTestValues.js";
import { writeTask, type ImportResult } from "./writeTask.js";

/** The fields of a MultiPL-E problem this importer reads (the others: doctests, original, prompt_terminology, stop_tokens). */
interface MultiplERow {
    name: string;
    language: string;
    prompt: string;
    tests: string;
}

type PythonRow = Pick<HumanEvalPackRow, "task_id" | "prompt" | "canonical_solution" | "entry_point">;

export async function importMultiplE(
    srcDir: string,
    suiteDir: string,
    options: { limit?: number } = {}
): Promise<ImportResult> {
    const { rows, unreadable } = await readJsonRows(srcDir, [".jsonl", ".json"]);
    const result: ImportResult = { written: [], skipped: [...unreadable] };
    const python = new Map<string, PythonRow>();
    const rust: { where: string; row: MultiplERow }[] = [];
    for (const { where, row } of rows) {
        if (
            typeof row["task_id"] === "string" &&
            ["prompt", "canonical_solution", "entry_point"].every((f) => typeof row[f] === "string")
        ) {
            const [language, number] = row["task_id"].split("/");
            if (language === "Python" || language === "HumanEval") python.set(number!, row as unknown as PythonRow);
        } else if (
            typeof row["name"] === "string" &&
            typeof row["tests"] === "string" &&
            typeof row["language"] === "string"
        ) {
            if (row["language"] === "rs") rust.push({ where, row: row as unknown as MultiplERow });
        } else
            result.skipped.push({
                name: where,
                reason: "neither a HumanEval Python row (task_id, prompt, canonical_solution, entry_point) nor a MultiPL-E row (name, language, tests)"
            });
    }
    if (rust.length === 0)
        throw new InvalidRequestError(
            `${srcDir} holds no MultiPL-E Rust problem (rows with "name", "language": "rs" and "tests", as in humaneval-rs-*.jsonl).`
        );
    for (const { row } of rust.sort((a, b) => a.row.name.localeCompare(b.row.name, "en", { numeric: true }))) {
        if (options.limit !== undefined && result.written.length >= options.limit) break;
        const name = /^HumanEval_(\d+)_(\w+)$/.exec(row.name);
        const original = name ? python.get(name[1]!) : undefined;
        if (!name || !original) {
            result.skipped.push({
                name: row.name,
                reason: name
                    ? `no HumanEval Python row with task_id Python/${name[1]} or HumanEval/${name[1]}`
                    : "its name is not HumanEval_NUMBER_ENTRYPOINT"
            });
            continue;
        }
        if (original.entry_point !== name[2]) {
            result.skipped.push({
                name: row.name,
                reason: `the HumanEval row's entry point is ${original.entry_point}, not ${name[2]}`
            });
            continue;
        }
        let cases;
        try {
            cases = casesOfRustTests(row.tests);
        } catch (error) {
            if (!(error instanceof UnreadableRustTest)) throw error;
            result.skipped.push({
                name: row.name,
                reason: `its Rust tests are not plain asserts on literal values: ${error.message}`
            });
            continue;
        }
        const entry = original.entry_point;
        result.written.push(
            await writeTask(suiteDir, {
                id: `multipl-e-humaneval-${name[1]}-rust`,
                job: "port",
                to: "rust",
                source: `MultiPL-E ${row.name} (HumanEval ${original.task_id})`,
                target: { file: `${entry}.py` },
                workspace: { [`${entry}.py`]: original.prompt + original.canonical_solution },
                hiddenCases: { function: entry, cases }
            })
        );
    }
    return result;
}
