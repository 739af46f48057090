// The writable directory a sandboxed run sees: a fresh copy of just the files it needs, plus generated files
// given as text. Ponder writes into it only between runs, and never through a symlink a run may have planted.

import { constants } from "node:fs";
import { cp, lchown, lstat, mkdir, mkdtemp, open, readdir, realpath, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, posix, sep } from "node:path";
import { InvalidRequestError } from "../errors.js";

/** What goes into a scratch directory. */
export interface ScratchInputs {
    /** Host directory that `paths` are relative to (a workspace root). */
    from?: string;
    /** Files or directories under `from` to copy. Directories are copied whole except `.git` and `node_modules`. */
    paths?: string[];
    /** Files to create with this text (generated tests, unsaved editor buffers), relative paths; they win over copies. */
    contents?: Record<string, string>;
}

export interface ScratchOptions {
    /** Where the scratch directory is made; default the OS temp directory. */
    parent?: string;
    /** Owner given to everything Ponder puts in scratch, so a sandbox user other than Ponder's can write it. */
    owner?: { uid: number; gid: number };
}

const skippedInCopies = new Set([".git", "node_modules"]);

/** Checks a path given relative to scratch and returns it normalised; absolute paths and `..` are refused. */
export function scratchRelativePath(path: string): string {
    const normalised = posix.normalize(path.split(sep).join("/"));
    if (path === "" || isAbsolute(path) || normalised === ".." || normalised.startsWith("../") || normalised === ".")
        throw new InvalidRequestError(`"${path}" must be a path inside the project, relative to its root.`);
    return normalised.replace(/\/$/, "");
}

export class Scratch {
    private disposed = false;

    private constructor(
        /** Host path of the scratch directory. */
        readonly path: string,
        private readonly owner: { uid: number; gid: number } | undefined
    ) {}

    static async create(inputs: ScratchInputs = {}, options: ScratchOptions = {}): Promise<Scratch> {
        const root = await realpath(await mkdtemp(join(options.parent ?? tmpdir(), "ponder-scratch-")));
        const scratch = new Scratch(root, options.owner);
        try {
            for (const path of inputs.paths ?? []) {
                if (inputs.from === undefined)
                    throw new InvalidRequestError("Scratch inputs list paths but no directory to copy them from.");
                const relative = scratchRelativePath(path);
                const source = join(inputs.from, relative);
                const facts = await lstat(source).catch(() => undefined);
                if (!facts)
                    throw new InvalidRequestError(
                        `Cannot copy ${path} into the sandbox: no such file or directory in ${inputs.from}.`
                    );
                await scratch.makeParents(relative);
                await cp(source, join(root, relative), {
                    recursive: true,
                    verbatimSymlinks: true,
                    force: true,
                    filter: (from) => from === source || !skippedInCopies.has(from.slice(from.lastIndexOf(sep) + 1))
                });
            }
            if (options.owner) await chownTree(root, options.owner);
            for (const [path, text] of Object.entries(inputs.contents ?? {})) await scratch.writeFile(path, text);
        } catch (error) {
            await scratch.dispose();
            throw error;
        }
        return scratch;
    }

    /** Writes a file, creating its folders. Refuses to pass through a symlink: a run may have planted one. */
    async writeFile(path: string, text: string | Uint8Array): Promise<void> {
        const relative = scratchRelativePath(path);
        await this.makeParents(relative);
        const target = join(this.path, relative);
        const existing = await lstat(target).catch(() => undefined);
        if (existing && !existing.isFile()) await rm(target, { recursive: true, force: true });
        const file = await open(
            target,
            constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
            0o644
        );
        try {
            await file.writeFile(text);
            if (this.owner) await file.chown(this.owner.uid, this.owner.gid);
        } finally {
            await file.close();
        }
    }

    /**
     * Reads a file a run produced, as UTF-8 text; undefined when it is missing, not a regular file, a symlink,
     * reached through a symlinked folder, or larger than `maxBytes`. Safe because no run is alive while it reads.
     */
    async readFile(path: string, maxBytes = 64 * 1024 * 1024): Promise<string | undefined> {
        const target = join(this.path, scratchRelativePath(path));
        const facts = await lstat(target).catch(() => undefined);
        if (!facts?.isFile() || facts.size > maxBytes) return undefined;
        const folder = await realpath(join(target, "..")).catch(() => undefined);
        if (folder === undefined || (folder !== this.path && !folder.startsWith(this.path + sep))) return undefined;
        const file = await open(target, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
        if (!file) return undefined;
        try {
            return await file.readFile("utf8");
        } finally {
            await file.close();
        }
    }

    /** Removes a file if present (a symlink itself, never its target). */
    async removeFile(path: string): Promise<void> {
        await unlink(join(this.path, scratchRelativePath(path))).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== "ENOENT") throw error;
        });
    }

    /** Creates a folder (and its parents) owned by the sandbox user. */
    async makeDirectory(path: string): Promise<string> {
        const relative = scratchRelativePath(path);
        await this.makeParents(`${relative}/x`);
        return join(this.path, relative);
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        await rm(this.path, { recursive: true, force: true, maxRetries: 3 });
    }

    /** Creates the folders of a relative path one by one, refusing any that is a symlink or a file. */
    private async makeParents(relative: string): Promise<void> {
        const parts = relative.split("/").slice(0, -1);
        let current = this.path;
        for (const part of parts) {
            current = join(current, part);
            const facts = await lstat(current).catch(() => undefined);
            if (!facts) {
                await mkdir(current);
                if (this.owner) await lchown(current, this.owner.uid, this.owner.gid);
            } else if (!facts.isDirectory()) {
                throw new InvalidRequestError(
                    `Refusing to write under ${relative} in scratch: ${part} is not a plain folder.`
                );
            }
        }
    }
}

/** Gives a freshly built tree to the sandbox user; lchown, so a symlink's target is never touched. */
async function chownTree(path: string, owner: { uid: number; gid: number }): Promise<void> {
    await lchown(path, owner.uid, owner.gid);
    const facts = await lstat(path);
    if (!facts.isDirectory()) return;
    for (const entry of await readdir(path)) await chownTree(join(path, entry), owner);
}
