// Which inputs and which units the port chain keeps, as pure functions: argument lists without repeats, the
// counterexamples kept as regression tests, and whether a unit uses one that has no code.

import { writeExactJson, type ExactJson } from "./exactJson.js";
import type { Counterexample, PortUnit } from "./PortTypes.js";

/** Ten counterexamples pin a unit's behaviour down; the report still lists them all. */
export const keptCounterexamplesPerUnit = 10;

/** Exact JSON text tells every two different values apart, so it keys argument lists. */
function argumentsKey(args: readonly ExactJson[]): string {
    return writeExactJson([...args]);
}

/** The argument lists without repeats, each at its first place. */
export function uniqueArgumentLists(argumentLists: readonly ExactJson[][]): ExactJson[][] {
    const seen = new Set<string>();
    return argumentLists.filter((args) => {
        const key = argumentsKey(args);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

/**
 * The counterexamples kept as regression tests: one per distinct input (the latest round's, since a later
 * round's outcome is the port's current behaviour), in the order inputs were first found, at most `limit`.
 */
export function keptCounterexamples(
    counterexamples: readonly Counterexample[],
    limit = keptCounterexamplesPerUnit
): Counterexample[] {
    const byInput = new Map(counterexamples.map((c) => [argumentsKey(c.args), c]));
    return [...byInput.values()].slice(0, limit);
}

/** A unit and whether it has code now: what `dependsOnMissing` reads of each unit. */
export interface UnitWithCode {
    unit: Pick<PortUnit, "name" | "uses">;
    item?: unknown;
}

/** Whether a unit uses, directly or through other units, a unit of the file that has no code (it would not build). */
export function dependsOnMissing(
    state: UnitWithCode,
    byName: ReadonlyMap<string, UnitWithCode>,
    seen = new Set<string>()
): boolean {
    if (seen.has(state.unit.name)) return false;
    seen.add(state.unit.name);
    return state.unit.uses.some((name) => {
        const used = byName.get(name);
        return used !== undefined && (!used.item || dependsOnMissing(used, byName, seen));
    });
}
