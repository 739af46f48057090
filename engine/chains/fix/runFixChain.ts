// The debugging chain: context → G candidates in one group call → reproduction of the bug by each reply's
// tests → every patch against every reproducing test and the existing tests → reward ranking → feedback
// rounds until a patch is verified. It returns edits and evidence; it never writes the user's file.

import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import {
    buildCodeContext, CodeParser, findDefinition, findEnclosingFunction, findExistingTests, languageOfPath, offsetAt, type ContextTarget,
    type SourceLanguage
} from "../../analysis/index.js";
import { InvalidRequestError } from "../../errors.js";
import { dominantScript } from "../../text/scriptShare.js";
import { unifiedDiff } from "../../text/unifiedDiffText.js";
import type { TestCaseResult, TestRunResult } from "../../toolchains/index.js";
import type { Workspace } from "../../workspace/Workspace.js";
import type { ChainDependencies } from "../ChainDependencies.js";
import type { MemoryReport } from "../ChainTypes.js";
import { chainTestRunner, fixTestTimeouts } from "../chainTestRunner.js";
import { inParallel } from "../inParallel.js";
import { isVerified, rankCandidates, type CandidateEvidence, type RankedCandidate } from "../rewardRanking.js";
import { classifyReproduction } from "./classifyReproduction.js";
import { MemorySession, type ProvenSolution } from "../MemorySession.js";
import { solutionPattern } from "../../memory/index.js";
import { estimateTokens } from "../../text/estimateTokens.js";
import { feedbackPrompt, fixPrompt, importHintFor, type FeedbackAttempt, type FixPromptInput } from "./fixPrompt.js";
import type {
    CandidatePatch, CandidateReport, FixEvent, FixRequest, FixResult, ReproductionRun, VerificationRun
} from "./FixTypes.js";
import { parseCandidate } from "./parseCandidate.js";
import { symbolicCandidates } from "./symbolic/symbolicCandidates.js";
import type { SymbolicFixSource, SymbolicSourceReport, SymbolicSummary } from "./symbolic/SymbolicTypes.js";
import { belongsTo, overlayTexts, placeTests, type PlacedTests } from "./testPlacement.js";

export type FixChainDependencies = ChainDependencies<FixEvent>;

/** The id under which "the code builds" counts as a reproducing check when the original does not build. */
export const buildCheckId = "ponder:the code builds";

/**
 * The problem's own reproduction, owned by every candidate: the original does not build (a compile error), or
 * existing tests fail on it. Either way a patch must make them pass, like a candidate's reproducing tests.
 */
interface ChainReproduction {
    ids: string[];
    buildFailed: boolean;
}

/** A reproducing test, with where it came from and how to run it. */
interface ReproducingTest {
    id: string;
    placed: PlacedTests;
}

interface RoundCandidate {
    patch: CandidatePatch;
    evidence: CandidateEvidence;
    reproducing: string[];
    verification?: VerificationRun;
}

