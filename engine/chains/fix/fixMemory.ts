// The fix chain's use of the solution memory (see chainMemory.ts): recall similar verified fixes by the failure
// message and the target's structure before the first prompt, and after a verified fix store it with the tokens
// its change added as its pattern.

import type { CodeParser, SourceLanguage } from "../../analysis/index.js";
import { solutionPattern, type SolutionMemory } from "../../memory/index.js";
import { judgeRecall, noteRecallOutcome, recallSolutions, type ChainRecall } from "../chainMemory.js";
import type { RecallReport } from "../ChainTypes.js";

export type FixRecall = ChainRecall;

export interface RecallForFixInput {
    language: SourceLanguage;
    message: string;
    /** The target function's text. */
    code: string;
    tokenBudget: number;
    countTokens: (text: string) => number;
    parser: CodeParser;
}

export function recallForFix(memory: SolutionMemory, input: RecallForFixInput): Promise<FixRecall> {
    return recallSolutions(memory, { kind: "fix", ...input });
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
    const reports = judgeRecall(memory, input.recall, winning);
    await noteRecallOutcome(memory, reports);
    const stored = await memory.remember({
        kind: "fix", signature: input.recall.signature, file: input.file, target: input.target,
        example: { before: input.before, after: input.after, diff: input.diff }, pattern: winning
    });
    return { storedId: stored.id, reports };
}
