// The fix chain's verdict phase of a round: each candidate judged on its tests by source (fixVerdict.ts), then the
// survivors and their challengers compared by behaviour (behaviourCheck.ts); a survivor that differs from one on an
// input no test decides is not verified, and the disagreement becomes its evidence and the next round's feedback.

import type { FixRun, FixServices, RoundCandidate } from "./FixRun.js";
import { judgeCandidate, type CandidateVerdict } from "./fixVerdict.js";
import { subjectLabel, undecidedDisagreements, type Challenger, type Survivor } from "./behaviourCheck.js";
import { eliminatedIndependently, judgedTests, testBody } from "./testSources.js";

/** Judges one candidate on its verification so far and its disagreements; the verdict is kept on it and in its evidence. */
export function judgeOne(run: FixRun, candidate: RoundCandidate): CandidateVerdict {
    const v = candidate.verification;
    const verdict = judgeCandidate({
        hasPatch: candidate.patch.patchedText !== undefined && v !== undefined,
        ...(v?.buildFailure !== undefined ? { buildFailure: v.buildFailure } : {}),
        ...(v?.interrupted !== undefined ? { interrupted: v.interrupted } : {}),
        ...(v?.tampering !== undefined ? { tampering: v.tampering } : {}),
        regressions: v?.regressions ?? [],
        existingStillPassing:
            v && v.buildFailure === undefined ? Math.max(0, v.existingTests - v.regressions.length) : 0,
        tests: v ? judgedTests(candidate, v, run.baseline.reproduction, run.reproducingPool, run.pinningPool) : [],
        disagreements: candidate.disagreements
    });
    candidate.verdict = verdict;
    candidate.evidence.status = verdict.status;
    return verdict;
}

/**
 * Judges the round's candidates and the earlier survivors that ran again, then, when the chain can compare behaviour,
 * runs one comparison over every survivor (verified or plausible, this round's and earlier ones') with a distinct
 * patched text and every challenger: an eliminated candidate of any round with a distinct patch that evidence
 * independent of some survivor's own reply did not eliminate. A survivor that differs from another survivor no test
 * separates, or from a challenger on an input no test it passes exercises, is not proven.
 */
export async function judgeRound(
    run: FixRun,
    candidates: readonly RoundCandidate[],
    earlierSurvivors: readonly RoundCandidate[],
    services: FixServices
): Promise<void> {
    const all = [...candidates, ...earlierSurvivors];
    for (const candidate of all) {
        candidate.disagreements = [];
        judgeOne(run, candidate);
    }
    const survivors = all.filter(isSurvivor);
    const byText = new Map<string, RoundCandidate[]>();
    for (const candidate of survivors)
        byText.set(candidate.patch.patchedText!, [...(byText.get(candidate.patch.patchedText!) ?? []), candidate]);
    if (byText.size === 0 || !services.compareBehaviour) return;
    const groups = [...byText.entries()].map(([text, group], position): Survivor & { group: RoundCandidate[] } => ({
        label: labelOf(group[0]!, position),
        text,
        group,
        outcomes: outcomesOf(group[0]!)
    }));
    const challengers = challengersOf(run, [...candidates, ...run.ranked.map((r) => r.round)], groups, groups.length);
    if (groups.length + challengers.length < 2) return;
    const { file, language, name, originalText } = run.target;
    services.emit({
        kind: "step",
        step: "verify",
        round: run.rounds - 1,
        detail: `comparing the behaviour of ${plural(groups.length, "surviving patch", "surviving patches")}${challengers.length > 0 ? ` and ${plural(challengers.length, "challenger")}` : ""}`
    });
    const comparison = await services.compareBehaviour({
        file,
        language,
        targetName: name,
        originalText,
        subjects: [...groups, ...challengers].map((g) => ({ label: g.label, text: g.text })),
        sandbox: services.sandbox,
        workspace: services.workspace,
        testTexts: [...new Set([...run.reproducingPool, ...run.pinningPool].map((t) => t.placed.code))],
        ...(run.request.seed !== undefined ? { seed: run.request.seed } : {}),
        ...(services.signal ? { signal: services.signal } : {})
    });
    if (!comparison.compared) return;
    const exercised = await exercisedBy(run, services, groups);
    const undecided = undecidedDisagreements(groups, comparison, challengers, exercised);
    for (const group of groups) {
        const sentences = undecided.get(group.label) ?? [];
        if (sentences.length === 0) continue;
        for (const candidate of group.group) {
            candidate.disagreements = sentences;
            judgeOne(run, candidate);
        }
    }
}

function isSurvivor(candidate: RoundCandidate): boolean {
    return candidate.verdict?.status === "verified" || candidate.verdict?.status === "plausible";
}

/**
 * The challengers: eliminated candidates (of this round and earlier ones) with a patch that ran and a text no survivor
 * or other challenger has, each with the survivors for which independent evidence decided against it. A patch decided
 * against for every survivor is not run at all.
 */
function challengersOf(
    run: FixRun,
    candidates: readonly RoundCandidate[],
    groups: readonly (Survivor & { group: RoundCandidate[] })[],
    firstPosition: number
): Challenger[] {
    const byText = new Map<string, RoundCandidate[]>();
    for (const candidate of candidates) {
        const text = candidate.patch.patchedText;
        if (
            text === undefined ||
            candidate.verification === undefined ||
            isSurvivor(candidate) ||
            groups.some((g) => g.text === text)
        )
            continue;
        byText.set(text, [...(byText.get(text) ?? []), candidate]);
    }
    const challengers: Challenger[] = [];
    for (const [text, same] of byText) {
        // Candidates with one patch share their outcomes: one decided against is the patch decided against.
        const decidedFor = new Set(
            groups
                .filter((g) =>
                    same.some((c) =>
                        eliminatedIndependently(
                            c,
                            g.group[0]!,
                            run.baseline.reproduction,
                            run.reproducingPool,
                            run.pinningPool
                        )
                    )
                )
                .map((g) => g.label)
        );
        if (decidedFor.size === groups.length) continue;
        challengers.push({ label: labelOf(same[0]!, firstPosition + challengers.length), text, decidedFor });
    }
    return challengers;
}

/**
 * Whether a test a survivor passes exercises a call: the source of one of the pooled tests it passed, or of the
 * project's test files, holds the call's text (spaces and quote style aside). A call made in a loop or built at run
 * time is not seen, which leaves the input undecided: the safe side.
 */
async function exercisedBy(
    run: FixRun,
    services: FixServices,
    groups: readonly (Survivor & { group: RoundCandidate[] })[]
): Promise<(survivor: string, call: string) => boolean> {
    const squeeze = (text: string) => text.replace(/\s+/g, "").replace(/'/g, '"');
    const existing = (
        await Promise.all(run.baseline.existingTestFiles.map((f) => services.workspace.readText(f).catch(() => "")))
    ).map(squeeze);
    const pooled = [...run.reproducingPool, ...run.pinningPool];
    const texts = new Map(
        groups.map((g) => {
            const passed = new Set(
                g.group.flatMap((c) => [...c.verification!.testsPassed, ...c.verification!.pinsPassed])
            );
            const own = pooled
                .filter((t) => passed.has(t.id))
                .map((t) => squeeze(testBody(t.placed.code, t.id, run.target.language)));
            return [g.label, [...existing, ...own]];
        })
    );
    return (survivor, call) => {
        const wanted = squeeze(call);
        return (texts.get(survivor) ?? []).some((text) => text.includes(wanted));
    };
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

function plural(n: number, one: string, many = `${one}s`): string {
    return `${n} ${n === 1 ? one : many}`;
}
