// Which expert answered a job and why, as plain JSON written once: the CLI's `--json` prints it as `expert`, the
// language server sends it as a response's `expert` (the protocol's `ExpertEvidence` is this shape), the panel shows it.

import type { JobKind } from "../jobKind.js";
import type { JobResult } from "./runJob.js";

export interface ExpertJobReport {
    name: string;
    model: string;
    /** Why it was chosen, in words: the router's estimate, the user's choice, or the escalation. */
    why: string;
    estimatedSuccessRate: number;
    estimatedCostMs: number;
    escalatedFrom?: string;
    /** Every expert that tried, in order, the last being this one. */
    attempts: { expert: string; verified: boolean; rounds: number; durationMs: number }[];
}

export function expertReport(job: JobResult<JobKind>): ExpertJobReport {
    const { expert } = job;
    return {
        name: expert.name,
        model: expert.model,
        why: expert.why.summary,
        estimatedSuccessRate: expert.why.estimatedSuccessRate,
        estimatedCostMs: expert.why.estimatedCostMs,
        ...(expert.escalatedFrom ? { escalatedFrom: expert.escalatedFrom } : {}),
        attempts: job.attempts.map((a) => ({
            expert: a.expert,
            verified: a.verified,
            rounds: a.rounds,
            durationMs: a.durationMs
        }))
    };
}
