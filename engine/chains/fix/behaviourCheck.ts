// How the fix chain uses the candidate behaviour comparison (candidateBehaviour.ts):
// the surviving candidates with distinct patched texts run against each other on generated inputs, and two that
// differ while no pooled test separates them both lose "verified". The chain takes any function of the comparison's
// shape, so a test may inject one.

import type { BehaviourComparison, BehaviourRequest } from "./candidateBehaviour.js";

export type { BehaviourComparison, BehaviourDisagreement, BehaviourRequest, BehaviourSubject } from "./candidateBehaviour.js";
export type CompareBehaviour = (request: BehaviourRequest) => Promise<BehaviourComparison>;

/** A survivor as the comparison sees it: its label, its patched text, and each pooled test's outcome on it. */
export interface Survivor {
    label: string;
    text: string;
    outcomes: ReadonlyMap<string, boolean>;
}

/** Whether some test ran on both and passed on one only: such a pair is decided by a test, not left to the user. */
export function separatedByATest(a: Survivor, b: Survivor): boolean {
    for (const [id, passed] of a.outcomes) {
        const other = b.outcomes.get(id);
        if (other !== undefined && other !== passed) return true;
    }
    return false;
}

/**
 * The undecided disagreements of each survivor, by label: for every pair the comparison found to differ and no
 * test separates, the sentences of that pair (or a plain one when the comparison gave no example).
 */
export function undecidedDisagreements(survivors: readonly Survivor[], comparison: BehaviourComparison): Map<string, string[]> {
    const byLabel = new Map<string, string[]>(survivors.map((s) => [s.label, []]));
    for (const [x, y] of comparison.pairsThatDiffer) {
        const a = survivors.find((s) => s.label === x);
        const b = survivors.find((s) => s.label === y);
        if (!a || !b || separatedByATest(a, b)) continue;
        const labels = new Set([x, y]);
        const examples = comparison.disagreements.filter((d) => d.outputs.filter((o) => labels.has(o.label)).length === 2).map((d) => d.sentence);
        const sentences = examples.length > 0 ? examples.slice(0, 2) : [`${x} and ${y} behave differently on some input`];
        for (const label of [x, y]) byLabel.get(label)!.push(...sentences.filter((s) => !byLabel.get(label)!.includes(s)));
    }
    return byLabel;
}

/** Labels for subjects: A, B, …, Z, then A2, B2, …. */
export function subjectLabel(position: number): string {
    const letter = String.fromCharCode(65 + (position % 26));
    return position < 26 ? letter : `${letter}${Math.floor(position / 26) + 1}`;
}
