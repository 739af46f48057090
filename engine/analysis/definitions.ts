// The definitions in a file (functions, methods, classes, types, constants) with their qualified names,
// ranges, signatures and documentation, read from each grammar's `definitions.scm` query.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { PonderError } from "../errors.js";
import { CodeParser, type ParsedSource } from "./CodeParser.js";
import { syntaxOf } from "./languageSyntax.js";
import type { SourceLanguage } from "./SourceLanguage.js";
import type { TextRange } from "./textEdits.js";
import { indentationAt } from "./textPositions.js";

export type DefinitionKind = "function" | "method" | "class" | "type" | "constant";

/** One definition of a file, as plain data. */
export interface CodeDefinition {
    kind: DefinitionKind;
    name: string;
    /** The name with its enclosing classes, impl types, modules and functions: `Stack.push`, `tests::pops`. */
    qualifiedName: string;
    /** The qualified name of the class, impl type, module or function holding it; undefined at the top level. */
    container?: string;
    /** The definition itself: from `def`, `function`, `fn`, `class` or `const` to its end. */
    range: TextRange;
    /** The definition with what belongs to it: decorators, attributes, `export`, and the comments right above it. */
    fullRange: TextRange;
    /** The text of `fullRange`. Its first line starts at `fullRange.start`, after `indentation`. */
    text: string;
    /** The whitespace before the definition on its first line: the indentation a replacement must keep. */
    indentation: string;
    /** The header up to the body: `def push(self, item) -> None:`, `pub fn push(&mut self, item: T)`. */
    signature: string;
    /** The documentation as written: a Python docstring literal, or the doc comments above it. */
    docstring?: string;
    /** The body (block, statement block or expression), when the definition has one. */
    bodyRange?: TextRange;
}

/** A definition and the syntax nodes it came from; only valid while its tree lives. */
export interface DefinitionSite {
    definition: CodeDefinition;
    /** The node the query captured (for a function-valued `const`, the declaration). */
    core: SyntaxNode;
    /** The outermost node of the definition: its `export` or decorator wrapper, or the core itself. */
    outer: SyntaxNode;
}

const kindRank: Record<string, number> = { function: 0, class: 1, type: 2, constant: 3 };

function nodeKey(node: SyntaxNode): string {
    return `${node.type}@${node.startIndex}-${node.endIndex}`;
}

/** Every definition in a parsed source, in text order, with qualified names. */
export function definitionSitesIn(source: ParsedSource, under: SyntaxNode = source.root): DefinitionSite[] {
    const syntax = syntaxOf(source.language);
    const captured = new Map<string, { kind: string; core: SyntaxNode; name: string }>();
    for (const match of source.grammar.matches("definitions", under)) {
        const main = match.captures.find((capture) => capture.name in kindRank);
        const name = match.captures.find((capture) => capture.name === "name");
        if (!main || !name) continue;
        const key = `${nodeKey(main.node)}:${name.node.text}`;
        const existing = captured.get(key);
        if (!existing || kindRank[main.name]! < kindRank[existing.kind]!)
            captured.set(key, { kind: main.name, core: main.node, name: name.node.text });
    }
    // Scopes for qualified names: every function, class or type definition, plus Rust `impl` and `mod` blocks.
    const scopes = new Map<string, { name: string; holdsMethods: boolean }>();
    for (const { kind, core, name } of captured.values()) {
        if (kind !== "constant") scopes.set(nodeKey(core), { name, holdsMethods: kind === "class" || kind === "type" });
    }
    const sites: DefinitionSite[] = [];
    for (const { kind, core, name } of captured.values()) {
        const containers: { name: string; holdsMethods: boolean }[] = [];
        for (let node = core.parent; node; node = node.parent) {
            const scope = scopes.get(nodeKey(node)) ?? syntax.scopeOf(node);
            if (scope) containers.unshift(scope);
        }
        const nearest = containers[containers.length - 1];
        const definitionKind: DefinitionKind =
            kind === "function" && nearest?.holdsMethods ? "method" : (kind as DefinitionKind);
        const container =
            containers.length > 0 ? containers.map((scope) => scope.name).join(syntax.scopeSeparator) : undefined;
        sites.push(buildSite(source, core, definitionKind, name, container));
    }
    return sites.sort(
        (a, b) => a.definition.range.start - b.definition.range.start || b.definition.range.end - a.definition.range.end
    );
}

/** The wrappers of a definition (`export`, decorators), then the attached comments and attributes above it. */
export function outerNodeOf(core: SyntaxNode, language: SourceLanguage): SyntaxNode {
    const syntax = syntaxOf(language);
    let outer = core;
    while (outer.parent && syntax.wrapperTypes.has(outer.parent.type)) outer = outer.parent;
    return outer;
}

/**
 * The comments, attributes and decorators right above `outer` that belong to it: each on its own line, with no
 * blank line between. Found by position, because grammars hang a comment on whichever node is open there.
 */
