// The repository-level bench's figures from its task outcomes: resolved rate, false-verified rate, localisation
// top-1 and top-5 at function level (by evidence alone and with the model's choice), time to a verified fix against
// the located fix chain on the same bugs, and the regression runs' share of verification time.

import type { Rate } from "../BenchTypes.js";
import type { RepoBenchTotals, RepoTaskOutcome } from "./RepoBenchTypes.js";

export function repoBenchTotals(outcomes: readonly RepoTaskOutcome[]): RepoBenchTotals {
    const verified = outcomes.filter((o) => o.status === "verified");
    const within = (rank: number | undefined, k: number) => rank !== undefined && rank <= k;
    const both = outcomes.filter((o) => o.status === "verified" && o.located?.status === "verified");
    const repairMs = median(both.map((o) => o.repair.totalMs));
    const locatedMs = median(both.map((o) => o.located!.totalMs));
    const verifying = outcomes.filter((o) => o.repair.verifyMs > 0);
    const regressionMs = sum(verifying.map((o) => o.repair.regressionMs));
    const verifyMs = sum(verifying.map((o) => o.repair.verifyMs));
    return {
        tasks: outcomes.length,
        resolvedRate: rate(outcomes.filter((o) => o.hidden.resolved).length, outcomes.length),
        verifiedRate: rate(verified.length, outcomes.length),
        falseVerifiedRate: rate(verified.filter((o) => !o.hidden.resolved).length, verified.length),
        top1ByEvidence: rate(outcomes.filter((o) => within(o.rank.byEvidence, 1)).length, outcomes.length),
        top5ByEvidence: rate(outcomes.filter((o) => within(o.rank.byEvidence, 5)).length, outcomes.length),
        top1WithModel: rate(outcomes.filter((o) => within(o.rank.withModel, 1)).length, outcomes.length),
        top5WithModel: rate(outcomes.filter((o) => within(o.rank.withModel, 5)).length, outcomes.length),
        timeToVerified: {
            tasks: both.length,
            repairMs,
            locatedMs,
            ratio: repairMs !== null && locatedMs !== null && locatedMs > 0 ? repairMs / locatedMs : null
        },
        regressionShare: { regressionMs, verifyMs, value: verifyMs > 0 ? regressionMs / verifyMs : null },
        errors: outcomes.filter((o) => o.error !== undefined).length
    };
}

function rate(count: number, of: number): Rate {
    return { count, of, value: of === 0 ? 0 : count / of };
}

function sum(values: number[]): number {
    return values.reduce((a, b) => a + b, 0);
}

function median(values: number[]): number | null {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
