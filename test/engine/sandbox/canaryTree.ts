// A tree of files outside any sandbox's scratch, hashed before and after a hostile run to prove the run
// changed nothing outside scratch.

import { createHash } from "node:crypto";
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CanaryTree {
    root: string;
    /** A project folder runs copy files from; `secret.txt` in it is never copied. */
    workspace: string;
    /** A folder no run is given. */
    outside: string;
    secret: string;
    hash(): Promise<string>;
    dispose(): Promise<void>;
}

export async function createCanaryTree(): Promise<CanaryTree> {
    const root = await mkdtemp(join(tmpdir(), "ponder-canary-"));
    const workspace = join(root, "workspace");
    const outside = join(root, "outside");
    const secret = `secret-${Math.random().toString(36).slice(2)}`;
    await mkdir(join(workspace, "src"), { recursive: true });
    await mkdir(outside);
    await writeFile(join(workspace, "src", "main.py"), "print('hello')\n");
    await writeFile(join(workspace, "secret.txt"), `${secret}\n`);
    await writeFile(join(outside, "secret.txt"), `${secret}\n`);
    await writeFile(join(outside, "notes.md"), "do not touch\n");
    await symlink(join(outside, "secret.txt"), join(workspace, "link-to-outside"));
    return {
        root,
        workspace,
        outside,
        secret,
        hash: () => hashTree(root),
        dispose: () => rm(root, { recursive: true, force: true })
    };
}

/** Hash of every entry's path, type, mode and content (symlinks by their text). */
export async function hashTree(root: string): Promise<string> {
    const hash = createHash("sha256");
    async function visit(path: string, relative: string): Promise<void> {
        const facts = await lstat(path);
        hash.update(`${relative}\0${facts.mode}\0`);
        if (facts.isSymbolicLink()) hash.update(await readlink(path));
        else if (facts.isFile()) hash.update(await readFile(path));
        else if (facts.isDirectory()) {
            for (const name of (await readdir(path)).sort()) await visit(join(path, name), `${relative}/${name}`);
        }
    }
    await visit(root, ".");
    return hash.digest("hex");
}

/** Pids of live processes whose command line contains `marker`. */
export async function processesWith(marker: string): Promise<number[]> {
    const found: number[] = [];
    for (const entry of await readdir("/proc")) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        const commandLine = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
        if (commandLine.includes(marker)) found.push(Number(entry));
    }
    return found;
}
