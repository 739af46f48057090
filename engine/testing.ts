// The engine's test entry: the public API (engine/index.ts) and the rest tests reach, such as the chain runners,
// the expert loop, runtimes, fakes' interfaces and pure decisions. Only test/ imports it (test/layers.test.ts);
// a test may also import a deep module by its own path to test it alone.

export * from "./errors.js";
export type * from "./runtime/ModelRuntime.js";
export { LocalModelRuntime, maxCandidates, type LocalModelRuntimeOptions } from "./runtime/local/LocalModelRuntime.js";
export { promptSharingOfFile, type PromptSharing, type SharedPromptReport } from "./runtime/local/sharePrompt.js";
export { reasoningEffortFor } from "./runtime/local/thoughtFormat.js";
export { loadLlama, defaultThreadCount, type GpuPreference, type LlamaBackend } from "./runtime/local/loadLlama.js";
export { ThoughtLoopGuard, type ThoughtLoop, type ThoughtLoopGuardOptions } from "./runtime/ThoughtLoopGuard.js";
export { SessionRecorder, type SessionRecord } from "./runtime/SessionRecorder.js";
export { RecordedRuntime, type RecordedCall } from "./runtime/RecordedRuntime.js";
export { inspectModelFile, chatTemplateFamily, type ModelFileFacts } from "./model/inspectModelFile.js";
export {
    modelCatalog,
    findCatalogModel,
    type CatalogModel,
    type KvCacheShape,
    type RecommendedSettings
} from "./model/ModelCatalog.js";
export {
    chooseDefaultModel,
    fitsMachine,
    estimatedFootprint,
    thisMachine,
    cpuMachine,
    planModel,
    kvCacheBytes,
    activeBytesPerToken,
    codingScore,
    tooBigForMachine,
    plannedSequences,
    contextSteps,
    minimumTokensPerSecond,
    type MachineMemory,
    type ModelPlan
} from "./model/machineFit.js";
export {
    speculationFor,
    speculationByDefault,
    defaultDraftMax,
    type SpeculativeDecoding,
    type SpeculationMeasurement
} from "./model/speculativeDecoding.js";
export { readMachine, estimatedBandwidth, type ReadMachineOptions } from "./runtime/local/readMachine.js";
export {
    resolveModelSource,
    defaultModelsDir,
    catalogModelPath,
    type DownloadProgress,
    type ResolveModelSourceOptions,
    type ResolvedModelSource
} from "./model/resolveModelSource.js";
export {
    backupSuffix,
    isSymlink,
    resolveInsideWorkspace,
    undoNote,
    UnsafeWriteError,
    writeInsideWorkspace,
    type ResolvedWorkspacePath,
    type WorkspaceWriteOptions,
    type WrittenFile
} from "./files/workspaceWrites.js";
export {
    DiskWorkspace,
    MemoryWorkspace,
    OverlayWorkspace,
    workspaceRelativePath,
    type ScratchSeed,
    type Workspace
} from "./workspace/Workspace.js";
export { unifiedDiff } from "./text/renderUnifiedDiff.js";
export { runFixChain, type FixChainDependencies } from "./chains/fix/runFixChain.js";
export { runRepairChain } from "./chains/repair/runRepairChain.js";
export type * from "./chains/repair/RepairTypes.js";
export { repairVerdict, type RepairVerdictInput } from "./chains/repair/repairVerdict.js";
export { failingIdsInOutput } from "./chains/repair/failingIdsInOutput.js";
export type * from "./chains/fix/FixTypes.js";
export type * from "./chains/ChainTypes.js";
export type { CandidateStatus, EvidenceSource, PatchEvidence, TestSourceKind } from "./chains/fix/fixVerdict.js";
export type {
    BehaviourComparison,
    BehaviourDisagreement,
    BehaviourRequest,
    CompareBehaviour
} from "./chains/fix/behaviourCheck.js";
export {
    rankCandidates,
    rewardOf,
    isVerified,
    type CandidateEvidence,
    type RankedCandidate,
    type RewardBreakdown
} from "./chains/rewardRanking.js";
export * from "./analysis/index.js";
export * from "./sandbox/index.js";
export * from "./toolchains/index.js";
export {
    RemoteModelRuntime,
    listRemoteModels,
    type RemoteModelRuntimeOptions
} from "./runtime/remote/RemoteModelRuntime.js";
export { RemoteEndpointError } from "./runtime/remote/remoteErrors.js";
export {
    openModelRuntime,
    chooseModelBackend,
    modelBackends,
    type ModelBackend,
    type OpenModelRuntimeOptions
} from "./runtime/openModelRuntime.js";
export { ManagedServerRuntime, type ManagedServerRuntimeOptions } from "./runtime/managed/ManagedServerRuntime.js";
export {
    forcedExpertOffload,
    planExpertOffload,
    readExpertLayout,
    type ExpertLayout,
    type ExpertOffloadInput,
    type ExpertOffloadPlan
} from "./runtime/managed/expertOffload.js";
export { llamaServerArgs, type LlamaServerArgsSettings } from "./runtime/managed/llamaServerArgs.js";
export { findLlamaServerBinary, type FindLlamaServerOptions } from "./runtime/managed/findLlamaServerBinary.js";
export {
    LlamaServerNotFoundError,
    ManagedServerCrashedError,
    ManagedServerStartError
} from "./runtime/managed/managedServerErrors.js";
export { ThinkTagSplitter } from "./runtime/remote/streamChatCompletion.js";
export * from "./chains/tests/index.js";
export { toolchainOf, type ChainDependencies, type ChainHelpers } from "./chains/ChainDependencies.js";
export * from "./chains/port/index.js";
export * from "./experts/index.js";
export * from "./dataset/index.js";
export type { LoraAdapter } from "./runtime/local/loraAdapter.js";
export * from "./bench/index.js";
export * from "./memory/index.js";
export * from "./chains/fix/symbolic/index.js";
export { buildCheckId } from "./chains/fix/testEvidence.js";
export * from "./jobs/index.js";
export * from "./settings/settingsSchema.js";
export { contributedConfiguration } from "./settings/contributedConfiguration.js";
export * from "./languages/index.js";
