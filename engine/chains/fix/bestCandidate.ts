// Which candidate of the whole chain becomes its result, and, when that one is not verified, why not in a sentence
// the user reads. Pure functions over the ranked candidates of every round.

import type { ChainReproduction, RankedRoundCandidate, RoundCandidate } from "./FixRun.js";

/**
 * The best candidate with a patch: verified first, then by accuracy, by how many candidates agree with it, by total
 * reward, and at last the earliest (round, then index). Undefined when no candidate has a patch.
 */
export function chooseBest(all: readonly RankedRoundCandidate[]): RankedRoundCandidate | undefined {
    const withPatch = all.filter((c) => c.round.patch.patchedText !== undefined);
    return [...withPatch].sort((a, b) =>
        Number(b.ranking.verified) - Number(a.ranking.verified) ||
        b.ranking.reward.accuracy - a.ranking.reward.accuracy ||
        b.ranking.clusterSize - a.ranking.clusterSize ||
        b.ranking.reward.total - a.ranking.reward.total ||
        a.round.patch.round - b.round.patch.round || a.round.patch.index - b.round.patch.index)[0];
}

/** Why a chosen candidate is not verified: nothing reproduced the bug, the patch does not build, breaks tests, or fails some. */
export function unverifiedReason(candidate: RoundCandidate, chain: ChainReproduction): string {
    const v = candidate.verification;
    if (candidate.reproducing.length === 0 && chain.ids.length === 0 && candidate.evidence.ownTests.length === 0)
        return candidate.patch.origin ? "no test reproduced the bug on the current code, so nothing can prove the tool's fix"
            : "none of its own tests reproduced the bug on the current code";
    if (v?.buildFailure) return `the patched code does not build: ${v.buildFailure.split("\n")[0]}`;
    if (v && v.regressions.length > 0) return `it breaks existing tests: ${v.regressions.join(", ")}`;
    if (v) return `it fails ${v.testsRun.length - v.testsPassed.length} of ${v.testsRun.length} reproducing tests`;
    return "it was not verified";
}
