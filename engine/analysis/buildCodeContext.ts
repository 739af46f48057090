// Builds the code context of a prompt: the function to work on, the diagnostics in it, the definitions it uses,
// the file's imports, its class outline and its existing tests, fitted to a token budget in that priority
// order, with a list of what was left out and why.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, type ParsedSource } from "./CodeParser.js";
import {
    DefinitionNotFoundError,
    definitionSitesIn,
    findSiteByName,
    isFunctionKind,
    type CodeDefinition,
    type DefinitionSite
} from "./definitions.js";
import { testsReferringTo, type ExistingTest, type SourceFile } from "./existingTests.js";
import { enclosingFunctionSite } from "./findEnclosingFunction.js";
import { importsIn } from "./imports.js";
import { syntaxOf } from "./languageSyntax.js";
import { languageOfPath, UnsupportedLanguageError, type SourceLanguage } from "./SourceLanguage.js";
import type { TextRange } from "./textEdits.js";
import { positionAt } from "./textPositions.js";
import { usedDefinitionSites } from "./usedDefinitions.js";

/** A problem a tool reported in the file, in offsets of the file's text. */
export interface CodeDiagnostic {
    range: TextRange;
    message: string;
    severity?: "error" | "warning" | "information" | "hint";
    /** Who reported it: `pyright`, `rustc`, `pytest`. */
    source?: string;
}

/** What the job is about: a position, a range, a diagnostic, or a function by (qualified) name. */
export type ContextTarget =
    { offset: number } | { range: TextRange } | { diagnostic: CodeDiagnostic } | { name: string };

/** The file the context is about: `path` (`file` is the older name of the same field). */
export type BuildCodeContextOptions = BuildCodeContextFields &
    ({ path: string } | { /** @deprecated Use `path`. */ file: string });

export interface BuildCodeContextFields {
    /** The file's current text. */
    text: string;
    /** The file's language; default: from the path (an unknown extension throws `UnsupportedLanguageError`). */
    language?: SourceLanguage;
    target: ContextTarget;
    /** The file's diagnostics; those in the target function are shown, the target's own first. */
    diagnostics?: readonly CodeDiagnostic[];
    /** Files to search for existing tests of the target function (the file itself may be one of them). */
    testFiles?: readonly SourceFile[];
    /** The most tokens the context may take. */
    tokenBudget: number;
    /** Counts tokens with the model's tokenizer. Default: one token per four characters, an estimate. */
    countTokens?: (text: string) => number;
    /** Lines shown around a target that is in no function. Default 20. */
    surroundingLines?: number;
    /** The parser to use; default: the process-wide `CodeParser.shared()`. */
    parser?: CodeParser;
}

export type ContextSectionKind = "target" | "diagnostics" | "outline" | "imports" | "definition" | "test";

export interface ContextSection {
    kind: ContextSectionKind;
    /** What it shows: `Stack.push`, `imports`, `tests/test_stack.py: test_push`. */
    title: string;
    /** The section as it appears in the prompt. */
    text: string;
    tokens: number;
}

export interface OmittedSection {
    kind: ContextSectionKind;
    title: string;
    tokens: number;
    /** `budget` (it did not fit) or `outsideTarget` (diagnostics elsewhere in the file). */
    reason: "budget" | "outsideTarget";
}

export interface CodeContext {
    /** The file's path, as given. */
    path: string;
    /** @deprecated The same as `path`. */
    file: string;
    language: SourceLanguage;
    /** The function the target is in; undefined when it is in none (the lines around it are shown instead). */
    function?: CodeDefinition;
    /** The used definitions that made it into the context. */
    definitions: CodeDefinition[];
    /** The existing tests that made it into the context. */
    tests: ExistingTest[];
    /** The sections included, in prompt order. */
    sections: ContextSection[];
    /** The sections left out, in priority order. */
    omitted: OmittedSection[];
    /** The prompt text: the sections, then a note naming what was left out. */
    text: string;
    tokens: number;
    /** True when the target section alone is over the budget; it is included anyway, and nothing else is. */
    overBudget: boolean;
}

/**
 * The order sections appear in the prompt (what the target uses first, the target, then its tests). Their
 * priority, which decides what is left out, is another order: target, diagnostics, definitions, imports,
 * outline, tests. Diagnostics come right after the target because they are often the bug report itself and
 * cost a line each.
 */
