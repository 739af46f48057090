// The repository-level bench's public API: read a suite of SWE-bench-style tasks over repository snapshots, run
// each through the repair chain with the hidden tests as the judge, and total the figures.

export type * from "./RepoBenchTypes.js";
export { loadRepoSuite, loadRepoTask, testIdList } from "./loadRepoSuite.js";
export { judgeResolved, resolvedVerdictOf, type ResolvedJudgeContext } from "./judgeResolved.js";
export { goldRank, isGold } from "./goldRank.js";
export { runRepoTask, type RepoTaskOptions, type RepairRunner, type LocatedFixRunner } from "./runRepoTask.js";
export { repoBenchTotals } from "./repoBenchTotals.js";
