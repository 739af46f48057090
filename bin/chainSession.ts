// The set-up every chain command shares: the trust decision, the sandbox, the workspace on disk and the model
// runtime from the flags, run once and always released.

import { resolve } from "node:path";
import { DiskWorkspace, Sandbox, type ChainDependencies, type ModelRuntime } from "../engine/index.js";
import type { CliIo } from "./CliIo.js";
import { loadRuntimeFromFlags, type ModelFlags } from "./modelOptions.js";

export interface ChainSessionFlags extends ModelFlags {
    "trust-workspace"?: boolean | undefined;
    unsandboxed?: boolean | undefined;
    record?: string | undefined;
}

/** The trust decision of every command that runs generated code: --trust-workspace or PONDER_TRUST_WORKSPACE=1. */
export function workspaceTrusted(flags: { "trust-workspace"?: boolean | undefined }, io: CliIo): boolean {
    return flags["trust-workspace"] === true || io.env["PONDER_TRUST_WORKSPACE"] === "1";
}

/**
 * Runs `chain` with a sandbox (trusted only by --trust-workspace or PONDER_TRUST_WORKSPACE=1) and a loaded model:
 * the flags' model, or what `loadRuntime` loads (an expert's).
 */
export async function runChainSession<Event, Result>(flags: ChainSessionFlags, io: CliIo, root: string, candidates: number,
    signal: AbortSignal | undefined, onEvent: ((event: Event) => void) | undefined,
    chain: (deps: ChainDependencies<Event>) => Promise<Result>, loadRuntime?: () => Promise<ModelRuntime>): Promise<Result> {
    const sandbox = await Sandbox.create({ workspaceTrusted: workspaceTrusted(flags, io), allowUnsandboxed: flags.unsandboxed === true });
    try {
        const runtime = loadRuntime ? await loadRuntime() : await loadRuntimeFromFlags(flags, io, {
            expectedCandidates: candidates, ...(flags.record ? { recordTo: resolve(io.cwd, flags.record) } : {})
        });
        try {
            return await chain({ runtime, sandbox, workspace: new DiskWorkspace(root), ...(signal ? { signal } : {}), ...(onEvent ? { onEvent } : {}) });
        } finally {
            await runtime.dispose();
        }
    } finally {
        await sandbox.dispose();
    }
}
