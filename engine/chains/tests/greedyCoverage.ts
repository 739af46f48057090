// The tests chain's keep rule, as a pure function: passing tests are kept greedily by the target's lines each adds
// over the existing tests and the tests kept before it, so that fewer tests cover the same lines. Without a
// coverage measure every passing test is kept.

/** A passing test and the target's lines it covers (undefined where its coverage could not be read). */
export interface CoverageCandidate<T> {
    test: T;
    covered?: ReadonlySet<number>;
}

/** One decision, in the order they are made: kept with the lines it adds, or dropped, each with its reason. */
export type CoverageDecision<T> =
    { kept: true; test: T; newLines: number[]; reason: string } | { kept: false; test: T; reason: string };

export const noNewCoverage = "it adds no line coverage over the existing tests and the tests kept before it";

/** The decisions on every candidate, best gain first, and the lines covered by the baseline and the kept tests. */
export function selectByCoverage<T>(
    candidates: readonly CoverageCandidate<T>[],
    baseline: ReadonlySet<number>,
    measured: boolean
): { decisions: CoverageDecision<T>[]; covered: Set<number> } {
    const decisions: CoverageDecision<T>[] = [];
    const covered = new Set(baseline);
    const remaining = [...candidates];
    while (remaining.length > 0) {
        const gains = remaining.map((candidate) => [...(candidate.covered ?? [])].filter((line) => !covered.has(line)));
        // The first of the largest gains, so that ties keep the pool's order.
        const best = measured ? gains.reduce((b, g, i) => (g.length > gains[b]!.length ? i : b), 0) : 0;
        const [candidate] = remaining.splice(best, 1);
        const gain = gains[best]!;
        if (measured && gain.length === 0) {
            decisions.push({ kept: false, test: candidate!.test, reason: noNewCoverage });
            continue;
        }
        gain.forEach((line) => covered.add(line));
        decisions.push({
            kept: true,
            test: candidate!.test,
            newLines: gain.sort((a, b) => a - b),
            reason: measured ? `covers ${gain.length} new lines` : "passes every run"
        });
    }
    return { decisions, covered };
}
