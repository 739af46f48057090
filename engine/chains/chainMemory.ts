// How a chain uses the solution memory, the same for fix, tests and port: recall similar verified solutions of
// its kind before prompting (as worked examples within a token budget), and once its result is proven, record
// which recalled solutions' patterns reappear in it and store the new solution.

import type { CodeParser, SourceLanguage } from "../analysis/index.js";
import {
    describeProblem, patternAppearsAt, patternShare, workedExamples, type ProblemSignature, type SolutionKind, type SolutionMemory, type StoredSolution
} from "../memory/index.js";
import type { RecallReport } from "./ChainTypes.js";

export interface ChainRecall {
    signature: ProblemSignature;
    /** The prompt section (empty when nothing was recalled or nothing fits). */
    promptSection: string;
    reports: RecallReport[];
}

export interface RecallInput {
    kind: SolutionKind;
    language: SourceLanguage;
    /** The failure message (a fix), or a label that must match (a port's target); empty for tests. */
    message: string;
    /** The code the job is about. */
    code: string;
    tokenBudget: number;
    countTokens: (text: string) => number;
    parser?: CodeParser;
    limit?: number;
    filter?: (solution: StoredSolution) => boolean;
}

export async function recallSolutions(memory: SolutionMemory, input: RecallInput): Promise<ChainRecall> {
    const signature = await describeProblem({ language: input.language, message: input.message, code: input.code, ...(input.parser ? { parser: input.parser } : {}) });
    const recalled = memory.recall(signature, { kinds: [input.kind], limit: input.limit ?? 3, ...(input.filter ? { filter: input.filter } : {}) });
    const examples = workedExamples(recalled, input.tokenBudget, input.countTokens);
    const source = memory.file ?? "this session's memory";
    const reports = recalled.map(({ solution, similarity, structureSimilarity, messageSimilarity }): RecallReport => ({
        id: solution.id, file: solution.file, target: solution.target, similarity, structureSimilarity, messageSimilarity,
        storedAt: new Date(solution.storedAt).toISOString(), source, inPrompt: examples.included.includes(solution.id),
        diff: solution.example.diff || solution.example.after
    }));
    return { signature, promptSection: examples.text, reports };
}

/** A step line naming what was recalled, for the trace. */
export function recallLine(recall: ChainRecall, what: string): string {
    const first = recall.reports[0];
    return `recalled ${recall.reports.length} ${what} from ${first?.source ?? "memory"}: ` +
        recall.reports.map((r) => `${r.target} in ${r.file} (similarity ${r.similarity.toFixed(2)})`).join(", ");
}

/** The recall reports completed with whether each recalled pattern reappears in the proven result's pattern. */
export function judgeRecall(memory: SolutionMemory, recall: ChainRecall, winningPattern: string[]): RecallReport[] {
    return recall.reports.map((report) => {
        const share = patternShare(memory.get(report.id)?.pattern ?? [], winningPattern);
        return { ...report, patternShare: Math.round(share * 1000) / 1000, patternInWinningPatch: share >= patternAppearsAt };
    });
}

/** Counts the recalls and marks the useful ones (those whose pattern reappeared). */
export async function noteRecallOutcome(memory: SolutionMemory, reports: RecallReport[]): Promise<void> {
    await memory.noteOutcome(reports.map((r) => r.id), reports.filter((r) => r.patternInWinningPatch).map((r) => r.id));
}
