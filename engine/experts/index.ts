// Experts, the router that learns which expert suits which job, and running a job with escalation.
export {
    parseExpertSettings,
    expertNameOfModel,
    byStrength,
    nextStronger,
    mergeExperts,
    type ExpertProfile,
    type ExpertSettings
} from "./ExpertProfile.js";
export { defaultExperts } from "./defaultExperts.js";
export { configuredModel } from "./configuredModel.js";
export { contextSizeBucket, diagnosticKind, featureKeys, type JobFeatures, type JobKind } from "./jobFeatures.js";
export { betaSample } from "./betaSampling.js";
export { seededRandom, type RandomSource } from "../random/seededRandom.js";
export {
    Router,
    type RouterState,
    type OutcomeCounts,
    type JobOutcome,
    type ExpertEstimate,
    type RoutingReason,
    type RoutingDecision
} from "./Router.js";
export { stateBaseDir, workspaceStateDir } from "../workspace/stateDir.js";
export { ExpertRuntime, type CapturedCall } from "./ExpertRuntime.js";
export {
    jobKinds,
    withDefaults,
    portProven,
    type JobTypes,
    type ExpertJobKind,
    type JobKindSpec,
    type JobKindDescriptor,
    type JobKindHints
} from "./jobKinds.js";
export {
    runWithExperts,
    type ExpertRuntimeFactory,
    type ExpertReport,
    type ExpertAttempt,
    type ExpertJobOptions,
    type ExpertJobResult
} from "./runWithExperts.js";
export {
    expertRuntimeFactory,
    expertRuntimeKey,
    openExpertRuntime,
    planExpertRuntime,
    type ExpertRuntimePlan,
    type ExpertRuntimeSettings,
    type OpenExpertRuntimeOptions
} from "./createExpertRuntime.js";
export { writeFileAtomically, type AtomicWriteOptions } from "../files/writeFileAtomically.js";
