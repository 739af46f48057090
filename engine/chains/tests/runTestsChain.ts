// The tests chain: context → G candidates in one group call → tests pooled and deduplicated → each test run N
// times on the current code in the sandbox (flaky ones dropped, assertion failures reported as possible bugs)
// → kept only when it raises line coverage over the existing tests and the tests kept before it → mutants of
// the target run against the kept tests. It returns test-file edits and the report; it never writes a file.

import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import {
    buildCodeContext, findDefinition, languageOfPath, listDefinitions, listTestUnits, positionAt, type SourceLanguage, type TextRange
} from "../../analysis/index.js";
import { InvalidRequestError } from "../../errors.js";
import {
    type RepeatedTestRun, type TestCaseResult, type TestRunResult, type TestStability
} from "../../toolchains/index.js";
import type { Workspace } from "../../workspace/Workspace.js";
import type { ChainDependencies } from "../ChainDependencies.js";
import { chainTestRunner, testsTestTimeouts } from "../chainTestRunner.js";
import { inParallel } from "../inParallel.js";
import { MemorySession, recallLine } from "../MemorySession.js";
import type { MemoryReport } from "../ChainTypes.js";
import { solutionPattern } from "../../memory/index.js";
import { estimateTokens } from "../../text/estimateTokens.js";
import { classifyReproduction } from "../fix/classifyReproduction.js";
import { belongsTo, overlayTexts, placeTests, type PlacedTests } from "../fix/testPlacement.js";
import { applyMutant, findMutants, spreadMutants } from "./findMutants.js";
import { onlyTests, poolTests, type PooledTest } from "./poolTests.js";
import {
    detectTestFramework, frameworkInstruction, mergeTestCode, mergedText, renameTest, testFileEdit, testFileFor, type ProjectTestFiles
} from "./testConventions.js";
import { importHintFor, testsPrompt } from "./testsPrompt.js";
import type {
    DroppedTest, KeptTest, MutationReport, PossibleBug, SurvivingMutant, TestFileEdit, TestsEvent, TestsRequest, TestsResult
} from "./TestsTypes.js";

export type TestsChainDependencies = ChainDependencies<TestsEvent>;

/** A pooled test after its N runs on the current code. */
interface RunTest {
    test: PooledTest;
    placed: PlacedTests;
    verdict: "passing" | "failing" | "flaky" | "broken";
    /** The target's lines it covers (when coverage was measured). */
    covered?: Set<number>;
}

