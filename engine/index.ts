// The engine's public API: exactly what the CLI (bin/) and the language server (server/) use, and nothing that
// lets a front end bypass `runJob` (no chain runner, no expert loop). Nothing here knows of an editor. Tests
// reach everything else through engine/testing.ts or a module's own path; test/layers.test.ts checks that every
// name here has a user in bin/ or server/.

export { type FaultKind, PonderError, InvalidRequestError, InvalidExpertSettingsError } from "./errors.js";
export {
    type GenerationRequest,
    type RuntimeCallOptions,
    type ReasoningEvent,
    type CandidateReply,
    type GenerationResult,
    type ModelDescription,
    type ModelRuntime
} from "./runtime/ModelRuntime.js";
export { maxCandidates } from "./runtime/local/LocalModelRuntime.js";
export { promptSharingOfFile, type PromptSharing } from "./runtime/local/sharePrompt.js";
export { speculationNotesOfFile, speculationCacheFile } from "./runtime/managed/speculationCache.js";
export { type GpuPreference } from "./runtime/local/loadLlama.js";
export { inspectModelFile, type ModelFileFacts } from "./model/inspectModelFile.js";
export { modelCatalog, findCatalogModel } from "./model/ModelCatalog.js";
export { chooseDefaultModel, fitsMachine, thisMachine, planModel, type MachineMemory } from "./model/machineFit.js";
export { readMachine } from "./runtime/local/readMachine.js";
export { resolveModelSource, defaultModelsDir, catalogModelPath } from "./model/resolveModelSource.js";
export {
    isSymlink,
    resolveInsideWorkspace,
    undoNote,
    UnsafeWriteError,
    writeInsideWorkspace,
    type WrittenFile
} from "./files/workspaceWrites.js";
export { DiskWorkspace, OverlayWorkspace, workspaceRelativePath } from "./workspace/Workspace.js";
export { type FixRequest, type CandidateReport, type FixResult, type FixEvent } from "./chains/fix/FixTypes.js";
export type { RepairEvent, RepairFailure, RepairRequest, RepairResult } from "./chains/repair/RepairTypes.js";
export { type RecallReport } from "./chains/ChainTypes.js";
export {
    languageOfPath,
    applyTextEdits,
    type TextEdit,
    type TextRange,
    offsetAt,
    positionAt,
    findEnclosingFunction,
    type CodeDiagnostic
} from "./analysis/index.js";
export { Sandbox, scratchRelativePath, type SandboxRunResult } from "./sandbox/index.js";
export { runTests, discoverProjectTests, type TestRunResult } from "./toolchains/index.js";
export { listRemoteModels } from "./runtime/remote/RemoteModelRuntime.js";
export { modelBackends, type ModelBackend, type OpenModelRuntimeOptions } from "./runtime/openModelRuntime.js";
export { testsProven, type TestsRequest, type TestsResult, type TestsEvent } from "./chains/tests/index.js";
export { toolchainOf, type ChainDependencies, type ChainHelpers } from "./chains/ChainDependencies.js";
export {
    defaultPortOutDir,
    languagePairs,
    languagePairOf,
    checkPortOutFolder,
    type PortRequest,
    type PortResult,
    type PortEvent
} from "./chains/port/index.js";
export {
    type ExpertProfile,
    workspaceStateDir,
    ExpertRuntime,
    portProven,
    withDefaults,
    type JobTypes,
    type ExpertJobKind,
    type ExpertRuntimeFactory,
    type ExpertReport,
    type ExpertJobResult,
    expertRuntimeFactory,
    writeFileAtomically
} from "./experts/index.js";
export {
    trainingExamplesOf,
    datasetFile,
    keepTrainingExamples,
    readTrainingExamples,
    exportSft,
    datasetStats
} from "./dataset/index.js";
export {
    loadSuite,
    runBench,
    jobLabel,
    writeBenchReport,
    importSuite,
    suiteFormats,
    type SuiteFormat,
    benchJobs,
    type BenchJob,
    type BenchReport
} from "./bench/index.js";
export { SolutionMemory, defaultMemoryFile } from "./memory/index.js";
export { defaultSymbolicSources } from "./chains/fix/symbolic/index.js";
export { runJob, expertsFor } from "./jobs/index.js";
export {
    planExpertRuntime,
    expertRuntimeKey,
    openExpertRuntime,
    type ExpertRuntimePlan,
    type ExpertRuntimeSettings
} from "./experts/createExpertRuntime.js";
export { configuredModel } from "./experts/configuredModel.js";
export { expertPoolFor, type ExpertChoice } from "./jobs/index.js";
export { settingsSchema, settingDefaults, settingRange, type SettingName } from "./settings/settingsSchema.js";
export { isSourceLanguage, languageListText, languageSupportOf, portTargetLanguages } from "./languages/index.js";
export { fixReport, fixCandidateReport, expertReport, repairReport, testsReport, portReport } from "./jobs/index.js";
export { type JobKind } from "./jobKind.js";
