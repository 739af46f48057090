// Rust's tree shapes for the analysis: `impl` and `mod` are scopes, attributes and `///` attach to an item, `::` joins names.

import type { LanguageSyntax } from "../../analysis/languageSyntax.js";

export const rustSyntax: LanguageSyntax = {
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
        return (
            node.type === "field_identifier" &&
            (parent?.type === "field_initializer" ||
                parent?.type === "field_declaration" ||
                parent?.type === "shorthand_field_initializer")
        );
    },
    selfReceivers: new Set(["self", "Self"]),
    definitionGap: "\n\n",
    importStatement: /^use\s/
};
