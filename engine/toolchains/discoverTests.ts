// The project's own tests, listed without running them: by the runner where it can list (pytest's collection,
// `go test -list`, `cargo test -- --list`), else from the test files (node --test, vitest, jest). Front ends show
// them (the Test Explorer) and the repair chain names them; a project whose dependencies are not installed gets
// what to install, never an empty list.

import { InvalidRequestError } from "../errors.js";
import type { Sandbox, SandboxLimits } from "../sandbox/index.js";
import { toolchainSupportOf } from "../languages/index.js";
import { detectToolchain, type ToolchainOptions } from "./runTests.js";
import type { TestDiscovery, ToolchainName } from "./TestRunResult.js";
import { runFolder } from "./toolchainRun.js";

export interface DiscoverTestsOptions {
    workspaceRoot: string;
    /** The sandbox the runner lists the tests in (collecting Python tests imports the project's code). */
    sandbox: Sandbox;
    /** Default: detected from the project (see `detectToolchain`). */
    toolchain?: ToolchainName;
    /** Each toolchain's own options, under its name (the Python interpreter, the cargo binary). */
    toolchainOptions?: ToolchainOptions;
    /** Files to copy into scratch; default the project's files. */
    files?: string[];
    limits?: Partial<SandboxLimits>;
    cacheDir?: string;
    signal?: AbortSignal;
}

/** Lists the project's tests in a scratch copy; `kind` says whether it found them or why not. */
export async function discoverProjectTests(options: DiscoverTestsOptions): Promise<TestDiscovery> {
    const toolchain = options.toolchain ?? (await detectToolchain(options.workspaceRoot));
    const support = toolchainSupportOf(toolchain);
    if (!support) throw new InvalidRequestError(`No registered language runs tests with the toolchain "${toolchain}".`);
    const driver = support.driver(options.toolchainOptions?.[toolchain]);
    if (!driver.discover)
        return { kind: "failed", toolchain, message: `Ponder cannot list the tests of a ${toolchain} project yet.` };
    const files = options.files ?? (await driver.defaultFiles(options.workspaceRoot));
    const scratch = await options.sandbox.createScratch({ from: options.workspaceRoot, paths: files });
    try {
        await scratch.makeDirectory(runFolder);
        return await driver.discover({
            options: { ...options, files },
            sandbox: options.sandbox,
            scratch,
            started: performance.now()
        });
    } finally {
        await scratch.dispose();
    }
}
