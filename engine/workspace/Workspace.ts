// How the engine reads a user's files: a small interface with a disk implementation for the CLI, a
// memory one for tests, and (in the server) one backed by the editor's open documents. The engine never
// writes through it: results come back as edits.

import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { InvalidRequestError } from "../errors.js";

export interface Workspace {
    /** Absolute folder the workspace's relative paths start from; sandbox runs copy files from here. */
    readonly root: string;
    /** Text of a file by path relative to the root (unsaved editor text wins over the disk). */
    readText(path: string): Promise<string>;
    /** Unsaved texts by relative path, laid over the disk copy when code runs in the sandbox. */
    unsavedTexts(): Record<string, string>;
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

    unsavedTexts(): Record<string, string> {
        return {};
    }
}

/** A workspace of in-memory texts over a root folder (tests, and unsaved editor buffers). */
export class OverlayWorkspace implements Workspace {
    constructor(readonly root: string, private readonly texts: Record<string, string>) {}

    async readText(path: string): Promise<string> {
        const text = this.texts[path];
        if (text !== undefined) return text;
        return new DiskWorkspace(this.root).readText(path);
    }

    unsavedTexts(): Record<string, string> {
        return { ...this.texts };
    }
}

/** A path relative to the workspace root, refusing paths that leave it. */
export function workspaceRelativePath(root: string, path: string): string {
    const rel = relative(root, isAbsolute(path) ? path : resolve(root, path)).replace(/\\/g, "/");
    if (rel.startsWith("..") || isAbsolute(rel)) throw new InvalidRequestError(`${path} is outside the workspace ${root}.`);
    return rel;
}