const renderOrder: ContextSectionKind[] = ["imports", "definition", "outline", "target", "diagnostics", "test"];
const priorityOrder: ContextSectionKind[] = ["target", "diagnostics", "definition", "imports", "outline", "test"];
const fenceTags: Record<SourceLanguage, string> = {
    python: "python",
    typescript: "typescript",
    tsx: "tsx",
    javascript: "javascript",
    rust: "rust",
    go: "go"
};

/**
 * Collects and fits the context. Throws only for bad input (an unsupported language, a `{name}` target the file
 * does not define) or a broken grammar install.
 */
export async function buildCodeContext(given: BuildCodeContextOptions): Promise<CodeContext> {
    const options: ResolvedOptions = { ...given, file: "path" in given ? given.path : given.file };
    const language = options.language ?? languageOfPath(options.file);
    if (!language) throw new UnsupportedLanguageError(options.file);
    const parser = options.parser ?? CodeParser.shared();
    const countTokens = options.countTokens ?? ((text: string) => Math.ceil(text.length / 4));
    const candidates = await parser.parse(options.text, language, (source) => collectCandidates(source, options));
    const tests: { test: ExistingTest; section: Candidate }[] = [];
    if (candidates.function) {
        for (const file of options.testFiles ?? []) {
            const fileLanguage = languageOfPath(file.path) ?? language;
            const found = await parser.parse(file.text, fileLanguage, (source) =>
                testsReferringTo(source, candidates.function!.qualifiedName)
            );
            for (const unit of found) {
                const test: ExistingTest = { ...unit, file: file.path };
                tests.push({
                    test,
                    section: {
                        kind: "test",
                        title: `${file.path}: ${unit.qualifiedName}`,
                        text: `## Existing test \`${unit.qualifiedName}\` (${file.path})\n${fence(fileLanguage, unit.indentation + unit.text)}`
                    }
                });
            }
        }
    }
    // A stable sort: within a kind, sections keep their order (definitions in order of first use).
    const prioritized = [...candidates.sections, ...tests.map((entry) => entry.section)].sort(
        (a, b) => priorityOrder.indexOf(a.kind) - priorityOrder.indexOf(b.kind)
    );
    return fit(
        prioritized,
        candidates,
        tests.map((entry) => entry.test),
        language,
        options,
        countTokens
    );
}

/** The options with the file's path under one name. */
type ResolvedOptions = BuildCodeContextFields & { file: string };

interface Candidate {
    kind: ContextSectionKind;
    title: string;
    text: string;
    definition?: CodeDefinition;
}

interface Candidates {
    function?: CodeDefinition;
    /** Every section but the tests. */
    sections: Candidate[];
    /** Diagnostics elsewhere in the file. */
    outsideDiagnostics: number;
}

