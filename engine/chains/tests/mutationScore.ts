// Mutation scoring of the tests chain, as pure functions: what one mutant's run says (killed, survived, did not
// build, cancelled), and the report over every mutant run: killed, stillborn, survivors in mutant order, score.

import type { TestRunResult } from "../../toolchains/index.js";
import { belongsTo, type PlacedTests } from "../fix/testPlacement.js";
import { percentOf } from "./targetCoverage.js";
import type { MutationReport, SurvivingMutant } from "./TestsTypes.js";

/** `stillborn`: the mutant did not build, so it says nothing about the tests; `cancelled`: it was not run to the end. */
export type MutantOutcome = "killed" | "survived" | "stillborn" | "cancelled";

/**
 * What the kept tests did on one mutant: a load failure or a kept test not passing (or not reported) kills it; a
 * mutant that does not build is stillborn.
 */
export function mutantOutcome(result: TestRunResult, placed: PlacedTests): MutantOutcome {
    if (result.kind === "cancelled") return "cancelled";
    if (result.kind === "buildFailed") return result.stage === "build" ? "stillborn" : "killed";
    const own = result.tests.filter((t) => belongsTo(placed, t));
    return own.length === 0 || own.some((t) => t.outcome !== "passed" && t.outcome !== "skipped")
        ? "killed"
        : "survived";
}

/** The report over the mutants run, given in mutant order; `sites` is how many mutation sites were found before the cap. */
export function mutationScore(
    runs: readonly { mutant: SurvivingMutant; outcome: MutantOutcome }[],
    sites: number
): MutationReport {
    const killed = runs.filter((run) => run.outcome === "killed").length;
    const stillborn = runs.filter((run) => run.outcome === "stillborn").length;
    const survivors = runs
        .filter((run) => run.outcome === "survived")
        .map(({ mutant }) => ({ description: mutant.description, line: mutant.line }));
    const total = killed + survivors.length;
    return { killed, total, score: percentOf(killed, total), stillborn, sites, survivors };
}
