// How the engine sees a user's project: it reads files, lists them, and seeds the sandbox's scratch copy through
// this interface only. Three implementations: the disk (the CLI), an overlay of the editor's open buffers over the
// disk (the server: an unsaved new file is seen), and memory (unit tests). The engine never writes through it:
// results come back as edits.

import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { InvalidRequestError } from "../errors.js";
import { projectFiles } from "../toolchains/projectFiles.js";

/** What a scratch copy of the project starts from: files copied from the root, and texts written over them. */
export interface ScratchSeed {
    /** Relative paths of files on disk under the root to copy. */
    files: string[];
    /** Texts by relative path that win over the copies (unsaved buffers, files that exist only in memory). */
    contents: Record<string, string>;
}

export interface Workspace {
    /** Absolute folder the workspace's relative paths start from; sandbox runs copy files from here. */
    readonly root: string;
    /** Text of a file by path relative to the root (an unsaved editor text wins over the disk). */
    readText(path: string): Promise<string>;
    /** The project's files worth reading or copying, as sorted relative paths (unsaved new files included). */
    listFiles(): Promise<string[]>;
    /** What a sandbox's scratch copy of the project is made of. */
    scratchSeed(): Promise<ScratchSeed>;
}

/** The files on disk, as the CLI sees them. */
export class DiskWorkspace implements Workspace {
    constructor(readonly root: string) {}

    async readText(path: string): Promise<string> {
        const full = resolve(this.root, path);
        return readFile(full, "utf8").catch(() => {
            throw new InvalidRequestError(`Cannot read ${path}: no such readable file in ${this.root}.`);
        });
    }

    listFiles(): Promise<string[]> {
        return projectFiles(this.root).catch(() => []);
    }

    async scratchSeed(): Promise<ScratchSeed> {
        return { files: await this.listFiles(), contents: {} };
    }
}

/** In-memory texts laid over the disk under a root: the editor's open buffers, saved or not. */
export class OverlayWorkspace implements Workspace {
    private readonly disk: DiskWorkspace;

    constructor(
        readonly root: string,
        private readonly texts: Record<string, string>
    ) {
        this.disk = new DiskWorkspace(root);
    }

    async readText(path: string): Promise<string> {
        const text = this.texts[normalised(path)];
        return text !== undefined ? text : this.disk.readText(path);
    }

    async listFiles(): Promise<string[]> {
        return [...new Set([...(await this.disk.listFiles()), ...Object.keys(this.texts)])].sort();
    }

    async scratchSeed(): Promise<ScratchSeed> {
        return { files: await this.disk.listFiles(), contents: { ...this.texts } };
    }
}

/**
 * A workspace that exists only in memory, for unit tests of chain logic. Its root names no real folder by
 * default; a scratch copy of it is made of its texts alone.
 */
export class MemoryWorkspace implements Workspace {
    private readonly texts: Map<string, string>;

    constructor(
        files: Record<string, string>,
        readonly root = "/ponder-memory-workspace"
    ) {
        this.texts = new Map(Object.entries(files).map(([path, text]) => [normalised(path), text]));
    }

    async readText(path: string): Promise<string> {
        const text = this.texts.get(normalised(path));
        if (text === undefined) throw new InvalidRequestError(`Cannot read ${path}: no such file in the workspace.`);
        return text;
    }

    async listFiles(): Promise<string[]> {
        return [...this.texts.keys()].sort();
    }

    async scratchSeed(): Promise<ScratchSeed> {
        return { files: [], contents: Object.fromEntries(this.texts) };
    }
}

/** A path relative to the workspace root, refusing paths that leave it. */
export function workspaceRelativePath(root: string, path: string): string {
    const rel = relative(root, isAbsolute(path) ? path : resolve(root, path)).replace(/\\/g, "/");
    if (rel.startsWith("..") || isAbsolute(rel))
        throw new InvalidRequestError(`${path} is outside the workspace ${root}.`);
    return rel;
}

function normalised(path: string): string {
    return path.replace(/\\/g, "/").replace(/^\.\//, "");
}
