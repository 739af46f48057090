// Signs that code under verdict tried to decide its own verdict, found two ways: a scan of the text it added (a
// patch's new lines, a generated test block) for reaches into the test runner, its reports or the process's exit;
// and a look at scratch after each run for files the run wrote that decide how tests run (a conftest.py, a
// sitecustomize.py, a runner's config, a test file). A run with any sign is never evidence (TestRunResult.tampering).

import { lstat, readdir } from "node:fs/promises";
import { join, posix } from "node:path";
import { toolchainSupportOf } from "../languages/index.js";
import type { ToolchainName } from "./TestRunResult.js";
import { runFolder } from "./toolchainRun.js";

/** What the added texts (by file) do that no honest patch or test needs: one sentence per file and sign. */
export function scanForTampering(toolchain: ToolchainName, added: Record<string, string>): string[] {
    const found: string[] = [];
    const support = toolchainSupportOf(toolchain);
    if (!support) return found;
    for (const [file, text] of Object.entries(added)) {
        const code = text.replace(support.commentLine, "");
        for (const { pattern, says } of support.tamperSigns) {
            const match = pattern.exec(code);
            if (match) found.push(`${file} ${says} (\`${match[0].trim().slice(0, 60)}\`)`);
        }
    }
    return found;
}

/** Lines of `text` that `original` does not have (as a multiset): what a patch added, for the scan. */
export function addedLines(original: string | undefined, text: string): string {
    if (original === undefined) return text;
    const counts = new Map<string, number>();
    for (const line of original.split("\n")) counts.set(line, (counts.get(line) ?? 0) + 1);
    const added: string[] = [];
    for (const line of text.split("\n")) {
        const left = counts.get(line) ?? 0;
        if (left > 0) counts.set(line, left - 1);
        else added.push(line);
    }
    return added.join("\n");
}

/** Each file of scratch (outside Ponder's and dependency folders) with its size and change time. */
export async function scratchState(root: string): Promise<Map<string, string>> {
    const state = new Map<string, string>();
    const folders = [""];
    while (folders.length > 0) {
        const folder = folders.pop()!;
        const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const path = folder ? `${folder}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                if (![runFolder, "node_modules", ".git", "__pycache__", "target"].includes(entry.name))
                    folders.push(path);
                continue;
            }
            const facts = await lstat(join(root, path)).catch(() => undefined);
            if (facts) state.set(path, `${facts.size}:${facts.mtimeMs}:${facts.ino}`);
        }
    }
    return state;
}

/** A file that decides how tests run or what they check: a test file, a runner's configuration, a start-up hook. */
export function decidesVerdicts(path: string, testFiles: string[]): boolean {
    const name = posix.basename(path);
    return (
        testFiles.some((test) => test === path || test.startsWith(`${path}::`)) ||
        /^(conftest\.py|sitecustomize\.py|usercustomize\.py|pytest\.ini|tox\.ini|setup\.cfg|pyproject\.toml|package\.json|Cargo\.toml|build\.rs|go\.mod|go\.sum|modules\.txt)$/.test(
            name
        ) ||
        /\.pth$/.test(name) ||
        /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(path) ||
        /_test\.go$/.test(name) ||
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(name) ||
        (/(^|\/)tests?\//.test(path) && /\.(py|[cm]?[jt]sx?|rs)$/.test(name))
    );
}

/** The verdict-deciding files a run added, changed or removed, as tampering signs. */
export function verdictFilesChanged(
    before: Map<string, string>,
    after: Map<string, string>,
    testFiles: string[]
): string[] {
    const changed = new Set<string>();
    for (const [path, facts] of after) if (before.get(path) !== facts) changed.add(path);
    for (const path of before.keys()) if (!after.has(path)) changed.add(path);
    return [...changed]
        .filter((path) => decidesVerdicts(path, testFiles))
        .sort()
        .map(
            (path) =>
                `the run ${after.has(path) ? (before.has(path) ? "changed" : "wrote") : "removed"} ${path}, which decides how tests run`
        );
}
