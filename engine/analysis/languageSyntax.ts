// What the analysis needs to know about each grammar's tree shapes beyond its queries: which nodes wrap or
// precede a definition, where a function's body is, which nodes are names, how a body is elided in an outline.

import type { Node as SyntaxNode } from "web-tree-sitter";
import type { SourceLanguage } from "./SourceLanguage.js";

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
}

const python: LanguageSyntax = {
    scopeSeparator: ".",
    wrapperTypes: new Set(["decorated_definition"]),
    attachedTypes: new Set(["comment"]),
    identifierTypes: new Set(["identifier"]),
    elidedBody: "...",
    scopeOf: () => undefined,
    bodyOf: (node) => node.childForFieldName("body"),
    innerDocOf(node) {
        const first = node.childForFieldName("body")?.firstNamedChild;
        if (first?.type === "expression_statement" && first.namedChildCount === 1 && first.firstNamedChild?.type === "string") {
            return first.firstNamedChild.text;
        }
        return undefined;
    },
    isDocComment: () => false,
    receiverOf(node) {
        const parent = node.parent;
        if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.equals(node)) {
            return parent.childForFieldName("object")?.text;
        }
        return undefined;
    },
    isLabel(node) {
        const parent = node.parent;
        return parent?.type === "keyword_argument" && !!parent.childForFieldName("name")?.equals(node);
    },
    selfReceivers: new Set(["self", "cls"])
};

function ecmascriptBody(node: SyntaxNode): SyntaxNode | null {
    if (node.type === "lexical_declaration" || node.type === "variable_declaration") {
        return node.namedChildren.find((child) => child?.type === "variable_declarator")?.childForFieldName("value")?.childForFieldName("body") ?? null;
    }
    if (node.type === "expression_statement") {
        return node.firstNamedChild?.childForFieldName("right")?.childForFieldName("body") ?? null;
    }
    if (node.type === "public_field_definition" || node.type === "field_definition") {
        return node.childForFieldName("value")?.childForFieldName("body") ?? null;
    }
    return node.childForFieldName("body");
}

function ecmascript(): LanguageSyntax {
    return {
        scopeSeparator: ".",
        wrapperTypes: new Set(["export_statement"]),
        attachedTypes: new Set(["comment", "decorator"]),
        identifierTypes: new Set(["identifier", "type_identifier", "property_identifier", "shorthand_property_identifier",
            "private_property_identifier"]),
        elidedBody: "{ ... }",
        scopeOf: () => undefined,
        bodyOf: ecmascriptBody,
        innerDocOf: () => undefined,
        isDocComment: (text) => text.startsWith("/**"),
        receiverOf(node) {
            const parent = node.parent;
            if (parent?.type === "member_expression" && parent.childForFieldName("property")?.equals(node)) {
                return parent.childForFieldName("object")?.text ?? "";
            }
            return undefined;
        },
        isLabel(node) {
            const parent = node.parent;
            return node.type === "property_identifier" && (parent?.type === "pair" || parent?.type === "pair_pattern"
                || parent?.type === "method_definition" || parent?.type === "public_field_definition" || parent?.type === "field_definition"
                || parent?.type === "property_signature" || parent?.type === "method_signature");
        },
        selfReceivers: new Set(["this"])
    };
}

const rust: LanguageSyntax = {
    scopeSeparator: "::",
    wrapperTypes: new Set(),
    attachedTypes: new Set(["attribute_item", "line_comment", "block_comment"]),
    identifierTypes: new Set(["identifier", "type_identifier", "field_identifier"]),
    elidedBody: "{ ... }",
    scopeOf(node) {
        if (node.type === "impl_item") {
            const type = node.childForFieldName("type");
            const name = type?.type === "generic_type" ? type.childForFieldName("type")?.text : type?.text;
            return name ? { name, holdsMethods: true } : undefined;
        }
        if (node.type === "mod_item") {
            const name = node.childForFieldName("name")?.text;
            return name ? { name, holdsMethods: false } : undefined;
        }
        return undefined;
    },
    bodyOf: (node) => node.childForFieldName("body"),
    innerDocOf: () => undefined,
    isDocComment: (text) => text.startsWith("///") || text.startsWith("/**"),
    receiverOf(node) {
        const parent = node.parent;
        if (parent?.type === "field_expression" && parent.childForFieldName("field")?.equals(node)) {
            return parent.childForFieldName("value")?.text;
        }
        if (parent?.type === "scoped_identifier" && parent.childForFieldName("name")?.equals(node)) {
            return parent.childForFieldName("path")?.text ?? "";
        }
        return undefined;
    },
    isLabel(node) {
        const parent = node.parent;
        return node.type === "field_identifier" && (parent?.type === "field_initializer" || parent?.type === "field_declaration"
            || parent?.type === "shorthand_field_initializer");
    },
    selfReceivers: new Set(["self", "Self"])
};

const syntaxByLanguage: Record<SourceLanguage, LanguageSyntax> = {
    python,
    typescript: ecmascript(),
    tsx: ecmascript(),
    javascript: ecmascript(),
    rust
};

export function syntaxOf(language: SourceLanguage): LanguageSyntax {
    return syntaxByLanguage[language];
}
