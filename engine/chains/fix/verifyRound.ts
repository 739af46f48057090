// The fix chain's middle phases for one round: parse the replies into patches, reproduce the bug with each reply's
// tests on the original code, then cross-verify every patch against every reproducing test and the existing tests.

import { performance } from "node:perf_hooks";
import { inParallel } from "../inParallel.js";
import type { CandidateEvidence } from "../rewardRanking.js";
import type { FixRound, FixRun, FixServices, RoundCandidate } from "./FixRun.js";
import type { CandidatePatch } from "./FixTypes.js";
import { parseCandidate } from "./parseCandidate.js";
import type { SampledRound } from "./sampleRound.js";
import { reproductionOf, uniquePlaced, verificationOf } from "./testEvidence.js";
import { testSourceKey } from "./testSources.js";
import { overlayTexts, placeTests, type PlacedTests } from "./testPlacement.js";

/** A candidate with no evidence yet beyond its reply and the problem's own reproduction, which every candidate owns. */
export function newCandidate(run: FixRun, patch: CandidatePatch): RoundCandidate {
    const evidence: CandidateEvidence = {
        index: patch.index,
        hasPatch: patch.edits !== undefined,
        hasTests: patch.testCode !== undefined,
        thoughtClosed: patch.reply.thoughtClosedBy === "model",
        thought: patch.reply.thought,
        testsRun: [],
        testsPassed: [],
        ownTests: [...run.baseline.reproduction.ids],
        regressions: [],
        existingTests: run.baseline.passed.size
    };
    return { patch, reproducing: [], evidence, ownSources: new Set(), disagreements: [] };
}

/**
 * The round's candidates: the model's replies parsed, then the tools' patches. The tools' early verifications
 * are dropped from the evidence, since their candidates now run with the model's reproducing tests too.
 */
export async function parseRound(run: FixRun, round: FixRound, sampled: SampledRound): Promise<void> {
    const { file, originalText, language, name, modulePath } = run.target;
    for (const candidate of sampled.symbolic?.candidates ?? []) {
        if (candidate.verification) run.verifications.splice(run.verifications.indexOf(candidate.verification), 1);
    }
    const patches = [
        ...(await Promise.all(
            sampled.generation.candidates.map((reply) =>
                parseCandidate({
                    round: round.number,
                    reply,
                    file,
                    originalText,
                    language,
                    targetName: name,
                    modulePath
                })
            )
        )),
        ...(sampled.symbolic?.candidates.map((c) => c.patch) ?? [])
    ];
    round.candidates = patches.map((patch) => newCandidate(run, patch));
}

/**
 * Each reply's tests against the original code: the tests that fail there because of the bug join the reproducing
 * pool, those that pass join the pinning pool (behaviour a patch should keep); each test's source is its reply's own.
 */
export async function reproduceRound(run: FixRun, round: FixRound, services: FixServices): Promise<void> {
    const started = performance.now();
    const { file, originalText, language, lineCount } = run.target;
    const chainIds = run.baseline.reproduction.ids;
    services.emit({
        kind: "step",
        step: "reproduce",
        round: round.number,
        detail: "running each candidate's tests on the current code"
    });
    await inParallel(
        run.parallelRuns,
        round.candidates.filter((c) => c.patch.testCode !== undefined),
        async (candidate) => {
            const placed = placeTests(language, file, round.number, candidate.patch.index, candidate.patch.testCode!);
            candidate.patch.testFile = placed.file;
            const result = await run.runTests(overlayTexts(language, file, originalText, [placed]), [placed.file]);
            const reproduction = reproductionOf(result, placed, language, file, lineCount);
            run.reproductions.push(reproduction);
            const origin = {
                kind: "sample",
                round: round.number,
                candidate: candidate.patch.index,
                ...(candidate.patch.patchedText !== undefined ? { patchedText: candidate.patch.patchedText } : {})
            } as const;
            for (const verdict of reproduction.tests) {
                const sourceKey = testSourceKey(placed.code, verdict.test.id, language);
                candidate.ownSources.add(sourceKey);
                if (!verdict.reproduces && verdict.test.outcome !== "passed") continue;
                (verdict.reproduces ? run.reproducingPool : run.pinningPool).push({
                    id: verdict.test.id,
                    placed,
                    origin,
                    sourceKey,
                    failsOnOriginal: verdict.reproduces
                });
                if (verdict.reproduces) candidate.reproducing.push(verdict.test.id);
            }
            candidate.evidence.ownTests = [...chainIds, ...candidate.reproducing];
        }
    );
    // An exact tool writes no tests: the tests that reproduced the bug on the current code (the model's candidates')
    // are its evidence, so a symbolic patch that passes them all and breaks nothing is verified.
    for (const candidate of round.candidates.filter((c) => c.patch.origin?.kind === "symbolic"))
        candidate.evidence.ownTests = [...chainIds, ...run.reproducingPool.map((test) => test.id)];
    run.timings.verifyMs += performance.now() - started;
}

/**
 * Every patch against every pooled test (reproducing and pinning) and the existing tests; candidates with the same
 * patched text share one run. The survivors of earlier rounds (`earlier`) run again with the grown pool, so a test
 * written since can decide between them.
 */
export async function crossVerifyRound(
    run: FixRun,
    round: FixRound,
    services: FixServices,
    earlier: readonly RoundCandidate[] = []
): Promise<void> {
    const started = performance.now();
    services.emit({
        kind: "step",
        step: "verify",
        round: round.number,
        detail: `${run.reproducingPool.length} reproducing tests, ${run.pinningPool.length} pinning, ${run.baseline.passed.size} existing`
    });
    const placedPool = uniquePlaced([...run.reproducingPool, ...run.pinningPool]);
    const byPatch = new Map<string, RoundCandidate[]>();
    for (const candidate of [...round.candidates, ...earlier]) {
        const patchedText = candidate.patch.patchedText;
        if (patchedText !== undefined) byPatch.set(patchedText, [...(byPatch.get(patchedText) ?? []), candidate]);
    }
    await inParallel(run.parallelRuns, [...byPatch.entries()], ([patchedText, group]) =>
        verifyPatch(run, patchedText, placedPool, group)
    );
    run.timings.verifyMs += performance.now() - started;
}

/**
 * Runs one patched text with the placed tests and the existing tests; every candidate in `group` gets the verification
 * (replacing an earlier one of the same candidate).
 */
export async function verifyPatch(
    run: FixRun,
    patchedText: string,
    placedPool: PlacedTests[],
    group: RoundCandidate[],
    signal?: AbortSignal
): Promise<void> {
    const runStarted = performance.now();
    const { file, language } = run.target;
    const result = await run.runTests(
        overlayTexts(language, file, patchedText, placedPool),
        [...placedPool.map((p) => p.file), ...run.baseline.existingTestFiles],
        signal
    );
    for (const candidate of group) {
        const verification = verificationOf(
            result,
            {
                round: candidate.patch.round,
                candidate: candidate.patch.index,
                durationMs: performance.now() - runStarted
            },
            run.reproducingPool,
            run.baseline,
            language,
            run.pinningPool
        );
        const previous = candidate.verification ? run.verifications.indexOf(candidate.verification) : -1;
        if (previous >= 0) run.verifications.splice(previous, 1, verification);
        else run.verifications.push(verification);
        candidate.verification = verification;
        Object.assign(candidate.evidence, {
            testsRun: verification.testsRun,
            testsPassed: verification.testsPassed,
            regressions: verification.regressions,
            pinsRun: verification.pinsRun,
            pinsBroken: verification.pinsRun.filter((id) => !verification.pinsPassed.includes(id))
        });
    }
}
