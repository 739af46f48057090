// The repository-level suite as data: each task's snapshot files, hidden tests, SWE-bench fields and gold fix
// (whole functions before and after), written to disk in the suite format at test time, so no fixture file of a
// task is compiled, linted or collected by the project's own test runner.

import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { GoldLocation, SourceLanguage } from "../../../engine/testing.js";

export interface GoldFix {
    file: string;
    /** The buggy function's whole text, exactly as in the snapshot, and its corrected text. */
    before: string;
    after: string;
    /** Its name as localisation writes it. */
    function: string;
}

export interface RepoTaskSource {
    instance_id: string;
    language: SourceLanguage;
    problem_statement: string;
    /** The snapshot's files. */
    files: Record<string, string>;
    /** Files laid over the snapshot when judging (the hidden tests). */
    hidden: Record<string, string>;
    FAIL_TO_PASS: string[];
    PASS_TO_PASS: string[];
    /** Visible failing tests handed to the chain; absent: the bug report only. */
    failing_tests?: string[];
    fixes: GoldFix[];
}

/** The snapshot with the gold fix applied. */
export function fixedFiles(task: RepoTaskSource): Record<string, string> {
    const files: Record<string, string> = {};
    for (const fix of task.fixes) {
        const text = files[fix.file] ?? task.files[fix.file]!;
        if (!text.includes(fix.before))
            throw new Error(`${task.instance_id}: the gold fix's text is not in ${fix.file}`);
        files[fix.file] = text.replace(fix.before, fix.after);
    }
    return files;
}

/** The gold locations with the first line the fix changes. */
export function goldLocations(task: RepoTaskSource): GoldLocation[] {
    return task.fixes.map((fix) => {
        const text = task.files[fix.file]!;
        const start = text.slice(0, text.indexOf(fix.before)).split("\n").length;
        const before = fix.before.split("\n");
        const after = fix.after.split("\n");
        let differs = 0;
        while (differs < before.length && before[differs] === after[differs]) differs++;
        return { file: fix.file, function: fix.function, line: start + Math.min(differs, before.length - 1) };
    });
}

/** Writes the tasks as a suite: `<dir>/<instance_id>/{task.json, repo/, hidden/}`. */
export async function writeRepoSuite(dir: string, tasks: readonly RepoTaskSource[]): Promise<string> {
    for (const task of tasks) {
        const taskDir = join(dir, task.instance_id);
        await writeTree(join(taskDir, "repo"), task.files);
        await writeTree(join(taskDir, "hidden"), task.hidden);
        const json = {
            instance_id: task.instance_id,
            language: task.language,
            problem_statement: task.problem_statement,
            FAIL_TO_PASS: task.FAIL_TO_PASS,
            PASS_TO_PASS: task.PASS_TO_PASS,
            ...(task.failing_tests ? { failing_tests: task.failing_tests } : {}),
            gold: goldLocations(task),
            source: "Ponder's repository suite"
        };
        await writeFile(join(taskDir, "task.json"), JSON.stringify(json, null, 2) + "\n");
    }
    return dir;
}

export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
    await mkdir(root, { recursive: true });
    for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), text);
    }
}
