// The fix chain's last phases of a round: reward and rank its candidates (and report them as evidence), and when
// none is verified, choose what goes back to the model for the next round.

import { rankCandidates, type RankedCandidate } from "../rewardRanking.js";
import { feedbackAttempts } from "./feedbackSelection.js";
import type { FixRound, FixRun, FixServices, RoundCandidate } from "./FixRun.js";
import type { CandidateReport } from "./FixTypes.js";

/** Ranks the round's candidates, reports them, and keeps them for the result; `detail` overrides the step's "N verified". */
export function rankRound(run: FixRun, round: FixRound, services: FixServices, detail?: string): void {
    round.ranked = rankCandidates(round.candidates.map((c) => c.evidence), run.userScript);
    const roundReports = round.candidates.map((candidate, i) => reportOf(candidate, round.ranked[i]!, round.number));
    run.reports.push(...roundReports);
    round.candidates.forEach((candidate, i) => run.ranked.push({ round: candidate, ranking: round.ranked[i]! }));
    services.emit({ kind: "step", step: "rank", round: round.number, detail: detail ?? `${round.ranked.filter((r) => r.verified).length} verified` });
    services.emit({ kind: "evidence", round: round.number, candidates: roundReports });
}

/** Whether the round proved a patch, which ends the chain. */
export function roundVerified(round: FixRound): boolean {
    return round.ranked.some((r) => r.verified);
}

/** The best attempts of the round and how they failed, for the next round's prompt. */
export function sendFeedback(run: FixRun, round: FixRound, services: FixServices): void {
    run.feedback = feedbackAttempts(round.candidates, round.ranked, run.reproducingPool, run.verifications);
    if (round.number + 1 < run.totalRounds) services.emit({ kind: "step", step: "feedback", round: round.number, detail: `${run.feedback.length} attempts sent back` });
}

function reportOf(candidate: RoundCandidate, ranking: RankedCandidate, round: number): CandidateReport {
    return {
        round, index: candidate.patch.index, ranking,
        parseProblems: [...candidate.patch.parseProblems, ...(candidate.verification?.buildFailure ? [`the patched code does not build: ${candidate.verification.buildFailure}`] : [])],
        reproducingTests: candidate.reproducing, regressions: candidate.evidence.regressions,
        thought: candidate.patch.reply.thought, answer: candidate.patch.reply.answer,
        ...(candidate.patch.patchedText !== undefined ? { patchedText: candidate.patch.patchedText } : {}),
        ...(candidate.patch.origin ? { origin: candidate.patch.origin } : {})
    };
}
