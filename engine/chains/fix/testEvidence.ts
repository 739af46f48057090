// Test runs turned into the fix chain's evidence, as pure functions: the baseline of the existing tests, a reply's
// tests against the original (which of them reproduce the bug), and a patch's run against every reproducing test
// and the existing ones (what passed, what regressed).

import type { SourceLanguage } from "../../analysis/index.js";
import { languageSupportOf } from "../../languages/index.js";
import type { TestCaseResult, TestRunResult } from "../../toolchains/index.js";
import { classifyReproduction } from "./classifyReproduction.js";
import type { FixBaseline, ReproducingTest } from "./FixRun.js";
import type { ReproductionRun, VerificationRun } from "./FixTypes.js";
import { belongsTo, type PlacedTests } from "./testPlacement.js";

/** The id under which "the code builds" counts as a reproducing check when the original does not build. */
export const buildCheckId = "ponder:the code builds";

/** Whether a test of a run is one of the project's existing tests (not one a candidate wrote). */
export function isExistingTest(test: TestCaseResult, existingFiles: string[], language: SourceLanguage): boolean {
    // In-file tests (Rust): the target's own tests are every test but the modules Ponder placed (`ponder_repro_…`).
    if (languageSupportOf(language).tests.inTargetFile) return !test.id.includes("ponder_repro_");
    return existingFiles.some((f) => test.file === f || test.id.startsWith(f));
}

/** What the existing tests' run on the original establishes: which passed, and the problem's own reproduction. */
export function baselineOf(
    result: TestRunResult | undefined,
    existingTestFiles: string[],
    language: SourceLanguage
): FixBaseline {
    const existing =
        result?.kind === "ran" ? result.tests.filter((t) => isExistingTest(t, existingTestFiles, language)) : [];
    return {
        existingTestFiles,
        ...(result ? { result } : {}),
        passed: new Set(existing.filter((t) => t.outcome === "passed").map((t) => t.id)),
        reproduction: {
            buildFailed: result?.kind === "buildFailed",
            ids:
                result?.kind === "buildFailed"
                    ? [buildCheckId]
                    : existing
                          .filter((t) => t.outcome === "failed" || t.outcome === "error" || t.outcome === "timedOut")
                          .map((t) => t.id)
        }
    };
}

/** A reply's tests run against the original code: each test's verdict, or why none of them count. */
export function reproductionOf(
    result: TestRunResult,
    placed: PlacedTests,
    language: SourceLanguage,
    file: string,
    lineCount: number
): ReproductionRun {
    const base = { round: placed.round, candidate: placed.candidate };
    if (result.kind === "buildFailed")
        return {
            ...base,
            tests: [],
            brokenReason: `the tests do not ${result.stage === "build" ? "build" : "load"}: ${firstLines(result.message)}`
        };
    if (result.kind === "cancelled") return { ...base, tests: [], brokenReason: "cancelled" };
    const tests = result.tests.filter((t) => belongsTo(placed, t));
    if (tests.length === 0)
        return { ...base, tests: [], brokenReason: "the reply's tests hold no test the runner found" };
    return {
        ...base,
        tests: tests.map((test) => ({ test, ...classifyReproduction(test, language, file, lineCount) }))
    };
}

/** Which run a verification belongs to and how long it took. */
export interface VerificationSubject {
    round: number;
    candidate: number;
    durationMs: number;
}

/** A patch's run against the chain's reproduction, every pooled reproducing test and the existing tests, as evidence. */
export function verificationOf(
    result: TestRunResult,
    subject: VerificationSubject,
    pool: readonly ReproducingTest[],
    baseline: FixBaseline,
    language: SourceLanguage,
    pins: readonly ReproducingTest[] = []
): VerificationRun {
    const chain = baseline.reproduction;
    const testsRun = [...chain.ids, ...pool.map((t) => t.id)];
    const pinsRun = pins.map((t) => t.id);
    const base = {
        round: subject.round,
        candidate: subject.candidate,
        testsRun,
        pinsRun,
        existingTests: baseline.passed.size,
        durationMs: Math.round(subject.durationMs)
    };
    if (result.kind !== "ran") {
        return {
            ...base,
            testsPassed: [],
            pinsPassed: [],
            regressions: [...baseline.passed],
            buildFailure: result.kind === "buildFailed" ? firstLines(result.message) : "cancelled"
        };
    }
    const outcome = new Map<string, string>(result.tests.map((t) => [t.id, t.outcome]));
    if (chain.buildFailed) outcome.set(buildCheckId, "passed");
    return {
        ...base,
        ...(result.interrupted ? { interrupted: result.interrupted.message } : {}),
        ...(result.tampering && result.tampering.length > 0 ? { tampering: result.tampering } : {}),
        testsPassed: testsRun.filter((id) => outcome.get(id) === "passed"),
        pinsPassed: pinsRun.filter((id) => outcome.get(id) === "passed"),
        // When the original did not build, no existing test passed before: every existing test must pass now.
        regressions: chain.buildFailed
            ? result.tests
                  .filter(
                      (t) =>
                          isExistingTest(t, baseline.existingTestFiles, language) &&
                          t.outcome !== "passed" &&
                          t.outcome !== "skipped"
                  )
                  .map((t) => t.id)
            : [...baseline.passed].filter((id) => outcome.get(id) !== "passed")
    };
}

/** The distinct placed test files (or Rust modules) behind a set of reproducing tests, in first-seen order. */
export function uniquePlaced(tests: readonly ReproducingTest[]): PlacedTests[] {
    const seen = new Map<string, PlacedTests>();
    for (const test of tests) seen.set(`${test.placed.file}#${test.placed.module ?? ""}`, test.placed);
    return [...seen.values()];
}

/** A build or load failure's first six lines: enough to see the error, short enough for the evidence. */
function firstLines(message: string): string {
    return message.split("\n").slice(0, 6).join("\n");
}
