// HumanEvalPack / HumanEvalFix (JSON-lines rows with task_id, prompt, declaration, buggy_solution,
// canonical_solution, test, entry_point; Python and Rust) as two tasks per row: fix the buggy solution, judged
// by the row's tests; and write tests for the canonical solution, judged by whether they catch the bug.

import { InvalidRequestError } from "../../errors.js";
import { readJsonRows } from "./readJsonRows.js";
import { writeTask, type ImportResult } from "./writeTask.js";

export interface HumanEvalPackRow {
    task_id: string;
    prompt: string;
    declaration: string;
    buggy_solution: string;
    canonical_solution: string;
    test: string;
    entry_point: string;
    test_setup?: string;
}

/** Crates HumanEvalPack's Rust declarations import that an offline build does not have, and how code uses them. */
const externalCrates: Record<string, RegExp> = {
    rand: /\brand::|\bRng\b/,
    regex: /\bregex::|\bRegex\b/,
    md5: /\bmd5::/
};

export async function importHumanEvalPack(
    srcDir: string,
    suiteDir: string,
    options: { limit?: number } = {}
): Promise<ImportResult> {
    const { rows, unreadable } = await readJsonRows(srcDir, [".jsonl"]);
    if (rows.length === 0 && unreadable.length === 0)
        throw new InvalidRequestError(
            `${srcDir} holds no .jsonl file (HumanEvalPack keeps data/LANGUAGE/data/humanevalpack.jsonl).`
        );
    const result: ImportResult = { written: [], skipped: [...unreadable] };
    for (const { where, row: fields } of rows) {
        if (options.limit !== undefined && result.written.length >= options.limit * 2) return result;
        const row = fields as unknown as HumanEvalPackRow;
        const missing = [
            "task_id",
            "declaration",
            "buggy_solution",
            "canonical_solution",
            "test",
            "entry_point"
        ].filter((field) => typeof (row as unknown as Record<string, unknown>)[field] !== "string");
        if (missing.length > 0) {
            result.skipped.push({ name: where, reason: `missing ${missing.join(", ")}` });
            continue;
        }
        const [language, number] = row.task_id.split("/");
        const id = `humanevalpack-${(language ?? "").toLowerCase()}-${number}`;
        const source = `HumanEvalPack ${row.task_id}`;
        if (language === "Python") {
            const prompt = typeof row.prompt === "string" && row.prompt !== "" ? row.prompt : row.declaration;
            const hidden = { [`test_hidden_${row.entry_point}.py`]: pythonCheck(row) };
            result.written.push(
                await writeTask(suiteDir, {
                    id: `${id}-fix`,
                    job: "fix",
                    source,
                    target: { file: "solution.py", symbol: row.entry_point },
                    workspace: { "solution.py": prompt + row.buggy_solution },
                    hiddenTests: hidden
                })
            );
            result.written.push(
                await writeTask(suiteDir, {
                    id: `${id}-tests`,
                    job: "tests",
                    source,
                    target: { file: "solution.py", symbol: row.entry_point },
                    workspace: { "solution.py": prompt + row.canonical_solution },
                    variants: { "humanevalfix-bug": { "solution.py": prompt + row.buggy_solution } }
                })
            );
        } else if (language === "Rust") {
            const declaration = withoutUnusedCrates(row.declaration, row.buggy_solution + row.canonical_solution);
            if (declaration === undefined) {
                result.skipped.push({
                    name: row.task_id,
                    reason: `it uses a crate (${Object.keys(externalCrates).join(", ")}) an offline build cannot fetch`
                });
                continue;
            }
            const cargo = `[package]\nname = "humaneval"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n`;
            result.written.push(
                await writeTask(suiteDir, {
                    id: `${id}-fix`,
                    job: "fix",
                    source,
                    target: { file: "src/lib.rs", symbol: row.entry_point },
                    workspace: { "Cargo.toml": cargo, "src/lib.rs": declaration + row.buggy_solution },
                    hiddenAppended: { "src/lib.rs": row.test }
                })
            );
            result.written.push(
                await writeTask(suiteDir, {
                    id: `${id}-tests`,
                    job: "tests",
                    source,
                    target: { file: "src/lib.rs", symbol: row.entry_point },
                    workspace: { "Cargo.toml": cargo, "src/lib.rs": declaration + row.canonical_solution },
                    variants: { "humanevalfix-bug": { "src/lib.rs": declaration + row.buggy_solution } }
                })
            );
        } else {
            result.skipped.push({ name: row.task_id, reason: `language ${language} is not Python or Rust` });
        }
    }
    return result;
}

/** The row's `check` function as a pytest test: its module-level call becomes a test function. */
function pythonCheck(row: HumanEvalPackRow): string {
    const body = row.test.replace(new RegExp(`^check\\(${row.entry_point}\\)\\s*$`, "m"), "").trimEnd();
    return `from solution import *\n${row.test_setup ?? ""}\n${body}\n\n\ndef test_check():\n    check(${row.entry_point})\n`;
}

/** The declaration without `use` lines of unavailable crates, or undefined when the code needs one. */
function withoutUnusedCrates(declaration: string, code: string): string | undefined {
    let text = declaration;
    for (const [crate, usage] of Object.entries(externalCrates)) {
        if (usage.test(code)) return undefined;
        text = text.replace(new RegExp(`^use ${crate}(::[^;]*)?;[ \\t]*\\n?`, "m"), "");
    }
    return text;
}
