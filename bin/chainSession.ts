// The set-up every chain command shares: the sandbox (trusted as `sandboxFlags.ts` decides), the workspace on
// disk and the model runtime from the flags, run once and always released.

import { DiskWorkspace, type ChainDependencies, type ModelRuntime } from "../engine/index.js";
import type { CliIo } from "./CliIo.js";
import { loadRuntimeFromFlags, type ModelFlags } from "./modelOptions.js";
import { sandboxFromFlags, type SandboxFlags } from "./sandboxFlags.js";

export interface ChainSessionFlags extends ModelFlags, SandboxFlags {
    record?: string | undefined;
}

/**
 * Runs `chain` with a sandbox (trusted only by --trust-workspace or PONDER_TRUST_WORKSPACE=1) and a loaded model:
 * the flags' model, or what `loadRuntime` loads (an expert's).
 */
export async function runChainSession<Event, Result>(
    flags: ChainSessionFlags,
    io: CliIo,
    root: string,
    candidates: number,
    signal: AbortSignal | undefined,
    onEvent: ((event: Event) => void) | undefined,
    chain: (deps: ChainDependencies<Event>) => Promise<Result>,
    loadRuntime?: () => Promise<ModelRuntime>
): Promise<Result> {
    const sandbox = await sandboxFromFlags(flags, io);
    try {
        const runtime = loadRuntime ? await loadRuntime() : await loadRuntimeFromFlags(flags, io, candidates);
        try {
            return await chain({
                runtime,
                sandbox,
                workspace: new DiskWorkspace(root),
                ...(signal ? { signal } : {}),
                ...(onEvent ? { onEvent } : {})
            });
        } finally {
            await runtime.dispose();
        }
    } finally {
        await sandbox.dispose();
    }
}