export async function runTestsChain(request: TestsRequest, deps: TestsChainDependencies): Promise<TestsResult> {
    const started = performance.now();
    const { workspace, signal } = deps;
    const emit = (event: TestsEvent) => deps.onEvent?.(event);
    const file = request.file.replace(/\\/g, "/");
    const language = languageOfPath(file);
    if (!language) throw new InvalidRequestError(`Ponder cannot write tests for ${file}: tests work on Python, TypeScript, JavaScript and Rust files.`);
    const runs = request.runs ?? 3;
    const candidates = request.candidates ?? 4;
    if (!Number.isInteger(runs) || runs < 1) throw new InvalidRequestError(`runs must be a whole number of at least 1; got ${runs}.`);
    if (!Number.isInteger(candidates) || candidates < 1) throw new InvalidRequestError(`candidates must be a whole number of at least 1; got ${candidates}.`);
    const originalText = await workspace.readText(file);
    const notes: string[] = [];

    // 1. Target, conventions and context.
    emit({ kind: "step", step: "context", detail: `reading ${file}` });
    let range: TextRange | undefined;
    if (request.symbol) {
        const definition = await findDefinition(originalText, language, request.symbol);
        if (!definition) throw new InvalidRequestError(`${file} defines no ${request.symbol}; give a function, method or class of the file.`);
        range = definition.fullRange;
    }
    const firstLine = range ? positionAt(originalText, range.start).line + 1 : 1;
    const lastLine = range ? positionAt(originalText, range.end).line + 1 : originalText.split("\n").length;
    const inTarget = (line: number) => line >= firstLine && line <= lastLine;
    const project = await projectTestFiles(workspace, file, language);
    const framework = await detectTestFramework(language, project);
    const exported = (await listDefinitions(originalText, language))
        .filter((d) => d.container === undefined && d.kind !== "constant" && !(language === "python" && d.name.startsWith("_")))
        .map((d) => d.name);
    const importNames = request.symbol ? [request.symbol.split(/::|\./)[0]!] : exported;
    const { hint, modulePath } = importHintFor(language, file, importNames);
    const context = await contextText(request, file, originalText, language, project);
    // Solution memory: tests kept earlier for similar code become worked examples.
    const targetCode = range ? originalText.slice(range.start, range.end) : originalText;
    const session = deps.memory ? new MemorySession(deps.memory, "tests") : undefined;
    const recall = session ? await session.recall({
        target: request.symbol ?? file, language, message: "", code: targetCode, limit: 2, tokenBudget: Math.floor((request.contextTokens ?? 3000) / 3)
    }) : undefined;
    if (recall && recall.reports.length > 0) emit({ kind: "step", step: "context", detail: recallLine(recall, "kept test set(s)") });
    const prompt = testsPrompt({
        ...(recall?.promptSection ? { workedExamples: recall.promptSection } : {}),
        file, language, context, importHint: hint, frameworkInstruction: frameworkInstruction(framework),
        targetDescription: request.symbol ? `\`${request.symbol}\`` : "the functions of the file",
        ...(request.priorAttempts ? { priorAttempts: request.priorAttempts } : {})
    });

    // 2. One group call of G candidates.
    emit({ kind: "step", step: "candidates", detail: `sampling ${candidates} candidates` });
    const modelStarted = performance.now();
    const generation = await deps.runtime.generate({
        messages: [{ role: "user", content: prompt }], candidates, purpose: "tests",
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...(request.thinkBudget !== undefined ? { thinkBudget: request.thinkBudget } : {})
    }, { ...(signal ? { signal } : {}), onEvent: (event) => emit({ kind: "reasoning", event }) });
    const modelMs = performance.now() - modelStarted;

    // 3. Pool and deduplicate.
    const pool = await poolTests({
        replies: generation.candidates, language, originalText, modulePath, importNames,
        targetName: request.symbol ?? "__ponder_whole_file__"
    });
    const dropped: DroppedTest[] = [...pool.dropped];
    const possibleBugs: PossibleBug[] = [];
    emit({ kind: "step", step: "pool", detail: `${pool.tests.length} distinct tests, ${pool.dropped.length} dropped before running` });
    for (const d of pool.dropped) emit({ kind: "test", name: d.name, verdict: "dropped", reason: d.reason });

    const parallel = Math.max(1, request.parallelRuns ?? availableParallelism());
    const { timeoutMs: testTimeoutMs, repeated: run } = chainTestRunner({
        sandbox: deps.sandbox, workspace, language, testTimeoutMs: request.testTimeoutMs, defaults: testsTestTimeouts, signal
    });
    const existingTestFiles = language === "rust" ? [] : project.files.map((f) => f.path);
    const targetLines = (result: TestRunResult | undefined) => {
        const coverage = result?.kind === "ran" ? result.coverage?.[file] : undefined;
        if (!coverage) return undefined;
        return { covered: new Set(coverage.coveredLines.filter(inTarget)), coverable: coverage.coverableLines.filter(inTarget) };
    };

    // 4. N runs of each test on the current code.
    const runsStarted = performance.now();
    emit({ kind: "step", step: "runs", detail: `${pool.tests.length} tests × ${runs} runs` });
    const ran: RunTest[] = [];
    // All tests in one scratch first (one start-up and build for N runs); a test the batch did not report (a file
    // that breaks collection, a Rust module that does not compile) is run again on its own.
    const placedAll = pool.tests.map((test, index) => placeTests(language, file, 0, index, test.code));
    const batch = pool.tests.length > 1
        ? await run(overlayTexts(language, file, originalText, placedAll), placedAll.map((p) => p.file), { times: runs }) : undefined;
    await inParallel(parallel, pool.tests.map((test, index) => ({ test, index })), async ({ test, index }) => {
        const placed = placedAll[index]!;
        const inBatch = batch && batch.runs[0]!.kind === "ran" && batch.tests.some((t) => belongsTo(placed, t));
        const repeated = inBatch ? batch : await run(overlayTexts(language, file, originalText, [placed]), [placed.file], { times: runs });
        const verdict = verdictOf(repeated, placed, language, file, originalText.split("\n").length);
        ran[index] = { test, placed, verdict: verdict.kind };
        if (verdict.kind === "failing") {
            possibleBugs.push({ name: test.name, code: test.code, failure: verdict.reason, candidate: test.candidate });
            emit({ kind: "test", name: test.name, verdict: "possibleBug", reason: verdict.reason.split("\n")[0]! });
        } else if (verdict.kind !== "passing") {
            dropped.push({ name: test.name, candidate: test.candidate, reason: verdict.reason, code: test.code });
            emit({ kind: "test", name: test.name, verdict: "dropped", reason: verdict.reason });
        }
    });
    const runsMs = performance.now() - runsStarted;
    const passing = ran.filter((r) => r && r.verdict === "passing");

    // 5. Coverage: the existing tests, then each passing test alone; greedy keep by new lines.
    const coverageStarted = performance.now();
    emit({ kind: "step", step: "coverage", detail: `${existingTestFiles.length} existing test files, ${passing.length} passing tests` });
    const coverable = new Set<number>();
    let baseline = new Set<number>();
    let measured = language !== "rust";
    if (measured && existingTestFiles.length > 0) {
        const lines = targetLines((await run({}, existingTestFiles, { coverage: true })).runs[0]);
        if (lines) {
            baseline = lines.covered;
            lines.coverable.forEach((line) => coverable.add(line));
        }
    }
    if (measured) {
        await inParallel(parallel, passing, async (entry) => {
            const lines = targetLines((await run(overlayTexts(language, file, originalText, [entry.placed]), [entry.placed.file], { coverage: true })).runs[0]);
            if (lines) {
                entry.covered = lines.covered;
                lines.coverable.forEach((line) => coverable.add(line));
            }
        });
        if (passing.length > 0 && passing.every((entry) => entry.covered === undefined)) measured = false;
    }
    if (!measured) notes.push(`Line coverage is not measured for ${language} here: passing tests were kept without a coverage check.`);
    const kept: { entry: RunTest; newLines: number[] }[] = [];
    const covered = new Set(baseline);
    const remaining = [...passing];
    while (remaining.length > 0) {
        // Greedy: the test adding the most new lines first, so that fewer tests cover the same lines.
        const gains = remaining.map((entry) => [...(entry.covered ?? [])].filter((line) => !covered.has(line)));
        const best = measured ? gains.reduce((b, g, i) => (g.length > gains[b]!.length ? i : b), 0) : 0;
        const [entry] = remaining.splice(best, 1);
        const gain = gains[best]!;
        if (measured && gain.length === 0) {
            const reason = "it adds no line coverage over the existing tests and the tests kept before it";
            dropped.push({ name: entry!.test.name, candidate: entry!.test.candidate, reason, code: entry!.test.code });
            emit({ kind: "test", name: entry!.test.name, verdict: "dropped", reason });
            continue;
        }
        gain.forEach((line) => covered.add(line));
        kept.push({ entry: entry!, newLines: gain.sort((a, b) => a - b) });
        emit({ kind: "test", name: entry!.test.name, verdict: "kept", reason: measured ? `covers ${gain.length} new lines` : "passes every run" });
    }

    // 6. The test-file edit, and the kept tests together on the current code for the final coverage.
    const testFile = testFileFor(language, file, project);
    let edits: TestFileEdit[] = [];
    let keptCode = "";
    if (kept.length > 0) {
        const merged = mergeTestCode(language, await keptParts(kept.map((k) => k.entry.test), pool.blocks, language));
        keptCode = mergedText(language, merged);
        const existing = language === "rust" ? originalText : project.files.find((f) => f.path === testFile)?.text;
        edits = [testFileEdit(language, testFile, existing, merged)];
    }
    const percent = (lines: number) => (coverable.size === 0 ? 0 : round((100 * lines) / coverable.size));
    let after = percent(covered.size);
    if (measured && edits.length > 0) {
        const edit = edits[0]!;
        const together = (await run({ [edit.file]: edit.newText }, [...new Set([...existingTestFiles, edit.file])], { coverage: true })).runs[0];
        const lines = targetLines(together);
        if (lines) {
            lines.coverable.forEach((line) => coverable.add(line));
            after = percent(new Set([...lines.covered].filter((line) => coverable.has(line))).size);
        }
        const failing = together?.kind === "ran" ? together.tests.filter((t) => t.outcome !== "passed" && t.outcome !== "skipped") : [];
        if (together?.kind !== "ran" || failing.length > 0)
            notes.push(`The kept tests together in ${edit.file} do not all pass: ${together?.kind === "ran" ? failing.map((t) => t.id).join(", ") : together?.kind}.`);
    }
    const coverageMs = performance.now() - coverageStarted;

    // 7. Mutation analysis of the target against the kept tests.
    const mutationStarted = performance.now();
    const mutation = await mutationReport(kept.length > 0 && (request.maxMutants ?? 30) > 0 ? keptCode : undefined);
    const mutationMs = performance.now() - mutationStarted;

    async function mutationReport(code: string | undefined): Promise<MutationReport> {
        const sites = code === undefined ? [] : await findMutants(originalText, language!, range);
        const chosen = spreadMutants(sites, request.maxMutants ?? 30);
        emit({ kind: "step", step: "mutation", detail: `${chosen.length} of ${sites.length} mutants` });
        const placed = placeTests(language!, file, 1, 0, code ?? "");
        let killed = 0;
        let stillborn = 0;
        const survivors: (SurvivingMutant & { order: number })[] = [];
        await inParallel(parallel, chosen.map((mutant, order) => ({ mutant, order })), async ({ mutant, order }) => {
            const result = (await run(overlayTexts(language!, file, applyMutant(originalText, mutant), [placed]), [placed.file],
                { timeoutMs: language === "rust" ? testTimeoutMs : Math.min(testTimeoutMs, 2_000) })).runs[0]!;
            if (result.kind === "cancelled") return;
            if (result.kind === "buildFailed") {
                if (result.stage === "build") stillborn++;
                else killed++;
                return;
            }
            const own = result.tests.filter((t) => belongsTo(placed, t));
            if (own.length === 0 || own.some((t) => t.outcome !== "passed" && t.outcome !== "skipped")) killed++;
            else survivors.push({ description: mutant.description, line: mutant.line, order });
        });
        const total = killed + survivors.length;
        return {
            killed, total, score: total === 0 ? 0 : round((100 * killed) / total), stillborn, sites: sites.length,
            survivors: survivors.sort((a, b) => a.order - b.order).map(({ description, line }) => ({ description, line }))
        };
    }

    /** Kept tests are a proven result: stored for similar code, and each recalled set judged by whether its pattern reappears. */
    async function memoryReport(): Promise<MemoryReport | undefined> {
        if (!session) return undefined;
        return session.settle(kept.length === 0 ? [] : [{
            target: request.symbol ?? file, file, example: { before: targetCode, after: keptCode, diff: "" }, pattern: solutionPattern("", keptCode)
        }]);
    }

    const keptTests: KeptTest[] = kept.map(({ entry, newLines }) => ({
        name: entry.test.name, code: entry.test.code, file: testFile, candidate: entry.test.candidate, newLines,
        coverageGain: measured ? percent(newLines.length) : 0
    }));
    const memory = await memoryReport();
    const order = new Map(pool.tests.map((t, i) => [t.name, i]));
    possibleBugs.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    return {
        file, language, target: request.symbol ?? file, framework,
        kept: keptTests, dropped, possibleBugs,
        coverage: { before: measured ? percent(baseline.size) : 0, after: measured ? after : 0, measured, coverableLines: coverable.size },
        mutation, edits, candidates: pool.candidates, notes, ...(memory ? { memory } : {}),
        timings: {
            modelMs: Math.round(modelMs), runsMs: Math.round(runsMs), coverageMs: Math.round(coverageMs), mutationMs: Math.round(mutationMs),
            totalMs: Math.round(performance.now() - started)
        }
    };
}

