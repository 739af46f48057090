// The reward that ranks candidates of one round, as in DeepSeek-R1's rule-based rewards made concrete for
// code: r = r_acc + 0.3·r_fmt + 0.2·r_lang, with a group-relative advantage (r − mean) / std within the
// round, and clusters of candidates that pass the same tests (dual agreement).

import { scriptShare, type Script } from "../text/scriptShare.js";

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
    verified: boolean;
    /** Rank from 1 (best). */
    rank: number;
}

export const rewardWeights = { format: 0.3, language: 0.2 } as const;

export function rewardOf(evidence: CandidateEvidence, userScript: Script): RewardBreakdown {
    const passedShare = evidence.testsRun.length > 0 ? evidence.testsPassed.length / evidence.testsRun.length : 0;
    const regressionShare = evidence.existingTests > 0 ? evidence.regressions.length / evidence.existingTests : 0;
    const accuracy = evidence.hasPatch ? Math.max(-1, passedShare - regressionShare - (evidence.regressions.length > 0 ? 0.5 : 0)) : 0;
    const format = (evidence.thoughtClosed ? 0.4 : 0) + (evidence.hasPatch ? 0.3 : 0) + (evidence.hasTests ? 0.3 : 0);
    const language = scriptShare(evidence.thought, userScript);
    return {
        accuracy: round(accuracy),
        format: round(format),
        language: round(language),
        total: round(accuracy + rewardWeights.format * format + rewardWeights.language * language)
    };
}

/**
 * A patch is verified when it passes every one of its own reproducing tests (at least one), every other
 * reproducing test it was run against, and breaks no existing test.
 */
export function isVerified(evidence: CandidateEvidence): boolean {
    if (!evidence.hasPatch || evidence.ownTests.length === 0 || evidence.regressions.length > 0) return false;
    const passed = new Set(evidence.testsPassed);
    return evidence.testsRun.length > 0 && evidence.testsRun.every((id) => passed.has(id));
}

/** Ranks a round: by accuracy, then cluster size (agreement), then advantage; ties keep candidate order. */
export function rankCandidates(round: CandidateEvidence[], userScript: Script): RankedCandidate[] {
    const rewards = round.map((evidence) => rewardOf(evidence, userScript));
    const totals = rewards.map((r) => r.total);
    const mean = totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length);
    const std = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, totals.length));
    const clusterKeys = round.map((evidence) => (evidence.hasPatch ? [...evidence.testsPassed].sort().join("\u0000") + "|" + evidence.regressions.length : `none:${evidence.index}`));
    const clusterIds = new Map<string, number>();
    for (const key of clusterKeys) if (!clusterIds.has(key)) clusterIds.set(key, clusterIds.size);
    const ranked = round.map((evidence, i): RankedCandidate => ({
        index: evidence.index,
        reward: rewards[i]!,
        advantage: std > 1e-9 ? round4((totals[i]! - mean) / std) : 0,
        clusterSize: clusterKeys.filter((key) => key === clusterKeys[i]).length,
        clusterId: clusterIds.get(clusterKeys[i]!)!,
        verified: isVerified(evidence),
        rank: 0
    }));
    const order = [...ranked].sort((a, b) =>
        Number(b.verified) - Number(a.verified) ||
        b.reward.accuracy - a.reward.accuracy ||
        b.clusterSize - a.clusterSize ||
        b.advantage - a.advantage ||
        a.index - b.index);
    order.forEach((candidate, position) => { candidate.rank = position + 1; });
    return ranked;
}

function round(value: number): number {
    return Math.round(value * 1000) / 1000;
}

function round4(value: number): number {
    return Math.round(value * 10000) / 10000;
}
