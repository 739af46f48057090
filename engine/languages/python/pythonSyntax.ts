// Python's tree shapes for the analysis: decorators wrap a definition, a docstring documents it, `self`/`cls` are receivers.

import type { LanguageSyntax } from "../../analysis/languageSyntax.js";

export const pythonSyntax: LanguageSyntax = {
    scopeSeparator: ".",
    wrapperTypes: new Set(["decorated_definition"]),
    attachedTypes: new Set(["comment"]),
    identifierTypes: new Set(["identifier"]),
    elidedBody: "...",
    scopeOf: () => undefined,
    bodyOf: (node) => node.childForFieldName("body"),
    innerDocOf(node) {
        const first = node.childForFieldName("body")?.firstNamedChild;
        if (
            first?.type === "expression_statement" &&
            first.namedChildCount === 1 &&
            first.firstNamedChild?.type === "string"
        ) {
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
    selfReceivers: new Set(["self", "cls"]),
    definitionGap: "\n\n\n",
    importStatement: /^(from|import)\s/
};
