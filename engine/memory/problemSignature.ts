// What identifies a problem for the solution memory: its language, its failure message with paths, numbers
// and names abstracted, and the structural shape of the code around it (tree-sitter node types and
// identifier words). Two problems are similar when these features overlap, whatever the names or files.

import { CodeParser, type SourceLanguage } from "../analysis/index.js";

/** The features of one problem, as plain strings so they can be stored and compared. */
export interface ProblemSignature {
    language: SourceLanguage;
    /** The failure or diagnostic message, normalised (what a person reads in the memory's listing). */
    message: string;
    /** Word 1- and 2-grams of the normalised message. */
    messageFeatures: string[];
    /** Node types, parent>child type pairs and identifier words of the code around the problem. */
    structureFeatures: string[];
}

export interface DescribeProblemInput {
    language: SourceLanguage;
    /** A diagnostic, a failing test's output, or a build failure; empty when none is known. */
    message: string;
    /** The code around the problem: usually the enclosing function's text. */
    code: string;
    parser?: CodeParser;
}

/** The signature of a problem; parsing failures fall back to the code's words (never throws for bad code). */
export async function describeProblem(input: DescribeProblemInput): Promise<ProblemSignature> {
    const message = normaliseMessage(input.message);
    return {
        language: input.language,
        message,
        messageFeatures: messageShingles(message),
        structureFeatures: await structureFeatures(input.code, input.language, input.parser ?? CodeParser.shared())
    };
}

/**
 * A message with the parts that differ between two occurrences of the same problem abstracted: paths and
 * file:line positions become `<path>`, quoted or back-ticked names `<name>`, numbers `<n>`, hex `<hex>`.
 * Error codes (E0308, TS2304) are kept: they name the kind of problem.
 */
export function normaliseMessage(message: string): string {
    return message
        .replace(/\x1b\[[0-9;]*m/g, "")
        .replace(/0x[0-9a-fA-F]+/g, "<hex>")
        .replace(/(?:[A-Za-z]:)?(?:[\w.@~-]*[/\\])+[\w.@-]+(?::\d+)*(?::\d+)?/g, "<path>")
        .replace(/\b[\w-]+\.(?:py|rs|ts|tsx|js|mjs|cjs|jsx)(?::\d+)*\b/g, "<path>")
        .replace(/`[^`\n]{1,80}`|'[^'\n]{1,80}'|"[^"\n]{1,80}"|‘[^’\n]{1,80}’/g, "<name>")
        .replace(/(?<![A-Za-z_0-9.])[-+]?\d+(?:\.\d+)?(?![A-Za-z_0-9])/g, "<n>")
        .replace(/[ \t]+/g, " ")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .slice(0, 40)
        .join("\n")
        .slice(0, 2000);
}

function messageShingles(message: string): string[] {
    const words = message.toLowerCase().match(/<\w+>|[a-z_][a-z0-9_]*|[^\sa-z0-9_<>]/g) ?? [];
    const features = new Set<string>();
    words.forEach((word, i) => {
        if (/^[^\w<]$/.test(word)) return;
        features.add(`m:${word}`);
        const next = words[i + 1];
        if (next !== undefined) features.add(`m:${word} ${next}`);
    });
    return [...features];
}

/** Node types, parent>child pairs and identifier words (camelCase and snake_case split, lower-cased). */
async function structureFeatures(code: string, language: SourceLanguage, parser: CodeParser): Promise<string[]> {
    const features = new Set<string>();
    const addWords = (name: string) => {
        for (const word of splitIdentifier(name)) features.add(`i:${word}`);
    };
    if (code.trim() === "") return [];
    try {
        await parser.parse(code.slice(0, 20_000), language, ({ root }) => {
            const cursor = root.walk();
            const parents: string[] = [];
            // A depth-first walk with the cursor: no node objects are kept, so large functions stay cheap.
            for (;;) {
                const node = cursor.currentNode;
                if (node.isNamed) {
                    features.add(`t:${node.type}`);
                    const parent = parents.at(-1);
                    if (parent) features.add(`p:${parent}>${node.type}`);
                    if (/identifier$/.test(node.type) && node.childCount === 0) addWords(node.text);
                }
                if (cursor.gotoFirstChild()) {
                    parents.push(node.isNamed ? node.type : (parents.at(-1) ?? ""));
                    continue;
                }
                if (cursor.gotoNextSibling()) continue;
                let climbed = false;
                while (cursor.gotoParent()) {
                    parents.pop();
                    if (cursor.gotoNextSibling()) {
                        climbed = true;
                        break;
                    }
                }
                if (!climbed) break;
            }
            cursor.delete();
        });
    } catch {
        for (const name of code.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) addWords(name);
    }
    return [...features];
}

/** `sumTo`, `sum_to` and `SUM_TO` all give `sum`, `to`. */
export function splitIdentifier(name: string): string[] {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .split(/[^A-Za-z0-9]+/)
        .map((word) => word.toLowerCase())
        .filter((word) => word.length > 1 && !/^\d+$/.test(word));
}
