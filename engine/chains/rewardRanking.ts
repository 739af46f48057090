// The reward that ranks candidates of one round, as in DeepSeek-R1's rule-based rewards made concrete for
// code: r = r_acc + 0.3·r_fmt + 0.2·r_lang, with a group-relative advantage (r − mean) / std within the
// round, and clusters of candidates that pass the same tests (CodeT's dual agreement: a cluster scores its size times
// the tests it passes). Whether a candidate is verified is the fix chain's verdict (fix/fixVerdict.ts), read here.

import { scriptShare, type Script } from "../text/scriptShare.js";
import type { CandidateStatus } from "./fix/fixVerdict.js";

/** What verification and parsing found about one candidate; the input of the reward. */
export interface CandidateEvidence {
    index: number;
    /** A patch was found in the reply and mapped to edits. */
    hasPatch: boolean;
    /** The reply carried tests. */
    hasTests: boolean;
    /** The model closed its thought itself (not a budget, a loop cut, or never). */
    thoughtClosed: boolean;
    thought: string;
    /** Ids of the reproducing tests (from every candidate) this candidate's patch was run against. */
    testsRun: string[];
    /** Ids of those tests the patched code passed. */
    testsPassed: string[];
    /** Ids of this candidate's own reproducing tests. */
    ownTests: string[];
    /** Existing tests that passed before the patch and fail after it. */
    regressions: string[];
    /** Existing tests run against the patch. */
    existingTests: number;
    /** Pooled tests that pass on the original (they pin its behaviour) run against the patch, and those it broke. */
    pinsRun?: string[];
    pinsBroken?: string[];
    /** The verdict on this evidence; absent before it is judged (then the candidate is not verified). */
    status?: CandidateStatus;
}

export interface RewardBreakdown {
    /** Accuracy: share of reproducing tests passed, less the share of existing tests broken. In [-1, 1]. */
    accuracy: number;
    /** Format: thought closed by the model, a patch present, tests present. In [0, 1]. */
    format: number;
    /** Language: share of the reasoning's letters in the user's script. In [0, 1]. */
    language: number;
    total: number;
}

export interface RankedCandidate {
    index: number;
    reward: RewardBreakdown;
    /** (r − mean) / std within the round; 0 when every reward is equal. */
    advantage: number;
    /** Candidates whose patches pass exactly the same tests, this one included. */
    clusterSize: number;
    clusterId: number;
    /** CodeT's dual agreement: the cluster's size times the tests it passes (a pinning test counts a quarter). */
    agreement: number;
    status: CandidateStatus;
    verified: boolean;
    /** Rank from 1 (best). */
    rank: number;
}

export const rewardWeights = { format: 0.3, language: 0.2 } as const;
/** A broken pinning test counts this much of a broken existing test: it may pin the bug itself, so it never vetoes. */
export const pinWeight = 0.25;

export function rewardOf(evidence: CandidateEvidence, userScript: Script): RewardBreakdown {
    const passedShare = evidence.testsRun.length > 0 ? evidence.testsPassed.length / evidence.testsRun.length : 0;
    const regressionShare = evidence.existingTests > 0 ? evidence.regressions.length / evidence.existingTests : 0;
    const pinsRun = evidence.pinsRun?.length ?? 0;
    const pinShare = pinsRun > 0 ? (pinWeight * (evidence.pinsBroken?.length ?? 0)) / pinsRun : 0;
    const accuracy = evidence.hasPatch
        ? Math.max(-1, passedShare - regressionShare - pinShare - (evidence.regressions.length > 0 ? 0.5 : 0))
        : 0;
    const format = (evidence.thoughtClosed ? 0.4 : 0) + (evidence.hasPatch ? 0.3 : 0) + (evidence.hasTests ? 0.3 : 0);
    const language = scriptShare(evidence.thought, userScript);
    return {
        accuracy: round(accuracy),
        format: round(format),
        language: round(language),
        total: round(accuracy + rewardWeights.format * format + rewardWeights.language * language)
    };
}

/** Whether the chain's verdict on this evidence is "verified" (its own tests alone never are: see fix/fixVerdict.ts). */
export function isVerified(evidence: CandidateEvidence): boolean {
    return evidence.hasPatch && evidence.status === "verified";
}

const statusOrder: Record<CandidateStatus, number> = { verified: 2, plausible: 1, unverified: 0 };

/**
 * Ranks a round: by status, then dual agreement (cluster size times tests passed), then accuracy, then advantage;
 * the candidate order decides only among equals here (the chain's choice breaks such ties by evidence, in bestCandidate.ts).
 */
export function rankCandidates(round: CandidateEvidence[], userScript: Script): RankedCandidate[] {
    const rewards = round.map((evidence) => rewardOf(evidence, userScript));
    const totals = rewards.map((r) => r.total);
    const mean = totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length);
    const std = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, totals.length));
    const pinsPassed = (evidence: CandidateEvidence) =>
        (evidence.pinsRun ?? []).filter((id) => !(evidence.pinsBroken ?? []).includes(id));
    const clusterKeys = round.map((evidence) =>
        evidence.hasPatch
            ? [...evidence.testsPassed, ...pinsPassed(evidence)].sort().join("\u0000") +
              "|" +
              evidence.regressions.length
            : `none:${evidence.index}`
    );
    const clusterIds = new Map<string, number>();
    for (const key of clusterKeys) if (!clusterIds.has(key)) clusterIds.set(key, clusterIds.size);
    const ranked = round.map((evidence, i): RankedCandidate => {
        const clusterSize = clusterKeys.filter((key) => key === clusterKeys[i]).length;
        const passed =
            evidence.hasPatch && evidence.regressions.length === 0
                ? evidence.testsPassed.length + pinWeight * pinsPassed(evidence).length
                : 0;
        return {
            index: evidence.index,
            reward: rewards[i]!,
            advantage: std > 1e-9 ? round4((totals[i]! - mean) / std) : 0,
            clusterSize,
            clusterId: clusterIds.get(clusterKeys[i]!)!,
            agreement: Math.round(clusterSize * passed * 1000) / 1000,
            status: evidence.hasPatch ? (evidence.status ?? "unverified") : "unverified",
            verified: isVerified(evidence),
            rank: 0
        };
    });
    const order = [...ranked].sort(
        (a, b) =>
            statusOrder[b.status] - statusOrder[a.status] ||
            b.agreement - a.agreement ||
            b.reward.accuracy - a.reward.accuracy ||
            b.clusterSize - a.clusterSize ||
            b.advantage - a.advantage ||
            a.index - b.index
    );
    order.forEach((candidate, position) => {
        candidate.rank = position + 1;
    });
    return ranked;
}

function round(value: number): number {
    return Math.round(value * 1000) / 1000;
}

function round4(value: number): number {
    return Math.round(value * 10000) / 10000;
}
