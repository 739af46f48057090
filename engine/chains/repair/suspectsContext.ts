// The suspects' code as the prompt shows it: each suspect's function with its file and lines, most suspicious first,
// as many as fit the token budget (counted at about four characters a token); the rest are named as left out.

import { fenceTagOf, languageOfPath } from "../../languages/index.js";
import type { Workspace } from "../../workspace/Workspace.js";
import type { Suspect } from "./localisation/LocalisationTypes.js";

export async function suspectsContext(suspects: readonly Suspect[], workspace: Workspace, tokenBudget: number): Promise<string> {
    const parts: string[] = [];
    const leftOut: string[] = [];
    let used = 0;
    for (const suspect of suspects) {
        const text = await workspace.readText(suspect.file).catch(() => undefined);
        if (text === undefined) continue;
        const lines = text.split("\n");
        const start = Math.max(1, suspect.startLine);
        const end = Math.min(lines.length, suspect.name === "<module>" ? Math.min(suspect.endLine, start + 40) : suspect.endLine);
        const language = languageOfPath(suspect.file);
        const part = [
            `${suspect.rank}. \`${suspect.name}\` in \`${suspect.file}\` (lines ${start}-${end}; ${suspect.why}):`,
            "```" + (language ? fenceTagOf(language) : ""),
            lines.slice(start - 1, end).join("\n"),
            "```"
        ].join("\n");
        const cost = Math.ceil(part.length / 4);
        if (used + cost > tokenBudget && parts.length > 0) {
            leftOut.push(`${suspect.name} (${suspect.file})`);
            continue;
        }
        used += cost;
        parts.push(part);
    }
    if (leftOut.length > 0) parts.push(`Left out for length: ${leftOut.join(", ")}.`);
    return parts.join("\n\n");
}
