// Describes the first syntax error of a parse in words a person (or a model, in a feedback round) can act on.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { positionAt } from "./textPositions.js";

/** "line 3: missing `)`" or "line 5: unexpected `=> {`", or undefined when the tree has no error. */
export function firstSyntaxError(root: SyntaxNode, text: string): string | undefined {
    if (!root.hasError) return undefined;
    const node = firstErrorNode(root);
    if (!node) return "the code does not parse";
    const line = positionAt(text, node.startIndex).line + 1;
    if (node.isMissing) return `line ${line}: missing \`${node.type}\``;
    const snippet = text.slice(node.startIndex, node.endIndex).split("\n")[0]!.trim().slice(0, 40);
    return snippet ? `line ${line}: unexpected \`${snippet}\`` : `line ${line}: the code does not parse`;
}

function firstErrorNode(node: SyntaxNode): SyntaxNode | undefined {
    if (node.isMissing || node.isError) return node;
    for (const child of node.children) {
        if (child && (child.hasError || child.isMissing)) {
            const found = firstErrorNode(child);
            if (found) return found;
        }
    }
    return undefined;
}