export async function runFixChain(request: FixRequest, deps: FixChainDependencies): Promise<FixResult> {
    const started = performance.now();
    const { workspace, signal } = deps;
    const emit = (event: FixEvent) => deps.onEvent?.(event);
    const file = request.file.replace(/\\/g, "/");
    const language = languageOfPath(file);
    if (!language) throw new InvalidRequestError(`Ponder cannot fix ${file}: fixes work on Python, TypeScript, JavaScript and Rust files.`);
    const originalText = await workspace.readText(file);
    const parser = CodeParser.shared();

    // 1. Context.
    emit({ kind: "step", step: "context", round: 0, detail: `reading ${file}` });
    const target = contextTarget(request, originalText);
    const enclosing = await findEnclosingFunction(originalText, language, "offset" in target ? target.offset
        : "range" in target ? target.range : "diagnostic" in target ? target.diagnostic.range : 0, { parser });
    const targetName = "name" in target ? target.name : enclosing?.qualifiedName;
    if (!targetName) throw new InvalidRequestError(`No function encloses the given position in ${file}; point at a line inside the function to fix.`);
    const testFileTexts = await candidateTestFiles(workspace, file, language);
    const existing = await findExistingTests(testFileTexts, targetName, language, { parser });
    const existingTestFiles = [...new Set(existing.map((t) => t.file))].filter((f) => f !== file);
    const countTokens = estimateTokens;
    const context = await buildCodeContext({
        path: file, text: originalText, language, target: "name" in target ? { name: targetName } : target,
        testFiles: testFileTexts, tokenBudget: request.contextTokens ?? 3000, countTokens, parser,
        ...(request.testOutput ? { diagnostics: [] } : {})
    });
    const { hint, modulePath } = importHintFor(language, file, targetName);
    const promptInput: FixPromptInput = {
        file, language, targetName, context: context.text, importHint: hint, ...(request.testOutput ? { testOutput: request.testOutput } : {}),
        ...(request.priorAttempts ? { priorAttempts: request.priorAttempts } : {})
    };
    const userScript = dominantScript(request.testOutput ?? "") === "latin" ? "latin" : dominantScript(request.testOutput ?? "");
    const lineCount = originalText.split("\n").length;
    const run = chainTestRunner({
        sandbox: deps.sandbox, workspace, language, testTimeoutMs: request.testTimeoutMs, defaults: fixTestTimeouts, signal
    }).once;

    // Existing tests on the original code: a test that passed here and fails with a patch is a regression.
    const baselinePassed = new Set<string>();
    let baselineCount = 0;
    let baseline: TestRunResult | undefined;
    // Rust always builds first: a compile error is found here and becomes the problem's reproduction.
    if (existingTestFiles.length > 0 || language === "rust") {
        baseline = await run({}, existingTestFiles);
        if (baseline.kind === "ran") for (const test of baseline.tests) {
            if (isExistingTest(test, existingTestFiles, language)) {
                baselineCount++;
                if (test.outcome === "passed") baselinePassed.add(test.id);
            }
        }
    }

    const chainReproduction: ChainReproduction = {
        buildFailed: baseline?.kind === "buildFailed",
        ids: baseline?.kind === "buildFailed" ? [buildCheckId] : baseline?.kind === "ran"
            ? baseline.tests.filter((t) => isExistingTest(t, existingTestFiles, language) && (t.outcome === "failed" || t.outcome === "error" || t.outcome === "timedOut")).map((t) => t.id)
            : []
    };

    // Solution memory: similar verified fixes become worked examples in the prompt.
    const targetCode = (await findDefinition(originalText, language, targetName, { parser }))?.text ?? enclosing?.text ?? "";
    const session = deps.memory ? new MemorySession(deps.memory, "fix") : undefined;
    if (session) {
        const recall = await session.recall({
            target: targetName, language, message: problemMessage(request, baseline, existingTestFiles, language), code: targetCode,
            tokenBudget: Math.floor((request.contextTokens ?? 3000) / 3), parser
        });
        promptInput.workedExamples = recall.promptSection;
        emit({ kind: "recall", round: 0, source: recall.reports[0]?.source ?? session.source, solutions: recall.reports });
    }

    const candidatesPerRound = request.candidates ?? 4;
    const totalRounds = 1 + (request.extraRounds ?? 2);
    const reproducingPool: ReproducingTest[] = [];
    const reproductions: ReproductionRun[] = [];
    const verifications: VerificationRun[] = [];
    const reports: CandidateReport[] = [];
    const allCandidates: { round: RoundCandidate; ranking: RankedCandidate }[] = [];
    let feedback: FeedbackAttempt[] = [];
    let modelMs = 0;
    let verifyMs = 0;
    let rounds = 0;
    const symbolicReports: SymbolicSourceReport[] = [];
    let symbolicCount = 0;
    let modelCancelled = false;
    const newEvidence = (patch: CandidatePatch): CandidateEvidence => ({
        index: patch.index, hasPatch: patch.edits !== undefined, hasTests: patch.testCode !== undefined,
        thoughtClosed: patch.reply.thoughtClosedBy === "model", thought: patch.reply.thought,
        testsRun: [], testsPassed: [], ownTests: [...chainReproduction.ids], regressions: [], existingTests: baselinePassed.size
    });
    const verifyPatch = async (patchedText: string, placedPool: PlacedTests[], round: number, group: RoundCandidate[], runSignal = signal) => {
        const runStarted = performance.now();
        const result = await run(overlayTexts(language, file, patchedText, placedPool),
            [...placedPool.map((p) => p.file), ...existingTestFiles], runSignal);
        for (const candidate of group) {
            const verification = verificationOf(result, round, candidate.patch.index, reproducingPool, baselinePassed,
                performance.now() - runStarted, chainReproduction, existingTestFiles, language);
            verifications.push(verification);
            candidate.verification = verification;
            Object.assign(candidate.evidence, {
                testsRun: verification.testsRun, testsPassed: verification.testsPassed, regressions: verification.regressions
            });
        }
    };

    for (let round = 0; round < totalRounds && !signal?.aborted; round++) {
        rounds = round + 1;
        // 2. One group call per round.
        emit({ kind: "step", step: "candidates", round, detail: `sampling ${candidatesPerRound} candidates` });
        const modelStarted = performance.now();
        // Symbolic candidates (first round only: the tools are deterministic) are computed while the model samples,
        // and checked at once against the problem's own reproduction; a verified one cancels the model.
        const modelAbort = new AbortController();
        const modelSignal = signal ? AbortSignal.any([signal, modelAbort.signal]) : modelAbort.signal;
        // Once the model is done, the early check is moot: every candidate is verified together below.
        const earlyCheckAbort = new AbortController();
        const symbolicWork = round === 0 && deps.symbolic && deps.symbolic.length > 0
            ? runSymbolic(deps.symbolic, round, candidatesPerRound, () => modelAbort.abort(),
                signal ? AbortSignal.any([signal, earlyCheckAbort.signal]) : earlyCheckAbort.signal) : undefined;
        const generation = await deps.runtime.generate({
            messages: [{ role: "user", content: round === 0 ? fixPrompt(promptInput) : feedbackPrompt(promptInput, feedback) }],
            candidates: candidatesPerRound,
            purpose: `fix.round${round}`,
            ...(request.seed !== undefined ? { seed: request.seed + round * candidatesPerRound } : {}),
            ...(request.thinkBudget !== undefined ? { thinkBudget: request.thinkBudget } : {})
        }, { signal: modelSignal, onEvent: (event) => emit({ kind: "reasoning", round, event }) });
        modelMs += performance.now() - modelStarted;
        if (!modelAbort.signal.aborted) earlyCheckAbort.abort();
        const symbolic = await symbolicWork;
        if (signal?.aborted) break;
        if (symbolic?.early && generation.candidates.some((c) => c.stopReason === "cancelled")) {
            // A symbolic candidate was verified before the model finished: it wins without the model's replies.
            // Symbolic candidates not run because another won first are left out (they were never verified).
            modelCancelled = true;
            const ran = symbolic.candidates.filter((c) => c.verification);
            const ranked = rankCandidates(ran.map((c) => c.evidence), userScript);
            const roundReports = ran.map((candidate, i) => reportOf(candidate, ranked[i]!, round));
            reports.push(...roundReports);
            ran.forEach((candidate, i) => allCandidates.push({ round: candidate, ranking: ranked[i]! }));
            emit({ kind: "step", step: "rank", round, detail: "a symbolic candidate is verified; the model was cancelled" });
            emit({ kind: "evidence", round, candidates: roundReports });
            break;
        }
        // The symbolic candidates now run with the model's reproducing tests too: their early runs are superseded.
        for (const candidate of symbolic?.candidates ?? []) {
            if (candidate.verification) verifications.splice(verifications.indexOf(candidate.verification), 1);
        }
        const patches = [
            ...await Promise.all(generation.candidates.map((reply) =>
                parseCandidate({ round, reply, file, originalText, language, targetName, modulePath }))),
            ...(symbolic?.candidates.map((c) => c.patch) ?? [])
        ];

        // 3. Reproduction: each reply's tests against the original code.
        const verifyStarted = performance.now();
        emit({ kind: "step", step: "reproduce", round, detail: "running each candidate's tests on the current code" });
        const roundCandidates: RoundCandidate[] = patches.map((patch) => ({ patch, reproducing: [], evidence: newEvidence(patch) }));
        const parallelRuns = request.parallelRuns ?? availableParallelism();
        await inParallel(parallelRuns, roundCandidates.filter((c) => c.patch.testCode !== undefined), async (candidate) => {
            const placed = placeTests(language, file, round, candidate.patch.index, candidate.patch.testCode!);
            candidate.patch.testFile = placed.file;
            const result = await run(overlayTexts(language, file, originalText, [placed]), [placed.file]);
            const reproduction = reproductionOf(result, placed, language, file, lineCount);
            reproductions.push(reproduction);
            for (const verdict of reproduction.tests.filter((v) => v.reproduces)) {
                reproducingPool.push({ id: verdict.test.id, placed });
                candidate.reproducing.push(verdict.test.id);
            }
            candidate.evidence.ownTests = [...chainReproduction.ids, ...candidate.reproducing];
        });
        // An exact tool writes no tests: the tests that reproduced the bug on the current code (the model's candidates')
        // are its evidence, so a symbolic patch that passes them all and breaks nothing is verified.
        for (const candidate of roundCandidates.filter((c) => c.patch.origin?.kind === "symbolic"))
            candidate.evidence.ownTests = [...chainReproduction.ids, ...reproducingPool.map((test) => test.id)];

        // 4. Cross-verification: every patch against every reproducing test and the existing tests.
        emit({ kind: "step", step: "verify", round, detail: `${reproducingPool.length} reproducing tests, ${baselinePassed.size} existing` });
        const placedPool = uniquePlaced(reproducingPool);
        // Candidates often write the same patch: each distinct patched text runs once and its result is shared.
        const byPatch = new Map<string, RoundCandidate[]>();
        for (const candidate of roundCandidates.filter((c) => c.patch.patchedText !== undefined))
            byPatch.set(candidate.patch.patchedText!, [...(byPatch.get(candidate.patch.patchedText!) ?? []), candidate]);
        await inParallel(parallelRuns, [...byPatch.entries()], ([patchedText, group]) => verifyPatch(patchedText, placedPool, round, group));
        verifyMs += performance.now() - verifyStarted;

        // 5. Reward and rank.
        const ranked = rankCandidates(roundCandidates.map((c) => c.evidence), userScript);
        const roundReports = roundCandidates.map((candidate, i) => reportOf(candidate, ranked[i]!, round));
        reports.push(...roundReports);
        roundCandidates.forEach((candidate, i) => allCandidates.push({ round: candidate, ranking: ranked[i]! }));
        emit({ kind: "step", step: "rank", round, detail: `${ranked.filter((r) => r.verified).length} verified` });
        emit({ kind: "evidence", round, candidates: roundReports });
        if (ranked.some((r) => r.verified)) break;

        // 6. Feedback: the best attempts and how they failed go back to the model.
        feedback = [...roundCandidates]
            .filter((c) => c.patch.patchedText !== undefined)
            .sort((a, b) => ranked[roundCandidates.indexOf(a)]!.rank - ranked[roundCandidates.indexOf(b)]!.rank)
            .slice(0, 2)
            .map((c) => ({ patch: patchCodeOf(c.patch), failures: failuresOf(c, reproducingPool, verifications) }));
        if (round + 1 < totalRounds) emit({ kind: "step", step: "feedback", round, detail: `${feedback.length} attempts sent back` });
    }

    // 7. Result.
    const best = chooseBest(allCandidates);
    const symbolicSummary: { symbolic?: SymbolicSummary } = deps.symbolic && deps.symbolic.length > 0
        ? { symbolic: { sources: symbolicReports, candidates: symbolicCount, modelCancelled } } : {};
    const base = {
        ...symbolicSummary, file, language, rounds, candidates: reports, reproductions, verifications, contextOmitted: context.omitted.map((o) => o.title ?? o.kind),
        timings: { modelMs: Math.round(modelMs), verifyMs: Math.round(verifyMs), totalMs: Math.round(performance.now() - started) }
    };
    /** The memory settles with the verified fix (the target before and after, the whole file's diff), or with nothing. */
    const memoryReport = async (verifiedPatch?: { patchedText: string; diff: string }): Promise<{ memory?: MemoryReport }> => {
        if (!session) return {};
        const proven: ProvenSolution[] = verifiedPatch ? [{
            target: targetName, file, pattern: solutionPattern(originalText, verifiedPatch.patchedText),
            example: {
                before: targetCode, diff: verifiedPatch.diff,
                after: (await findDefinition(verifiedPatch.patchedText, language, targetName, { parser }))?.text ?? verifiedPatch.patchedText
            }
        }] : [];
        const report = await session.settle(proven);
        return report ? { memory: report } : {};
    };
    if (!best) return { ...base, status: "noCandidate", regressionTests: [], ...await memoryReport() };
    const patch = best.round.patch;
    const patchInfo = {
        edits: patch.edits!, diff: unifiedDiff(file, originalText, patch.patchedText!), round: patch.round, candidate: patch.index,
        ...(patch.origin ? { origin: patch.origin } : {})
    };
    if (best.ranking.verified) {
        const own = uniquePlaced(reproducingPool.filter((t) => best.round.reproducing.includes(t.id)));
        return { ...base, status: "verified", patch: patchInfo, regressionTests: own.map((p) => ({ file: p.file, code: p.code })),
            ...await memoryReport({ patchedText: patch.patchedText!, diff: patchInfo.diff }) };
    }
    return { ...base, status: "unverified", patch: patchInfo, unverifiedReason: unverifiedReason(best.round, chainReproduction), regressionTests: [], ...await memoryReport() };

    /** The round's symbolic candidates, each verified at once against the problem's own reproduction when there is one. */
    async function runSymbolic(sources: readonly SymbolicFixSource[], round: number, firstIndex: number, onVerified: () => void, earlySignal: AbortSignal) {
        const found = await symbolicCandidates(sources, {
            file, language: language!, originalText, workspace, sandbox: deps.sandbox, ...(enclosing ? { targetRange: enclosing.range } : {}),
            ...(signal ? { signal } : {})
        }, round, firstIndex);
        symbolicReports.push(...found.reports);
        symbolicCount = found.patches.length;
        emit({ kind: "step", step: "candidates", round, detail: `symbolic: ${found.reports.map((r) => `${r.tool} ${r.status} (${r.detail})`).join("; ")}` });
        const candidates: RoundCandidate[] = found.patches.map((patch) => ({ patch, reproducing: [], evidence: newEvidence(patch) }));
        let early = false;
        if (chainReproduction.ids.length > 0 && candidates.length > 0) {
            const started = performance.now();
            await inParallel(request.parallelRuns ?? availableParallelism(), candidates, async (candidate) => {
                if (early || earlySignal.aborted) return;
                await verifyPatch(candidate.patch.patchedText!, [], round, [candidate], earlySignal);
                if (isVerified(candidate.evidence) && !early && !earlySignal.aborted) {
                    early = true;
                    onVerified();
                }
            });
            verifyMs += performance.now() - started;
        }
        return { early, candidates };
    }
}

