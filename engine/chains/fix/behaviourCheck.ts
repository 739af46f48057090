// How the fix chain uses the candidate behaviour comparison (candidateBehaviour.ts): the surviving candidates and
// their challengers (eliminated candidates whose elimination a survivor's own reply decided) run against each other on
// generated inputs, and a survivor that differs from one of them on an input no test decides loses "verified".
// The chain takes any function of the comparison's shape, so a test may inject one.

import type { BehaviourComparison, BehaviourDisagreement, BehaviourRequest } from "./candidateBehaviour.js";

export type {
    BehaviourComparison,
    BehaviourDisagreement,
    BehaviourRequest,
    BehaviourSubject
} from "./candidateBehaviour.js";
export type CompareBehaviour = (request: BehaviourRequest) => Promise<BehaviourComparison>;

/** A survivor as the comparison sees it: its label, its patched text, and each pooled test's outcome on it. */
export interface Survivor {
    label: string;
    text: string;
    outcomes: ReadonlyMap<string, boolean>;
}

/**
 * An eliminated candidate compared with the survivors. It challenges a survivor unless evidence independent of that
 * survivor's own reply eliminated it (`decidedFor` holds the labels of such survivors); it gets no sentences itself.
 */
export interface Challenger {
    label: string;
    text: string;
    decidedFor: ReadonlySet<string>;
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
 * The undecided disagreements of each survivor, by label.
 * - Two survivors that differ and that no test separates are undecided on every input they differ on.
 * - A survivor S and a challenger C that still challenges it are undecided on each input they differ on that no test
 *   S passes exercises (`exercises(S, call)`): C being wrong elsewhere, by S's own tests, says nothing about that input.
 *   When the comparison lists only examples (no `differences`), the inputs beyond them are unknown, so the pair is
 *   undecided unless an example is.
 */
export function undecidedDisagreements(
    survivors: readonly Survivor[],
    comparison: BehaviourComparison,
    challengers: readonly Challenger[] = [],
    exercises: (survivor: string, call: string) => boolean = () => false
): Map<string, string[]> {
    const byLabel = new Map<string, string[]>(survivors.map((s) => [s.label, []]));
    const add = (label: string, sentences: string[]) => {
        const own = byLabel.get(label)!;
        own.push(...sentences.filter((s) => !own.includes(s)));
    };
    for (const [x, y] of comparison.pairsThatDiffer) {
        const a = survivors.find((s) => s.label === x);
        const b = survivors.find((s) => s.label === y);
        if (a && b) {
            if (separatedByATest(a, b)) continue;
            const examples = differencesOf(comparison, x, y, false).map((d) => d.sentence);
            const sentences =
                examples.length > 0 ? examples.slice(0, 2) : [`${x} and ${y} behave differently on some input`];
            add(x, sentences);
            add(y, sentences);
            continue;
        }
        const survivor = a ?? b;
        const challenger = challengers.find((c) => c.label === (a ? y : x));
        if (!survivor || !challenger || challenger.decidedFor.has(survivor.label)) continue;
        const differing = differencesOf(comparison, x, y, true);
        const open = differing.filter((d) => !exercises(survivor.label, d.call));
        if (open.length > 0)
            add(
                survivor.label,
                open.slice(0, 2).map((d) => d.sentence)
            );
        else if (comparison.differences === undefined)
            add(survivor.label, [`${x} and ${y} behave differently on some input no test decides`]);
    }
    return byLabel;
}

/** The inputs on which a pair differs: every one when `every` and the comparison lists them, else its examples. */
function differencesOf(comparison: BehaviourComparison, x: string, y: string, every: boolean): BehaviourDisagreement[] {
    const labels = new Set([x, y]);
    const list = every ? (comparison.differences ?? comparison.disagreements) : comparison.disagreements;
    return list.filter((d) =>
        d.pair
            ? labels.has(d.pair[0]) && labels.has(d.pair[1])
            : d.outputs.filter((o) => labels.has(o.label)).length === 2
    );
}

/** Labels for subjects: A, B, …, Z, then A2, B2, …. */
export function subjectLabel(position: number): string {
    const letter = String.fromCharCode(65 + (position % 26));
    return position < 26 ? letter : `${letter}${Math.floor(position / 26) + 1}`;
}