function round(value: number): number {
    return Math.round(value * 10) / 10;
}

/** The verdict on one placed test over its N runs, with the reason a user reads. */
function verdictOf(repeated: RepeatedTestRun, placed: PlacedTests, language: SourceLanguage, file: string, lineCount: number):
    { kind: RunTest["verdict"]; reason: string } {
    const first = repeated.runs[0]!;
    if (first.kind === "buildFailed")
        return { kind: "broken", reason: `it does not ${first.stage === "build" ? "build" : "load"}: ${buildFailure(first.message)}` };
    if (first.kind === "cancelled") return { kind: "broken", reason: "cancelled" };
    const own: TestStability[] = repeated.tests.filter((t) => belongsTo(placed, t));
    if (own.length === 0) return { kind: "broken", reason: "the runner found no test in it" };
    const flaky = own.find((t) => t.verdict === "flaky");
    if (flaky) {
        const passes = flaky.outcomes.filter((o) => o === "passed").length;
        return { kind: "flaky", reason: `it is flaky: it passed ${passes} of ${flaky.outcomes.length} runs on the same code` };
    }
    const failing = own.find((t) => t.verdict === "failing");
    if (failing) {
        const outcome = failing.outcomes.find((o) => o !== undefined && o !== "passed") ?? "failed";
        const result: TestCaseResult = { id: failing.id, name: failing.name, outcome, ...(failing.message ? { message: failing.message } : {}) };
        const verdict = classifyReproduction(result, language, file, lineCount);
        if (verdict.reproduces) return { kind: "failing", reason: `${verdict.reason}: ${(failing.message ?? "").trim().slice(0, 1500)}` };
        return { kind: "broken", reason: `it fails on the current code, but ${verdict.reason.replace(/^the test itself/, "the test itself")}` };
    }
    if (own.every((t) => t.verdict === "skipped")) return { kind: "broken", reason: "it is skipped" };
    return { kind: "passing", reason: "passes every run" };
}

