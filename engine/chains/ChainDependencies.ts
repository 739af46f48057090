// What every chain (fix, tests, port) runs on: a model runtime, the sandbox, the workspace it reads, a cancel
// signal and an event sink, and the optional helpers (the solution memory, exact tools); and which toolchain
// runs a language's tests.

import type { SourceLanguage } from "../analysis/index.js";
import { languageSupportOf } from "../languages/index.js";
import type { SolutionMemory } from "../memory/index.js";
import type { ModelRuntime } from "../runtime/ModelRuntime.js";
import type { Sandbox } from "../sandbox/index.js";
import type { ToolchainName } from "../toolchains/index.js";
import type { Workspace } from "../workspace/Workspace.js";
import type { SymbolicFixSource } from "./fix/symbolic/SymbolicTypes.js";

/** The helpers a front end may give a job; a chain uses those that serve it. */
export interface ChainHelpers {
    /** This workspace's proven solutions: similar ones are recalled into the prompt, a new proven result is stored. */
    memory?: SolutionMemory;
    /** Exact tools whose fixes join a fix's first round as symbolic candidates; tests and ports use none. */
    symbolic?: readonly SymbolicFixSource[];
}

export interface ChainDependencies<Event> extends ChainHelpers {
    runtime: ModelRuntime;
    sandbox: Sandbox;
    workspace: Workspace;
    signal?: AbortSignal;
    onEvent?: (event: Event) => void;
}

/** The toolchain that runs tests of `language` (its support's). */
export function toolchainOf(language: SourceLanguage): ToolchainName {
    return languageSupportOf(language).toolchain.name;
}
