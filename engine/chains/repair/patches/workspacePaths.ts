// Where a path a reply names lands in the workspace: normalised to a root-relative path, or refused with the reason
// when it leaves the root (`..`, an absolute path elsewhere, a symlink resolving outside a real root folder: the
// rule of engine/files/workspaceWrites.ts, which every later write of the patch follows too).

import { stat } from "node:fs/promises";
import { isAbsolute, posix, relative } from "node:path";
import { resolveInsideWorkspace, UnsafeWriteError } from "../../../files/workspaceWrites.js";
import type { Workspace } from "../../../workspace/Workspace.js";

export type WorkspacePath = { kind: "inside"; path: string } | { kind: "refused"; reason: string };

/** Strips the Markdown a model wraps a path in (backticks, bold, quotes, a trailing colon) and `a/`-less noise. */
export function cleanNamedPath(raw: string): string {
    return raw
        .trim()
        .replace(/^[`*"'<(]+|[`*"'>):,;]+$/g, "")
        .replace(/\\/g, "/")
        .trim();
}

/** The root-relative form of `raw`, or why it is refused. Never throws. */
export async function resolveWorkspacePath(workspace: Workspace, raw: string): Promise<WorkspacePath> {
    const cleaned = cleanNamedPath(raw);
    if (cleaned === "") return { kind: "refused", reason: "an empty path" };
    let relativePath: string;
    if (isAbsolute(cleaned) || /^[A-Za-z]:\//.test(cleaned)) {
        const fromRoot = relative(workspace.root, cleaned).replace(/\\/g, "/");
        if (fromRoot === "" || fromRoot.startsWith("..") || isAbsolute(fromRoot))
            return { kind: "refused", reason: `${cleaned} is an absolute path outside the workspace` };
        relativePath = fromRoot;
    } else {
        relativePath = posix.normalize(cleaned).replace(/^(\.\/)+/, "");
        if (relativePath === ".." || relativePath.startsWith("../"))
            return { kind: "refused", reason: `${cleaned} leaves the workspace (\`..\`)` };
        if (relativePath === "." || relativePath.endsWith("/"))
            return { kind: "refused", reason: `${cleaned} names a folder, not a file` };
    }
    const escape = await symlinkEscape(workspace.root, relativePath);
    if (escape) return { kind: "refused", reason: escape };
    return { kind: "inside", path: relativePath };
}

/**
 * Why a path leaves a real root folder through a symlink (to a folder or file outside, or dangling), by the rule
 * every workspace write follows; undefined when it stays inside, or the root is no folder on disk (a memory workspace).
 */
async function symlinkEscape(root: string, relativePath: string): Promise<string | undefined> {
    const isFolder = await stat(root).then(
        (found) => found.isDirectory(),
        () => false
    );
    if (!isFolder) return undefined;
    return resolveInsideWorkspace(root, relativePath).then(
        () => undefined,
        (error: unknown) => {
            if (error instanceof UnsafeWriteError) return error.message;
            throw error;
        }
    );
}

/** The file's text, or undefined when the workspace has no such file. */
export async function existingText(workspace: Workspace, path: string): Promise<string | undefined> {
    return workspace.readText(path).catch(() => undefined);
}
