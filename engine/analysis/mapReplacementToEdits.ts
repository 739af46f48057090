// Turns a function a model rewrote (alone, inside its class, or within a whole file) into exact text edits of
// the original: the target is replaced in place at its indentation, definitions the reply changed are
// replaced, helpers it adds go beside the target, and imports it needs join the file's imports.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, type ParsedSource } from "./CodeParser.js";
import {
    attachedNodesOf,
    definitionSitesIn,
    findSiteByName,
    isFunctionKind,
    isInsideFunction,
    type AnalysisOptions,
    type DefinitionSite
} from "./definitions.js";
import { isPytestFixture, testUnitsBesideTarget } from "./existingTests.js";
import { parseFencedBlocks } from "./fencedBlocks.js";
import { importsIn, type ImportStatement } from "./imports.js";
import { indentUnitOf, reindent } from "./indentation.js";
import { parseSnippet, snippetClassName } from "./parseSnippet.js";
import type { SourceLanguage } from "./SourceLanguage.js";
import { rangeContains, type TextEdit, type TextRange } from "./textEdits.js";
import { indentationAt } from "./textPositions.js";
import { usedNamesIn } from "./usedDefinitions.js";
import { syntaxOf } from "./languageSyntax.js";

export type ReplacementMapping =
    | {
          kind: "edits";
          /** Edits of the original text (UTF-16 offsets), sorted, not overlapping. */
          edits: TextEdit[];
          /** Qualified names of the original definitions replaced, the target first. */
          replaced: string[];
          /** Names of the definitions the reply adds (helpers, constants), in reply order. */
          added: string[];
          /** Import statements added to the file. */
          addedImports: string[];
          /** What the reply holds that was left out, each with why: tests, elided copies, demo code. */
          ignored: string[];
      }
    | { kind: "unparseable"; reason: string }
    | { kind: "targetMissing"; reason: string };

/**
 * Maps a replacement for `targetName` onto the original text. Unparseable code, or a target missing from the
 * file or the reply, gives a value with the reason; it never throws for bad input.
 */
export async function mapReplacementToEdits(
    originalText: string,
    language: SourceLanguage,
    targetName: string,
    replacementCode: string,
    options: AnalysisOptions = {}
): Promise<ReplacementMapping> {
    const grammar = await (options.parser ?? CodeParser.shared()).load(language);
    return grammar.parse(originalText, (original) => {
        const originalSites = definitionSitesIn(original);
        const target = findSiteByName(originalSites, targetName);
        if (!target) return { kind: "targetMissing", reason: `the file defines no ${targetName}` };
        return parseSnippet(grammar, withoutFences(replacementCode), (snippet): ReplacementMapping => {
            if (snippet.syntaxError)
                return { kind: "unparseable", reason: `the reply's code does not parse (${snippet.syntaxError})` };
            const mapping = new ReplacementPlan(original, originalSites, target, snippet.source).build();
            return mapping.kind === "edits"
                ? { ...mapping, edits: withLineEndingsOf(originalText, mapping.edits) }
                : mapping;
        });
    });
}

/**
 * The code of a replacement that still has its Markdown fences (a caller passed the block as written): the
 * blocks' code joined. Code that does not start with a fence is returned as it is.
 */
