// The prompts of the fix chain. R1 distills take no system prompt, so every instruction is in the user
// message: the code context, the bug, and the exact shape of the reply the parser reads.

import type { SourceLanguage } from "../../analysis/index.js";
import { fenceTagOf, languageSupportOf } from "../../languages/index.js";
import type { PriorAttempt } from "../ChainTypes.js";

export interface FixPromptInput {
    file: string;
    language: SourceLanguage;
    targetName: string;
    context: string;
    /** How the test imports the target (`from bitcount import bitcount`). */
    importHint: string;
    testOutput?: string;
    priorAttempts?: PriorAttempt[];
    /** Recalled verified fixes of similar bugs, already fitted to the budget. */
    workedExamples?: string;
}

export function fixPrompt(input: FixPromptInput): string {
    const tag = fenceTagOf(input.language);
    return [
        `There is a bug in the function \`${input.targetName}\` in ${input.file}.`,
        "",
        input.context.trim(),
        ...(input.workedExamples ? ["", input.workedExamples.trim()] : []),
        ...(input.testOutput
            ? ["", "A failing test run printed:", "```text", input.testOutput.trim().slice(0, 4000), "```"]
            : []),
        ...(input.priorAttempts && input.priorAttempts.length > 0 ? ["", priorAttemptsText(input.priorAttempts)] : []),
        "",
        "Find the bug and fix it. Reply with exactly two fenced code blocks:",
        `1. \`\`\`${tag}\` the whole corrected function \`${input.targetName}\` (and any helper it needs), nothing else.`,
        `2. \`\`\`${tag}\` ${languageSupportOf(input.language).tests.fixTestStyle} that fail on the current code because of the bug and pass once it is fixed. ${input.importHint}`,
        "Keep the tests small and deterministic; do not change the function's name or signature."
    ].join("\n");
}

/**
 * The tests-only pass: the same problem and code, no candidate patch, and a request for tests alone, so that what it
 * writes is evidence no patch's reply wrote.
 */
export function testsOnlyPrompt(input: FixPromptInput): string {
    const tag = fenceTagOf(input.language);
    return [
        `There is a bug in the function \`${input.targetName}\` in ${input.file}.`,
        "",
        input.context.trim(),
        ...(input.testOutput
            ? ["", "A failing test run printed:", "```text", input.testOutput.trim().slice(0, 4000), "```"]
            : []),
        "",
        "Do not fix it. Write tests only. Reply with exactly one fenced code block:",
        `\`\`\`${tag}\` ${languageSupportOf(input.language).tests.fixTestStyle}: tests that fail on the current code because of the bug and pass once it is fixed, ` +
            `and tests of behaviour that is right today and must stay right. ${input.importHint}`,
        "Check each expected value by hand from what the function is meant to do; keep the tests small and deterministic."
    ].join("\n");
}

export interface FeedbackAttempt {
    patch: string;
    failures: string[];
}

/** A later round: the same task plus what the best earlier attempts did and how they failed. */
export function feedbackPrompt(input: FixPromptInput, attempts: FeedbackAttempt[]): string {
    const tag = fenceTagOf(input.language);
    const history = attempts.map((attempt, i) =>
        [
            `Attempt ${i + 1}:`,
            "```" + tag,
            attempt.patch.trim(),
            "```",
            "It failed:",
            ...attempt.failures
                .slice(0, 6)
                .map((failure) => `- ${failure.split("\n").slice(0, 8).join("\n  ").slice(0, 700)}`)
        ].join("\n")
    );
    return [
        fixPrompt(input),
        "",
        "Earlier attempts did not pass the tests:",
        "",
        ...history,
        "",
        "Think again about the cause, then reply in the same two-block form."
    ].join("\n");
}

/** Unverified attempts by other experts, so this one does not repeat them. */
function priorAttemptsText(attempts: PriorAttempt[]): string {
    return [
        "Earlier attempts at this bug were not verified:",
        ...attempts
            .slice(-3)
            .map((attempt, i) =>
                [
                    `Attempt ${i + 1} (${attempt.by}):`,
                    ...(attempt.diff ? ["```diff", attempt.diff.trim().slice(0, 2000), "```"] : ["(no usable patch)"]),
                    ...attempt.failures
                        .slice(0, 6)
                        .map((failure) => `- ${failure.split("\n").slice(0, 4).join(" ").slice(0, 500)}`)
                ].join("\n")
            )
    ].join("\n");
}

/** How a test in the language imports the target from the file. */
export function importHintFor(
    language: SourceLanguage,
    file: string,
    targetName: string
): { hint: string; modulePath: string } {
    return languageSupportOf(language).tests.importHint(file, [targetName.split(/\.|::/)[0]!], "Import it with");
}
