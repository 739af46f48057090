// The expert pool a job runs with, assembled once for every front end: the experts the configuration gives
// (`expertsFor`), how each one's model is opened (the front end's `createRuntime`: the CLI opens it, the server lends
// its loaded one), the workspace's router state and PONDER_ROUTER_SEED. The CLI and the language server both call it.

import type { ExpertRuntimeFactory, ExpertReport } from "../experts/runWithExperts.js";
import type { GpuPreference } from "../runtime/local/loadLlama.js";
import { readMachine } from "../runtime/local/readMachine.js";
import { workspaceStateDir } from "../workspace/stateDir.js";
import { expertsFor, type ExpertChoice } from "./expertsFor.js";
import type { ExpertPool } from "./runJob.js";

export interface ExpertPoolOptions {
    /** What the user configured (flags or settings), with the environment. */
    choice: ExpertChoice & { env: Readonly<Record<string, string | undefined>> };
    /** The GPU preference the machine's default experts are chosen for. */
    gpu: GpuPreference;
    /** The workspace folder: its router state lives under it. */
    root: string;
    createRuntime: ExpertRuntimeFactory;
    /** The expert to start with, by name; the router chooses when absent. */
    expert?: string | undefined;
    onExpert?: (report: ExpertReport) => void;
    onNote?: (note: string) => void;
}

export async function expertPoolFor(options: ExpertPoolOptions): Promise<ExpertPool> {
    const { env } = options.choice;
    const seed = env["PONDER_ROUTER_SEED"];
    return {
        experts: await expertsFor(options.choice, () => readMachine({ gpu: options.gpu })),
        createRuntime: options.createRuntime,
        stateDir: workspaceStateDir(options.root, env),
        ...(options.expert !== undefined ? { expert: options.expert } : {}),
        ...(seed !== undefined ? { routerSeed: Number(seed) } : {}),
        ...(options.onExpert ? { onExpert: options.onExpert } : {}),
        ...(options.onNote ? { onNote: options.onNote } : {})
    };
}
