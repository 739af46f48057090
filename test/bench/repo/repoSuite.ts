// The repository-level suite: nine small multi-file tasks across Python, TypeScript, Go and Rust, each with the bug
// in a helper of another module than the one its tests call; four start from a bug report only.

import { goRepoTasks } from "./goRepoTasks.js";
import { pythonRepoTasks } from "./pythonRepoTasks.js";
import type { RepoTaskSource } from "./RepoTaskSource.js";
import { rustRepoTasks } from "./rustRepoTasks.js";
import { typescriptRepoTasks } from "./typescriptRepoTasks.js";

export const repoSuite: RepoTaskSource[] = [
    ...pythonRepoTasks,
    ...typescriptRepoTasks,
    ...goRepoTasks,
    ...rustRepoTasks
];