function withoutFences(code: string): string {
    if (!/^\s*(`{3,}|~{3,})/.test(code)) return code;
    const blocks = parseFencedBlocks(code, { skipThought: false });
    return blocks.length > 0 ? blocks.map((block) => block.code).join("\n\n") : code;
}

/**
 * The edits with every line break written as the original's: the reply's code and the glue between pieces
 * use `\n`, and a CRLF file must not end up with mixed line endings.
 */
function withLineEndingsOf(originalText: string, edits: TextEdit[]): TextEdit[] {
    if (!originalText.includes("\r\n")) return edits;
    return edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/\r?\n/g, "\r\n") }));
}

/** A reply's definition with its name seen without the snippet wrapper class. */
interface ReplySite {
    site: DefinitionSite;
    qualifiedName: string;
    container: string | undefined;
    /** True for a lone ES method the snippet wrapper class held: it can only go into a class. */
    wrappedMember: boolean;
    /** True for a closure or local helper: a function or method holds it. */
    nested: boolean;
}

class ReplacementPlan {
    private readonly edits: TextEdit[] = [];
    private readonly replaced: string[] = [];
    private readonly added: string[] = [];
    private readonly addedImports: string[] = [];
    private readonly ignored: string[] = [];
    /** The reply's code that goes into the file (the target, replaced and added definitions): what imports must serve. */
    private readonly placed: TextRange[] = [];
    private readonly sourceUnit: string | undefined;
    private readonly targetUnit: string | undefined;
    private readonly separator: string;

    constructor(
        private readonly original: ParsedSource,
        private readonly originalSites: DefinitionSite[],
        private readonly target: DefinitionSite,
        private readonly reply: ParsedSource
    ) {
        this.sourceUnit = indentUnitOf(reply.text);
        this.targetUnit = indentUnitOf(original.text);
        this.separator = syntaxOf(original.language).scopeSeparator;
    }

    build(): ReplacementMapping {
        const testRanges = testUnitsBesideTarget(this.reply, this.target.definition.qualifiedName).map(
            (unit) => unit.range
        );
        const allSites = definitionSitesIn(this.reply);
        const fixtures =
            this.reply.language === "python"
                ? allSites.filter(
                      (site) => site.definition.container === undefined && isPytestFixture(site, this.reply.text)
                  )
                : [];
        const replySites = allSites
            .filter((site) => !(site.definition.name === snippetClassName && site.definition.container === undefined))
            .filter(
                (site) =>
                    !testRanges.some((range) => rangeContains(range, site.definition.fullRange)) &&
                    !fixtures.includes(site)
            )
            .map((site) => this.normalize(site, allSites));
        if (testRanges.length > 0)
            this.ignored.push(`${testRanges.length} test unit(s): tests are not part of the patch`);
        for (const fixture of fixtures) this.ignored.push(`${fixture.definition.name}: a pytest fixture, test code`);
        const replyTarget = this.matchTarget(replySites);
        if (!replyTarget) {
            const closure = replySites.find(
                (site) => site.nested && site.site.definition.name === this.target.definition.name
            );
            return {
                kind: "targetMissing",
                reason:
                    `the reply does not define ${this.target.definition.qualifiedName}` +
                    (closure ? ` (its ${closure.qualifiedName} is a function nested in another, not the target)` : "")
            };
        }
        if (looksElided(replyTarget.site, this.reply.text)) {
            return {
                kind: "targetMissing",
                reason: `the reply's ${replyTarget.qualifiedName} has no real body (it is elided)`
            };
        }
        this.edits.push(this.replaceEdit(this.target, replyTarget.site));
        this.placed.push(replyTarget.site.definition.fullRange);
        this.replaced.push(this.target.definition.qualifiedName);
        this.placeOtherDefinitions(replySites, replyTarget);
        this.addImports();
        this.noteLooseStatements();
        const edits = mergeInsertions(this.edits);
        return {
            kind: "edits",
            edits,
            replaced: this.replaced,
            added: this.added,
            addedImports: this.addedImports,
            ignored: this.ignored
        };
    }

    private normalize(site: DefinitionSite, allSites: DefinitionSite[]): ReplySite {
        const strip = (name: string) =>
            name === snippetClassName
                ? undefined
                : name.startsWith(snippetClassName + ".")
                  ? name.slice(snippetClassName.length + 1)
                  : name;
        const container = site.definition.container === undefined ? undefined : strip(site.definition.container);
        const wrappedMember = site.definition.container === snippetClassName;
        return {
            site,
            qualifiedName: strip(site.definition.qualifiedName) ?? site.definition.name,
            container,
            wrappedMember,
            nested: isInsideFunction(site, allSites)
        };
    }

    private sameName(a: string, b: string): boolean {
        return a.replace(/::/g, ".") === b.replace(/::/g, ".");
    }

    /**
     * The reply's target: its qualified name, else a definition of the same name (a lone method, a function). A
     * closure is never the target of the fallbacks: it only kept the name inside a function the reply renamed.
     */
    private matchTarget(replySites: ReplySite[]): ReplySite | undefined {
        const wanted = this.target.definition;
        const sameKind = (site: ReplySite) =>
            isFunctionKind(site.site.definition.kind) === isFunctionKind(wanted.kind) &&
            (!site.nested || isInsideFunction(this.target, this.originalSites));
        return (
            replySites.find((site) => this.sameName(site.qualifiedName, wanted.qualifiedName) && sameKind(site)) ??
            replySites.find(
                (site) =>
                    site.site.definition.name === wanted.name &&
                    sameKind(site) &&
                    (site.container === undefined || site.container === wanted.container)
            ) ??
            replySites.find((site) => site.site.definition.name === wanted.name && sameKind(site))
        );
    }

    /**
     * The edit replacing an original definition with a reply's. The reply's attached comments and its wrappers
     * (decorators, `export`) replace the original's only when the reply has them; otherwise the original's stay.
     */
    private replaceEdit(original: DefinitionSite, replacement: DefinitionSite): TextEdit {
        const originalText = this.original.text;
        const replyText = this.reply.text;
        const indent = original.definition.indentation;
        const from = indentationAt(replyText, replacement.definition.fullRange.start);
        const moved = (text: string) =>
            reindent(text, { from, to: indent, sourceUnit: this.sourceUnit, targetUnit: this.targetUnit });
        const attachedOriginal = originalText.slice(original.definition.fullRange.start, original.outer.startIndex);
        const attachedReply = replyText.slice(replacement.definition.fullRange.start, replacement.outer.startIndex);
        const wrapperOriginal = originalText.slice(original.outer.startIndex, original.core.startIndex);
        const wrapperReply = replyText.slice(replacement.outer.startIndex, replacement.core.startIndex);
        const core = replyText.slice(replacement.core.startIndex, replacement.outer.endIndex);
        // Each part ends with the indentation of the line the next part starts on, so each is moved on its own.
        const newText =
            (attachedReply !== "" ? moved(attachedReply) : attachedOriginal) +
            (wrapperReply !== "" ? moved(wrapperReply) : wrapperOriginal) +
            moved(core);
        return { start: original.definition.fullRange.start, end: original.outer.endIndex, newText };
    }

    private placeOtherDefinitions(replySites: ReplySite[], replyTarget: ReplySite): void {
        const targetDefinition = this.target.definition;
        const targetContainer = targetDefinition.kind === "method" ? targetDefinition.container : undefined;
        const members: string[] = [];
        const moduleLevel: string[] = [];
        for (const reply of replySites) {
            const definition = reply.site.definition;
            if (reply === replyTarget) continue;
            if (rangeContains(definition.fullRange, replyTarget.site.definition.fullRange)) continue;
            const isMember =
                reply.container !== undefined &&
                targetContainer !== undefined &&
                this.sameName(reply.container, targetContainer);
            if (reply.container !== undefined && !isMember) continue;
            if (
                this.original.language === "rust" &&
                definition.name === "main" &&
                !this.originalSites.some((site) => site.definition.name === "main")
            ) {
                this.ignored.push("fn main: a demo, not part of the patch");
                continue;
            }
            const counterpart = this.originalSites.find((site) =>
                this.sameName(site.definition.qualifiedName, reply.qualifiedName)
            );
            if (counterpart && rangeContains(counterpart.definition.fullRange, targetDefinition.fullRange)) continue;
            if (looksElided(reply.site, this.reply.text)) {
                this.ignored.push(`${reply.qualifiedName}: elided in the reply`);
                continue;
            }
            if (counterpart) {
                if (sameCode(counterpart.definition.text, definition.text)) continue;
                this.edits.push(this.replaceEdit(counterpart, reply.site));
                this.placed.push(definition.fullRange);
                this.replaced.push(counterpart.definition.qualifiedName);
                continue;
            }
            const asMember =
                targetContainer !== undefined &&
                (isMember || reply.wrappedMember || (isFunctionKind(definition.kind) && takesSelf(reply.site.core)));
            if (reply.wrappedMember && !asMember) {
                this.ignored.push(`${reply.qualifiedName}: a method, but the target is not in a class`);
                continue;
            }
            (asMember ? members : moduleLevel).push(
                this.movedText(reply.site, asMember ? targetDefinition.indentation : "")
            );
            this.placed.push(definition.fullRange);
            this.added.push(definition.name);
        }
        if (members.length > 0) {
            const at = targetDefinition.fullRange.start;
            this.edits.push({
                start: at,
                end: at,
                newText: members.map((text) => `${text}\n\n${targetDefinition.indentation}`).join("")
            });
        }
        if (moduleLevel.length > 0) {
            const at = this.topLevelStart();
            const gap = syntaxOf(this.original.language).definitionGap;
            this.edits.push({ start: at, end: at, newText: moduleLevel.map((text) => text + gap).join("") });
        }
    }

    /** The text of a reply definition moved to `indent`: attached comments, wrappers and all. */
    private movedText(site: DefinitionSite, indent: string): string {
        const from = indentationAt(this.reply.text, site.definition.fullRange.start);
        const text = this.reply.text.slice(site.definition.fullRange.start, site.outer.endIndex);
        return reindent(text, { from, to: indent, sourceUnit: this.sourceUnit, targetUnit: this.targetUnit });
    }

    /** Where the top-level item holding the target starts (its class, impl block, or the target itself). */
    private topLevelStart(): number {
        let top: SyntaxNode = this.target.outer;
        while (top.parent && !top.parent.equals(this.original.root)) top = top.parent;
        const attached = attachedNodesOf(top, this.original.text, this.original.language);
        return attached[0]?.startIndex ?? top.startIndex;
    }

    /**
     * Adds the reply's imports the file lacks, before the code that uses them: after the file's last import above
     * the target's top-level item (or where a file's first import goes), ahead of helpers inserted at the same
     * place. A Python import no placed code uses (`import pytest` for the tests beside the fix) is left out.
     */
    private addImports(): void {
        const topLevel = new Set(this.reply.root.namedChildren.map((child) => child?.startIndex));
        const originalImports = importsIn(this.original);
        const bound = new Set(originalImports.flatMap((statement) => statement.names));
        const used = new Set(this.placed.flatMap((range) => usedNamesIn(this.reply, range).names));
        const serves = (statement: ImportStatement) =>
            this.reply.language !== "python" ||
            statement.names.length === 0 ||
            statement.names.some((name) => name === "*" || used.has(name));
        // What the file defines is not imported into it: that import is the tests' (`from tag import test_tag`), and
        // in the file it would import the module into itself.
        const defined = new Set(
            this.originalSites
                .filter((site) => site.definition.container === undefined)
                .map((site) => site.definition.name)
        );
        const lacking = importsIn(this.reply).filter(
            (statement) =>
                topLevel.has(statement.range.start) &&
                !originalImports.some((existing) => sameCode(existing.text, statement.text)) &&
                !(
                    statement.names.length > 0 &&
                    statement.names.every((name) => name !== "*" && (bound.has(name) || defined.has(name)))
                )
        );
        for (const unused of lacking.filter((statement) => !serves(statement)))
            this.ignored.push(`\`${unused.text}\`: no code of the patch uses it`);
        const missing: ImportStatement[] = lacking.filter(serves);
        if (missing.length === 0) return;
        const texts = missing.map((statement) => statement.text);
        this.addedImports.push(...texts);
        const before = this.topLevelStart();
        const last = originalImports
            .filter((statement) => this.isTopLevelOriginal(statement.range) && statement.range.end <= before)
            .at(-1);
        // First in the edit list, so that an insertion at the same offset (a helper) comes after the imports.
        if (last) {
            this.edits.unshift({
                start: last.range.end,
                end: last.range.end,
                newText: texts.map((text) => `\n${text}`).join("")
            });
        } else {
            const at = Math.min(importInsertionPoint(this.original), before);
            const trailer =
                this.original.text.slice(at).startsWith("\n\n") || at === this.original.text.length ? "\n" : "\n\n";
            this.edits.unshift({ start: at, end: at, newText: texts.join("\n") + trailer });
        }
    }

    private isTopLevelOriginal(range: TextRange): boolean {
        return this.original.root.namedChildren.some((child) => child?.startIndex === range.start);
    }

    /** Statements of the reply outside definitions and imports (demo calls, `if __name__ == …`) are not applied. */
    private noteLooseStatements(): void {
        const looseTypes = new Set(["expression_statement", "if_statement", "for_statement", "while_statement"]);
        for (const child of this.reply.root.namedChildren) {
            if (!child || !looseTypes.has(child.type)) continue;
            if (
                child.type === "expression_statement" &&
                child.firstNamedChild?.type === "call_expression" &&
                isTestCall(child.firstNamedChild)
            )
                continue;
            if (child.type === "expression_statement" && child.firstNamedChild?.type === "string") continue;
            this.ignored.push(
                `top-level statement \`${child.text.split("\n")[0]!.slice(0, 60)}\`: not part of a definition`
            );
        }
    }
}

