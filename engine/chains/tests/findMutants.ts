// Small faults to seed into the target, found with tree-sitter: an arithmetic or logical operator swapped, a
// comparison's boundary moved, a constant changed, a return value replaced. Kept tests that pass on a mutant
// did not notice the change: the mutant survives.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, listTestUnits, positionAt, type SourceLanguage, type TextRange } from "../../analysis/index.js";
import { languageSupportOf } from "../../languages/index.js";

export interface Mutant {
    description: string;
    /** 1-based line of the change. */
    line: number;
    start: number;
    end: number;
    replacement: string;
}

const arithmetic: Record<string, string> = {
    "+": "-",
    "-": "+",
    "*": "/",
    "/": "*",
    "//": "*",
    "%": "*",
    "+=": "-=",
    "-=": "+=",
    "*=": "/=",
    "/=": "*=",
    and: "or",
    or: "and",
    "&&": "||",
    "||": "&&"
};
const comparison: Record<string, string> = {
    "<": "<=",
    "<=": "<",
    ">": ">=",
    ">=": ">",
    "==": "!=",
    "!=": "==",
    "===": "!==",
    "!==": "==="
};

/**
 * The mutants of `range` of a file (default: all of it), in text order. Test code inside the file (Rust's
 * `#[cfg(test)]` modules) is left alone.
 */
export async function findMutants(text: string, language: SourceLanguage, range?: TextRange): Promise<Mutant[]> {
    const within = range ?? { start: 0, end: text.length };
    const testRanges = (await listTestUnits(text, language)).map((unit) => unit.range);
    const mutations = languageSupportOf(language).mutations;
    return CodeParser.shared().parse(text, language, (source) => {
        const found: Mutant[] = [];
        const inScope = (node: SyntaxNode) =>
            node.startIndex >= within.start &&
            node.endIndex <= within.end &&
            !testRanges.some((r) => node.startIndex >= r.start && node.endIndex <= r.end);
        const add = (node: { startIndex: number; endIndex: number }, replacement: string, description: string) =>
            found.push({
                description,
                line: positionAt(text, node.startIndex).line + 1,
                start: node.startIndex,
                end: node.endIndex,
                replacement
            });
        for (const node of source.root.descendantsOfType(mutations.operatorNodes)) {
            if (!node || !inScope(node)) continue;
            const operators = node.childForFieldName("operator")
                ? [node.childForFieldName("operator")!]
                : node.children.filter((child): child is SyntaxNode => !!child && !child.isNamed);
            for (const operator of operators) {
                const swapped = comparison[operator.type] ?? arithmetic[operator.type];
                if (swapped) add(operator, swapped, `\`${operator.type}\` → \`${swapped}\``);
            }
        }
        for (const node of source.root.descendantsOfType(mutations.integerNodes)) {
            if (!node || !inScope(node) || !/^\d+$/.test(node.text)) continue;
            const value = BigInt(node.text);
            const replacement = value === 1n ? "0" : String(value + 1n);
            add(node, replacement, `constant ${node.text} → ${replacement}`);
        }
        for (const node of source.root.descendantsOfType(mutations.booleanNodes)) {
            const swapped = node ? mutations.booleanSwap[node.text] : undefined;
            if (node && swapped && inScope(node)) add(node, swapped, `${node.text} → ${swapped}`);
        }
        if (mutations.returnNode) {
            for (const node of source.root.descendantsOfType(mutations.returnNode)) {
                const value = node?.namedChildren.find((child) => !!child && child.type !== "comment");
                if (!node || !value || !inScope(node) || value.text === mutations.neutralReturn) continue;
                add(value, mutations.neutralReturn!, `return value → ${mutations.neutralReturn}`);
            }
        }
        return found.sort((a, b) => a.start - b.start);
    });
}

/** At most `max` of the mutants, evenly spread over the file so that no function is left out. */
export function spreadMutants(mutants: Mutant[], max: number): Mutant[] {
    if (mutants.length <= max) return mutants;
    if (max <= 0) return [];
    return Array.from({ length: max }, (_, i) => mutants[Math.floor((i * mutants.length) / max)]!);
}

export function applyMutant(text: string, mutant: Mutant): string {
    return text.slice(0, mutant.start) + mutant.replacement + text.slice(mutant.end);
}
