// The port chain's verdicts as pure functions of what the phases found: how one unit's cases compare with the
// original's outcomes, which status a unit ends with, and the status of the whole port.

import { sameOutcome } from "./compareOutcomes.js";
import type { CaseLine, HarnessOutcome } from "./harnessRuns.js";
import type { Counterexample, PortStatus, UnitReport, UnitStatus } from "./PortTypes.js";

/** One input of differential testing: the line both harnesses answer, the unit it calls, the original's outcome. */
export interface DifferentialCase {
    line: CaseLine;
    unit: string;
    expected?: HarnessOutcome;
}

/** How one unit's cases came out in one round. */
export interface UnitComparison {
    /** Cases compared: the original finished on them and the port's types accept them. */
    cases: number;
    equal: number;
    /** Cases not compared: the original did not finish, or the port did not answer or could not take the input. */
    skipped: number;
    /** The compared cases whose outcomes differ, in case order. */
    counterexamples: Counterexample[];
}

/** Compares the original's outcome of each of a unit's cases with the port's (`actual`, by case id). */
export function compareUnitCases(
    unit: string,
    cases: readonly DifferentialCase[],
    actual: ReadonlyMap<number, HarnessOutcome>,
    round: number
): UnitComparison {
    const comparison: UnitComparison = { cases: 0, equal: 0, skipped: 0, counterexamples: [] };
    for (const c of cases) {
        const got = actual.get(c.line.id);
        if (
            !got ||
            !c.expected ||
            c.expected.kind === "timeout" ||
            c.expected.kind === "crashed" ||
            got.kind === "outOfDomain"
        ) {
            comparison.skipped++;
            continue;
        }
        comparison.cases++;
        if (sameOutcome(c.expected, got)) comparison.equal++;
        else comparison.counterexamples.push({ unit, args: c.line.args, expected: c.expected, actual: got, round });
    }
    return comparison;
}

export interface UnitStatusInput {
    /** The unit is in the last port that built. */
    inBuild: boolean;
    /** The harness can call it (a function with values it reads and writes, and the harness builds). */
    harnessed: boolean;
    report: Pick<UnitReport, "cases" | "equal" | "counterexamples">;
}

/**
 * A unit left out of the build does not compile; one the harness could not call, or that had no comparable
 * case, is not tested; it differs when its last round still found counterexamples and not every case was equal.
 */
export function unitStatus({ inBuild, harnessed, report }: UnitStatusInput): UnitStatus {
    if (!inBuild) return "doesNotCompile";
    if (!harnessed || report.cases === 0) return "notTested";
    const lastRound = Math.max(0, ...report.counterexamples.map((c) => c.round));
    const differsNow = report.counterexamples.some((c) => c.round === lastRound) && report.equal < report.cases;
    return differsNow ? "differs" : "equivalent";
}

/** The port's status: any unit out of the build first, then any that differs; `notTested` units do not lower it. */
export function portStatus(units: readonly Pick<UnitReport, "status">[]): PortStatus {
    if (units.some((unit) => unit.status === "doesNotCompile")) return "doesNotCompile";
    return units.some((unit) => unit.status === "differs") ? "differs" : "equivalent";
}
