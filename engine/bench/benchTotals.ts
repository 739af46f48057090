// The report's totals from the per-task outcomes: verified and false-verified rates, pass@1 of the chosen patch
// with and without verification, kept tests that fail on the reference, hidden bugs caught, mutation scores, and
// the ports' equivalence, false-equivalent and hidden pass rates.

import type { BenchTotals, Rate, TaskOutcome } from "./BenchTypes.js";
import { strengthByEvidence, strengthByStatus } from "./verdictStrength.js";

export function rate(count: number, of: number): Rate {
    return { count, of, value: of === 0 ? 0 : count / of };
}

/** Outcomes whose chain made `claim`, of all of them. */
export function claimRate(outcomes: TaskOutcome[], claim: TaskOutcome["claim"]): Rate {
    return rate(outcomes.filter((o) => o.claim === claim).length, outcomes.length);
}

/** Of the outcomes whose chain made `claim`, those the hidden checks did not pass: a proof that was wrong. */
export function falseClaimRate(outcomes: TaskOutcome[], claim: TaskOutcome["claim"]): Rate {
    const claimed = outcomes.filter((o) => o.claim === claim);
    return rate(claimed.filter((o) => o.hidden.kind !== "pass").length, claimed.length);
}

/** Outcomes whose result passed the hidden checks, of all of them. */
export function hiddenPassRate(outcomes: TaskOutcome[]): Rate {
    return rate(outcomes.filter((o) => o.hidden.kind === "pass").length, outcomes.length);
}

export function benchTotals(outcomes: TaskOutcome[]): BenchTotals {
    const fix = outcomes.filter((o) => o.job === "fix");
    const tests = outcomes.filter((o) => o.job === "tests");
    const ports = outcomes.filter((o) => o.job === "port");
    const scores = tests.flatMap((o) => (o.mutationScore !== undefined ? [o.mutationScore] : []));
    const variants = tests.reduce((sum, o) => sum + (o.variantsCaught?.total ?? 0), 0);
    const caught = tests.reduce((sum, o) => sum + (o.variantsCaught?.caught ?? 0), 0);
    return {
        tasks: outcomes.length,
        fixTasks: fix.length,
        testsTasks: tests.length,
        portTasks: ports.length,
        verifiedRate: claimRate(fix, "verified"),
        falseVerifiedRate: falseClaimRate(fix, "verified"),
        byStatus: strengthByStatus(fix),
        byEvidence: strengthByEvidence(fix),
        passAt1WithVerification: hiddenPassRate(fix),
        passAt1WithoutVerification: rate(fix.filter((o) => o.firstCandidate?.kind === "pass").length, fix.length),
        falseKeptRate: falseClaimRate(tests, "kept"),
        variantsCaughtRate: rate(caught, variants),
        portEquivalenceRate: claimRate(ports, "equivalent"),
        falseEquivalentRate: falseClaimRate(ports, "equivalent"),
        portHiddenPassRate: hiddenPassRate(ports),
        meanMutationScore:
            scores.length === 0 ? null : Math.round((10 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 10,
        errors: outcomes.filter((o) => o.error !== undefined).length,
        medianTaskMs: median(outcomes.map((o) => o.timings.totalMs)),
        medianHarnessMs: median(outcomes.map((o) => o.timings.totalMs - o.timings.modelMs)),
        tokensGenerated: outcomes.reduce((sum, o) => sum + o.tokens.generated, 0)
    };
}

function median(values: number[]): number {
    if (values.length === 0) return 0;
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
