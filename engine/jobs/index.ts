// The job pipeline's public API: one entry point for every front end, and the one decision of which experts a job may use.
export { runJob, type ExpertPool, type JobResult, type JobServices } from "./runJob.js";
export { expertsFor, type ExpertChoice } from "./expertsFor.js";
export { fixReport, fixCandidateReport, type FixReport, type FixEvidenceReport, type FixCandidateReport } from "./fixReport.js";
export { expertReport, type ExpertJobReport } from "./expertReport.js";
