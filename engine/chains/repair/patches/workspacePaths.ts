// Where a path a reply names lands in the workspace: normalised to a root-relative path, or refused with the reason
// when it leaves the root (`..`, an absolute path elsewhere, a symlink resolving outside a real root folder).

import { lstat, realpath, stat } from "node:fs/promises";
import { isAbsolute, posix, relative, resolve, sep } from "node:path";
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
    if (escape) return { kind: "refused", reason: `${relativePath} resolves to ${escape}, outside the workspace` };
    return { kind: "inside", path: relativePath };
}

/**
 * Where a path really leads when the root is a real folder and a symlink on the way points outside it; undefined
 * when it stays inside (or the root is not a folder on disk, as for a memory workspace). The nearest existing
 * ancestor is resolved, so a new file under a symlinked folder is judged by that folder.
 */
async function symlinkEscape(root: string, relativePath: string): Promise<string | undefined> {
    const isFolder = await stat(root).then(
        (found) => found.isDirectory(),
        () => false
    );
    if (!isFolder) return undefined;
    const realRoot = await realpath(root);
    let probe = resolve(root, relativePath);
    let rest = "";
    for (;;) {
        const real = await realpath(probe).catch(() => undefined);
        if (real !== undefined) {
            const full = rest === "" ? real : resolve(real, rest);
            const inside = full === realRoot || full.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
            return inside ? undefined : full;
        }
        // A dangling symlink could still be written through to wherever it points: never followed.
        const link = await lstat(probe).then(
            (found) => found.isSymbolicLink(),
            () => false
        );
        if (link) return `${probe} (a symlink whose target does not exist)`;
        const parent = resolve(probe, "..");
        if (parent === probe) return undefined;
        rest = rest === "" ? probe.slice(parent.length + 1) : `${probe.slice(parent.length + 1)}/${rest}`;
        probe = parent;
    }
}

/** The file's text, or undefined when the workspace has no such file. */
export async function existingText(workspace: Workspace, path: string): Promise<string | undefined> {
    return workspace.readText(path).catch(() => undefined);
}
