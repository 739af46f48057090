// The job pipeline's public API: one entry point for every front end, the one decision of which experts a job may use,
// the job kinds' names, and each result's one report for every front end.
export { runJob, type ExpertPool, type JobResult, type JobServices } from "./runJob.js";
export { expertsFor, type ExpertChoice } from "./expertsFor.js";
export { expertPoolFor, type ExpertPoolOptions } from "./expertPoolFor.js";
export {
    fixReport,
    fixCandidateReport,
    type FixReport,
    type FixEvidenceReport,
    type FixCandidateReport
} from "./fixReport.js";
export { expertReport, type ExpertJobReport } from "./expertReport.js";
export { testsReport, type TestsReport } from "./testsReport.js";
export {
    portReport,
    type PortReport,
    type PortUnitReport,
    type CounterexampleReport,
    type CaseOutcomeReport
} from "./portReport.js";
export { jobKindNames } from "../jobKind.js";
export { repairReport, type RepairReport, type RepairFileReport, type RepairCandidateSummary } from "./repairReport.js";
