// The toolchains' public API: run a project's tests in the sandbox (Python, JavaScript/TypeScript, Rust),
// once or repeatedly for flakiness, and read per-test results and line coverage in one shape.

export {
    runTests,
    runTestsRepeatedly,
    detectToolchain,
    type RunTestsOptions,
    type RepeatedTestRun
} from "./runTests.js";
export type { TestRunOptions } from "./toolchainRun.js";
export { defaultCacheDir, defaultTestTimeoutMs } from "./toolchainRun.js";
export {
    coverageSummary,
    type RunInterruption,
    type FileCoverage,
    type LineCoverage,
    type TestCaseResult,
    type DiscoveredTest,
    type MissingDependencies,
    type TestDiscovery,
    type TestOutcome,
    type TestRunnerName,
    type TestRunResult,
    type ToolchainName
} from "./TestRunResult.js";
export { classifyRuns, verdictOf, type FlakinessVerdict, type TestStability } from "./flakiness.js";
export { ToolchainUnavailableError } from "./errors.js";
export { projectFiles } from "./projectFiles.js";
export { detectPythonRunner, type PythonToolchainOptions } from "../languages/python/toolchain/pythonToolchain.js";
export {
    detectJavaScriptRunner,
    type JavaScriptRunner,
    type JavaScriptToolchainOptions
} from "../languages/ecmascript/toolchain/javascriptToolchain.js";
export type { RustToolchainOptions } from "../languages/rust/toolchain/rustToolchain.js";
export {
    resolveCargo,
    cargoTargetDir,
    cargoInSandbox,
    type CargoInSandbox,
    type CargoInSandboxOptions
} from "../languages/rust/toolchain/cargoInSandbox.js";
export { addedLines, scanForTampering } from "./tampering.js";
export { parseTestId, testIdMatches, resultsOfRequested, filesOfRequested, type ParsedTestId } from "./testIds.js";
export { discoverProjectTests, type DiscoverTestsOptions } from "./discoverTests.js";
