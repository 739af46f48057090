// What every chain (fix, tests, port) runs on: a model runtime, the sandbox, the workspace it reads, a cancel
// signal and an event sink; and which toolchain runs a language's tests.

import type { SourceLanguage } from "../analysis/index.js";
import type { ModelRuntime } from "../runtime/ModelRuntime.js";
import type { Sandbox } from "../sandbox/index.js";
import type { ToolchainName } from "../toolchains/index.js";
import type { Workspace } from "../workspace/Workspace.js";

export interface ChainDependencies<Event> {
    runtime: ModelRuntime;
    sandbox: Sandbox;
    workspace: Workspace;
    signal?: AbortSignal;
    onEvent?: (event: Event) => void;
}

export const toolchainOf: Record<SourceLanguage, ToolchainName> = {
    python: "python", typescript: "javascript", tsx: "javascript", javascript: "javascript", rust: "rust"
};
