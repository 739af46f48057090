// The repository-level fix: the failing tests (named, read from a run's output, every failing one, or reproduction
// tests written from a bug report and seen failing) → localisation by evidence (the model chooses only among tied
// suspects) → G candidates per round in one group call → each multi-file patch against the project's tests
// (fail-to-pass with reruns, pass-to-pass affected first within the budget) → the verdict rule → reward ranking →
// feedback rounds until a patch is verified. It returns the patch and its evidence; it never writes the user's files.

import type { ChainDependencies } from "../ChainDependencies.js";
import { findFailingTests } from "./failingTests.js";
import { localiseStep } from "./localiseStep.js";
import { prepareRepair } from "./prepareRepair.js";
import type { RepairRun, RepairServices } from "./RepairRun.js";
import { repairFeedbackPrompt, repairPrompt, type RepairPromptInput } from "./repairPrompt.js";
import { repairResult } from "./repairResult.js";
import { checkRound, sampleRepairRound } from "./repairRound.js";
import type { DefaultedRepairRequest, RepairEvent, RepairResult } from "./RepairTypes.js";
import { reproduceIssue } from "./reproduceIssue.js";
import { suspectContext } from "./localisation/suspectContext.js";
import { languageOfPath, languageSupportOf } from "../../languages/index.js";

/** A failing test's file up to this size is shown whole when its language cannot cut the one test out. */
const wholeTestFileChars = 4000;

export async function runRepairChain(
    request: DefaultedRepairRequest,
    deps: ChainDependencies<RepairEvent>
): Promise<RepairResult> {
    const { onEvent, ...dependencies } = deps;
    const services: RepairServices = { ...dependencies, emit: (event) => onEvent?.(event) };
    const { signal } = services;
    const run = await prepareRepair(request, services);
    // 1. The failing tests, and the suite's baseline (a bug report's reproduction tests are written and run first).
    run.failing =
        "issue" in request.failure
            ? await reproduceIssue(run, request.failure.issue, services)
            : await findFailingTests(run, services);
    if (run.failing.length === 0 || signal?.aborted) return repairResult(run);
    // 2. Localisation by evidence; the model chooses only among tied suspects.
    run.localisation = await localiseStep(run, services);
    const promptInput = await promptInputOf(run, services);
    for (let round = 0; round < run.totalRounds && !signal?.aborted; round++) {
        run.rounds = round + 1;
        // 3. G candidates in one call, each parsed into a multi-file patch.
        const prompt = round === 0 ? repairPrompt(promptInput) : repairFeedbackPrompt(promptInput, run.feedback);
        const parsed = await sampleRepairRound(run, round, prompt, services);
        if (signal?.aborted) break;
        // 4. Each distinct patch against the project's tests; the verdict rule; reward ranking.
        const checked = await checkRound(run, parsed, services);
        services.emit({
            kind: "evidence",
            round,
            candidates: repairResult(run).candidates.filter((c) => c.round === round)
        });
        if (checked.some((c) => c.verdict.status === "verified")) break;
        // 5. Feedback: how the best attempts failed goes back to the model.
        run.feedback = feedbackOf(checked);
        if (round + 1 < run.totalRounds)
            services.emit({
                kind: "step",
                step: "feedback",
                round,
                detail: `${run.feedback.length} failure(s) go back to the model`
            });
    }
    return repairResult(run);
}

/** The failures of the round's two best candidates, one line each. */
function feedbackOf(checked: RepairRun["checked"]): string[] {
    const best = [...checked]
        .filter((c) => c.check)
        .sort((a, b) => (a.ranking?.rank ?? 99) - (b.ranking?.rank ?? 99))
        .slice(0, 2);
    const lines = best.flatMap((c) => [
        `A patch of ${c.candidate.files.map((f) => f.file).join(", ")}: ${c.verdict.summary}`,
        ...(c.check?.failureLines.slice(0, 3) ?? [])
    ]);
    return lines.length > 0
        ? lines
        : ["No reply gave a patch the parser could apply: name each file, then its whole corrected functions."];
}

/** The prompt's facts: each failing test with its code (where its file has it) and output, and the suspects' code. */
async function promptInputOf(run: RepairRun, services: RepairServices): Promise<RepairPromptInput> {
    const failing = await Promise.all(
        run.failing.map(async (test) => {
            const file = test.file ?? (test.id.includes("::") ? test.id.split("::")[0] : undefined);
            const language = file ? languageOfPath(file) : undefined;
            const text = file ? (run.reproduction?.contents[file] ?? (await run.workspaceText(file))) : "";
            const bareName = test.name
                .split(/::|\.| > /)
                .pop()!
                .replace(/\[.*$/, "");
            // A language that cannot cut one test out of its file (JS/TS) shows a small test file whole.
            const code =
                (language && text ? languageSupportOf(language).tests.testFunctionSource(text, bareName) : undefined) ??
                (text.length > 0 && text.length <= wholeTestFileChars ? text : undefined);
            return { id: test.id, ...(code ? { code } : {}), ...(test.message ? { message: test.message } : {}) };
        })
    );
    const issue = "issue" in run.request.failure ? run.request.failure.issue : undefined;
    return {
        language: run.language,
        failing,
        ...(issue ? { issue } : {}),
        suspectsContext: await suspectContext(
            (run.localisation?.suspects ?? []).slice(0, run.suspectsShown),
            services.workspace,
            run.request.contextTokens
        ),
        ...(run.request.priorAttempts ? { priorAttempts: run.request.priorAttempts } : {})
    };
}
