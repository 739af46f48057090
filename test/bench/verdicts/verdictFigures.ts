// The verdict suite's figures from its runs, per engine: verified among wrong-only models, verified-but-wrong in
// mixed groups, verified with a user's failing test and a correct model, the correct patch chosen when it was
// sampled, and model time per kind.

import type { VerdictKind, VerdictRun } from "./runVerdictSuite.js";

export interface Fraction {
    count: number;
    of: number;
}

export interface VerdictFigures {
    engine: string;
    verifiedAmongWrongOnly: Fraction;
    verifiedButWrongInMixed: Fraction;
    verifiedWithUserTest: Fraction;
    correctChosenWhenSampled: Fraction;
    /** Every run's status, counted. */
    statuses: Record<string, number>;
    /** Mean model time per run, by kind. */
    meanModelMs: Partial<Record<VerdictKind, number>>;
    errors: number;
}

export function verdictFigures(runs: readonly VerdictRun[]): VerdictFigures[] {
    return [...new Set(runs.map((r) => r.engine))].map((engine) => {
        const own = runs.filter((r) => r.engine === engine);
        const of = (kind: VerdictKind) => own.filter((r) => r.kind === kind);
        const fraction = (items: readonly VerdictRun[], test: (r: VerdictRun) => boolean): Fraction => ({
            count: items.filter(test).length,
            of: items.length
        });
        const verified = (r: VerdictRun) => r.status === "verified";
        const meanModelMs: Partial<Record<VerdictKind, number>> = {};
        for (const kind of ["wrongOnly", "mixed", "correctOnly", "userTest"] as const) {
            const items = of(kind);
            if (items.length > 0)
                meanModelMs[kind] = Math.round(items.reduce((sum, r) => sum + r.modelMs, 0) / items.length);
        }
        const statuses: Record<string, number> = {};
        for (const run of own) statuses[run.status] = (statuses[run.status] ?? 0) + 1;
        return {
            engine,
            verifiedAmongWrongOnly: fraction(of("wrongOnly"), verified),
            verifiedButWrongInMixed: fraction(of("mixed"), (r) => verified(r) && !r.chosenCorrect),
            verifiedWithUserTest: fraction(of("userTest"), verified),
            correctChosenWhenSampled: fraction(
                own.filter((r) => r.sampledCorrect),
                (r) => r.chosenCorrect
            ),
            statuses,
            meanModelMs,
            errors: own.filter((r) => r.error !== undefined).length
        };
    });
}
