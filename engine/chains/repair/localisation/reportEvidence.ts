// Evidence from a bug report's text: the functions and files it names. A name written as code (in backticks,
// followed by `(`, or shaped like an identifier: `unit_price`, `unitPrice`, `Cart.total`) counts fully; a plain
// word that happens to be a function's name (`total`) counts half; a file named counts for each of its functions less.

import { functionKey, type IndexedFunction, type SourceIndex } from "./SourceIndex.js";

export interface ReportFinding {
    fn: IndexedFunction;
    /** The report's words that name it or its file. */
    mentions: string[];
    strength: number;
}

/** What a mention is worth: its name as code, its name as a plain word, only its file. */
const mentionWeight = { code: 1, word: 0.5, file: 0.4 };

/** Identifier-shaped: an underscore, an inner capital, or a dot or `::` between names. */
function looksLikeCode(word: string): boolean {
    return /_|[a-z][A-Z]|\w(\.|::)\w/.test(word);
}

export function reportEvidence(index: SourceIndex, report: string): Map<string, ReportFinding> {
    const byFunction = new Map<string, ReportFinding>();
    const asCode = new Set<string>();
    for (const quoted of report.matchAll(/`([^`\n]+)`/g))
        for (const word of quoted[1]!.match(/[A-Za-z_][\w.:]*/g) ?? []) asCode.add(word);
    for (const called of report.matchAll(/([A-Za-z_][\w.:]*)\s*\(/g)) asCode.add(called[1]!);
    const words = new Set(report.match(/[A-Za-z_][\w]*(?:(?:\.|::)[A-Za-z_]\w*)*/g) ?? []);
    const fileWords = new Set(report.match(/[\w./-]+\.\w+/g) ?? []);
    const note = (fn: IndexedFunction, mention: string, weight: number) => {
        if (fn.isTestCode) return;
        const known = byFunction.get(functionKey(fn)) ?? { fn, mentions: [], strength: 0 };
        if (!known.mentions.includes(mention)) known.mentions.push(mention);
        known.strength = Math.max(known.strength, weight);
        byFunction.set(functionKey(fn), known);
    };
    for (const file of [...index.files.values()].filter((file) => !file.isTestFile)) {
        const base = file.path.split("/").pop()!;
        const named = [...fileWords].find(
            (word) => word === file.path || word.endsWith(`/${file.path}`) || word === base
        );
        for (const fn of file.functions) {
            if (named !== undefined) note(fn, named, mentionWeight.file);
            for (const word of words) {
                const parts = word.split(/\.|::/);
                const qualified = fn.qualifiedName.replace(/::/g, ".");
                const matches = word.replace(/::/g, ".") === qualified || parts.at(-1) === fn.name;
                if (!matches) continue;
                const codeLike = asCode.has(word) || looksLikeCode(word);
                note(fn, word, codeLike ? mentionWeight.code : mentionWeight.word);
            }
        }
    }
    return byFunction;
}