/** What the problem says about itself, for recall: the test output, the diagnostic, or how the existing tests fail. */
function problemMessage(request: FixRequest, baseline: TestRunResult | undefined, existingTestFiles: string[], language: SourceLanguage): string {
    if (request.testOutput) return request.testOutput;
    if ("diagnostic" in request.target) return request.target.diagnostic.message;
    if (baseline?.kind === "buildFailed") return baseline.message;
    if (baseline?.kind === "ran") return baseline.tests.filter((t) => isExistingTest(t, existingTestFiles, language) && t.outcome !== "passed" && t.outcome !== "skipped")
        .map((t) => t.message ?? "").join("\n").slice(0, 4000);
    return "";
}

function contextTarget(request: FixRequest, text: string): ContextTarget {
    const target = request.target;
    if ("line" in target) {
        const lines = text.split("\n").length;
        if (!Number.isInteger(target.line) || target.line < 1 || target.line > lines)
            throw new InvalidRequestError(`Line ${target.line} is outside ${request.file}, which has ${lines} lines.`);
        const lineStart = offsetAt(text, { line: target.line - 1, character: 0 });
        const indent = /^[ \t]*/.exec(text.slice(lineStart))![0].length;
        return { offset: lineStart + indent };
    }
    return target;
}

/** Test files of the project in the target's language that may test it. */
async function candidateTestFiles(workspace: Workspace, file: string, language: SourceLanguage) {
    const files = await workspace.listFiles();
    const isTest = (path: string) => {
        const name = path.split("/").pop()!;
        if (language === "python") return /^test_.*\.py$|_test\.py$/.test(name);
        if (language === "rust") return path === file || /^tests\/.*\.rs$/.test(path);
        return /\.(test|spec)\.[cm]?[jt]sx?$/.test(name);
    };
    const texts = [];
    for (const path of files.filter(isTest).slice(0, 50)) texts.push({ path, text: await workspace.readText(path) });
    return texts;
}

