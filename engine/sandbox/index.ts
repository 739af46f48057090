// The sandbox's public API: run untrusted commands under bubblewrap with limits, and the scratch they see.

export {
    Sandbox,
    BubblewrapSandbox,
    runInFreshScratch,
    SandboxSetupError,
    type SandboxOptions,
    type SandboxCallOptions
} from "./Sandbox.js";
export { Scratch, scratchRelativePath, type ScratchInputs, type ScratchOptions } from "./Scratch.js";
export { SandboxUnavailableError, WorkspaceNotTrustedError, installBubblewrapHint } from "./errors.js";
export {
    defaultSandboxLimits,
    type MemoryRlimit,
    type SandboxBind,
    type SandboxLimits,
    type SandboxRunRequest,
    type SandboxRunResult
} from "./SandboxRun.js";
export { type RunControl } from "./RunWatch.js";
export { channelFd } from "./SandboxRun.js";
export { sandboxScratchPath } from "./sandboxCommandLine.js";
