// What goes back to the model after a round with nothing verified: the two best attempts that had a patch, each
// with the ways it failed, in words the model can act on.

import type { RankedCandidate } from "../rewardRanking.js";
import type { FeedbackAttempt } from "./fixPrompt.js";
import type { ReproducingTest, RoundCandidate } from "./FixRun.js";
import type { VerificationRun } from "./FixTypes.js";

/** The round's two best-ranked candidates with a patch (`ranked[i]` ranks `candidates[i]`), as feedback attempts. */
export function feedbackAttempts(
    candidates: readonly RoundCandidate[],
    ranked: readonly RankedCandidate[],
    pool: readonly ReproducingTest[],
    verifications: readonly VerificationRun[]
): FeedbackAttempt[] {
    return candidates
        .map((candidate, i) => ({ candidate, rank: ranked[i]!.rank }))
        .filter(({ candidate }) => candidate.patch.patchedText !== undefined)
        .sort((a, b) => a.rank - b.rank)
        .slice(0, 2)
        .map(({ candidate }) => ({
            patch: candidate.patch.reply.answer.trim().slice(0, 2000),
            failures: failuresOf(candidate, pool, verifications)
        }));
}

/** How a candidate failed: its build, each reproducing test it still fails, each regression, and what its tests missed. */
export function failuresOf(
    candidate: RoundCandidate,
    pool: readonly ReproducingTest[],
    verifications: readonly VerificationRun[]
): string[] {
    const v = verifications.find((r) => r.round === candidate.patch.round && r.candidate === candidate.patch.index);
    if (!v) return ["it was not run"];
    if (v.buildFailure) return [`does not build: ${v.buildFailure}`];
    const failed = v.testsRun.filter((id) => !v.testsPassed.includes(id));
    const broken = v.pinsRun.filter((id) => !v.pinsPassed.includes(id));
    return [
        ...failed.map((id) => `test ${id} still fails`),
        ...v.regressions.map((id) => `existing test ${id} now fails`),
        ...broken.map(
            (id) => `test ${id} passed on the current code and fails with this patch (behaviour it may have broken)`
        ),
        ...candidate.disagreements.map(
            (sentence) => `${sentence}, and no test decides which is right: write a test for that input`
        ),
        ...(candidate.reproducing.length === 0
            ? ["its own tests did not fail on the buggy code, so they do not show the bug"]
            : [])
    ].concat(pool.length === 0 ? ["no test reproduced the bug yet: write a test that fails on the current code"] : []);
}
