// Go's tree shapes for the analysis: methods are top-level declarations (no enclosing scope), `//` comments
// directly above a declaration are its documentation, and `.` joins a package or a value to a member.

import type { LanguageSyntax } from "../../analysis/languageSyntax.js";

export const goSyntax: LanguageSyntax = {
    scopeSeparator: ".",
    wrapperTypes: new Set(),
    attachedTypes: new Set(["comment"]),
    identifierTypes: new Set(["identifier", "type_identifier", "field_identifier", "package_identifier"]),
    elidedBody: "{ ... }",
    scopeOf: () => undefined,
    bodyOf: (node) => node.childForFieldName("body"),
    innerDocOf: () => undefined,
    isDocComment: (text) => text.startsWith("//") || text.startsWith("/*"),
    receiverOf(node) {
        const parent = node.parent;
        if (parent?.type === "selector_expression" && parent.childForFieldName("field")?.equals(node)) {
            return parent.childForFieldName("operand")?.text;
        }
        if (parent?.type === "qualified_type" && parent.childForFieldName("name")?.equals(node)) {
            return parent.childForFieldName("package")?.text;
        }
        return undefined;
    },
    isLabel(node) {
        const parent = node.parent;
        return (
            (node.type === "field_identifier" &&
                (parent?.type === "field_declaration" || parent?.type === "literal_element")) ||
            parent?.type === "labeled_statement" ||
            parent?.type === "break_statement" ||
            parent?.type === "continue_statement"
        );
    },
    // A Go receiver is named by its method (`func (s *Stack) Push`), never by a keyword.
    selfReceivers: new Set(),
    definitionGap: "\n\n",
    importStatement: /^import\s/
};
