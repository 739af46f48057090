// Which candidate of the whole chain becomes its result, and, when that one is not verified, why not in a sentence
// the user reads. Pure functions over the ranked candidates of every round.

import type { ChainReproduction, RankedRoundCandidate, RoundCandidate } from "./FixRun.js";

const statusOrder = { verified: 2, plausible: 1, unverified: 0 } as const;

/**
 * The best candidate with a patch: verified, then plausible, then by dual agreement (cluster size times tests passed),
 * accuracy, the independent tests behind it, the tests it passes, total reward, and at last the smaller patch (then
 * its text, so the choice never depends on sampling order). Undefined when no candidate has a patch.
 */
export function chooseBest(all: readonly RankedRoundCandidate[]): RankedRoundCandidate | undefined {
    const withPatch = all.filter((c) => c.round.patch.patchedText !== undefined);
    return [...withPatch].sort(
        (a, b) =>
            statusOrder[b.ranking.status] - statusOrder[a.ranking.status] ||
            b.ranking.agreement - a.ranking.agreement ||
            b.ranking.reward.accuracy - a.ranking.reward.accuracy ||
            independentSupport(b.round) - independentSupport(a.round) ||
            b.round.evidence.testsPassed.length - a.round.evidence.testsPassed.length ||
            b.ranking.reward.total - a.ranking.reward.total ||
            patchSize(a.round) - patchSize(b.round) ||
            compareText(a.round.patch.patchedText!, b.round.patch.patchedText!)
    )[0];
}

/** Tests from a source the patch's reply did not write that fail before and pass after. */
function independentSupport(candidate: RoundCandidate): number {
    return (candidate.verdict?.evidence.sources ?? [])
        .filter((s) => s.kind !== "own")
        .reduce((n, s) => n + s.reproduces.length, 0);
}

/** How much text the patch replaces or adds. */
function patchSize(candidate: RoundCandidate): number {
    return (candidate.patch.edits ?? []).reduce((n, edit) => n + (edit.end - edit.start) + edit.newText.length, 0);
}

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** Why a chosen candidate is not verified: nothing reproduced the bug, the patch does not build, breaks tests, or fails some. */
export function unverifiedReason(candidate: RoundCandidate, chain: ChainReproduction): string {
    const v = candidate.verification;
    if (candidate.reproducing.length === 0 && chain.ids.length === 0 && candidate.evidence.ownTests.length === 0)
        return candidate.patch.origin
            ? "no test reproduced the bug on the current code, so nothing can prove the tool's fix"
            : "none of its own tests reproduced the bug on the current code";
    if (v?.buildFailure) return `the patched code does not build: ${v.buildFailure.split("\n")[0]}`;
    if (v?.tampering)
        return `its test run shows signs of writing its own verdict (${v.tampering.slice(0, 3).join("; ")})`;
    if (v?.interrupted) return `its test run was ${v.interrupted}`;
    if (v && v.regressions.length > 0) return `it breaks existing tests: ${v.regressions.join(", ")}`;
    if (v) return `it fails ${v.testsRun.length - v.testsPassed.length} of ${v.testsRun.length} reproducing tests`;
    return "it was not verified";
}
