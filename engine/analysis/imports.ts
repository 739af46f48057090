// A file's imports (Python `import`/`from`, ES `import`/`require`, Rust `use`/`extern crate`/`mod x;`), with the
// names each one binds: what a prompt shows, and what tells whether a test already imports its target.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, type ParsedSource } from "./CodeParser.js";
import type { AnalysisOptions } from "./definitions.js";
import type { SourceLanguage } from "./SourceLanguage.js";
import type { TextRange } from "./textEdits.js";

export interface ImportStatement {
    range: TextRange;
    text: string;
    /** The module as written: `os.path`, `./stack.js`, `std::collections`; for Rust the path before the last name. */
    source: string;
    /** The local names it binds (`*` for a wildcard); `import a.b` binds `a`. */
    names: string[];
}

const nestedScopeTypes = new Set([
    "function_definition",
    "class_definition",
    "function_declaration",
    "method_definition",
    "mod_item",
    "arrow_function",
    "function_expression",
    "function_item",
    "class_declaration",
    "class_body"
]);

/** The imports of a parsed source that are not inside a function, class or (Rust) inline module, in text order. */
export function importsIn(source: ParsedSource, under: SyntaxNode = source.root): ImportStatement[] {
    const imports: ImportStatement[] = [];
    const seen = new Set<number>();
    for (const match of source.grammar.matches("imports", under)) {
        const node = match.captures.find((capture) => capture.name === "import")?.node;
        if (!node || seen.has(node.startIndex) || insideNestedScope(node, under)) continue;
        seen.add(node.startIndex);
        imports.push({
            range: { start: node.startIndex, end: node.endIndex },
            text: node.text,
            ...bindingsOf(node, source.language)
        });
    }
    return imports.sort((a, b) => a.range.start - b.range.start);
}

function insideNestedScope(node: SyntaxNode, under: SyntaxNode): boolean {
    for (let parent = node.parent; parent && !parent.equals(under); parent = parent.parent) {
        if (nestedScopeTypes.has(parent.type)) return true;
    }
    return false;
}

function bindingsOf(node: SyntaxNode, language: SourceLanguage): { source: string; names: string[] } {
    if (language === "python") return pythonBindings(node);
    if (language === "rust") return rustBindings(node);
    return ecmascriptBindings(node);
}

function pythonBindings(node: SyntaxNode): { source: string; names: string[] } {
    const names: string[] = [];
    const nameOf = (name: SyntaxNode | null, wholeDotted: boolean) => {
        if (!name) return;
        if (name.type === "aliased_import") names.push(name.childForFieldName("alias")?.text ?? "");
        else if (wholeDotted) names.push(name.text.split(".")[0]!.trim());
        else names.push(name.text.split(".").pop()!.trim());
    };
    if (node.type === "import_statement") {
        for (const name of node.childrenForFieldName("name")) nameOf(name, true);
        return {
            source: node
                .childrenForFieldName("name")
                .map((name) => (name?.type === "aliased_import" ? name.childForFieldName("name") : name)?.text ?? "")
                .join(", "),
            names
        };
    }
    if (node.type === "future_import_statement") {
        for (const name of node.childrenForFieldName("name")) nameOf(name, false);
        return { source: "__future__", names };
    }
    for (const name of node.childrenForFieldName("name")) nameOf(name, false);
    if (node.namedChildren.some((child) => child?.type === "wildcard_import")) names.push("*");
    return { source: node.childForFieldName("module_name")?.text ?? "", names };
}

function ecmascriptBindings(node: SyntaxNode): { source: string; names: string[] } {
    const names: string[] = [];
    if (node.type === "import_statement") {
        const clause = node.namedChildren.find((child) => child?.type === "import_clause");
        for (const part of clause?.namedChildren ?? []) {
            if (!part) continue;
            if (part.type === "identifier") names.push(part.text);
            else if (part.type === "namespace_import")
                names.push(part.namedChildren.find((child) => child?.type === "identifier")?.text ?? "*");
            else if (part.type === "named_imports") {
                for (const specifier of part.namedChildren) {
                    if (specifier?.type !== "import_specifier") continue;
                    names.push(
                        (specifier.childForFieldName("alias") ?? specifier.childForFieldName("name"))?.text ?? ""
                    );
                }
            }
        }
        return { source: stringContent(node.childForFieldName("source")), names };
    }
    // `const x = require("m")`, `const {a, b: c} = require("m")`
    let source = "";
    for (const declarator of node.namedChildren) {
        if (declarator?.type !== "variable_declarator") continue;
        const pattern = declarator.childForFieldName("name");
        source = stringContent(
            declarator.childForFieldName("value")?.childForFieldName("arguments")?.firstNamedChild ?? null
        );
        if (pattern?.type === "identifier") names.push(pattern.text);
        else if (pattern) {
            for (const binding of pattern.descendantsOfType([
                "shorthand_property_identifier_pattern",
                "pair_pattern"
            ])) {
                if (binding?.type === "shorthand_property_identifier_pattern") names.push(binding.text);
                const value = binding?.type === "pair_pattern" ? binding.childForFieldName("value") : null;
                if (value?.type === "identifier") names.push(value.text);
            }
        }
    }
    return { source, names };
}

function stringContent(node: SyntaxNode | null): string {
    if (!node) return "";
    return node.type === "string" ? node.text.slice(1, -1) : node.text;
}

function rustBindings(node: SyntaxNode): { source: string; names: string[] } {
    if (node.type === "extern_crate_declaration") {
        const name = node.childForFieldName("alias")?.text ?? node.childForFieldName("name")?.text ?? "";
        return { source: node.childForFieldName("name")?.text ?? "", names: [name] };
    }
    if (node.type === "mod_item") {
        const name = node.childForFieldName("name")?.text ?? "";
        return { source: name, names: [name] };
    }
    const names: string[] = [];
    const argument = node.childForFieldName("argument");
    const visit = (tree: SyntaxNode | null) => {
        if (!tree) return;
        switch (tree.type) {
            case "use_as_clause":
                names.push(tree.childForFieldName("alias")?.text ?? "");
                break;
            case "use_wildcard":
                names.push("*");
                break;
            case "scoped_use_list":
                visit(tree.childForFieldName("list"));
                break;
            case "use_list":
                for (const item of tree.namedChildren) visit(item);
                break;
            case "scoped_identifier":
                names.push(tree.childForFieldName("name")?.text ?? "");
                break;
            default:
                names.push(tree.text.split("::").pop() ?? tree.text);
        }
    };
    visit(argument);
    let source = "";
    if (argument?.type === "scoped_identifier") source = argument.childForFieldName("path")?.text ?? "";
    else if (argument?.type === "scoped_use_list") source = argument.childForFieldName("path")?.text ?? "";
    else if (argument?.type === "use_wildcard") source = argument.namedChildren[0]?.text ?? "";
    else if (argument?.type === "use_as_clause")
        source = argument.childForFieldName("path")?.text.split("::").slice(0, -1).join("::") ?? "";
    else source = argument?.text ?? "";
    return { source, names };
}

/** The file's imports outside functions and classes. */
export async function listImports(
    text: string,
    language: SourceLanguage,
    options: AnalysisOptions = {}
): Promise<ImportStatement[]> {
    return (options.parser ?? CodeParser.shared()).parse(text, language, (source) => importsIn(source));
}
