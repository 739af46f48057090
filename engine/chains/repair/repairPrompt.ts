// The prompts of the repository-level fix. R1 distills take no system prompt, so every instruction is in the user
// message: the failing tests with their code and output, the top suspects' code, and the reply's shape (each changed
// file named on the line before its fenced block, which the multi-file patch parser reads first).

import type { SourceLanguage } from "../../analysis/index.js";
import { fenceTagOf, languageSupportOf } from "../../languages/index.js";
import type { PriorAttempt } from "../ChainTypes.js";
import type { Suspect } from "./localisation/LocalisationTypes.js";

export interface RepairPromptInput {
    language: SourceLanguage;
    /** Each failing test: its id, its code where found, and what it printed. */
    failing: { id: string; code?: string; message?: string }[];
    /** Ponder's reproduction tests and the bug report they come from, when the fix starts from a report. */
    issue?: string;
    /** The suspects' code, ranked, as one prompt section. */
    suspectsContext: string;
    priorAttempts?: PriorAttempt[];
}

/** The first round's prompt. */
export function repairPrompt(input: RepairPromptInput): string {
    const tag = fenceTagOf(input.language);
    return [
        ...(input.issue ? ["A user reported this bug:", "```text", input.issue.trim().slice(0, 4000), "```", ""] : []),
        `${input.failing.length === 1 ? "This test fails" : `These ${input.failing.length} tests fail`} on the current code:`,
        ...input.failing.flatMap((test) => [
            "",
            `Test \`${test.id}\`:`,
            ...(test.code ? ["```" + tag, test.code.trimEnd(), "```"] : []),
            ...(test.message ? ["It printed:", "```text", test.message.trim().slice(0, 1500), "```"] : [])
        ]),
        "",
        "The code most likely to hold the bug, most suspicious first (the bug may be in a helper the test reaches through other modules):",
        "",
        input.suspectsContext.trim(),
        ...(input.priorAttempts && input.priorAttempts.length > 0 ? ["", priorAttemptsText(input.priorAttempts)] : []),
        "",
        "Find the bug and fix the code, not the tests. A fix may change several functions in several files.",
        `For each file you change, write its path on its own line (\`path/to/file\`), then a \`\`\`${tag}\` block with each whole corrected function of that file.`,
        "Change a test only if the test itself is wrong, and then say why in one sentence before its block.",
        "Do not rename functions or change their signatures."
    ].join("\n");
}

/** A feedback round: the first prompt, then how the best attempts failed. */
export function repairFeedbackPrompt(input: RepairPromptInput, feedback: string[]): string {
    return [
        repairPrompt(input),
        "",
        "Earlier attempts did not pass the tests:",
        ...feedback.map((line) => `- ${line}`),
        "Try a different fix."
    ].join("\n");
}

/** The one short call that lets the model choose among suspects the evidence cannot tell apart. */
export function chooseSuspectPrompt(
    failing: { id: string; message?: string }[],
    tied: Suspect[],
    context: string
): string {
    return [
        "These tests fail:",
        ...failing.map((t) => `- ${t.id}${t.message ? `: ${t.message.split("\n")[0]!.slice(0, 200)}` : ""}`),
        "",
        "The evidence cannot tell which of these functions holds the bug:",
        ...tied.map((s, i) => `${i + 1}. \`${s.name}\` in ${s.file} (${s.why})`),
        "",
        context.trim(),
        "",
        "Reply with one line: `CHOICE: <number>` and then one sentence saying why."
    ].join("\n");
}

/** The separate call that writes reproduction tests from a bug report, before any patch is sampled. */
export function reproducePrompt(input: {
    language: SourceLanguage;
    issue: string;
    /** An existing test file of the project, so the new tests follow its style and imports. */
    exampleTest?: { file: string; text: string };
    /** The project's source files the report may be about, with their code. */
    sources: { file: string; text: string }[];
    testFile: string;
}): string {
    const tag = fenceTagOf(input.language);
    return [
        "A user reported this bug:",
        "```text",
        input.issue.trim().slice(0, 4000),
        "```",
        "",
        "The project's code:",
        ...input.sources.flatMap((s) => ["", `\`${s.file}\`:`, "```" + tag, s.text.trimEnd(), "```"]),
        ...(input.exampleTest
            ? [
                  "",
                  `One of its existing tests, \`${input.exampleTest.file}\`:`,
                  "```" + tag,
                  input.exampleTest.text.trimEnd(),
                  "```"
              ]
            : []),
        "",
        "Do not fix the bug. Write tests that reproduce it: they must fail on the current code because of the bug and pass once it is fixed.",
        `Reply with one \`\`\`${tag}\` block: ${languageSupportOf(input.language).tests.fixTestStyle}, written in the style of the project's tests, for the file \`${input.testFile}\` (import the project's code as its tests do).`,
        "Keep them small and deterministic."
    ].join("\n");
}

function priorAttemptsText(attempts: PriorAttempt[]): string {
    return [
        "Earlier attempts (by other models) were not verified:",
        ...attempts.flatMap((a) => [
            `- by ${a.by}: ${a.failures.slice(0, 3).join("; ")}`,
            ...(a.diff ? ["```diff", a.diff.trim().slice(0, 2000), "```"] : [])
        ])
    ].join("\n");
}
