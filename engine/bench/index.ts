// The benchmark's public API: read a suite, run it through the real chains with the hidden checks as the judge,
// write the report; and the importers of public suites' layouts.

export type * from "./BenchTypes.js";
export { benchJobs } from "./BenchTypes.js";
export { loadSuite, loadHiddenChecks } from "./loadSuite.js";
export { runBench, type BenchRunOptions } from "./runBench.js";
export { runBenchTask, type BenchTaskOptions } from "./runBenchTask.js";
export { benchTotals } from "./benchTotals.js";
export { fixStatuses, evidenceKindsOf, type VerdictStrength } from "./verdictStrength.js";
export { benchReportHtml, jobLabel } from "./benchReportHtml.js";
export { writeBenchReport } from "./writeBenchReport.js";
export { BenchState, type BenchStateSettings } from "./BenchState.js";
export { renderCaseTests } from "./hiddenCaseTests.js";
export {
    importSuite,
    suiteFormats,
    writeTask,
    checkReference,
    importSweBench,
    parseGitPatch,
    applyPatchSection,
    changedOldLines,
    PatchApplyError,
    type SweBenchImportOptions,
    type SuiteFormat,
    type TaskFiles,
    type ImportResult,
    type ImportOptions,
    type ReferenceCheckOptions
} from "./importers/index.js";
export {
    loadRepoSuite,
    loadRepoTask,
    judgeResolved,
    resolvedVerdictOf,
    goldRank,
    runRepoTask,
    repoBenchTotals,
    type RepoTask,
    type RepoTaskOutcome,
    type RepoBenchTotals,
    type GoldLocation,
    type ResolvedVerdict,
    type RepoTaskOptions,
    type RepairRunner,
    type LocatedFixRunner
} from "./repo/index.js";