function isExistingTest(test: TestCaseResult, existingFiles: string[], language: SourceLanguage): boolean {
    if (language === "rust") return !test.id.includes("ponder_repro_");
    return existingFiles.some((f) => test.file === f || test.id.startsWith(f));
}

function reproductionOf(result: TestRunResult, placed: PlacedTests, language: SourceLanguage, file: string, lineCount: number): ReproductionRun {
    const base = { round: placed.round, candidate: placed.candidate };
    if (result.kind === "buildFailed") return { ...base, tests: [], brokenReason: `the tests do not ${result.stage === "build" ? "build" : "load"}: ${result.message.split("\n").slice(0, 6).join("\n")}` };
    if (result.kind === "cancelled") return { ...base, tests: [], brokenReason: "cancelled" };
    const tests = result.tests.filter((t) => belongsTo(placed, t));
    if (tests.length === 0) return { ...base, tests: [], brokenReason: "the reply's tests hold no test the runner found" };
    return { ...base, tests: tests.map((test) => ({ test, ...classifyReproduction(test, language, file, lineCount) })) };
}

function reportOf(candidate: RoundCandidate, ranking: RankedCandidate, round: number): CandidateReport {
    return {
        round, index: candidate.patch.index, ranking,
        parseProblems: [...candidate.patch.parseProblems, ...(candidate.verification?.buildFailure ? [`the patched code does not build: ${candidate.verification.buildFailure}`] : [])],
        reproducingTests: candidate.reproducing, regressions: candidate.evidence.regressions,
        thought: candidate.patch.reply.thought, answer: candidate.patch.reply.answer,
        ...(candidate.patch.patchedText !== undefined ? { patchedText: candidate.patch.patchedText } : {}),
        ...(candidate.patch.origin ? { origin: candidate.patch.origin } : {})
    };
}