function collectCandidates(source: ParsedSource, options: ResolvedOptions): Candidates {
    const { text, language } = source;
    const sites = definitionSitesIn(source);
    const target = options.target;
    let site: DefinitionSite | undefined;
    let range: TextRange;
    if ("name" in target) {
        site = findSiteByName(
            sites.filter((each) => isFunctionKind(each.definition.kind)),
            target.name
        );
        if (!site) throw new DefinitionNotFoundError(options.file, target.name);
        range = site.definition.range;
    } else {
        range =
            "offset" in target
                ? { start: target.offset, end: target.offset }
                : "range" in target
                  ? target.range
                  : target.diagnostic.range;
        site = enclosingFunctionSite(source, range);
    }
    const sections: Candidate[] = [];
    const shown: TextRange = site
        ? site.definition.fullRange
        : surroundingRange(text, range, options.surroundingLines ?? 20);
    if (site) {
        const definition = site.definition;
        const lines = lineSpan(text, definition.fullRange);
        sections.push({
            kind: "target",
            title: definition.qualifiedName,
            text: `## Function to work on: \`${definition.qualifiedName}\` (${options.file}, ${lines})\n${fence(language, definition.indentation + definition.text)}`
        });
    } else {
        const lines = lineSpan(text, shown);
        sections.push({
            kind: "target",
            title: `${options.file} ${lines}`,
            text: `## Code around the target (${options.file}, ${lines})\n${fence(language, text.slice(shown.start, shown.end))}`
        });
    }
    const diagnostics = [...(options.diagnostics ?? [])];
    if ("diagnostic" in target && !diagnostics.includes(target.diagnostic)) diagnostics.unshift(target.diagnostic);
    const inside = diagnostics.filter((each) => each.range.start <= shown.end && each.range.end >= shown.start);
    if ("diagnostic" in target)
        inside.sort((a, b) => Number(b === target.diagnostic) - Number(a === target.diagnostic));
    if (inside.length > 0) {
        const lines = inside.map((each) => {
            const position = positionAt(text, each.range.start);
            const origin = each.source ? ` (${each.source})` : "";
            return `- line ${position.line + 1}, column ${position.character + 1}: ${each.severity ?? "error"}: ${each.message}${origin}`;
        });
        sections.push({
            kind: "diagnostics",
            title: `${inside.length} diagnostic(s)`,
            text: `## Diagnostics\n${lines.join("\n")}`
        });
    }
    if (site?.definition.kind === "method") {
        const outline = classOutline(source, sites, site);
        if (outline)
            sections.push({
                kind: "outline",
                title: site.definition.container!,
                text: `## Outline of \`${site.definition.container}\`\n${fence(language, outline)}`
            });
    }
    const imports = importsIn(source);
    if (imports.length > 0) {
        sections.push({
            kind: "imports",
            title: "imports",
            text: `## Imports of ${options.file}\n${fence(language, imports.map((each) => each.text).join("\n"))}`
        });
    }
    if (site) {
        const importRanges = new Set(imports.map((each) => each.range.start));
        for (const used of usedDefinitionSites(source, site)) {
            const definition = used.definition;
            if (importRanges.has(definition.range.start) || importRanges.has(definition.fullRange.start)) continue;
            sections.push({
                kind: "definition",
                title: definition.qualifiedName,
                definition,
                text: `## \`${definition.qualifiedName}\`, used by \`${site.definition.name}\` (${lineSpan(text, definition.fullRange)})\n${fence(language, definition.indentation + definition.text)}`
            });
        }
    }
    const result: Candidates = { sections, outsideDiagnostics: diagnostics.length - inside.length };
    if (site) result.function = site.definition;
    return result;
}

/**
 * The class (Python, TypeScript) or the type and impl block (Rust) holding a method, with every function body
 * elided: what the other members and fields are, in a few lines.
 */
function classOutline(source: ParsedSource, sites: DefinitionSite[], method: DefinitionSite): string | undefined {
    const syntax = syntaxOf(source.language);
    const container = method.definition.container!;
    const parts: TextRange[] = [];
    const typeSite = sites.find(
        (each) => each.definition.qualifiedName === container && !isFunctionKind(each.definition.kind)
    );
    if (typeSite) parts.push(typeSite.definition.fullRange);
    // A scope that holds methods without being their type's definition (a Rust `impl`) is part of the outline.
    let impl: SyntaxNode | null = method.outer.parent;
    while (impl && !syntax.scopeOf(impl)?.holdsMethods) impl = impl.parent;
    if (impl) parts.push({ start: impl.startIndex, end: impl.endIndex });
    if (parts.length === 0) return undefined;
    const functions = sites.filter((each) => isFunctionKind(each.definition.kind) && each.definition.bodyRange);
    return parts
        .map((part) => {
            const inside = functions.filter(
                (each) => part.start <= each.definition.fullRange.start && each.definition.fullRange.end <= part.end
            );
            const outermost = inside.filter(
                (each) =>
                    !inside.some(
                        (other) =>
                            other !== each &&
                            other.definition.fullRange.start <= each.definition.fullRange.start &&
                            each.definition.fullRange.end <= other.definition.fullRange.end
                    )
            );
            let outline = "";
            let cursor = part.start;
            for (const each of outermost) {
                const body = each.definition.bodyRange!;
                outline += source.text.slice(cursor, body.start) + syntax.elidedBody;
                cursor = body.end;
            }
            return (
                source.text.slice(source.text.lastIndexOf("\n", part.start - 1) + 1, part.start) +
                outline +
                source.text.slice(cursor, part.end)
            );
        })
        .join("\n\n");
}

