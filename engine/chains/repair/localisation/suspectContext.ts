// The top suspects' code for a prompt: each with its file path, line numbers and why it is suspected, in rank order,
// within a token budget (a suspect that no longer fits is cut at a line and says so; the rest are named only).

import { estimateTokens } from "../../../text/estimateTokens.js";
import type { Workspace } from "../../../workspace/Workspace.js";
import type { Suspect } from "./LocalisationTypes.js";

/** Lines of context shown above and below a suspect, so a model sees its surroundings (imports stay out). */
const surroundingLines = 2;

function numbered(lines: readonly string[], firstLine: number): string {
    const width = String(firstLine + lines.length - 1).length;
    return lines
        .map((line, offset) => `${String(firstLine + offset).padStart(width)} |${line === "" ? "" : ` ${line}`}`)
        .join("\n");
}

/**
 * The suspects' code as text for a prompt: a heading per suspect (`## 1. shop/pricing.py:3-9 unit_price`), the
 * evidence sentence, and the numbered lines. Suspects past the budget are listed by name at the end.
 */
export async function suspectContext(
    suspects: readonly Suspect[],
    workspace: Workspace,
    tokenBudget: number
): Promise<string> {
    const sections: string[] = [];
    const left: Suspect[] = [];
    let used = 0;
    for (const suspect of suspects) {
        const text = await workspace.readText(suspect.file).catch(() => undefined);
        if (text === undefined) continue;
        const lines = text.split("\n");
        const first = Math.max(1, suspect.startLine - surroundingLines);
        const last = Math.min(lines.length, suspect.endLine + surroundingLines);
        const heading = `## ${suspect.rank}. ${suspect.file}:${suspect.startLine}-${suspect.endLine} ${suspect.name}\n${suspect.why}\n`;
        let body = numbered(lines.slice(first - 1, last), first);
        const room = tokenBudget - used - estimateTokens(heading) - 2;
        if (room <= 0 || (estimateTokens(body) > room && sections.length > 0)) {
            left.push(suspect);
            continue;
        }
        if (estimateTokens(body) > room) {
            // The first suspect always shows, cut to the budget: its start is where the evidence points.
            const kept: string[] = [];
            for (const line of body.split("\n")) {
                if (kept.length > 0 && estimateTokens([...kept, line].join("\n")) > room) break;
                kept.push(line);
            }
            body = `${kept.join("\n")}\n… (cut at the token budget)`;
        }
        const section = `${heading}\`\`\`\n${body}\n\`\`\``;
        sections.push(section);
        used += estimateTokens(section) + 1;
    }
    if (left.length > 0)
        sections.push(
            `Also suspected (not shown): ${left.map((suspect) => `${suspect.file}:${suspect.startLine} ${suspect.name}`).join(", ")}.`
        );
    return sections.join("\n\n");
}