function verificationOf(result: TestRunResult, round: number, candidate: number, pool: ReproducingTest[], baselinePassed: Set<string>,
    durationMs: number, chain: ChainReproduction, existingTestFiles: string[], language: SourceLanguage): VerificationRun {
    const testsRun = [...chain.ids, ...pool.map((t) => t.id)];
    const base = { round, candidate, testsRun, existingTests: baselinePassed.size, durationMs: Math.round(durationMs) };
    if (result.kind !== "ran") {
        return { ...base, testsPassed: [], regressions: [...baselinePassed],
            buildFailure: result.kind === "buildFailed" ? result.message.split("\n").slice(0, 6).join("\n") : "cancelled" };
    }
    const outcome = new Map<string, string>(result.tests.map((t) => [t.id, t.outcome]));
    if (chain.buildFailed) outcome.set(buildCheckId, "passed");
    return {
        ...base,
        testsPassed: testsRun.filter((id) => outcome.get(id) === "passed"),
        // When the original did not build, no existing test passed before: every existing test must pass now.
        regressions: chain.buildFailed
            ? result.tests.filter((t) => isExistingTest(t, existingTestFiles, language) && t.outcome !== "passed" && t.outcome !== "skipped").map((t) => t.id)
            : [...baselinePassed].filter((id) => outcome.get(id) !== "passed")
    };
}

