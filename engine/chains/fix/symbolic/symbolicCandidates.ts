// Runs the exact tools that apply to the target's language and turns their proposals into candidate patches
// beside the model's: same shape, same verification, labelled with the tool that proposed them.

import { applyTextEdits } from "../../../analysis/index.js";
import { registeredLanguages } from "../../../languages/index.js";
import { unifiedDiff } from "../../../text/renderUnifiedDiff.js";
import type { CandidatePatch } from "../FixTypes.js";
import type { SymbolicFixSource, SymbolicInput, SymbolicSourceReport } from "./SymbolicTypes.js";

/** Every registered language's exact tools (rustc's suggestions, TypeScript's code fixes, ruff's autofix), each tool once. */
export function defaultSymbolicSources(): SymbolicFixSource[] {
    const byTool = new Map<string, SymbolicFixSource>();
    for (const support of registeredLanguages) {
        for (const source of support.symbolicFixSources?.() ?? [])
            if (!byTool.has(source.tool)) byTool.set(source.tool, source);
    }
    return [...byTool.values()];
}

/** At most this many symbolic patches join a round. */
const maxSymbolicCandidates = 4;

export async function symbolicCandidates(
    sources: readonly SymbolicFixSource[],
    input: SymbolicInput,
    round: number,
    firstIndex: number
): Promise<{ patches: CandidatePatch[]; reports: SymbolicSourceReport[] }> {
    const applicable = sources.filter((source) => source.languages.includes(input.language));
    const results = await Promise.all(
        applicable.map(async (source) => {
            const started = performance.now();
            try {
                const { proposals, report } = await source.propose(input);
                return {
                    proposals,
                    report: {
                        tool: source.tool,
                        ...report,
                        proposals: proposals.length,
                        durationMs: Math.round(performance.now() - started)
                    }
                };
            } catch (error) {
                // A tool that breaks costs its candidates, never the job: the evidence says what happened.
                const reason = error instanceof Error ? error.message.split("\n")[0]! : String(error);
                return {
                    proposals: [],
                    report: {
                        tool: source.tool,
                        status: "failed" as const,
                        detail: reason,
                        proposals: 0,
                        durationMs: Math.round(performance.now() - started)
                    }
                };
            }
        })
    );
    const patches: CandidatePatch[] = [];
    const seen = new Set<string>([input.originalText]);
    for (const proposal of results.flatMap((r) => r.proposals)) {
        if (patches.length >= maxSymbolicCandidates) break;
        let patchedText: string;
        try {
            patchedText = applyTextEdits(input.originalText, proposal.edits);
        } catch {
            continue;
        }
        if (seen.has(patchedText)) continue;
        seen.add(patchedText);
        const index = firstIndex + patches.length;
        const diff = unifiedDiff(input.file, input.originalText, patchedText);
        patches.push({
            round,
            index,
            edits: proposal.edits,
            patchedText,
            parseProblems: [],
            origin: {
                kind: "symbolic",
                tool: proposal.tool,
                title: proposal.title,
                diagnostic: proposal.diagnostic,
                applicability: proposal.applicability
            },
            reply: {
                index,
                seed: 0,
                thought: "",
                answer: `${proposal.tool}: ${proposal.title}\n\`\`\`diff\n${diff}\`\`\`\n`,
                stopReason: "endOfReply",
                thoughtClosedBy: "none",
                flags: [],
                usage: { promptTokens: 0, thoughtTokens: 0, answerTokens: 0 },
                timings: { firstTokenMs: 0, totalMs: 0, tokensPerSecond: 0 }
            }
        });
    }
    return { patches, reports: results.map((r) => r.report) };
}
