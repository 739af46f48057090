// The tree shapes TypeScript, TSX and JavaScript share for the analysis: `export` wraps a definition, a function
// assigned to a name has its body in the value, `/** */` documents.

import type { Node as SyntaxNode } from "web-tree-sitter";
import type { LanguageSyntax } from "../../analysis/languageSyntax.js";

function ecmascriptBody(node: SyntaxNode): SyntaxNode | null {
    if (node.type === "lexical_declaration" || node.type === "variable_declaration") {
        return (
            node.namedChildren
                .find((child) => child?.type === "variable_declarator")
                ?.childForFieldName("value")
                ?.childForFieldName("body") ?? null
        );
    }
    if (node.type === "expression_statement") {
        return node.firstNamedChild?.childForFieldName("right")?.childForFieldName("body") ?? null;
    }
    if (node.type === "public_field_definition" || node.type === "field_definition") {
        return node.childForFieldName("value")?.childForFieldName("body") ?? null;
    }
    return node.childForFieldName("body");
}

export function ecmascriptSyntax(): LanguageSyntax {
    return {
        scopeSeparator: ".",
        wrapperTypes: new Set(["export_statement"]),
        attachedTypes: new Set(["comment", "decorator"]),
        identifierTypes: new Set([
            "identifier",
            "type_identifier",
            "property_identifier",
            "shorthand_property_identifier",
            "private_property_identifier"
        ]),
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
            return (
                node.type === "property_identifier" &&
                (parent?.type === "pair" ||
                    parent?.type === "pair_pattern" ||
                    parent?.type === "method_definition" ||
                    parent?.type === "public_field_definition" ||
                    parent?.type === "field_definition" ||
                    parent?.type === "property_signature" ||
                    parent?.type === "method_signature")
            );
        },
        selfReceivers: new Set(["this"]),
        definitionGap: "\n\n",
        importStatement: /^import\s/
    };
}