export function attachedNodesOf(outer: SyntaxNode, text: string, language: SourceLanguage): SyntaxNode[] {
    const syntax = syntaxOf(language);
    const root = outer.tree.rootNode;
    const attached: SyntaxNode[] = [];
    let start = outer.startIndex;
    for (;;) {
        let last = start - 1;
        while (last >= 0 && /\s/.test(text[last]!)) last--;
        if (last < 0 || (text.slice(last + 1, start).match(/\n/g)?.length ?? 0) > 1) break;
        let node: SyntaxNode | null = root.descendantForIndex(last, last + 1);
        while (node && !syntax.attachedTypes.has(node.type) && node.parent && node.parent.endIndex <= start)
            node = node.parent;
        if (!node || !syntax.attachedTypes.has(node.type) || node.endIndex > start) break;
        const lineBefore = text.slice(text.lastIndexOf("\n", node.startIndex - 1) + 1, node.startIndex);
        if (lineBefore.trim() !== "") break;
        attached.unshift(node);
        start = node.startIndex;
    }
    return attached;
}

function buildSite(
    source: ParsedSource,
    core: SyntaxNode,
    kind: DefinitionKind,
    name: string,
    container: string | undefined
): DefinitionSite {
    const { text, language } = source;
    const syntax = syntaxOf(language);
    const outer = outerNodeOf(core, language);
    const attached = attachedNodesOf(outer, text, language);
    const fullStart = attached[0]?.startIndex ?? outer.startIndex;
    const body = kind === "constant" ? null : syntax.bodyOf(core);
    const signatureEnd = body && body.startIndex > core.startIndex ? body.startIndex : core.endIndex;
    let signature = text.slice(core.startIndex, signatureEnd).trimEnd();
    if (!body) signature = signature.split("\n")[0]!.trimEnd();
    const docComments = attached.filter((node) => syntax.isDocComment(node.text)).map((node) => node.text.trimEnd());
    const docstring = syntax.innerDocOf(core) ?? (docComments.length > 0 ? docComments.join("\n") : undefined);
    const definition: CodeDefinition = {
        kind,
        name,
        qualifiedName: container ? `${container}${syntax.scopeSeparator}${name}` : name,
        range: { start: core.startIndex, end: core.endIndex },
        fullRange: { start: fullStart, end: outer.endIndex },
        text: text.slice(fullStart, outer.endIndex),
        indentation: indentationAt(text, fullStart),
        signature
    };
    if (container) definition.container = container;
    if (docstring !== undefined) definition.docstring = docstring;
    if (body) definition.bodyRange = { start: body.startIndex, end: body.endIndex };
    return { definition, core, outer };
}

/** True for the kinds that have a body of statements to fix or test. */
export function isFunctionKind(kind: DefinitionKind): boolean {
    return kind === "function" || kind === "method";
}

/**
 * The site a name refers to: an exact qualified name first (`Stack.push`, `Stack::push`), then a qualified
 * suffix, then a plain name. `.` and `::` are interchangeable. Functions win over other kinds of the same name.
 */
export function findSiteByName(sites: readonly DefinitionSite[], name: string): DefinitionSite | undefined {
    const wanted = name.replace(/::/g, ".");
    const qualified = (site: DefinitionSite) => site.definition.qualifiedName.replace(/::/g, ".");
    const byPreference = [...sites].sort(
        (a, b) => Number(!isFunctionKind(a.definition.kind)) - Number(!isFunctionKind(b.definition.kind))
    );
    return (
        byPreference.find((site) => qualified(site) === wanted) ??
        byPreference.find((site) => qualified(site).endsWith(`.${wanted}`)) ??
        byPreference.find((site) => site.definition.name === lastSegment(wanted))
    );
}

/** The last part of a qualified name: `push` for `Stack.push` or `Stack::push`. */
export function lastSegment(name: string): string {
    return name.split(/::|\./).pop() ?? name;
}

/** A function asked for by name is not in the file: the user's input (`ponder tests FILE:SYMBOL`) is at fault. */
export class DefinitionNotFoundError extends PonderError {
    override readonly fault = "badInput";

    constructor(
        readonly file: string,
        readonly definitionName: string
    ) {
        super(
            `${file} has no function named ${definitionName}. Give a function of the file, qualified for a method (Stack.push, or Stack::push in Rust).`
        );
    }
}

export interface AnalysisOptions {
    /** The parser to use; default: the process-wide `CodeParser.shared()`. */
    parser?: CodeParser;
}

/** Every definition in a file, in text order. */
export async function listDefinitions(
    text: string,
    language: SourceLanguage,
    options: AnalysisOptions = {}
): Promise<CodeDefinition[]> {
    return (options.parser ?? CodeParser.shared()).parse(text, language, (source) =>
        definitionSitesIn(source).map((site) => site.definition)
    );
}

/** The definition a (qualified or plain) name refers to, or undefined. */
export async function findDefinition(
    text: string,
    language: SourceLanguage,
    name: string,
    options: AnalysisOptions = {}
): Promise<CodeDefinition | undefined> {
    return (options.parser ?? CodeParser.shared()).parse(
        text,
        language,
        (source) => findSiteByName(definitionSitesIn(source), name)?.definition
    );
}

/** True when a function or method holds the definition: a closure or local helper, which no caller outside can reach. */
export function isInsideFunction(site: DefinitionSite, sites: readonly DefinitionSite[]): boolean {
    const { start, end } = site.definition.range;
    return sites.some((other) => {
        const range = other.definition.range;
        return (
            isFunctionKind(other.definition.kind) &&
            range.start <= start &&
            end <= range.end &&
            (range.start !== start || range.end !== end)
        );
    });
}
