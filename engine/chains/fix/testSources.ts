// Where each test a patch ran came from, seen from that patch: its own reply (or an identical copy of one of its
// tests), another sample whose patch differs, the tests-only pass, the docstring's examples, or the user's tests.
// Pure functions; the verdict (fixVerdict.ts) reads what they give.

import type { SourceLanguage } from "../../analysis/index.js";
import { languageSupportOf } from "../../languages/index.js";
import type { ChainReproduction, PooledTest, RoundCandidate } from "./FixRun.js";
import type { VerificationRun } from "./FixTypes.js";
import { normalizedTestSource, type JudgedTest, type TestSourceKind } from "./fixVerdict.js";
import { buildCheckId } from "./testEvidence.js";

/** A test's short name from its id (`file.py::test_x` → `test_x`, `mod::tests::it` → `it`). */
export function testName(id: string): string {
    if (id === buildCheckId) return "the build";
    return id.split("::").at(-1)!.replace(/^.*> /, "");
}

/**
 * The normalized source of one test in a reply's test code: the test function found by its name where its language
 * can find one (Python by indentation, Rust by braces), else the whole block; with the name, so two different tests never share a key.
 */
export function testSourceKey(code: string, id: string, language: SourceLanguage): string {
    return `${testName(id)}\n${normalizedTestSource(testBody(code, id, language))}`;
}

/** One test's own source in a reply's test code: its function where its language can find one by name, else the whole block. */
export function testBody(code: string, id: string, language: SourceLanguage): string {
    const name = testName(id);
    return languageSupportOf(language).tests.testFunctionSource(code, name) ?? code;
}

/** Which source a pooled test is for this candidate. */
export function sourceFor(candidate: RoundCandidate, test: PooledTest): TestSourceKind {
    const origin = test.origin;
    if (candidate.ownSources.has(test.sourceKey)) return "own";
    switch (origin.kind) {
        case "doctest":
            return "doctest";
        case "testsPass":
            return "testsPass";
        case "sample":
            if (origin.round === candidate.patch.round && origin.candidate === candidate.patch.index) return "own";
            return origin.patchedText !== undefined && origin.patchedText === candidate.patch.patchedText
                ? "own"
                : "otherSample";
    }
}

/** Who wrote a pooled test, as one voice: identical tests are one voice, credited to the first writer. */
export function writerOf(test: PooledTest, pool: readonly PooledTest[]): string {
    const first = pool.find((t) => t.sourceKey === test.sourceKey) ?? test;
    const origin = first.origin;
    switch (origin.kind) {
        case "doctest":
            return "the docstring";
        case "testsPass":
            return `tests-only sample ${origin.sample}`;
        case "sample":
            return `round ${origin.round + 1}, candidate ${origin.candidate}`;
    }
}

/**
 * Every test a candidate's verification ran, judged: the user's failing tests (or the build), the pooled reproducing
 * tests and the pooled pinning tests, each with its source as this candidate sees it and whether it passed.
 */
export function judgedTests(
    candidate: RoundCandidate,
    verification: VerificationRun,
    chain: ChainReproduction,
    reproducingPool: readonly PooledTest[],
    pinningPool: readonly PooledTest[]
): JudgedTest[] {
    const passed = new Set([...verification.testsPassed, ...verification.pinsPassed]);
    const ran = new Set([...verification.testsRun, ...verification.pinsRun]);
    const everyPooled = [...reproducingPool, ...pinningPool];
    const chainTests = chain.ids
        .filter((id) => ran.has(id))
        .map((id): JudgedTest => ({
            id,
            name: testName(id),
            source: id === buildCheckId ? "build" : "user",
            writer: id === buildCheckId ? "the compiler" : "your tests",
            failsOnOriginal: true,
            passed: passed.has(id)
        }));
    const pooled = everyPooled
        .filter((t) => ran.has(t.id))
        .map((t): JudgedTest => ({
            id: t.id,
            name: testName(t.id),
            source: sourceFor(candidate, t),
            writer: writerOf(t, everyPooled),
            failsOnOriginal: t.failsOnOriginal,
            passed: passed.has(t.id)
        }));
    return [...chainTests, ...pooled];
}

/**
 * Whether evidence independent of `survivor`'s own reply eliminated `challenger`: the build, a regression in the
 * existing tests, a sign of tampering, a run cut short by the sandbox's limits, the user's failing tests, or a failed
 * pooled test the survivor's reply did not write (the docstring, the tests-only pass, another sample whose patch
 * differs from the survivor's, the challenger's own reply refuting its patch). Failing only the survivor's own tests
 * (or copies of them) is not independent: those tests are the survivor's claim, and a rival they reject still
 * challenges it.
 */
export function eliminatedIndependently(
    challenger: RoundCandidate,
    survivor: RoundCandidate,
    chain: ChainReproduction,
    reproducingPool: readonly PooledTest[],
    pinningPool: readonly PooledTest[]
): boolean {
    const v = challenger.verification;
    if (!v) return false;
    if (
        v.buildFailure !== undefined ||
        v.tampering !== undefined ||
        v.interrupted !== undefined ||
        v.regressions.length > 0
    )
        return true;
    const passed = new Set([...v.testsPassed, ...v.pinsPassed]);
    const pooled = new Map([...reproducingPool, ...pinningPool].map((t) => [t.id, t]));
    return [...v.testsRun, ...v.pinsRun]
        .filter((id) => !passed.has(id))
        .some((id) => {
            if (chain.ids.includes(id)) return true;
            const test = pooled.get(id);
            return test !== undefined && sourceFor(survivor, test) !== "own";
        });
}
