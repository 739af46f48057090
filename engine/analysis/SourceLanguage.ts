// Which programming language a file or a fenced code block is in. The analysis layer parses five
// languages; everything else is "not code we understand" and is reported as such, never guessed.

import { PonderError } from "../errors.js";

/** A language the analysis layer can parse. `tsx` is TypeScript with JSX; `javascript` includes JSX. */
export type SourceLanguage = "python" | "typescript" | "tsx" | "javascript" | "rust";

export const sourceLanguages: readonly SourceLanguage[] = ["python", "typescript", "tsx", "javascript", "rust"];

const languageByExtension: Record<string, SourceLanguage> = {
    py: "python", pyi: "python", pyw: "python",
    ts: "typescript", mts: "typescript", cts: "typescript",
    tsx: "tsx",
    js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript",
    rs: "rust"
};

/** The language of a file from its extension, or undefined for a file the analysis layer cannot parse. */
export function languageOfPath(path: string): SourceLanguage | undefined {
    const name = path.split(/[\\/]/).pop() ?? "";
    const dot = name.lastIndexOf(".");
    if (dot <= 0) return undefined;
    if (name.endsWith(".d.ts")) return "typescript";
    return languageByExtension[name.slice(dot + 1).toLowerCase()];
}

const languageByFenceTag: Record<string, SourceLanguage> = {
    python: "python", py: "python", python3: "python", py3: "python",
    typescript: "typescript", ts: "typescript", mts: "typescript", cts: "typescript",
    tsx: "tsx",
    javascript: "javascript", js: "javascript", mjs: "javascript", cjs: "javascript", jsx: "javascript", node: "javascript",
    rust: "rust", rs: "rust"
};

/** Fence tags that say "this block is a patch", whatever language it patches. */
export const diffFenceTags: ReadonlySet<string> = new Set(["diff", "patch", "udiff"]);

/**
 * The language a fence tag names (`py`, `TypeScript`, `rs`…), or undefined when the tag is empty or names
 * something else (`bash`, `text`, `diff`). Only the first word counts: `python title="x.py"` is Python.
 */
export function languageOfFenceTag(tag: string): SourceLanguage | undefined {
    const word = tag.trim().split(/[\s:{,]/)[0]?.toLowerCase() ?? "";
    return languageByFenceTag[word] ?? languageOfPath(word);
}

/**
 * True when code written as `written` can stand in for code of `expected`: TypeScript, TSX and JavaScript
 * are one family (a model often tags TypeScript tests as `js`), the others only match themselves.
 */
export function isCompatibleLanguage(written: SourceLanguage, expected: SourceLanguage): boolean {
    const family = (language: SourceLanguage) => (language === "python" || language === "rust" ? language : "ecmascript");
    return family(written) === family(expected);
}

/** Thrown when asked to analyse a file in a language the analysis layer cannot parse: the user's input is at fault. */
export class UnsupportedLanguageError extends PonderError {
    override readonly fault = "badInput";

    constructor(readonly path: string) {
        super(`Ponder cannot analyse ${path}: it reads Python, TypeScript, TSX, JavaScript and Rust files.`);
    }
}
