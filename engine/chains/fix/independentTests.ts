// Tests no patch's reply wrote, gathered once before the first verification: a tests-only pass (its own model call,
// `purpose: "fix.tests"`, whose prompt shows the problem and the code but no patch) and, for Python, the examples in
// the target's docstring run as doctests. They join the pool every patch runs against, with their origin.

import { performance } from "node:perf_hooks";
import { languageSupportOf } from "../../languages/index.js";
import { inParallel } from "../inParallel.js";
import { testsOnlyPrompt } from "./fixPrompt.js";
import type { FixRun, FixServices, PooledTest, TestOrigin } from "./FixRun.js";
import { parseCandidate } from "./parseCandidate.js";
import { reproductionOf } from "./testEvidence.js";
import { overlayTexts, placeTests, type PlacedTests } from "./testPlacement.js";
import { testSourceKey } from "./testSources.js";

/** Samples of the tests-only pass for G fix samples: half of them, one at least, so it costs at most half a round. */
export function testsPassSamples(candidatesPerRound: number): number {
    return Math.max(1, Math.floor(candidatesPerRound / 2));
}

/**
 * Runs the tests-only pass (unless the project's own failing tests already reproduce the bug) and the docstring's
 * examples on the original code, and pools their tests.
 */
export async function gatherIndependentTests(run: FixRun, services: FixServices): Promise<void> {
    const { file, language, originalText, name, modulePath } = run.target;
    const samples = testsPassSamples(run.candidatesPerRound);
    const doctest = doctestOf(run);
    // The project's failing tests (or the failed build) are already a source no reply wrote: the pass's model time is
    // spent only when nothing independent reproduces the bug yet.
    if (run.baseline.reproduction.ids.length > 0) {
        services.emit({
            kind: "step",
            step: "candidates",
            round: 0,
            detail: "no tests-only pass: the project's own failing tests reproduce the bug"
        });
        if (doctest) await poolOnOriginal(run, doctest, { kind: "doctest" });
        return;
    }
    services.emit({
        kind: "step",
        step: "candidates",
        round: 0,
        detail: `sampling ${samples} tests-only replies (no patch shown)`
    });
    const modelStarted = performance.now();
    const seed =
        run.request.seed !== undefined ? { seed: run.request.seed + run.totalRounds * run.candidatesPerRound } : {};
    const generation = await services.runtime.generate(
        {
            messages: [{ role: "user", content: testsOnlyPrompt(run.promptInput) }],
            candidates: samples,
            purpose: "fix.tests",
            ...seed,
            // Tests need less thought than a fix: half the fix's budget, when it has one.
            ...(run.request.thinkBudget !== undefined
                ? { thinkBudget: Math.max(1, Math.floor(run.request.thinkBudget / 2)) }
                : {})
        },
        {
            ...(services.signal ? { signal: services.signal } : {}),
            onEvent: (event) => services.emit({ kind: "reasoning", round: 0, event })
        }
    );
    const modelMs = performance.now() - modelStarted;
    run.timings.modelMs += modelMs;
    if (services.signal?.aborted) return;
    const placed: { placed: PlacedTests; origin: TestOrigin }[] = [];
    for (const reply of generation.candidates) {
        // Only the tests block counts: a patch in a tests-only reply is ignored.
        const parsed = await parseCandidate({
            round: 0,
            reply,
            file,
            originalText,
            language,
            targetName: name,
            modulePath
        });
        if (parsed.testCode !== undefined)
            placed.push({
                placed: placeTests(language, file, 0, reply.index, parsed.testCode, `t${reply.index}`),
                origin: { kind: "testsPass", sample: reply.index }
            });
    }
    if (doctest) placed.push({ placed: doctest, origin: { kind: "doctest" } });
    const started = performance.now();
    const fromPass: PooledTest[] = [];
    await inParallel(run.parallelRuns, placed, async (test) => {
        const pooled = await poolOnOriginal(run, test.placed, test.origin);
        if (test.origin.kind === "testsPass") fromPass.push(...pooled);
    });
    run.timings.verifyMs += performance.now() - started;
    run.testsPass = {
        samples,
        tests: fromPass.length,
        reproducing: fromPass.filter((t) => t.failsOnOriginal).length,
        pinning: fromPass.filter((t) => !t.failsOnOriginal).length,
        modelMs: Math.round(modelMs)
    };
}

/**
 * Runs placed tests on the original code and adds them to the pools: those that reproduce the bug to the reproducing
 * pool, those that pass to the pinning pool; a test broken by itself joins neither. Returns what it pooled.
 */
export async function poolOnOriginal(run: FixRun, placed: PlacedTests, origin: TestOrigin): Promise<PooledTest[]> {
    const { file, originalText, language, lineCount } = run.target;
    const result = await run.runTests(overlayTexts(language, file, originalText, [placed]), [placed.file]);
    const reproduction = reproductionOf(result, placed, language, file, lineCount);
    const pooled: PooledTest[] = [];
    for (const verdict of reproduction.tests) {
        const failsOnOriginal = verdict.reproduces;
        if (!failsOnOriginal && verdict.test.outcome !== "passed") continue;
        const test: PooledTest = {
            id: verdict.test.id,
            placed,
            origin,
            sourceKey: testSourceKey(placed.code, verdict.test.id, language),
            failsOnOriginal
        };
        (failsOnOriginal ? run.reproducingPool : run.pinningPool).push(test);
        pooled.push(test);
    }
    return pooled;
}

/**
 * A pytest test that runs the examples (`>>>` lines) of the target's docstring on the original code with the doctest
 * module, when it has any: the code's own statement of what it should do, an oracle no sample wrote. The examples are
 * copied into the test, so a patch that rewrites or drops the docstring is still held to them.
 */
export function doctestOf(run: FixRun): PlacedTests | undefined {
    const { language, file, code, name, modulePath } = run.target;
    const testCode = languageSupportOf(language).tests.documentedExamplesTest?.({ name, code, modulePath });
    return testCode === undefined ? undefined : placeTests(language, file, 0, 0, testCode, "doctests");
}
