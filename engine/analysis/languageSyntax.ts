// What the analysis needs to know about each grammar's tree shapes beyond its queries: which nodes wrap or
// precede a definition, where a function's body is, which nodes are names, how a body is elided in an outline.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { languageSupportOf, type SourceLanguage } from "../languages/index.js";

export interface LanguageSyntax {
    /** Joins the parts of a qualified name: `Stack.push` in Python and TypeScript, `Stack::push` in Rust. */
    readonly scopeSeparator: string;
    /** Nodes that wrap exactly one definition and belong to it: Python decorators, `export`. */
    readonly wrapperTypes: ReadonlySet<string>;
    /** Siblings before a definition that belong to it when nothing but a line break separates them. */
    readonly attachedTypes: ReadonlySet<string>;
    /** Nodes that are names of things; what a function "uses" is read from these. */
    readonly identifierTypes: ReadonlySet<string>;
    /** What replaces an elided function body in an outline. */
    readonly elidedBody: string;
    /** A scope that is not itself a definition (a Rust `impl` or `mod`): its name, and whether it holds methods. */
    scopeOf(node: SyntaxNode): { name: string; holdsMethods: boolean } | undefined;
    /** The body of a function-like or class-like definition node, if it has one. */
    bodyOf(node: SyntaxNode): SyntaxNode | null;
    /** The documentation written inside a definition's body (a Python docstring). */
    innerDocOf(node: SyntaxNode): string | undefined;
    /** True when an attached comment is documentation (`/** … *\/`, `///`). */
    isDocComment(text: string): boolean;
    /**
     * When a name is used as `receiver.name`: the receiver's text if this node is the member part, so `self.helper`
     * gives "self". Undefined for a plain name.
     */
    receiverOf(node: SyntaxNode): string | undefined;
    /** True when a name node only labels something (a keyword argument, an object key) rather than referring to it. */
    isLabel(node: SyntaxNode): boolean;
    /** Receivers that mean "this object" or "this type": `self`, `cls`, `this`, `Self`. */
    readonly selfReceivers: ReadonlySet<string>;
    /** What separates top-level definitions when code is joined or inserted: two blank lines in Python (PEP 8), else one. */
    readonly definitionGap: string;
    /** The start of a line that is an import statement (`import`, `from … import`, Rust's `use`). */
    readonly importStatement: RegExp;
}

/** The tree shapes of a language, from its folder in engine/languages. */
export function syntaxOf(language: SourceLanguage): LanguageSyntax {
    return languageSupportOf(language).syntax;
}