function surroundingRange(text: string, range: TextRange, lines: number): TextRange {
    const first = Math.max(0, positionAt(text, range.start).line - Math.floor(lines / 2));
    const last = positionAt(text, range.end).line + Math.ceil(lines / 2);
    const starts = [0];
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) starts.push(index + 1);
    const start = starts[Math.min(first, starts.length - 1)]!;
    const end = last + 1 < starts.length ? starts[last + 1]! - 1 : text.length;
    return { start, end };
}

function lineSpan(text: string, range: TextRange): string {
    const first = positionAt(text, range.start).line + 1;
    const last = positionAt(text, range.end).line + 1;
    return first === last ? `line ${first}` : `lines ${first}-${last}`;
}

function fence(language: SourceLanguage, code: string): string {
    const longest = Math.max(2, ...[...code.matchAll(/`{3,}/g)].map((match) => match[0].length));
    const marks = "`".repeat(longest + 1);
    return `${marks}${fenceTags[language]}\n${code}\n${marks}`;
}

function fit(
    candidates: Candidate[],
    collected: Candidates,
    tests: ExistingTest[],
    language: SourceLanguage,
    options: ResolvedOptions,
    countTokens: (text: string) => number
): CodeContext {
    const measured = candidates.map((candidate) => ({ ...candidate, tokens: countTokens(candidate.text) }));
    const included = new Set<number>([0]);
    let used = measured[0]!.tokens;
    const overBudget = used > options.tokenBudget;
    if (!overBudget) {
        for (const [index, candidate] of measured.entries()) {
            if (index === 0 || used + candidate.tokens > options.tokenBudget) continue;
            included.add(index);
            used += candidate.tokens;
        }
    }
    // Joining sections and the note about omissions costs tokens too: drop the lowest-priority section until it fits.
    let render = renderPrompt(measured, included, collected.outsideDiagnostics);
    let tokens = countTokens(render);
    while (tokens > options.tokenBudget && included.size > 1) {
        included.delete(Math.max(...included));
        render = renderPrompt(measured, included, collected.outsideDiagnostics);
        tokens = countTokens(render);
    }
    const omitted: OmittedSection[] = measured
        .filter((_, index) => !included.has(index))
        .map((candidate) => ({
            kind: candidate.kind,
            title: candidate.title,
            tokens: candidate.tokens,
            reason: "budget" as const
        }));
    if (collected.outsideDiagnostics > 0) {
        omitted.push({
            kind: "diagnostics",
            title: `${collected.outsideDiagnostics} diagnostic(s) elsewhere in the file`,
            tokens: 0,
            reason: "outsideTarget"
        });
    }
    const sections = measured
        .filter((_, index) => included.has(index))
        .sort((a, b) => renderOrder.indexOf(a.kind) - renderOrder.indexOf(b.kind))
        .map(({ kind, title, text, tokens: sectionTokens }) => ({ kind, title, text, tokens: sectionTokens }));
    const testTitles = new Set(sections.filter((section) => section.kind === "test").map((section) => section.title));
    const context: CodeContext = {
        path: options.file,
        file: options.file,
        language,
        definitions: measured
            .filter((candidate, index) => included.has(index) && candidate.definition)
            .map((candidate) => candidate.definition!),
        tests: tests.filter((test) => testTitles.has(`${test.file}: ${test.qualifiedName}`)),
        sections,
        omitted,
        text: render,
        tokens,
        overBudget
    };
    if (collected.function) context.function = collected.function;
    return context;
}

function renderPrompt(
    measured: (Candidate & { tokens: number })[],
    included: Set<number>,
    outsideDiagnostics: number
): string {
    const shown = measured
        .filter((_, index) => included.has(index))
        .sort((a, b) => renderOrder.indexOf(a.kind) - renderOrder.indexOf(b.kind));
    const left = measured
        .filter((_, index) => !included.has(index))
        .map((candidate) => `${candidate.kind} \`${candidate.title}\``);
    if (outsideDiagnostics > 0) left.push(`${outsideDiagnostics} diagnostic(s) elsewhere in the file`);
    const note = left.length > 0 ? `\n\n(Left out of this context: ${left.join(", ")}.)` : "";
    return shown.map((section) => section.text).join("\n\n") + note;
}
