// The one way Ponder writes or copies a file of a user's workspace (the CLI's --apply, the port's output, the
// sandbox's --files): real paths only, never through a symlink that leads out of the workspace, never over a file
// Ponder did not create (the previous text goes to a numbered backup instead), and atomically.

import { link, lstat, mkdir, open, readFile, realpath, stat, unlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InvalidRequestError } from "../errors.js";
import { writeFileAtomically } from "./writeFileAtomically.js";

/** Suffix of the copy of a file's previous text; a second backup of the same file is `FILE.ponder-backup.1`, and so on. */
export const backupSuffix = ".ponder-backup";

/** A write or copy Ponder refuses: it would leave the workspace, follow a symlink out of it, or replace a user's file. */
export class UnsafeWriteError extends InvalidRequestError {}

/** Where a workspace file really is. */
export interface ResolvedWorkspacePath {
    /** The real path (every symlink resolved) of the file, or of where it will be created. */
    real: string;
    /** The real path relative to the workspace's real root, with `/` separators. */
    relative: string;
    /** Whether something (a file, a folder, a symlink inside the workspace) exists there now. */
    exists: boolean;
}

/**
 * Resolves `file` (relative to `root`, or absolute) to its real path, following symlinks only while they stay inside
 * the workspace. Throws UnsafeWriteError when the path, or any folder on the way, leads outside, or is a dangling symlink.
 */
export async function resolveInsideWorkspace(root: string, file: string): Promise<ResolvedWorkspacePath> {
    const realRoot = await realpath(root);
    const asked = resolve(realRoot, relative(resolve(root), resolve(root, file)));
    if (!isInside(realRoot, asked)) throw new UnsafeWriteError(`${file} is outside the workspace ${realRoot}.`);
    // The longest part of the path that exists is resolved; the rest (folders and a file still to be made) is appended.
    let existing = asked;
    const missing: string[] = [];
    while (!(await lstat(existing).catch(() => undefined))) {
        missing.unshift(basename(existing));
        existing = dirname(existing);
    }
    const real = await realpath(existing).catch(() => {
        throw new UnsafeWriteError(
            `${shown(realRoot, existing)} is a symlink that leads nowhere; Ponder does not write through it.`
        );
    });
    if (!isInside(realRoot, real)) {
        const link = await firstEscapingPart(realRoot, existing);
        throw new UnsafeWriteError(
            `${shown(realRoot, link)} is a symlink that leads out of the workspace (to ${await realpath(link)}); Ponder does not write or copy through it.`
        );
    }
    const full = join(real, ...missing);
    return { real: full, relative: relative(realRoot, full).split(sep).join("/"), exists: missing.length === 0 };
}

/** True when `file` (relative to `root`) is a symlink itself, wherever it points. */
export async function isSymlink(root: string, file: string): Promise<boolean> {
    return (await lstat(resolve(root, file)).catch(() => undefined))?.isSymbolicLink() ?? false;
}

export interface WorkspaceWriteOptions {
    /**
     * What to do when the file already exists: `backup` copies its text to a new numbered backup first (a user's
     * file, on --apply); `replace` replaces it (only for files Ponder itself made, such as an earlier port's);
     * `refuse` (the default) throws, for a file that Ponder expected to create.
     */
    existing?: "backup" | "replace" | "refuse";
}

export interface WrittenFile {
    /** The file written, relative to the workspace's real root. */
    file: string;
    /** The backup of the previous text, relative to the root; absent when there was none. */
    backup?: string;
}

/** Writes `text` to `file` inside `root` safely (see the file's head); returns what was written, for the undo note. */
export async function writeInsideWorkspace(
    root: string,
    file: string,
    text: string,
    options: WorkspaceWriteOptions = {}
): Promise<WrittenFile> {
    const target = await resolveInsideWorkspace(root, file);
    const realRoot = await realpath(root);
    const facts = target.exists ? await stat(target.real) : undefined;
    if (!facts) {
        await createExclusively(target.real, text);
        return { file: target.relative };
    }
    if (!facts.isFile()) throw new UnsafeWriteError(`${target.relative} is not a regular file; nothing was written.`);
    const policy = options.existing ?? "refuse";
    if (policy === "refuse")
        throw new UnsafeWriteError(
            `${target.relative} already exists and Ponder did not create it; nothing was written.`
        );
    let backup: string | undefined;
    if (policy === "backup")
        backup = relative(realRoot, await writeNumberedBackup(target.real, await readFile(target.real)))
            .split(sep)
            .join("/");
    // The file keeps its permissions (an executable script stays executable).
    await writeFileAtomically(target.real, text, { mode: facts.mode & 0o7777 });
    return backup !== undefined ? { file: target.relative, backup } : { file: target.relative };
}

/** The sentence telling the user how to undo a write. */
export function undoNote(written: WrittenFile): string {
    return written.backup
        ? `the previous text is in ${written.backup} (copy it back to undo)`
        : "it is new (delete it to undo)";
}

/** Copies `previous` to the first free name of FILE.ponder-backup, FILE.ponder-backup.1, …; never replaces any file or follows a symlink. */
async function writeNumberedBackup(real: string, previous: Buffer): Promise<string> {
    for (let n = 0; n < 1000; n++) {
        const candidate = `${real}${backupSuffix}${n === 0 ? "" : `.${n}`}`;
        // "wx" is O_CREAT|O_EXCL: it fails on any existing name, a symlink (even a dangling one) included, so nothing is followed.
        const handle = await open(candidate, "wx", 0o600).catch((error: NodeJS.ErrnoException) => {
            if (error.code === "EEXIST") return undefined;
            throw error;
        });
        if (!handle) continue;
        try {
            await handle.writeFile(previous);
            await handle.sync();
        } finally {
            await handle.close();
        }
        return candidate;
    }
    throw new UnsafeWriteError(`${basename(real)} already has 1000 backups; remove some and try again.`);
}

/** Writes a new file whole: a private temporary file hard-linked to the name, which fails if anything took the name meanwhile. */
async function createExclusively(real: string, text: string): Promise<void> {
    await mkdir(dirname(real), { recursive: true });
    const temporary = `${real}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFileAtomically(temporary, text, { mode: 0o666 & ~process.umask() });
    try {
        await link(temporary, real).catch((error: NodeJS.ErrnoException) => {
            if (error.code === "EEXIST")
                throw new UnsafeWriteError(`${basename(real)} appeared while Ponder wrote it; nothing was written.`);
            throw error;
        });
    } finally {
        await unlink(temporary).catch(() => undefined);
    }
}

/** The shortest leading part of `path` (below the root) whose real path is outside the root: the symlink to name. */
async function firstEscapingPart(realRoot: string, path: string): Promise<string> {
    const parts = relative(realRoot, path).split(sep);
    for (let n = 1; n < parts.length; n++) {
        const prefix = join(realRoot, ...parts.slice(0, n));
        if (!isInside(realRoot, await realpath(prefix))) return prefix;
    }
    return path;
}

function isInside(root: string, path: string): boolean {
    const rel = relative(root, path);
    return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function shown(root: string, path: string): string {
    return relative(root, path).split(sep).join("/") || ".";
}
