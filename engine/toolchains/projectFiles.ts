// Which files of a project a test run copies into scratch when the caller does not list them: everything
// but version control, dependencies, build output and large files.

import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { InvalidRequestError } from "../errors.js";

const skippedFolders = new Set([
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "target",
    "__pycache__",
    ".venv",
    "venv",
    ".tox",
    ".mypy_cache",
    ".pytest_cache",
    ".ponder-run",
    "dist",
    "build",
    "out",
    "coverage",
    ".cache",
    ".idea",
    ".vscode"
]);
const largestFile = 2 * 1024 * 1024;
const mostFiles = 5000;

/** Relative paths of the project's files worth copying, sorted. */
export async function projectFiles(root: string): Promise<string[]> {
    const found: string[] = [];
    async function visit(relative: string): Promise<void> {
        for (const entry of await readdir(join(root, relative), { withFileTypes: true })) {
            const path = relative ? `${relative}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                if (!skippedFolders.has(entry.name)) await visit(path);
            } else if (entry.isFile()) {
                if ((await lstat(join(root, path))).size <= largestFile) found.push(path);
                if (found.length > mostFiles)
                    throw new InvalidRequestError(
                        `${root} has more than ${mostFiles} files; list the files the tests need.`
                    );
            }
        }
    }
    await visit("");
    return found.sort();
}