/**
 * The gist of a build or load failure: the compiler's first error (rustc's `error[E0308]: mismatched types`,
 * the summary lines after it say only that the build failed), else the message's last lines.
 */
function buildFailure(message: string): string {
    const lines = message.split("\n").filter((line) => line.trim() !== "");
    const error = lines.find((line) => /^error(\[\w+\])?: /.test(line.trim()) && !/^error: (could not compile|aborting due to)/.test(line.trim()));
    if (error) {
        const from = lines.indexOf(error);
        // rustc's error, then its snippet up to the next diagnostic: the offending line and what was expected.
        const end = lines.findIndex((line, i) => i > from && /^(error|warning|For more information)/.test(line.trim()));
        return lines.slice(from, end < 0 ? from + 8 : Math.min(end, from + 8)).join("\n");
    }
    return lines.slice(-4).join("\n");
}

/** The kept tests as code, block by block: each block with only its kept tests, renamed where names repeat. */
async function keptParts(tests: PooledTest[], blocks: { code: string }[], language: SourceLanguage): Promise<string[]> {
    const parts: string[] = [];
    const byBlock = new Map<number, PooledTest[]>();
    for (const test of tests) byBlock.set(test.block, [...(byBlock.get(test.block) ?? []), test]);
    for (const [block, own] of [...byBlock.entries()].sort((a, b) => a[0] - b[0])) {
        const code = blocks[block]!.code;
        const units = await listTestUnits(code, language);
        const keep = units.filter((unit) => unit.kind === "test" && own.some((t) => t.unitText === unit.text));
        let text = onlyTests(code, units, keep);
        for (const test of own) {
            const unit = keep.find((u) => u.text === test.unitText);
            if (unit) text = renameTest(language, text, unit.qualifiedName, test.name);
        }
        parts.push(text);
    }
    return parts;
}

