// Reads a repository-level suite from disk: one folder per task with its task.json (SWE-bench's fields plus the
// language and the gold locations), the repository snapshot in repo/ and the hidden test files in hidden/.
// A malformed task is refused with a message naming its file and field. docs/bench-suite.md describes the format.

import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { InvalidRequestError } from "../../errors.js";
import { isSourceLanguage, sourceLanguageNames } from "../../languages/index.js";
import type { GoldLocation, RepoTask } from "./RepoBenchTypes.js";

/** The tasks of the suite in `suiteDir`, sorted by instance id. */
export async function loadRepoSuite(suiteDir: string): Promise<RepoTask[]> {
    const entries = await readdir(suiteDir, { withFileTypes: true }).catch(() => {
        throw new InvalidRequestError(`Cannot read the repository suite folder ${suiteDir}.`);
    });
    const tasks: RepoTask[] = [];
    for (const entry of entries.filter((e) => e.isDirectory())) {
        const dir = join(suiteDir, entry.name);
        if (await isFile(join(dir, "task.json"))) tasks.push(await loadRepoTask(dir));
    }
    if (tasks.length === 0)
        throw new InvalidRequestError(
            `${suiteDir} holds no task: a repository suite is one folder per task, each with a task.json, repo/ and hidden/.`
        );
    tasks.sort((a, b) => a.instance_id.localeCompare(b.instance_id));
    for (let i = 1; i < tasks.length; i++)
        if (tasks[i]!.instance_id === tasks[i - 1]!.instance_id)
            throw new InvalidRequestError(`Two tasks of ${suiteDir} have the instance_id "${tasks[i]!.instance_id}".`);
    return tasks;
}

/** One task folder: task.json, repo/ (the snapshot) and hidden/ (files laid over it when judging). */
export async function loadRepoTask(dir: string): Promise<RepoTask> {
    const path = join(dir, "task.json");
    let raw: unknown;
    try {
        raw = JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
        throw new InvalidRequestError(`${path} is not valid JSON: ${(error as Error).message}`);
    }
    const bad = (why: string) => new InvalidRequestError(`${path}: ${why}.`);
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("the task must be a JSON object");
    const fields = raw as Record<string, unknown>;
    const text = (name: string): string => {
        const value = fields[name];
        if (typeof value !== "string" || value.trim() === "") throw bad(`"${name}" must be a non-empty string`);
        return value;
    };
    const instanceId = text("instance_id");
    const language = text("language");
    if (!isSourceLanguage(language))
        throw bad(`"language" must be one of ${sourceLanguageNames().join(", ")}; got ${JSON.stringify(language)}`);
    const failToPass = testIdList(fields["FAIL_TO_PASS"], "FAIL_TO_PASS", bad);
    if (failToPass.length === 0) throw bad(`"FAIL_TO_PASS" must name at least one test`);
    const passToPass = testIdList(fields["PASS_TO_PASS"] ?? [], "PASS_TO_PASS", bad);
    const failing = testIdList(fields["failing_tests"] ?? [], "failing_tests", bad);
    const gold = goldLocations(fields["gold"], bad);
    const repoDir = join(dir, "repo");
    const hiddenDir = join(dir, "hidden");
    if (!(await isDirectory(repoDir))) throw bad("the task has no repo/ folder (the repository snapshot)");
    if (!(await isDirectory(hiddenDir))) throw bad("the task has no hidden/ folder (the hidden tests)");
    for (const location of gold)
        if (!(await isFile(join(repoDir, location.file))))
            throw bad(`the gold location's file repo/${location.file} does not exist`);
    return {
        instance_id: instanceId,
        language,
        problem_statement: text("problem_statement"),
        FAIL_TO_PASS: failToPass,
        PASS_TO_PASS: passToPass,
        ...(failing.length > 0 ? { failing_tests: failing } : {}),
        gold,
        ...(typeof fields["source"] === "string" ? { source: fields["source"] } : {}),
        repoDir,
        hiddenDir
    };
}

/** A list of test ids: a JSON array of strings, or SWE-bench's JSON-encoded string of one. */
export function testIdList(value: unknown, name: string, bad: (why: string) => Error): string[] {
    let list = value;
    if (typeof value === "string") {
        try {
            list = JSON.parse(value);
        } catch {
            throw bad(`"${name}" is a string but not a JSON-encoded list of test ids`);
        }
    }
    if (!Array.isArray(list) || !list.every((id) => typeof id === "string" && id !== ""))
        throw bad(`"${name}" must be a list of test ids (strings)`);
    return list as string[];
}

function goldLocations(value: unknown, bad: (why: string) => Error): GoldLocation[] {
    if (!Array.isArray(value) || value.length === 0)
        throw bad(`"gold" must be a non-empty list of {"file", "function"} (the bench's answer key)`);
    return value.map((entry, index) => {
        const fields = entry as Record<string, unknown> | null;
        if (typeof fields?.["file"] !== "string" || typeof fields["function"] !== "string")
            throw bad(`"gold"[${index}] must be {"file": PATH, "function": NAME, "line"?: N}`);
        const line = fields["line"];
        if (line !== undefined && !(Number.isInteger(line) && (line as number) >= 1))
            throw bad(`"gold"[${index}].line must be a 1-based line number`);
        return {
            file: fields["file"].replace(/\\/g, "/"),
            function: fields["function"],
            ...(line !== undefined ? { line: line as number } : {})
        };
    });
}

async function isFile(path: string): Promise<boolean> {
    return stat(path).then(
        (s) => s.isFile(),
        () => false
    );
}

async function isDirectory(path: string): Promise<boolean> {
    return stat(path).then(
        (s) => s.isDirectory(),
        () => false
    );
}
