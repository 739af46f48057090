// The fix chain's verdict phase of a round: each candidate judged on its tests by source (fixVerdict.ts), then the
// survivors with distinct patched texts compared by behaviour; two that differ while no pooled test separates them
// are both not verified, and the disagreement becomes their evidence and the next round's feedback.

import type { FixRun, FixServices, RoundCandidate } from "./FixRun.js";
import { judgeCandidate, type CandidateVerdict } from "./fixVerdict.js";
import { subjectLabel, undecidedDisagreements, type Survivor } from "./behaviourCheck.js";
import { judgedTests } from "./testSources.js";

/** Judges one candidate on its verification so far and its disagreements; the verdict is kept on it and in its evidence. */
export function judgeOne(run: FixRun, candidate: RoundCandidate): CandidateVerdict {
    const v = candidate.verification;
    const verdict = judgeCandidate({
        hasPatch: candidate.patch.patchedText !== undefined && v !== undefined,
        ...(v?.buildFailure !== undefined ? { buildFailure: v.buildFailure } : {}),
        ...(v?.interrupted !== undefined ? { interrupted: v.interrupted } : {}),
        ...(v?.tampering !== undefined ? { tampering: v.tampering } : {}),
        regressions: v?.regressions ?? [],
        existingStillPassing: v && v.buildFailure === undefined ? Math.max(0, v.existingTests - v.regressions.length) : 0,
        tests: v ? judgedTests(candidate, v, run.baseline.reproduction, run.reproducingPool, run.pinningPool) : [],
        disagreements: candidate.disagreements
    });
    candidate.verdict = verdict;
    candidate.evidence.status = verdict.status;
    return verdict;
}

/**
 * Judges the round's candidates and the earlier survivors that ran again, then compares every survivor (verified or
 * plausible, this round's and earlier ones') with a distinct patched text, when the chain can compare behaviour.
 */
export async function judgeRound(run: FixRun, candidates: readonly RoundCandidate[], earlierSurvivors: readonly RoundCandidate[],
    services: FixServices): Promise<void> {
    const all = [...candidates, ...earlierSurvivors];
    for (const candidate of all) {
        candidate.disagreements = [];
        judgeOne(run, candidate);
    }
    const survivors = all.filter((c) => c.verdict?.status === "verified" || c.verdict?.status === "plausible");
    const byText = new Map<string, RoundCandidate[]>();
    for (const candidate of survivors) byText.set(candidate.patch.patchedText!, [...(byText.get(candidate.patch.patchedText!) ?? []), candidate]);
    if (byText.size < 2 || !services.compareBehaviour) return;
    const groups = [...byText.entries()].map(([text, group], position): Survivor & { group: RoundCandidate[] } => ({
        label: labelOf(group[0]!, position), text, group, outcomes: outcomesOf(group[0]!)
    }));
    const { file, language, name, originalText } = run.target;
    services.emit({ kind: "step", step: "verify", round: run.rounds - 1, detail: `comparing the behaviour of ${groups.length} surviving patches` });
    const comparison = await services.compareBehaviour({
        file, language, targetName: name, originalText, subjects: groups.map((g) => ({ label: g.label, text: g.text })),
        sandbox: services.sandbox, workspace: services.workspace,
        ...(run.request.seed !== undefined ? { seed: run.request.seed } : {}), ...(services.signal ? { signal: services.signal } : {})
    });
    if (!comparison.compared) return;
    const undecided = undecidedDisagreements(groups, comparison);
    for (const group of groups) {
        const sentences = undecided.get(group.label) ?? [];
        if (sentences.length === 0) continue;
        for (const candidate of group.group) {
            candidate.disagreements = sentences;
            judgeOne(run, candidate);
        }
    }
}

/** A survivor's label in sentences: `#2` in the first round, `#2.1` (round 2, candidate 1) later; `position` keeps it unique. */
function labelOf(candidate: RoundCandidate, position: number): string {
    const { round, index, origin } = candidate.patch;
    if (origin) return `${origin.tool} (${subjectLabel(position)})`;
    return round === 0 ? `#${index}` : `#${round + 1}.${index}`;
}

/** Each pooled test's outcome on the candidate's patch. */
function outcomesOf(candidate: RoundCandidate): Map<string, boolean> {
    const v = candidate.verification!;
    const passed = new Set([...v.testsPassed, ...v.pinsPassed]);
    return new Map([...v.testsRun, ...v.pinsRun].map((id) => [id, passed.has(id)]));
}
