// Reads a model's reply to a port prompt: the target-language code blocks, the one item named for the unit
// (a function, a struct or enum with its impl blocks, a constant), the `use` lines it needs, and the edge
// cases the model proposes in a JSON block. A reply is never dropped silently: what is missing is a problem.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, parseFencedBlocks } from "../../../analysis/index.js";
import type { ExactJson } from "../../../chains/port/exactJson.js";
import { readProposedCases } from "../../../chains/port/proposedCases.js";
import { rustParameter, type RustFunctionSignature } from "./rustSignature.js";

export interface PortedItem {
    /** The item's name in the target (`sum_to`, `Stack`). */
    name: string;
    /** The item's code, made `pub`, with its attributes and doc comments. */
    code: string;
    /** Standard-library `use` lines of the block it came from. */
    uses: string[];
    signature?: RustFunctionSignature;
    /** The job's model call (0-based, in call order) whose reply gave this code; set by the chain. */
    modelCall?: number;
}

export interface ReadReply {
    item?: PortedItem;
    /** Argument lists the model proposes as edge cases. */
    proposedCases: ExactJson[][];
    problems: string[];
}

export function snakeCase(name: string): string {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/[-\s]+/g, "_")
        .toLowerCase();
}

function pascalCase(name: string): string {
    return name
        .split(/_+/)
        .filter(Boolean)
        .map((part) => part[0]!.toUpperCase() + part.slice(1))
        .join("");
}

/** The item for `unitName` in the last Rust block of `answer` that defines it. */
export async function readPortedItem(
    answer: string,
    unitName: string,
    kind: "function" | "class" | "constant",
    parser: CodeParser = CodeParser.shared()
): Promise<ReadReply> {
    const blocks = parseFencedBlocks(answer);
    const { cases: proposedCases, problems } = readProposedCases(blocks);
    const rustBlocks = blocks.filter(
        (b) => b.tag === "rust" || b.tag === "rs" || (b.tag === "" && /\bfn\s|\bstruct\s|\bconst\s/.test(b.code))
    );
    if (rustBlocks.length === 0) return { proposedCases, problems: [...problems, "the reply has no ```rust block"] };
    const names =
        kind === "class"
            ? [unitName, pascalCase(unitName)]
            : kind === "constant"
              ? [unitName, unitName.toUpperCase()]
              : [unitName, snakeCase(unitName)];
    for (const block of [...rustBlocks].reverse()) {
        const found = await parser.parse(block.code, "rust", (source) => {
            const items = source.root.namedChildren.filter((node): node is SyntaxNode => node !== null);
            const uses = items.filter((node) => node.type === "use_declaration").map((node) => node.text.trim());
            const named = (node: SyntaxNode) => node.childForFieldName("name")?.text;
            if (kind === "class") {
                const type = items.find(
                    (node) => ["struct_item", "enum_item"].includes(node.type) && names.includes(named(node) ?? "")
                );
                if (!type) return undefined;
                const name = named(type)!;
                const impls = items.filter(
                    (node) => node.type === "impl_item" && baseTypeName(node.childForFieldName("type")?.text) === name
                );
                return {
                    name,
                    code: [type, ...impls]
                        .map((node) => withAttached(node, items, block.code))
                        .map(makePublic)
                        .map(publicMethods)
                        .join("\n\n"),
                    uses
                };
            }
            const wanted = kind === "constant" ? ["const_item", "static_item"] : ["function_item"];
            const item = items.find((node) => wanted.includes(node.type) && names.includes(named(node) ?? ""));
            if (!item) return undefined;
            const result: PortedItem = {
                name: named(item)!,
                code: makePublic(withAttached(item, items, block.code)),
                uses
            };
            if (kind === "function") result.signature = signatureOf(item);
            return result;
        });
        if (!found) continue;
        if (block.code.includes("\nfn main(") || /^fn main\(/m.test(block.code))
            problems.push("the reply's block has a `main` function; only the unit's item was taken");
        const foreign = found.uses.filter((line) => !/^use\s+(std|core|alloc|crate|super)::/.test(line));
        if (foreign.length > 0)
            problems.push(
                `the reply uses code outside the standard library (${foreign.join("; ")}); those lines were dropped`
            );
        return {
            item: { ...found, uses: found.uses.filter((line) => /^use\s+(std|core|alloc)::/.test(line)) },
            proposedCases,
            problems
        };
    }
    return {
        proposedCases,
        problems: [
            ...problems,
            `no Rust ${kind === "class" ? "struct or enum" : kind === "constant" ? "const" : "function"} named ${names.filter((n, i) => names.indexOf(n) === i).join(" or ")} in the reply`
        ]
    };
}

/** `Stack<T>` → `Stack`. */
function baseTypeName(text: string | undefined): string | undefined {
    return text?.replace(/<[\s\S]*$/, "").trim();
}

/** The item's text with the attributes and `///` comments right above it. */
function withAttached(item: SyntaxNode, siblings: SyntaxNode[], text: string): string {
    let start = item.startIndex;
    for (let i = siblings.indexOf(item) - 1; i >= 0; i--) {
        const node = siblings[i]!;
        const attached =
            node.type === "attribute_item" || (node.type === "line_comment" && node.text.startsWith("///"));
        if (!attached || text.slice(node.endIndex, start).split("\n").length > 2) break;
        start = node.startIndex;
    }
    return text.slice(start, item.endIndex);
}

/** Items become `pub` so the harness and the ported tests can call them. */
function makePublic(code: string): string {
    return code.replace(
        /^(\s*(?:#\[[^\]]*\]\s*|\/\/\/[^\n]*\n\s*)*)(?!pub\b)((?:const\s+|async\s+|unsafe\s+)*(?:fn|struct|enum|const|static|type)\b)/,
        "$1pub $2"
    );
}

/** The methods of an inherent impl block (one indentation level in) become `pub` too; trait impls must not. */
function publicMethods(code: string): string {
    if (
        !/^\s*impl\b/.test(code.replace(/^(\s*(#\[[^\]]*\]|\/\/\/[^\n]*)\s*)*/, "")) ||
        /^\s*impl\b[^{]*\bfor\b/m.test(code)
    )
        return code;
    return code.replace(/^( {4}|\t)(?!pub\b)((?:const\s+|unsafe\s+)*fn\s)/gm, "$1pub $2");
}

function signatureOf(item: SyntaxNode): RustFunctionSignature {
    const parameters = (item.childForFieldName("parameters")?.namedChildren ?? [])
        .filter((node): node is SyntaxNode => node?.type === "parameter")
        .map((node, i) =>
            rustParameter(
                node.childForFieldName("pattern")?.text.replace(/^mut\s+/, "") ?? `a${i}`,
                node.childForFieldName("type")?.text ?? "()"
            )
        );
    const returnType = item.childForFieldName("return_type")?.text;
    const body = item.childForFieldName("body");
    const header = item.text.slice(0, body ? body.startIndex - item.startIndex : undefined).trim();
    return {
        name: item.childForFieldName("name")!.text,
        parameters,
        ...(returnType ? { returnType } : {}),
        generic: item.childForFieldName("type_parameters") !== null || parameters.some((p) => /\bimpl\s/.test(p.type)),
        header: header.startsWith("pub") ? header : `pub ${header}`
    };
}
