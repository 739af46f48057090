// The names a piece of code uses, and the definitions of the same file those names refer to: the helpers,
// classes and constants a model must see to understand (or fix) a function.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, type ParsedSource } from "./CodeParser.js";
import { definitionSitesIn, type AnalysisOptions, type CodeDefinition, type DefinitionSite } from "./definitions.js";
import { enclosingFunctionSite, type TextTarget } from "./findEnclosingFunction.js";
import { syntaxOf } from "./languageSyntax.js";
import type { SourceLanguage } from "./SourceLanguage.js";
import type { TextRange } from "./textEdits.js";

/** The names a piece of code refers to, each list in order of first use and without repeats. */
export interface UsedNames {
    /** Plain names: `helper(x)`, `MAX_SIZE`, a type in an annotation, the module in `math.floor`. */
    names: string[];
    /** Names reached through the object or type itself: `self.helper`, `this.items`, `Self::new`. */
    memberNames: string[];
    /** Names reached through anything else: `floor` in `math.floor`, `push` in `stack.push(1)`. */
    otherMemberNames: string[];
}

/** The names used by the code in `range` of a parsed source (labels such as keyword-argument names excluded). */
export function usedNamesIn(source: ParsedSource, range: TextRange): UsedNames {
    const syntax = syntaxOf(source.language);
    const container = source.root.descendantForIndex(range.start, Math.max(range.start, range.end - 1)) ?? source.root;
    const scope = enclosingNodeOf(container, range);
    const names = new Set<string>();
    const memberNames = new Set<string>();
    const otherMemberNames = new Set<string>();
    for (const node of scope.descendantsOfType([...syntax.identifierTypes])) {
        if (!node || node.startIndex < range.start || node.endIndex > range.end || syntax.isLabel(node)) continue;
        const receiver = syntax.receiverOf(node);
        if (receiver === undefined) names.add(node.text);
        else if (syntax.selfReceivers.has(receiver)) memberNames.add(node.text);
        else otherMemberNames.add(node.text);
    }
    return { names: [...names], memberNames: [...memberNames], otherMemberNames: [...otherMemberNames] };
}

function enclosingNodeOf(node: SyntaxNode, range: TextRange): SyntaxNode {
    let scope = node;
    while (scope.parent && (scope.startIndex > range.start || scope.endIndex < range.end)) scope = scope.parent;
    return scope;
}

/**
 * The definitions of the same file that a function uses, in order of first use: top-level (or same-module)
 * functions, classes, types and constants by plain name, and members of its own class or impl type reached
 * through `self`/`this`/`Self`. The function itself, what it contains, and the class holding it are left out.
 */
export function usedDefinitionSites(source: ParsedSource, target: DefinitionSite): DefinitionSite[] {
    const used = usedNamesIn(source, target.definition.fullRange);
    const self = target.definition;
    const moduleScope = self.kind === "method" ? undefined : self.container;
    const found: { site: DefinitionSite; order: number }[] = [];
    for (const site of definitionSitesIn(source)) {
        const definition = site.definition;
        if (definition.qualifiedName === self.qualifiedName) continue;
        if (definition.fullRange.start >= self.fullRange.start && definition.fullRange.end <= self.fullRange.end)
            continue;
        if (self.container && isScopePrefix(definition.qualifiedName, self.container)) continue;
        let order = -1;
        if (definition.container === undefined || definition.container === moduleScope)
            order = used.names.indexOf(definition.name);
        if (order === -1 && self.kind === "method" && definition.container === self.container) {
            const memberOrder = used.memberNames.indexOf(definition.name);
            if (memberOrder !== -1) order = used.names.length + memberOrder;
        }
        if (order !== -1) found.push({ site, order });
    }
    return found.sort((a, b) => a.order - b.order).map((entry) => entry.site);
}

/** True when `qualifiedName` is `scope` or one of its enclosing scopes (`Stack` for `Stack.push`). */
function isScopePrefix(qualifiedName: string, scope: string): boolean {
    const normalized = (name: string) => name.replace(/::/g, ".");
    const candidate = normalized(qualifiedName);
    const container = normalized(scope);
    return container === candidate || container.startsWith(`${candidate}.`);
}

/** The names used by the code in `range` of a text. */
export async function collectUsedNames(
    text: string,
    language: SourceLanguage,
    range: TextRange,
    options: AnalysisOptions = {}
): Promise<UsedNames> {
    return (options.parser ?? CodeParser.shared()).parse(text, language, (source) => usedNamesIn(source, range));
}

/** The same-file definitions used by the function around `target`; empty when the target is in no function. */
export async function findUsedDefinitions(
    text: string,
    language: SourceLanguage,
    target: TextTarget,
    options: AnalysisOptions = {}
): Promise<CodeDefinition[]> {
    return (options.parser ?? CodeParser.shared()).parse(text, language, (source) => {
        const site = enclosingFunctionSite(source, target);
        return site ? usedDefinitionSites(source, site).map((used) => used.definition) : [];
    });
}
