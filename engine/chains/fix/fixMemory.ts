// The fix chain's use of the solution memory: recall similar verified fixes before the first prompt (as
// worked examples within a token budget), and after a verified fix store it and record which recalled
// solutions' patterns reappear in the winning patch.

import type { CodeParser, SourceLanguage } from "../../analysis/index.js";
import {
    describeProblem, patternAppearsAt, patternShare, solutionPattern, workedExamples, type ProblemSignature, type RecalledSolution,
    type SolutionMemory
} from "../../memory/index.js";
import type { RecallReport } from "./FixTypes.js";

export interface FixRecall {
    signature: ProblemSignature;
    recalled: RecalledSolution[];
    /** The prompt section (empty when nothing was recalled or nothing fits). */
    promptSection: string;
    reports: RecallReport[];
}

export interface RecallForFixInput {
    language: SourceLanguage;
    message: string;
    /** The target function's text. */
    code: string;
    tokenBudget: number;
    countTokens: (text: string) => number;
    parser: CodeParser;
}

export async function recallForFix(memory: SolutionMemory, input: RecallForFixInput): Promise<FixRecall> {
    const signature = await describeProblem({ language: input.language, message: input.message, code: input.code, parser: input.parser });
    const recalled = memory.recall(signature, { kinds: ["fix"], limit: 3 });
    const examples = workedExamples(recalled, input.tokenBudget, input.countTokens);
    const source = memory.file ?? "this session's memory";
    const reports = recalled.map(({ solution, similarity, structureSimilarity, messageSimilarity }): RecallReport => ({
        id: solution.id, file: solution.file, target: solution.target, similarity, structureSimilarity, messageSimilarity,
        storedAt: new Date(solution.storedAt).toISOString(), source, inPrompt: examples.included.includes(solution.id), diff: solution.example.diff
    }));
    return { signature, recalled, promptSection: examples.text, reports };
}

export interface RememberFixInput {
    recall: FixRecall;
    file: string;
    target: string;
    /** The target function before and after the fix (the worked example), and the whole file's diff. */
    before: string;
    after: string;
    diff: string;
    originalText: string;
    patchedText: string;
}

/** Stores the verified fix and returns the recall reports completed with whether each pattern reappeared. */
export async function rememberFix(memory: SolutionMemory, input: RememberFixInput): Promise<{ storedId: string; reports: RecallReport[] }> {
    const winning = solutionPattern(input.originalText, input.patchedText);
    const reports = input.recall.reports.map((report) => {
        const share = patternShare(memory.get(report.id)?.pattern ?? [], winning);
        return { ...report, patternShare: Math.round(share * 1000) / 1000, patternInWinningPatch: share >= patternAppearsAt };
    });
    await memory.noteOutcome(reports.map((r) => r.id), reports.filter((r) => r.patternInWinningPatch).map((r) => r.id));
    const stored = await memory.remember({
        kind: "fix", signature: input.recall.signature, file: input.file, target: input.target,
        example: { before: input.before, after: input.after, diff: input.diff }, pattern: winning
    });
    return { storedId: stored.id, reports };
}