/** The project's test files in the target's language (at most 50), and its package.json. */
async function projectTestFiles(workspace: Workspace, file: string, language: SourceLanguage): Promise<ProjectTestFiles> {
    const files = await workspace.listFiles();
    const isTest = (path: string) => {
        if (path === file) return false;
        const name = path.split("/").pop()!;
        if (language === "python") return /^test_.*\.py$|_test\.py$/.test(name);
        if (language === "rust") return /^tests\/.*\.rs$/.test(path);
        return /\.(test|spec)\.[cm]?[jt]sx?$/.test(name);
    };
    const texts = [];
    for (const path of files.filter(isTest).slice(0, 50)) texts.push({ path, text: await workspace.readText(path) });
    const packageJson = files.includes("package.json") ? await workspace.readText("package.json") : undefined;
    return { files: texts, ...(packageJson !== undefined ? { packageJson } : {}) };
}

/** The prompt's code: the symbol's context (what it uses, its tests), or the whole file and its tests. */
async function contextText(request: TestsRequest, file: string, text: string, language: SourceLanguage, project: ProjectTestFiles): Promise<string> {
    const budget = request.contextTokens ?? 3000;
    const countTokens = estimateTokens;
    if (request.symbol) {
        try {
            return (await buildCodeContext({ path: file, text, language, target: { name: request.symbol }, testFiles: project.files, tokenBudget: budget, countTokens })).text;
        } catch {
            // A class or a type is not a function target of the context builder: the whole file is shown instead.
        }
    }
    const tag = language === "tsx" ? "tsx" : language;
    const sections = [`## ${file}\n\`\`\`${tag}\n${text.trim()}\n\`\`\``];
    let used = countTokens(sections[0]!);
    for (const test of project.files) {
        const section = `## Existing tests (${test.path})\n\`\`\`${tag}\n${test.text.trim()}\n\`\`\``;
        if (used + countTokens(section) > budget) break;
        sections.push(section);
        used += countTokens(section);
    }
    return sections.join("\n\n");
}
