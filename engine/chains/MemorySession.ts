// How one job uses the solution memory, the same for fix, tests and port, written once: `recall` similar proven
// solutions of the job's kind before prompting (as worked examples within a token budget), and `settle` once the
// result is known: each recall is judged by whether its pattern reappears in what was proven for its target, every
// outcome is counted in one write, and the new proven solutions are stored in one more.

import type { CodeParser, SourceLanguage } from "../analysis/index.js";
import {
    describeProblem,
    patternAppearsAt,
    patternShare,
    workedExamples,
    type NewSolution,
    type ProblemSignature,
    type SolutionMemory,
    type StoredSolution
} from "../memory/index.js";
import type { JobKind } from "../jobKind.js";
import { estimateTokens } from "../text/estimateTokens.js";
import type { MemoryReport, RecallReport } from "./ChainTypes.js";

export interface ChainRecall {
    signature: ProblemSignature;
    /** The prompt section (empty when nothing was recalled or nothing fits). */
    promptSection: string;
    reports: RecallReport[];
}

export interface RecallQuery {
    /** What the recall is for (the function to fix, the symbol to test, the unit to port): `settle` matches proofs by it. */
    target: string;
    language: SourceLanguage;
    /** The failure message (a fix), or a label that must match (a port's target language); empty for tests. */
    message: string;
    /** The code the job is about. */
    code: string;
    tokenBudget: number;
    limit?: number;
    parser?: CodeParser;
    filter?: (solution: StoredSolution) => boolean;
}

/** What a job proved for one recalled target: stored as a new solution, and the pattern recalls are judged by. */
export interface ProvenSolution {
    target: string;
    file: string;
    example: { before: string; after: string; diff: string };
    /** The tokens the solution adds (`solutionPattern`). */
    pattern: string[];
}

export class MemorySession {
    private readonly recalls = new Map<string, ChainRecall>();

    constructor(
        readonly memory: SolutionMemory,
        readonly kind: JobKind
    ) {}

    /** Where the memory lives, for the reports a user reads. */
    get source(): string {
        return this.memory.file ?? "this session's memory";
    }

    /** Similar proven solutions of this job's kind, as reports and a prompt section; remembered for `settle`. */
    async recall(query: RecallQuery): Promise<ChainRecall> {
        const signature = await describeProblem({
            language: query.language,
            message: query.message,
            code: query.code,
            ...(query.parser ? { parser: query.parser } : {})
        });
        const recalled = this.memory.recall(signature, {
            kinds: [this.kind],
            limit: query.limit ?? 3,
            ...(query.filter ? { filter: query.filter } : {})
        });
        const examples = workedExamples(recalled, query.tokenBudget, estimateTokens);
        const reports = recalled.map(
            ({ solution, similarity, structureSimilarity, messageSimilarity }): RecallReport => ({
                id: solution.id,
                file: solution.file,
                target: solution.target,
                similarity,
                structureSimilarity,
                messageSimilarity,
                storedAt: new Date(solution.storedAt).toISOString(),
                source: this.source,
                inPrompt: examples.included.includes(solution.id),
                diff: solution.example.diff || solution.example.after
            })
        );
        const recall = { signature, promptSection: examples.text, reports };
        this.recalls.set(query.target, recall);
        return recall;
    }

    /**
     * Settles the job with what it proved (nothing when it proved nothing): every recall is judged and counted, the
     * proven solutions are stored. Undefined when the job recalled nothing, so it has nothing to report.
     */
    async settle(proven: readonly ProvenSolution[]): Promise<MemoryReport | undefined> {
        if (this.recalls.size === 0) return undefined;
        const recalled: RecallReport[] = [];
        const stored: NewSolution[] = [];
        for (const [target, recall] of this.recalls) {
            const proof = proven.find((p) => p.target === target);
            if (!proof) {
                recalled.push(...recall.reports);
                continue;
            }
            recalled.push(...this.judged(recall, proof.pattern));
            stored.push({
                kind: this.kind,
                signature: recall.signature,
                file: proof.file,
                target,
                example: proof.example,
                pattern: proof.pattern
            });
        }
        await this.memory.noteOutcome(
            recalled.map((r) => r.id),
            recalled.filter((r) => r.patternInWinningPatch).map((r) => r.id)
        );
        const saved = stored.length > 0 ? await this.memory.rememberMany(stored) : [];
        return {
            source: this.source,
            recalled,
            ...(saved.length > 0 ? { storedId: saved[saved.length - 1]!.id } : {})
        };
    }

    /** The recall reports completed with whether each recalled pattern reappears in the proven result's pattern. */
    private judged(recall: ChainRecall, winningPattern: string[]): RecallReport[] {
        return recall.reports.map((report) => {
            const share = patternShare(this.memory.get(report.id)?.pattern ?? [], winningPattern);
            return {
                ...report,
                patternShare: Math.round(share * 1000) / 1000,
                patternInWinningPatch: share >= patternAppearsAt
            };
        });
    }
}

/** A step line naming what was recalled, for the trace. */
export function recallLine(recall: ChainRecall, what: string): string {
    const first = recall.reports[0];
    return (
        `recalled ${recall.reports.length} ${what} from ${first?.source ?? "memory"}: ` +
        recall.reports.map((r) => `${r.target} in ${r.file} (similarity ${r.similarity.toFixed(2)})`).join(", ")
    );
}
