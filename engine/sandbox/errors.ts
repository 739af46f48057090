// Faults that stop Ponder from running generated code at all: no sandbox on this machine, or a workspace the
// user has not trusted. What a run does (fail, time out, run out of memory) is a value, never one of these.

import { PonderError } from "../errors.js";

/** How to get bubblewrap, for every message that says it is missing. */
export const installBubblewrapHint =
    "Install bubblewrap: `sudo apt-get install bubblewrap` (Debian, Ubuntu), `sudo dnf install bubblewrap` (Fedora), " +
    "`sudo pacman -S bubblewrap` (Arch). On macOS and Windows there is no sandbox yet: Ponder runs generated code there " +
    "only if you turn on the setting `ponder.allowUnsandboxed` (CLI: `--unsandboxed`), at your own risk.";

/** bubblewrap is missing or cannot start a sandbox here, and the user has not opted in to running unsandboxed. */
export class SandboxUnavailableError extends PonderError {
    override readonly fault = "environment";

    constructor(
        readonly reason: string,
        options?: { cause?: unknown }
    ) {
        super(`Ponder cannot sandbox generated code: ${reason}. ${installBubblewrapHint}`, options);
    }
}

/** The caller did not say the workspace is trusted; Ponder runs nothing from an untrusted workspace. */
export class WorkspaceNotTrustedError extends PonderError {
    override readonly fault = "badInput";

    constructor() {
        super(
            "This workspace is not trusted, so Ponder will not run code from it. " +
                "Trust the workspace in your editor (CLI: pass `--trust-workspace`) and try again."
        );
    }
}
