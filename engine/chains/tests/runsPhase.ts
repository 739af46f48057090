// The tests chain's runs phase (phase 4): every pooled test run N times on the current code. A test that passes
// every run goes on to coverage; one failing because of the code under test is a possible bug; flaky and broken
// ones are dropped with their reason.

import { belongsTo, overlayTexts, placeTests } from "../fix/testPlacement.js";
import { inParallel } from "../inParallel.js";
import type { PooledTest } from "./poolTests.js";
import { verdictOf } from "./testVerdict.js";
import type { RanTest, StabilityRuns, TestsRun } from "./TestsRun.js";
import type { DroppedTest, PossibleBug } from "./TestsTypes.js";

/**
 * Phase 4: all tests in one scratch first (one start-up and build for N runs); a test the batch did not report (a
 * file that breaks collection, a Rust module that does not compile) is run again on its own.
 */
export async function runEachTest(testsRun: TestsRun, tests: PooledTest[]): Promise<StabilityRuns> {
    const { language, file, originalText, runsPerTest, runTests, emit } = testsRun;
    emit({ kind: "step", step: "runs", detail: `${tests.length} tests × ${runsPerTest} runs` });
    const ran: RanTest[] = [];
    const dropped: DroppedTest[] = [];
    const possibleBugs: PossibleBug[] = [];
    const placedAll = tests.map((test, index) => placeTests(language, file, 0, index, test.code));
    const batch =
        tests.length > 1
            ? await runTests(
                  overlayTexts(language, file, originalText, placedAll),
                  placedAll.map((p) => p.file),
                  { times: runsPerTest }
              )
            : undefined;
    await inParallel(
        testsRun.parallelRuns,
        tests.map((test, index) => ({ test, index })),
        async ({ test, index }) => {
            const placed = placedAll[index]!;
            const inBatch = batch && batch.runs[0]!.kind === "ran" && batch.tests.some((t) => belongsTo(placed, t));
            const repeated = inBatch
                ? batch
                : await runTests(overlayTexts(language, file, originalText, [placed]), [placed.file], {
                      times: runsPerTest
                  });
            const verdict = verdictOf(repeated, placed, language, file, originalText.split("\n").length);
            ran[index] = { test, placed, verdict: verdict.kind };
            if (verdict.kind === "failing") {
                possibleBugs.push({
                    name: test.name,
                    code: test.code,
                    failure: verdict.reason,
                    candidate: test.candidate
                });
                emit({ kind: "test", name: test.name, verdict: "possibleBug", reason: verdict.reason.split("\n")[0]! });
            } else if (verdict.kind !== "passing") {
                dropped.push({ name: test.name, candidate: test.candidate, reason: verdict.reason, code: test.code });
                emit({ kind: "test", name: test.name, verdict: "dropped", reason: verdict.reason });
            }
        }
    );
    // Runs end in any order: possible bugs are reported in the pool's order.
    const order = new Map(tests.map((t, i) => [t.name, i]));
    possibleBugs.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    return { ran, passing: ran.filter((r) => r && r.verdict === "passing"), dropped, possibleBugs };
}
