// The fix chain's first phase: read the target and its context, find the existing tests and run them on the
// original (the baseline, and the chain's own reproduction when the code does not build or tests fail), and
// recall similar proven fixes. It creates the `FixRun` every later phase works on.

import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import {
    buildCodeContext,
    CodeParser,
    findDefinition,
    findEnclosingFunction,
    findExistingTests,
    languageOfPath,
    offsetAt,
    type CodeContext,
    type ContextTarget,
    type SourceLanguage
} from "../../analysis/index.js";
import { InvalidRequestError } from "../../errors.js";
import { languageListText, languageSupportOf } from "../../languages/index.js";
import { projectTestFiles } from "../../languages/projectTestFiles.js";
import { estimateTokens } from "../../text/estimateTokens.js";
import { dominantScript } from "../../text/scriptShare.js";
import type { Workspace } from "../../workspace/Workspace.js";
import { MemorySession } from "../MemorySession.js";
import { importHintFor, type FixPromptInput } from "./fixPrompt.js";
import type { FixBaseline, FixRun, FixServices, FixTarget, FixTestRunner } from "./FixRun.js";
import { chainTestRunner, fixTestTimeouts } from "../chainTestRunner.js";
import type { DefaultedFixRequest } from "./FixTypes.js";
import { problemMessage } from "./problemMessage.js";
import { baselineOf } from "./testEvidence.js";

/** `request`'s settings are taken as given: its defaults were filled in once, by `withDefaults` (engine/experts/jobKinds.ts). */
export async function prepareFix(request: DefaultedFixRequest, services: FixServices): Promise<FixRun> {
    const started = performance.now();
    const parser = CodeParser.shared();
    const { target, contextTarget, importHint } = await readTarget(request, services, parser);
    const { context, existingTestFiles } = await readContext(
        request,
        target,
        contextTarget,
        services.workspace,
        parser
    );
    const promptInput: FixPromptInput = {
        file: target.file,
        language: target.language,
        targetName: target.name,
        context: context.text,
        importHint,
        ...(request.testOutput ? { testOutput: request.testOutput } : {}),
        ...(request.priorAttempts ? { priorAttempts: request.priorAttempts } : {})
    };
    const runTests = chainTestRunner({
        sandbox: services.sandbox,
        workspace: services.workspace,
        language: target.language,
        testTimeoutMs: request.testTimeoutMs,
        defaults: fixTestTimeouts,
        signal: services.signal
    }).once;
    const baseline = await runBaseline(target.language, existingTestFiles, runTests);
    const session = services.memory ? new MemorySession(services.memory, "fix") : undefined;
    if (session)
        promptInput.workedExamples = await recallSolutions(request, target, baseline, session, services, parser);
    return {
        request,
        started,
        target,
        parser,
        context,
        promptInput,
        userScript: dominantScript(request.testOutput ?? ""),
        baseline,
        runTests,
        ...(session ? { session } : {}),
        candidatesPerRound: request.candidates,
        totalRounds: 1 + request.extraRounds,
        parallelRuns: request.parallelRuns ?? availableParallelism(),
        reproducingPool: [],
        pinningPool: [],
        reproductions: [],
        verifications: [],
        reports: [],
        ranked: [],
        feedback: [],
        rounds: 0,
        symbolic: { reports: [], candidates: 0, modelCancelled: false },
        timings: { modelMs: 0, verifyMs: 0 }
    };
}

/** The file, its language, the function to fix and how a test imports it; the `context` step is announced once the file is read. */
async function readTarget(
    request: DefaultedFixRequest,
    services: FixServices,
    parser: CodeParser
): Promise<{ target: FixTarget; contextTarget: ContextTarget; importHint: string }> {
    const file = request.file.replace(/\\/g, "/");
    const language = languageOfPath(file);
    if (!language)
        throw new InvalidRequestError(`Ponder cannot fix ${file}: fixes work on ${languageListText()} files.`);
    const originalText = await services.workspace.readText(file);
    services.emit({ kind: "step", step: "context", round: 0, detail: `reading ${file}` });
    const contextTarget = contextTargetOf(request, originalText);
    const enclosing = await findEnclosingFunction(
        originalText,
        language,
        "offset" in contextTarget
            ? contextTarget.offset
            : "range" in contextTarget
              ? contextTarget.range
              : "diagnostic" in contextTarget
                ? contextTarget.diagnostic.range
                : 0,
        { parser }
    );
    const name = "name" in contextTarget ? contextTarget.name : enclosing?.qualifiedName;
    if (!name)
        throw new InvalidRequestError(
            `No function encloses the given position in ${file}; point at a line inside the function to fix.`
        );
    const code = (await findDefinition(originalText, language, name, { parser }))?.text ?? enclosing?.text ?? "";
    const { hint, modulePath } = importHintFor(language, file, name);
    const target: FixTarget = {
        file,
        language,
        originalText,
        lineCount: originalText.split("\n").length,
        name,
        ...(enclosing ? { range: enclosing.range } : {}),
        code,
        modulePath
    };
    return { target, contextTarget, importHint: hint };
}

/** The code context within the request's token budget, and the existing test files that test the target. */
async function readContext(
    request: DefaultedFixRequest,
    target: FixTarget,
    contextTarget: ContextTarget,
    workspace: Workspace,
    parser: CodeParser
): Promise<{ context: CodeContext; existingTestFiles: string[] }> {
    const { file, language, originalText, name } = target;
    const testFileTexts = (await projectTestFiles(workspace, file, language)).files;
    const existing = await findExistingTests(testFileTexts, name, language, { parser });
    const existingTestFiles = [...new Set(existing.map((t) => t.file))].filter((f) => f !== file);
    const context = await buildCodeContext({
        path: file,
        text: originalText,
        language,
        target: "name" in contextTarget ? { name } : contextTarget,
        testFiles: testFileTexts,
        tokenBudget: request.contextTokens,
        countTokens: estimateTokens,
        parser,
        ...(request.testOutput ? { diagnostics: [] } : {})
    });
    return { context, existingTestFiles };
}

/** Existing tests on the original code. Rust always builds first: a compile error is found here and becomes the problem's reproduction. */
async function runBaseline(
    language: SourceLanguage,
    existingTestFiles: string[],
    runTests: FixTestRunner
): Promise<FixBaseline> {
    // In-file tests (Rust) run with the whole crate even when no test file is named.
    const result =
        existingTestFiles.length > 0 || languageSupportOf(language).tests.inTargetFile
            ? await runTests({}, existingTestFiles)
            : undefined;
    return baselineOf(result, existingTestFiles, language);
}

/** Similar verified fixes, as the prompt's worked examples; the `recall` event says what was found. */
async function recallSolutions(
    request: DefaultedFixRequest,
    target: FixTarget,
    baseline: FixBaseline,
    session: MemorySession,
    services: FixServices,
    parser: CodeParser
): Promise<string> {
    const recall = await session.recall({
        target: target.name,
        language: target.language,
        message: problemMessage(request, baseline.result, baseline.existingTestFiles, target.language),
        code: target.code,
        tokenBudget: Math.floor(request.contextTokens / 3),
        parser
    });
    services.emit({
        kind: "recall",
        round: 0,
        source: recall.reports[0]?.source ?? session.source,
        solutions: recall.reports
    });
    return recall.promptSection;
}

function contextTargetOf(request: DefaultedFixRequest, text: string): ContextTarget {
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
