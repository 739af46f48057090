// The pattern of a solution: the tokens its change adds beyond what it removes, with local names abstracted
// (called names and literals kept). It lets the chain tell whether a recalled solution's idea reappears in
// a new winning patch even when the variables and the file differ.

/** The change from `before` to `after` as a multiset of tokens (sorted), identifiers abstracted to `ID`. */
export function solutionPattern(before: string, after: string): string[] {
    const beforeLines = countLines(before);
    const afterLines = countLines(after);
    const removed: string[] = [];
    const added: string[] = [];
    for (const [line, count] of afterLines) {
        const extra = count - (beforeLines.get(line) ?? 0);
        for (let i = 0; i < extra; i++) added.push(...tokensOf(line));
    }
    for (const [line, count] of beforeLines) {
        const extra = count - (afterLines.get(line) ?? 0);
        for (let i = 0; i < extra; i++) removed.push(...tokensOf(line));
    }
    const remaining = new Map<string, number>();
    for (const token of removed) remaining.set(token, (remaining.get(token) ?? 0) + 1);
    const delta: string[] = [];
    for (const token of added) {
        const left = remaining.get(token) ?? 0;
        if (left > 0) remaining.set(token, left - 1);
        else delta.push(token);
    }
    return delta.sort();
}

/**
 * How much of a recalled pattern the winning patch's pattern contains, in [0, 1]: the share of the recalled
 * tokens (as a multiset) found in the winning ones. An empty recalled pattern shares nothing.
 */
export function patternShare(recalled: readonly string[], winning: readonly string[]): number {
    if (recalled.length === 0) return 0;
    const available = new Map<string, number>();
    for (const token of winning) available.set(token, (available.get(token) ?? 0) + 1);
    let found = 0;
    for (const token of recalled) {
        const left = available.get(token) ?? 0;
        if (left > 0) {
            found++;
            available.set(token, left - 1);
        }
    }
    return found / recalled.length;
}

/** The share from which a recalled pattern counts as appearing in the winning patch. */
export const patternAppearsAt = 0.75;

function countLines(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const raw of text.split("\n")) {
        const line = raw.trim();
        if (line === "") continue;
        counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    return counts;
}

function tokensOf(line: string): string[] {
    const tokens =
        line.match(
            /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|"[^"]*"|'[^']*'|==|!=|<=|>=|&&|\|\||::|->|=>|\+=|-=|[^\sA-Za-z0-9_]/g
        ) ?? [];
    return tokens.map((token, i) => {
        if (!/^[A-Za-z_]/.test(token)) return token;
        const next = tokens[i + 1];
        // A called name, a path segment or a keyword-like lower-case word of the language is part of the idea.
        if (next === "(" || next === "::" || next === "!" || keywords.has(token)) return token;
        return "ID";
    });
}

const keywords = new Set([
    "if",
    "else",
    "elif",
    "for",
    "while",
    "in",
    "return",
    "not",
    "and",
    "or",
    "is",
    "None",
    "True",
    "False",
    "let",
    "mut",
    "fn",
    "match",
    "const",
    "function",
    "new",
    "null",
    "undefined",
    "true",
    "false",
    "import",
    "from",
    "as",
    "use",
    "pub",
    "break",
    "continue",
    "typeof",
    "instanceof",
    "await",
    "async",
    "yield",
    "self",
    "this",
    "ref",
    "impl",
    "where",
    "loop",
    "try",
    "except",
    "raise",
    "throw"
]);
