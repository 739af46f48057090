// Where a workspace's solution memory lives: `memory.json` in the workspace's state folder (see
// engine/workspace/stateDir.ts; PONDER_STATE_DIR moves it, so tests keep their memories apart from the user's).

import { join } from "node:path";
import { workspaceStateDir } from "../workspace/stateDir.js";

/** The memory file of one workspace. */
export function defaultMemoryFile(workspaceRoot: string, env: NodeJS.ProcessEnv = process.env): string {
    return join(workspaceStateDir(workspaceRoot, env), "memory.json");
}
