// The one trust decision of the CLI and the sandbox that follows from it: a workspace is trusted only by
// --trust-workspace or PONDER_TRUST_WORKSPACE=1, and code runs unsandboxed only with --unsandboxed. Every command
// that runs code (fix, tests, port, bench, sandbox) takes its sandbox from here.

import { Sandbox } from "../engine/index.js";
import type { CliIo } from "./CliIo.js";

export interface SandboxFlags {
    "trust-workspace"?: boolean | undefined;
    unsandboxed?: boolean | undefined;
}

/** Whether the user trusts the code of the workspace to be run. */
export function workspaceTrusted(flags: SandboxFlags, io: CliIo): boolean {
    return flags["trust-workspace"] === true || io.env["PONDER_TRUST_WORKSPACE"] === "1";
}

/** The sandbox for this command; refuses an untrusted workspace (`WorkspaceNotTrustedError`). */
export function sandboxFromFlags(flags: SandboxFlags, io: CliIo): Promise<Sandbox> {
    return Sandbox.create({
        workspaceTrusted: workspaceTrusted(flags, io),
        allowUnsandboxed: flags.unsandboxed === true
    });
}
