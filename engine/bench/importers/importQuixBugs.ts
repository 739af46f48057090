// QuixBugs' layout (python_programs/NAME.py with a one-line bug, correct_python_programs/NAME.py, and
// json_testcases/NAME.json with one `[ARGS, EXPECTED]` array a line) as two tasks per program: fix the buggy
// program, judged by the cases; and write tests for the correct one, judged by whether they catch the bug.
// Cases are read exactly (3.0 stays a float), floats are judged within QuixBugs' tolerance (sqrt within its
// epsilon argument), and, given a sandbox, each reference must pass its own cases in time before it is written.

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidRequestError } from "../../errors.js";
import { ExactJsonSyntaxError, parseExactJson, type ExactJson } from "../../chains/port/exactJson.js";
import type { InputOutputCases } from "../BenchTypes.js";
import { checkReference, type ReferenceCheckOptions } from "./checkReference.js";
import { writeTask, type ImportResult } from "./writeTask.js";

/** QuixBugs' own tests check these programs' float results within an argument (sqrt's epsilon), by its index. */
const toleranceArguments: Record<string, number> = { sqrt: 1 };

export interface QuixBugsImportOptions {
    limit?: number;
    /** Checks each reference against its cases before writing it (see checkReference.ts). */
    referenceCheck?: ReferenceCheckOptions;
}

export async function importQuixBugs(
    srcDir: string,
    suiteDir: string,
    options: QuixBugsImportOptions = {}
): Promise<ImportResult> {
    const programs = await readdir(join(srcDir, "python_programs")).catch(() => {
        throw new InvalidRequestError(
            `${srcDir} is not a QuixBugs folder: it has no python_programs/ (expected python_programs/, correct_python_programs/, json_testcases/).`
        );
    });
    const result: ImportResult = { written: [], skipped: [] };
    for (const file of programs.filter((f) => f.endsWith(".py") && !f.endsWith("_test.py")).sort()) {
        if (options.limit !== undefined && result.written.length >= options.limit * 2) break;
        const name = file.slice(0, -3);
        const buggy = await readFile(join(srcDir, "python_programs", file), "utf8");
        const correct = await readFile(join(srcDir, "correct_python_programs", file), "utf8").catch(() => undefined);
        const casesText = await readFile(join(srcDir, "json_testcases", `${name}.json`), "utf8").catch(() => undefined);
        if (correct === undefined) {
            result.skipped.push({ name, reason: "no correct_python_programs version" });
            continue;
        }
        if (casesText === undefined) {
            result.skipped.push({ name, reason: "no json_testcases file (its tests need helper classes)" });
            continue;
        }
        if (!new RegExp(`^def ${name}\\(`, "m").test(buggy)) {
            result.skipped.push({ name, reason: `it defines no function ${name}` });
            continue;
        }
        let cases: InputOutputCases["cases"];
        try {
            cases = casesText
                .split("\n")
                .filter((line) => line.trim() !== "")
                .map((line) => {
                    const [input, output] = parseExactJson(line.trim()) as [ExactJson, ExactJson];
                    return { input: Array.isArray(input) ? input : [input], output };
                });
        } catch (error) {
            if (!(error instanceof ExactJsonSyntaxError)) throw error;
            result.skipped.push({ name, reason: `json_testcases/${name}.json does not parse: ${error.message}` });
            continue;
        }
        const hiddenCases: InputOutputCases = {
            function: name,
            cases,
            ...(toleranceArguments[name] !== undefined ? { tolerance: { argument: toleranceArguments[name] } } : {})
        };
        if (options.referenceCheck) {
            const check = await checkReference(
                { [`${name}.py`]: correct },
                `${name}.py`,
                "python",
                hiddenCases,
                options.referenceCheck
            );
            if (check.kind === "refused") {
                result.skipped.push({ name, reason: check.reason });
                continue;
            }
            if (check.testTimeoutMs !== undefined) hiddenCases.testTimeoutMs = check.testTimeoutMs;
        }
        const source = `QuixBugs ${name}`;
        result.written.push(
            await writeTask(suiteDir, {
                id: `quixbugs-${name}-fix`,
                job: "fix",
                target: { file: `${name}.py`, symbol: name },
                source,
                workspace: { [`${name}.py`]: buggy },
                hiddenCases
            })
        );
        result.written.push(
            await writeTask(suiteDir, {
                id: `quixbugs-${name}-tests`,
                job: "tests",
                target: { file: `${name}.py`, symbol: name },
                source,
                workspace: { [`${name}.py`]: correct },
                variants: { "quixbugs-bug": { [`${name}.py`]: buggy } }
            })
        );
    }
    return result;
}
