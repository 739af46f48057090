// The tests chain's mutation phase (phase 7): small faults seeded into the target, each run against the kept
// tests together; a mutant they all pass survives. No kept test (or `maxMutants` 0): no mutant runs.

import { languageSupportOf } from "../../languages/index.js";
import { overlayTexts, placeTests } from "../fix/testPlacement.js";
import { inParallel } from "../inParallel.js";
import { applyMutant, findMutants, spreadMutants } from "./findMutants.js";
import { mutantOutcome, mutationScore, type MutantOutcome } from "./mutationScore.js";
import type { TestFileChange, TestsRun } from "./TestsRun.js";
import type { MutationReport } from "./TestsTypes.js";

/** Phase 7: up to `maxMutants` mutants of the target, spread over it, run against the kept tests' merged code. */
export async function runMutants(testsRun: TestsRun, change: TestFileChange): Promise<MutationReport> {
    const { request, language, file, originalText, testTimeoutMs } = testsRun;
    const maxMutants = request.maxMutants ?? 30;
    const code = change.edits.length > 0 && maxMutants > 0 ? change.keptCode : undefined;
    const sites = code === undefined ? [] : await findMutants(originalText, language, testsRun.target.range);
    const chosen = spreadMutants(sites, maxMutants);
    testsRun.emit({ kind: "step", step: "mutation", detail: `${chosen.length} of ${sites.length} mutants` });
    const placed = placeTests(language, file, 1, 0, code ?? "");
    // A mutant that loops must not cost a test's whole time limit; a build-first toolchain's limit covers its build.
    const timeoutMs = languageSupportOf(language).toolchain.buildsBeforeTests
        ? testTimeoutMs
        : Math.min(testTimeoutMs, 2_000);
    const outcomes: MutantOutcome[] = chosen.map(() => "cancelled");
    await inParallel(
        testsRun.parallelRuns,
        chosen.map((mutant, order) => ({ mutant, order })),
        async ({ mutant, order }) => {
            const result = (
                await testsRun.runTests(
                    overlayTexts(language, file, applyMutant(originalText, mutant), [placed]),
                    [placed.file],
                    { timeoutMs }
                )
            ).runs[0]!;
            outcomes[order] = mutantOutcome(result, placed);
        }
    );
    return mutationScore(
        chosen.map((mutant, order) => ({ mutant, outcome: outcomes[order]! })),
        sites.length
    );
}
