// Where a workspace's solution memory lives: one file per workspace under the user's state folder
// ($XDG_STATE_HOME/ponder/<workspace hash>/memory.json, else ~/.local/state/…). PONDER_STATE_DIR replaces
// $XDG_STATE_HOME/ponder, so tests and benchmarks keep their memories apart from the user's.

import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The folder holding Ponder's state for every workspace. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
    if (env["PONDER_STATE_DIR"]) return resolve(env["PONDER_STATE_DIR"]);
    return join(env["XDG_STATE_HOME"] || join(homedir(), ".local", "state"), "ponder");
}

/** A short stable name for a workspace folder: the hash of its real path. */
export function workspaceStateKey(workspaceRoot: string): string {
    let real = resolve(workspaceRoot);
    try { real = realpathSync(real); } catch { /* a folder that does not exist yet keeps its resolved path */ }
    return createHash("sha256").update(real).digest("hex").slice(0, 16);
}

/** The memory file of one workspace. */
export function defaultMemoryFile(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
    return join(defaultStateDir(env), workspaceStateKey(workspaceRoot), "memory.json");
}
