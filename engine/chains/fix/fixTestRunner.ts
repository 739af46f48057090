// The fix chain's one way to run tests: the workspace's scratch copy with texts laid over it, in the sandbox, with
// the request's time limit. Kept to this one function so that a runner shared by every chain can replace it.

import type { SourceLanguage } from "../../analysis/index.js";
import { runTests } from "../../toolchains/index.js";
import type { ScratchSeed } from "../../workspace/Workspace.js";
import { toolchainOf } from "../ChainDependencies.js";
import type { FixServices, FixTestRunner } from "./FixRun.js";

export function fixTestRunner(services: FixServices, language: SourceLanguage, seed: ScratchSeed, testTimeoutMs: number | undefined): FixTestRunner {
    return (contents, tests, runSignal = services.signal) => runTests({
        sandbox: services.sandbox, workspaceRoot: services.workspace.root, toolchain: toolchainOf[language],
        files: seed.files, contents: { ...seed.contents, ...contents },
        ...(tests && language !== "rust" ? { tests } : {}),
        // For Rust the limit bounds the whole test step, build included.
        testTimeoutMs: testTimeoutMs ?? (language === "rust" ? 30_000 : 4_000),
        ...(runSignal ? { signal: runSignal } : {})
    });
}
