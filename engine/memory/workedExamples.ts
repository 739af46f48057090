// Recalled solutions as worked examples for a prompt: each shows the earlier problem's message and the
// change that fixed it, best first, as many as fit the token budget (the rest are named as left out).

import type { RecalledSolution } from "./SolutionMemory.js";

export interface WorkedExamples {
    /** The prompt section; empty when no example fits. */
    text: string;
    /** Ids of the solutions shown, in order. */
    included: string[];
    /** Ids recalled but left out for the budget. */
    leftOut: string[];
}

export function workedExamples(recalled: readonly RecalledSolution[], tokenBudget: number, countTokens: (text: string) => number): WorkedExamples {
    const parts: string[] = [];
    const included: string[] = [];
    const leftOut: string[] = [];
    const heading = "Similar bugs fixed and verified earlier in this workspace (worked examples; the new bug may differ):";
    let used = countTokens(heading);
    for (const { solution, similarity } of recalled) {
        const part = [
            "",
            `Example ${included.length + 1}: \`${solution.target}\` in ${solution.file} (similarity ${similarity.toFixed(2)})`,
            ...(solution.message ? ["The problem:", "```text", solution.message.split("\n").slice(0, 8).join("\n"), "```"] : []),
            "The verified fix:",
            "```diff", solution.example.diff.trim(), "```"
        ].join("\n");
        const cost = countTokens(part);
        if (used + cost > tokenBudget) { leftOut.push(solution.id); continue; }
        used += cost;
        parts.push(part);
        included.push(solution.id);
    }
    return { text: included.length > 0 ? [heading, ...parts].join("\n") : "", included, leftOut };
}
