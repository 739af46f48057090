// The tests chain's prompt. R1 distills take no system prompt, so every instruction is in the user message:
// the code, the tests the project already has, the framework, and the shape of the reply the parser reads.

import type { SourceLanguage } from "../../analysis/index.js";
import { fenceTagOf, languageSupportOf } from "../../languages/index.js";
import type { PriorAttempt } from "../ChainTypes.js";

export interface TestsPromptInput {
    file: string;
    language: SourceLanguage;
    /** What to test: `the function \`median\``, `the file`. */
    targetDescription: string;
    /** The code context (the target, what it uses, its existing tests). */
    context: string;
    /** The framework instruction (`pytest test functions named test_*…`). */
    frameworkInstruction: string;
    /** How a test imports the target. */
    importHint: string;
    /** Earlier attempts by other experts that kept no test. */
    priorAttempts?: PriorAttempt[];
    /** Tests kept earlier for similar code (the solution memory's worked examples). */
    workedExamples?: string;
}

export function testsPrompt(input: TestsPromptInput): string {
    const tag = fenceTagOf(input.language);
    return [
        `Write unit tests for ${input.targetDescription} in ${input.file}.`,
        "",
        input.context.trim(),
        "",
        ...(input.workedExamples ? [input.workedExamples.trim(), ""] : []),
        `Reply with one fenced \`\`\`${tag}\` block of ${input.frameworkInstruction}. ${input.importHint}`,
        "Each test checks one behaviour with assertions on exact results: edge cases, every branch, errors raised.",
        "Cover what the existing tests do not. Keep every test deterministic: no clocks, randomness, network or files.",
        "Do not change the code under test. If you believe the code has a bug, still write the test for the correct behaviour.",
        ...(input.priorAttempts && input.priorAttempts.length > 0 ? ["", priorAttemptsText(input.priorAttempts)] : [])
    ].join("\n");
}

/** Why other experts' tests were dropped, so this one avoids the same mistakes. */
function priorAttemptsText(attempts: PriorAttempt[]): string {
    return [
        "Earlier attempts kept no test:",
        ...attempts
            .slice(-3)
            .map((attempt) =>
                [
                    `By ${attempt.by}:`,
                    ...attempt.failures
                        .slice(0, 6)
                        .map((failure) => `- ${failure.split("\n").slice(0, 3).join(" ").slice(0, 400)}`)
                ].join("\n")
            )
    ].join("\n");
}

/** How a test in the language imports names of the file. */
export function importHintFor(
    language: SourceLanguage,
    file: string,
    names: string[]
): { hint: string; modulePath: string } {
    return languageSupportOf(language).tests.importHint(file, names.slice(0, 8), "Import with");
}
