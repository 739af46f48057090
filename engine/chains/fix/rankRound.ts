// The fix chain's last phases of a round: reward and rank its candidates (and report them as evidence), and when
// none is verified, choose what goes back to the model for the next round.

import { rankCandidates, type RankedCandidate } from "../rewardRanking.js";
import { feedbackAttempts } from "./feedbackSelection.js";
import type { FixRound, FixRun, FixServices, RoundCandidate } from "./FixRun.js";
import type { CandidateReport } from "./FixTypes.js";

/** Ranks the round's candidates, reports them, and keeps them for the result; `detail` overrides the step's "N verified". */
export function rankRound(run: FixRun, round: FixRound, services: FixServices, detail?: string): void {
    round.ranked = rankCandidates(
        round.candidates.map((c) => c.evidence),
        run.userScript
    );
    const roundReports = round.candidates.map((candidate, i) => reportOf(candidate, round.ranked[i]!, round.number));
    run.reports.push(...roundReports);
    round.candidates.forEach((candidate, i) => run.ranked.push({ round: candidate, ranking: round.ranked[i]! }));
    const plausible = round.ranked.filter((r) => r.status === "plausible").length;
    services.emit({
        kind: "step",
        step: "rank",
        round: round.number,
        detail:
            detail ??
            `${round.ranked.filter((r) => r.verified).length} verified${plausible > 0 ? `, ${plausible} not proven` : ""}`
    });
    services.emit({ kind: "evidence", round: round.number, candidates: roundReports });
}

/** Survivors of earlier rounds that are not verified (plausible): they run again with the next round's tests. */
export function earlierSurvivors(run: FixRun): RoundCandidate[] {
    return run.ranked.filter((r) => r.round.verdict?.status === "plausible").map((r) => r.round);
}

/** After earlier survivors ran again and were judged anew, their ranking and report say the new verdict. */
export function refreshEarlier(run: FixRun, earlier: readonly RoundCandidate[]): void {
    for (const candidate of earlier) {
        const entry = run.ranked.find((r) => r.round === candidate);
        if (!entry || !candidate.verdict) continue;
        entry.ranking.status = candidate.verdict.status;
        entry.ranking.verified = candidate.verdict.status === "verified";
        const report = run.reports.find((r) => r.round === candidate.patch.round && r.index === candidate.patch.index);
        if (report)
            Object.assign(report, { status: candidate.verdict.status, summary: candidate.verdict.evidence.summary });
    }
}

/**
 * Whether the chain stops after this round: a patch is verified (this round's or an earlier survivor's), or the best
 * is "plausible" for want of an independent test and no disagreement is left for a feedback round to decide (the
 * same model rarely writes a test of another source when asked again; the tests-only pass was that chance).
 */
export function roundSettled(run: FixRun, round: FixRound): boolean {
    if (run.ranked.some((r) => r.ranking.verified)) return true;
    const best = round.ranked.findIndex((r) => r.rank === 1);
    const candidate = round.candidates[best];
    return candidate?.verdict?.status === "plausible" && run.ranked.every((r) => r.round.disagreements.length === 0);
}

/** The best attempts of the round and how they failed, for the next round's prompt. */
export function sendFeedback(run: FixRun, round: FixRound, services: FixServices): void {
    run.feedback = feedbackAttempts(round.candidates, round.ranked, run.reproducingPool, run.verifications);
    if (round.number + 1 < run.totalRounds)
        services.emit({
            kind: "step",
            step: "feedback",
            round: round.number,
            detail: `${run.feedback.length} attempts sent back`
        });
}

function reportOf(candidate: RoundCandidate, ranking: RankedCandidate, round: number): CandidateReport {
    return {
        round,
        index: candidate.patch.index,
        ranking,
        parseProblems: [
            ...candidate.patch.parseProblems,
            ...(candidate.verification?.buildFailure
                ? [`the patched code does not build: ${candidate.verification.buildFailure}`]
                : [])
        ],
        reproducingTests: candidate.reproducing,
        regressions: candidate.evidence.regressions,
        thought: candidate.patch.reply.thought,
        answer: candidate.patch.reply.answer,
        ...(candidate.patch.patchedText !== undefined ? { patchedText: candidate.patch.patchedText } : {}),
        ...(candidate.patch.origin ? { origin: candidate.patch.origin } : {}),
        status: candidate.verdict?.status ?? "unverified",
        summary: candidate.verdict?.evidence.summary ?? "Not verified: it was not run"
    };
}