function isTestCall(node: SyntaxNode): boolean {
    const callee = node.childForFieldName("function");
    const name = callee?.type === "member_expression" ? callee.childForFieldName("object")?.text : callee?.text;
    return name === "test" || name === "it" || name === "describe";
}

/** Where imports go in a file that has none: after a shebang, a module docstring, `__future__` and inner attributes. */
function importInsertionPoint(source: ParsedSource): number {
    let at = 0;
    for (const child of source.root.namedChildren) {
        if (!child) continue;
        const isPreamble =
            (child.type === "expression_statement" &&
                child.firstNamedChild?.type === "string" &&
                at === 0 &&
                source.language === "python") ||
            child.type === "future_import_statement" ||
            child.type === "inner_attribute_item" ||
            (child.type === "line_comment" && child.text.startsWith("//!")) ||
            (child.type === "comment" && child.text.startsWith("#!")) ||
            child.type === "hash_bang_line";
        if (!isPreamble) break;
        at = child.endIndex;
    }
    if (at === 0) return 0;
    const newline = source.text.indexOf("\n", at);
    return newline === -1 ? source.text.length : newline + 1;
}

/** A definition whose body is only `...`, `pass`, `todo!()` or a comment such as "unchanged" stands for the original. */
function looksElided(site: DefinitionSite, text: string): boolean {
    const range = site.definition.bodyRange;
    if (!range) return false;
    const body = text
        .slice(range.start, range.end)
        .trim()
        .replace(/^\{|\}$/g, "")
        .trim();
    const withoutComments = body.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|#[^\n]*/g, "").trim();
    if (/^(\.\.\.|…|pass|todo!\(\)|unimplemented!\(\))?;?$/.test(withoutComments)) {
        const comments = body.slice(0, 400);
        return (
            withoutComments !== "" ||
            /unchanged|same as|as before|existing|omitted|rest of|\.\.\.|…/i.test(comments) ||
            body === ""
        );
    }
    return false;
}

function takesSelf(core: SyntaxNode): boolean {
    const first = core.childForFieldName("parameters")?.firstNamedChild;
    return first?.type === "self_parameter" || first?.text === "self" || first?.text === "cls";
}

function sameCode(a: string, b: string): boolean {
    return a.replace(/\s+/g, " ").trim() === b.replace(/\s+/g, " ").trim();
}

/** Insertions at the same offset become one edit, in the order they were made. */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
    const sorted = edits
        .map((edit, order) => ({ edit, order }))
        .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.order - b.order)
        .map((entry) => entry.edit);
    const merged: TextEdit[] = [];
    for (const edit of sorted) {
        const previous = merged.at(-1);
        if (previous && previous.start === previous.end && edit.start === edit.end && previous.start === edit.start) {
            previous.newText += edit.newText;
        } else merged.push({ ...edit });
    }
    return merged;
}
