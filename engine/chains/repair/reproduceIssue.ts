// From a bug report with no failing test: a separate model call writes reproduction tests in the project's style,
// before any patch is sampled; they run on the current code in the sandbox and only those that fail because of the
// bug (a failing assertion, or an exception in the project's code, not the test's own import error) are kept.

import { performance } from "node:perf_hooks";
import { parseFencedBlocks } from "../../analysis/index.js";
import { languageOfPath, languageSupportOf, type SourceLanguage } from "../../languages/index.js";
import type { TestCaseResult } from "../../toolchains/index.js";
import { failingTest, runSuite } from "./failingTests.js";
import type { RepairRun, RepairServices } from "./RepairRun.js";
import type { FailingTest } from "./RepairTypes.js";
import { reproducePrompt } from "./repairPrompt.js";

/** A failure that is the test's own fault (it does not import or compile), not the bug's. */
const ownFault =
    /\b(ImportError|ModuleNotFoundError|SyntaxError|IndentationError|Cannot find module|ERR_MODULE_NOT_FOUND|unresolved import|cannot find (?:function|value|type)|undefined: \w+|does not provide an export named)\b/;

/** Writes, runs and keeps the reproduction tests; the failing ones become the fix's oracle. `[]`: none reproduced it. */
export async function reproduceIssue(run: RepairRun, issue: string, services: RepairServices): Promise<FailingTest[]> {
    services.emit({ kind: "step", step: "reproduce", round: 0, detail: "writing reproduction tests from the report" });
    await runSuite(run);
    const files = await services.workspace.listFiles();
    const language = run.language;
    const tests = languageSupportOf(language).tests;
    const ofLanguage = files.filter((f) => languageOfPath(f) === language);
    const existingTests = ofLanguage.filter((f) => tests.isTestFile(f, f) && !/ponder/.test(f));
    const sources = ofLanguage.filter((f) => !existingTests.includes(f));
    const anchor = existingTests[0] ?? sources[0];
    if (!anchor) return [];
    const placedFile = tests.place(anchor, "repro", "").file;
    const example = existingTests[0];
    const prompt = reproducePrompt({
        language,
        issue,
        ...(example ? { exampleTest: { file: example, text: await run.workspaceText(example) } } : {}),
        sources: await mentionedSources(run, issue, sources),
        testFile: placedFile
    });
    const started = performance.now();
    const generation = await services.runtime.generate(
        {
            messages: [{ role: "user", content: prompt }],
            candidates: 1,
            purpose: "repair.reproduce",
            ...(run.request.seed !== undefined ? { seed: run.request.seed } : {}),
            ...(run.request.thinkBudget !== undefined ? { thinkBudget: run.request.thinkBudget } : {})
        },
        {
            ...(services.signal ? { signal: services.signal } : {}),
            onEvent: (event) => services.emit({ kind: "reasoning", round: 0, event })
        }
    );
    run.timings.modelMs += performance.now() - started;
    const reply = generation.candidates[0];
    const code = reply ? testCodeOf(reply.answer, language) : undefined;
    if (!code) {
        run.notes.push("The reproduction call wrote no test code, so nothing reproduces the report.");
        return [];
    }
    const placed = tests.place(anchor, "repro", code);
    const fileText = tests.inTargetFile ? `${await run.workspaceText(placed.file)}\n\n${placed.code}` : placed.code;
    const contents = { [placed.file]: fileText };
    const ran = await runReproduction(run, contents, placed.file);
    const mine = ran.filter(
        (t) => t.file === placed.file || (placed.module !== undefined && t.id.includes(placed.module))
    );
    const kept = mine.filter(
        (t) =>
            t.outcome === "failed" ||
            ((t.outcome === "error" || t.outcome === "timedOut") && !ownFault.test(t.message ?? ""))
    );
    const ownFaults = mine.filter((t) => t.outcome === "error" && ownFault.test(t.message ?? ""));
    if (ownFaults.length > 0)
        run.notes.push(
            `${ownFaults.length} reproduction test(s) did not run for their own fault (an import or syntax error) and were dropped.`
        );
    run.reproduction = { file: placed.file, code: placed.code, contents, failing: kept.map((t) => t.id) };
    if (kept.length === 0)
        run.notes.push(
            `None of Ponder's ${mine.length} reproduction test(s) fails on the current code, so the report is not reproduced and no patch can be verified.`
        );
    return kept.map((t) => failingTest(t, "reproduction"));
}

/** The reproduction file run alone on the current code (a run that does not load reports nothing). */
async function runReproduction(
    run: RepairRun,
    contents: Record<string, string>,
    file: string
): Promise<TestCaseResult[]> {
    const result = (await run.runner.run(contents, [file], { coverageByTest: true })).runs[0]!;
    if (result.kind !== "ran") {
        run.notes.push(
            `The reproduction tests did not run: ${result.kind === "buildFailed" ? result.message.split("\n")[0] : "cancelled"}.`
        );
        return [];
    }
    const coverage = result.coverageByTest;
    if (coverage) run.baseline.coverageByTest = { ...run.baseline.coverageByTest, ...coverage };
    return result.tests;
}

/** The source files the report names (by file or stem), else all of them, up to a size that fits a prompt. */
async function mentionedSources(
    run: RepairRun,
    issue: string,
    sources: string[]
): Promise<{ file: string; text: string }[]> {
    const words = new Set(issue.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? []);
    const stem = (file: string) =>
        file
            .split("/")
            .pop()!
            .replace(/\.[^.]+$/, "")
            .toLowerCase();
    const named = sources.filter((f) => words.has(stem(f)) || issue.includes(f));
    const chosen: { file: string; text: string }[] = [];
    let size = 0;
    for (const file of named.length > 0 ? named : sources) {
        const text = await run.workspaceText(file);
        if (size + text.length > 12_000) break;
        size += text.length;
        chosen.push({ file, text });
    }
    return chosen;
}

/** The reply's test code: its first fenced block of the language (or untagged). */
function testCodeOf(answer: string, language: SourceLanguage): string | undefined {
    const blocks = parseFencedBlocks(answer);
    const ofLanguage = blocks.find((b) => b.language === language) ?? blocks.find((b) => b.tag === "");
    return ofLanguage?.code.trim() ? ofLanguage.code : undefined;
}
