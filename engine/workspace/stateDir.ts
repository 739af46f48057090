// Where Ponder keeps what it learns about a workspace (router outcomes, training examples, the solution memory):
// outside the workspace, so nothing appears in the user's project, one folder per workspace root.

import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";

/** `$PONDER_STATE_DIR`, else `$XDG_STATE_HOME/ponder`, else `~/.local/state/ponder`. */
export function stateBaseDir(env: Readonly<Record<string, string | undefined>>): string {
    if (env["PONDER_STATE_DIR"]) return resolve(env["PONDER_STATE_DIR"]);
    if (env["XDG_STATE_HOME"]) return join(env["XDG_STATE_HOME"], "ponder");
    return join(homedir(), ".local", "state", "ponder");
}

/** The state folder of one workspace: its name plus a hash of its absolute path. */
export function workspaceStateDir(workspaceRoot: string, env: Readonly<Record<string, string | undefined>>): string {
    const root = resolve(workspaceRoot);
    const name = (basename(root) || "root").replace(/[^\w.-]/g, "_");
    return join(
        stateBaseDir(env),
        "workspaces",
        `${name}-${createHash("sha256").update(root).digest("hex").slice(0, 12)}`
    );
}
