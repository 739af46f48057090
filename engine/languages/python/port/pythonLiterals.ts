// Python literals read from a tree-sitter node as exact JSON values: the arguments of calls in a file's tests,
// doctests and examples. Anything that is not a plain literal (a name, a call, an f-string) reads as undefined.

import type { Node as SyntaxNode } from "web-tree-sitter";
import type { ExactJson } from "../../../chains/port/exactJson.js";

export function literalOf(node: SyntaxNode | null): ExactJson | undefined {
    if (!node) return undefined;
    switch (node.type) {
        case "integer": {
            const text = node.text.replace(/_/g, "").toLowerCase();
            try {
                return /^0[oO]/.test(text) ? BigInt(`0o${text.slice(2)}`) : BigInt(text);
            } catch {
                return undefined;
            }
        }
        case "float": {
            const value = Number(node.text.replace(/_/g, ""));
            return Number.isNaN(value) ? undefined : value;
        }
        case "true":
            return true;
        case "false":
            return false;
        case "none":
            return null;
        case "string":
            return stringOf(node);
        case "concatenated_string": {
            const parts = node.namedChildren.map((child) => stringOf(child));
            return parts.every((part) => part !== undefined) ? parts.join("") : undefined;
        }
        case "unary_operator": {
            const operand = literalOf(node.childForFieldName("argument"));
            const operator = node.child(0)?.text;
            if (typeof operand === "bigint")
                return operator === "-" ? -operand : operator === "+" ? operand : undefined;
            if (typeof operand === "number")
                return operator === "-" ? -operand : operator === "+" ? operand : undefined;
            return undefined;
        }
        case "parenthesized_expression":
            return node.namedChildCount === 1 ? literalOf(node.namedChild(0)) : undefined;
        case "list":
        case "tuple": {
            const items = node.namedChildren.map((child) => literalOf(child));
            return items.every((item) => item !== undefined) ? (items as ExactJson[]) : undefined;
        }
        case "dictionary": {
            const object: { [key: string]: ExactJson } = {};
            for (const pair of node.namedChildren) {
                if (pair?.type !== "pair") return undefined;
                const key = literalOf(pair.childForFieldName("key"));
                const value = literalOf(pair.childForFieldName("value"));
                if (typeof key !== "string" || value === undefined) return undefined;
                object[key] = value;
            }
            return object;
        }
        default:
            return undefined;
    }
}

/** A plain or raw string literal without interpolation; byte strings and f-strings are not plain values. */
function stringOf(node: SyntaxNode | null): string | undefined {
    if (!node || node.type !== "string") return undefined;
    const match = /^([rRuU]?)('''|"""|'|")([\s\S]*)\2$/.exec(node.text);
    if (!match) return undefined;
    const [, prefix, , body] = match;
    if (prefix!.toLowerCase() === "r") return body;
    let out = "";
    for (let i = 0; i < body!.length; i++) {
        const c = body![i]!;
        if (c !== "\\") {
            out += c;
            continue;
        }
        const next = body![++i];
        const simple: Record<string, string> = {
            n: "\n",
            t: "\t",
            r: "\r",
            "\\": "\\",
            "'": "'",
            '"': '"',
            "0": "\0",
            "\n": ""
        };
        if (next !== undefined && next in simple) out += simple[next];
        else if (next === "x" || next === "u" || next === "U") {
            const length = next === "x" ? 2 : next === "u" ? 4 : 8;
            const hex = body!.slice(i + 1, i + 1 + length);
            if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) return undefined;
            out += String.fromCodePoint(parseInt(hex, 16));
            i += length;
        } else return undefined;
    }
    return out;
}
