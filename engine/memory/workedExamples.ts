// Recalled solutions as worked examples for a prompt, best first, as many as fit the token budget (the rest are
// named as left out): a fix shows the earlier problem's message and the change that fixed it, kept tests show
// the code and its tests, a port the original and its proven port.

import type { RecalledSolution, StoredSolution } from "./SolutionMemory.js";

export interface WorkedExamples {
    /** The prompt section; empty when no example fits. */
    text: string;
    /** Ids of the solutions shown, in order. */
    included: string[];
    /** Ids recalled but left out for the budget. */
    leftOut: string[];
}

const headings: Record<StoredSolution["kind"], string> = {
    fix: "Similar bugs fixed and verified earlier in this workspace (worked examples; the new bug may differ):",
    tests: "Tests kept earlier for similar code in this workspace (each ran, passed every run and covered new lines; worked examples, the new code may differ):",
    repair: "Similar bugs fixed from a failing test and verified earlier in this workspace (worked examples; the new bug may differ):",
    port: "Similar code ported earlier in this workspace and proven equivalent (worked examples; the new code may differ):"
};

/** One solution as the prompt shows it: a fix's diff, the code and its kept tests, the original and its proven port. */
function body(solution: StoredSolution): string[] {
    const fence = (tag: string, text: string) => ["```" + tag, text.trimEnd(), "```"];
    switch (solution.kind) {
        case "fix":
        case "repair":
            return [
                ...(solution.message
                    ? ["The problem:", ...fence("text", solution.message.split("\n").slice(0, 8).join("\n"))]
                    : []),
                "The verified fix:",
                ...fence("diff", solution.example.diff.trim())
            ];
        case "tests":
            return [
                "The code:",
                ...fence(solution.language, solution.example.before),
                "The tests kept for it:",
                ...fence(solution.language, solution.example.after)
            ];
        case "port":
            return [
                "The original:",
                ...fence(solution.language, solution.example.before),
                "Its proven port:",
                ...fence("", solution.example.after)
            ];
    }
}

export function workedExamples(
    recalled: readonly RecalledSolution[],
    tokenBudget: number,
    countTokens: (text: string) => number
): WorkedExamples {
    const parts: string[] = [];
    const included: string[] = [];
    const leftOut: string[] = [];
    const heading = headings[recalled[0]?.solution.kind ?? "fix"];
    let used = countTokens(heading);
    for (const { solution, similarity } of recalled) {
        const part = [
            "",
            `Example ${included.length + 1}: \`${solution.target}\` in ${solution.file} (similarity ${similarity.toFixed(2)})`,
            ...body(solution)
        ].join("\n");
        const cost = countTokens(part);
        if (used + cost > tokenBudget) {
            leftOut.push(solution.id);
            continue;
        }
        used += cost;
        parts.push(part);
        included.push(solution.id);
    }
    return { text: included.length > 0 ? [heading, ...parts].join("\n") : "", included, leftOut };
}