function uniquePlaced(tests: ReproducingTest[]): PlacedTests[] {
    const seen = new Map<string, PlacedTests>();
    for (const test of tests) seen.set(`${test.placed.file}#${test.placed.module ?? ""}`, test.placed);
    return [...seen.values()];
}

function chooseBest(all: { round: RoundCandidate; ranking: RankedCandidate }[]) {
    const withPatch = all.filter((c) => c.round.patch.patchedText !== undefined);
    return [...withPatch].sort((a, b) =>
        Number(b.ranking.verified) - Number(a.ranking.verified) ||
        b.ranking.reward.accuracy - a.ranking.reward.accuracy ||
        b.ranking.clusterSize - a.ranking.clusterSize ||
        b.ranking.reward.total - a.ranking.reward.total ||
        a.round.patch.round - b.round.patch.round || a.round.patch.index - b.round.patch.index)[0];
}

function unverifiedReason(candidate: RoundCandidate, chain: ChainReproduction): string {
    const v = candidate.verification;
    if (candidate.reproducing.length === 0 && chain.ids.length === 0 && candidate.evidence.ownTests.length === 0)
        return candidate.patch.origin ? "no test reproduced the bug on the current code, so nothing can prove the tool's fix"
            : "none of its own tests reproduced the bug on the current code";
    if (v?.buildFailure) return `the patched code does not build: ${v.buildFailure.split("\n")[0]}`;
    if (v && v.regressions.length > 0) return `it breaks existing tests: ${v.regressions.join(", ")}`;
    if (v) return `it fails ${v.testsRun.length - v.testsPassed.length} of ${v.testsRun.length} reproducing tests`;
    return "it was not verified";
}

function patchCodeOf(patch: CandidatePatch): string {
    return patch.reply.answer.trim().slice(0, 2000);
}

function failuresOf(candidate: RoundCandidate, pool: ReproducingTest[], verifications: VerificationRun[]): string[] {
    const v = verifications.find((r) => r.round === candidate.patch.round && r.candidate === candidate.patch.index);
    if (!v) return ["it was not run"];
    if (v.buildFailure) return [`does not build: ${v.buildFailure}`];
    const failed = v.testsRun.filter((id) => !v.testsPassed.includes(id));
    return [...failed.map((id) => `test ${id} still fails`), ...v.regressions.map((id) => `existing test ${id} now fails`),
        ...(candidate.reproducing.length === 0 ? ["its own tests did not fail on the buggy code, so they do not show the bug"] : [])]
        .concat(pool.length === 0 ? ["no test reproduced the bug yet: write a test that fails on the current code"] : []);
}
