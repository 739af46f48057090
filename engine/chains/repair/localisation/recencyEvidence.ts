// Evidence from recent changes: which lines of the suspects' files changed in the working tree or in the last
// commits, read with `git blame` on the host (read-only: no git command here writes). Outside a repository, or
// without git, this source is absent and says nothing.

import { execFile } from "node:child_process";
import { functionKey, type IndexedFunction, type SourceIndex } from "./SourceIndex.js";

export interface RecencyFinding {
    fn: IndexedFunction;
    /** Its lines changed in the working tree or in the recent commits. */
    changedLines: number;
    /** 0: uncommitted; 1: the last commit (HEAD); n: n commits back. */
    commitsAgo: number;
    strength: number;
}

/** How many commits back a change still counts as recent. */
export const recentCommits = 20;
/** A commit that touched more files than this (an import, a reformat, a rename) says nothing about where a bug is. */
const bulkCommitFiles = 20;
/** At most this many files are blamed, those with other evidence first. */
const mostBlamedFiles = 40;
const uncommitted = /^0{40}$/;

/** A read-only git command's output in `root`, or undefined when git fails (no repository, no git, an untracked file). */
export function gitOutput(
    root: string,
    args: string[],
    input?: string,
    signal?: AbortSignal
): Promise<string | undefined> {
    return new Promise((resolve) => {
        const child = execFile(
            "git",
            ["-C", root, "--no-pager", "-c", "core.quotepath=off", ...args],
            { maxBuffer: 64 * 1024 * 1024, signal, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } },
            (error, stdout) => resolve(error ? undefined : stdout)
        );
        // git may exit before reading its input (a file it does not track): the broken pipe is that answer, not a fault.
        child.stdin?.on("error", () => undefined);
        if (input !== undefined) child.stdin?.end(input);
    });
}

/** The recent commits, newest first, with the files each touched; bulk and root commits are marked uninformative. */
async function recentHistory(root: string, signal?: AbortSignal) {
    const log = await gitOutput(
        root,
        ["log", `-n${recentCommits}`, "--format=@%H %P", "--name-only", "--relative"],
        undefined,
        signal
    );
    if (log === undefined) return undefined;
    const commits: { hash: string; informative: boolean; files: string[] }[] = [];
    for (const line of log.split("\n")) {
        if (line.startsWith("@")) {
            const [hash, ...parents] = line.slice(1).trim().split(" ");
            commits.push({ hash: hash!, informative: parents.length > 0, files: [] });
        } else if (line.trim() !== "") commits.at(-1)?.files.push(line.trim());
    }
    for (const commit of commits) if (commit.files.length > bulkCommitFiles) commit.informative = false;
    return commits;
}

/** Per line of the file (1-based), the commit that last changed it, from `git blame --porcelain` of the workspace's text. */
async function blame(
    root: string,
    path: string,
    text: string,
    signal?: AbortSignal
): Promise<Map<number, string> | undefined> {
    const porcelain = await gitOutput(root, ["blame", "--porcelain", "--contents", "-", "--", path], text, signal);
    if (porcelain === undefined) return undefined;
    const lines = new Map<number, string>();
    for (const header of porcelain.matchAll(/^([0-9a-f]{40}) \d+ (\d+)(?: (\d+))?$/gm)) {
        lines.set(Number(header[2]), header[1]!);
    }
    return lines;
}

/**
 * The recency of the suspects' code: every function of the files with other evidence (`suspectFiles`) and of the
 * files the recent commits or the working tree changed. Undefined when the workspace is not in a git repository.
 */
export async function recencyEvidence(
    index: SourceIndex,
    suspectFiles: readonly string[],
    signal?: AbortSignal
): Promise<Map<string, RecencyFinding> | undefined> {
    const root = index.root;
    if ((await gitOutput(root, ["rev-parse", "--is-inside-work-tree"], undefined, signal))?.trim() !== "true")
        return undefined;
    const history = await recentHistory(root, signal);
    // A repository without commits has nothing to compare the working tree with.
    if (history === undefined || history.length === 0) return undefined;
    // `--short` (unlike `--porcelain`) gives paths relative to the workspace's folder, as the index holds them.
    const status = await gitOutput(root, ["status", "--short", "--untracked-files=all", "."], undefined, signal);
    const changedByStatus = (status ?? "").split("\n").map((line) => line.slice(3).split(" -> ").pop()!.trim());
    const candidates = [...new Set([...suspectFiles, ...history.flatMap((commit) => commit.files), ...changedByStatus])]
        .filter((path) => index.files.has(path) && !index.files.get(path)!.isTestFile)
        .slice(0, mostBlamedFiles);
    const commitsAgo = new Map(history.map((commit, position) => [commit.hash, position + 1]));
    const informative = new Set(history.filter((commit) => commit.informative).map((commit) => commit.hash));
    const byFunction = new Map<string, RecencyFinding>();
    for (const path of candidates) {
        const file = index.files.get(path)!;
        const lines = await blame(root, path, file.text, signal);
        // A file git does not know yet (untracked) is new in the working tree: every line is a change.
        const ageOf = (line: number): number | undefined => {
            const hash = lines?.get(line);
            if (lines === undefined || (hash !== undefined && uncommitted.test(hash))) return 0;
            return hash !== undefined && informative.has(hash) ? commitsAgo.get(hash) : undefined;
        };
        for (const fn of file.functions) {
            if (fn.isTestCode) continue;
            let changedLines = 0;
            let latest = Infinity;
            for (let line = fn.startLine; line <= fn.endLine; line++) {
                const age = ageOf(line);
                if (age === undefined) continue;
                changedLines++;
                latest = Math.min(latest, age);
            }
            if (changedLines === 0) continue;
            byFunction.set(functionKey(fn), { fn, changedLines, commitsAgo: latest, strength: 1 / (1 + latest / 2) });
        }
    }
    return byFunction;
}
