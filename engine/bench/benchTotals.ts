// The report's totals from the per-task outcomes: verified and false-verified rates, pass@1 of the chosen patch
// with and without verification, kept tests that fail on the reference, hidden bugs caught, mutation scores, and
// the ports' equivalence, false-equivalent and hidden pass rates.

import type { BenchTotals, Rate, TaskOutcome } from "./BenchTypes.js";

export function rate(count: number, of: number): Rate {
    return { count, of, value: of === 0 ? 0 : count / of };
}

export function benchTotals(outcomes: TaskOutcome[]): BenchTotals {
    const fix = outcomes.filter((o) => o.job === "fix");
    const tests = outcomes.filter((o) => o.job === "tests");
    const ports = outcomes.filter((o) => o.job === "port");
    const equivalent = ports.filter((o) => o.claim === "equivalent");
    const verified = fix.filter((o) => o.claim === "verified");
    const kept = tests.filter((o) => o.claim === "kept");
    const scores = tests.flatMap((o) => (o.mutationScore !== undefined ? [o.mutationScore] : []));
    const variants = tests.reduce((sum, o) => sum + (o.variantsCaught?.total ?? 0), 0);
    const caught = tests.reduce((sum, o) => sum + (o.variantsCaught?.caught ?? 0), 0);
    return {
        tasks: outcomes.length,
        fixTasks: fix.length,
        testsTasks: tests.length,
        portTasks: ports.length,
        verifiedRate: rate(verified.length, fix.length),
        falseVerifiedRate: rate(verified.filter((o) => o.hidden.kind !== "pass").length, verified.length),
        passAt1WithVerification: rate(fix.filter((o) => o.hidden.kind === "pass").length, fix.length),
        passAt1WithoutVerification: rate(fix.filter((o) => o.firstCandidate?.kind === "pass").length, fix.length),
        falseKeptRate: rate(kept.filter((o) => o.hidden.kind !== "pass").length, kept.length),
        variantsCaughtRate: rate(caught, variants),
        portEquivalenceRate: rate(equivalent.length, ports.length),
        falseEquivalentRate: rate(equivalent.filter((o) => o.hidden.kind !== "pass").length, equivalent.length),
        portHiddenPassRate: rate(ports.filter((o) => o.hidden.kind === "pass").length, ports.length),
        meanMutationScore: scores.length === 0 ? null : Math.round(10 * scores.reduce((a, b) => a + b, 0) / scores.length) / 10,
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
