// Adds the import a model's test forgot: tests often call the function under test without importing it,
// and would then fail with a NameError instead of testing anything.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, type ParsedSource } from "./CodeParser.js";
import { definitionSitesIn, type AnalysisOptions } from "./definitions.js";
import { testUnitsIn } from "./existingTests.js";
import { importsIn } from "./imports.js";
import { syntaxOf } from "./languageSyntax.js";
import type { SourceLanguage } from "./SourceLanguage.js";
import { usedNamesIn } from "./usedDefinitions.js";

export interface TestImportTarget {
    /**
     * The module as the test imports it: a Python dotted module (`stack`, `pkg.stack`), an ES specifier
     * (`./stack.js`), or a Rust path (`super` inside the file's own `mod tests`, `my_crate::stack` from `tests/`).
     * Empty when the tests share the target's namespace and import nothing (Go: a test file of the same package).
     */
    modulePath: string;
    /** The function under test; for a method (`Stack.push`, `Stack::push`) its type is what gets imported. */
    targetName: string;
}

export interface TestImportResult {
    code: string;
    /** The import statement added, when one was missing. */
    addedImport?: string;
}

/**
 * Returns the test code with an import of the target added when the code refers to the target's name but neither
 * imports nor defines it. Code that does not parse is still handled as far as its tree goes.
 */
export async function ensureTestImportsTarget(
    testCode: string,
    language: SourceLanguage,
    target: TestImportTarget,
    options: AnalysisOptions = {}
): Promise<TestImportResult> {
    const name = target.targetName.split(/::|\./)[0]!;
    const parser = options.parser ?? CodeParser.shared();
    const result = await addTargetImport(testCode, language, target, name, parser);
    // pytest collects every `test*` function of a test module, imported ones too: a target named `test_tag` would
    // run as a test of its own (and fail for want of a `tag` fixture) unless it says it is not one.
    if (language !== "python" || !name.startsWith("test") || result.code.includes(`${name}.__test__`)) return result;
    return parser.parse(result.code, language, (source) => {
        const binding = importsIn(source).find((statement) => statement.names.includes(name));
        if (!binding) return result;
        const at = lineEnd(result.code, binding.range.end);
        const before = result.code.slice(0, at);
        return {
            ...result,
            code: `${before}${before.endsWith("\n") ? "" : "\n"}${name}.__test__ = False\n${result.code.slice(at)}`
        };
    });
}

async function addTargetImport(
    testCode: string,
    language: SourceLanguage,
    target: TestImportTarget,
    name: string,
    parser: CodeParser
): Promise<TestImportResult> {
    if (target.modulePath === "") return { code: testCode };
    return parser.parse(testCode, language, (source) => {
        if (!usedNamesIn(source, { start: 0, end: testCode.length }).names.includes(name)) return { code: testCode };
        if (isBound(source, name, target.modulePath)) return { code: testCode };
        const statement = importStatement(source, name, target.modulePath);
        const { at, indent } = insertionPoint(source);
        const before = testCode.slice(0, at);
        const needsNewlineBefore = before !== "" && !before.endsWith("\n");
        const after = testCode.slice(at);
        const text = `${needsNewlineBefore ? "\n" : ""}${indent}${statement}\n${at === 0 && after.trim() !== "" && !isImportLine(after, language) ? "\n" : ""}`;
        return { code: before + text + after, addedImport: statement };
    });
}

function isBound(source: ParsedSource, name: string, modulePath: string): boolean {
    // A Rust test module has its own `use` lines: they count as much as the file's.
    const moduleBodies = source.root
        .descendantsOfType("mod_item")
        .map((mod) => mod?.childForFieldName("body"))
        .filter((body) => !!body);
    const statements = [...importsIn(source), ...moduleBodies.flatMap((body) => importsIn(source, body!))];
    for (const statement of statements) {
        if (statement.names.includes(name)) return true;
        const globFromTarget =
            statement.source === modulePath ||
            (source.language === "rust" &&
                (statement.source === "super" || modulePath.startsWith(`${statement.source}::`)));
        if (statement.names.includes("*") && globFromTarget) return true;
    }
    return definitionSitesIn(source).some(
        (site) => site.definition.name === name && site.definition.container === undefined
    );
}

function importStatement(source: ParsedSource, name: string, modulePath: string): string {
    switch (source.language) {
        case "python":
            return `from ${modulePath} import ${name}`;
        case "rust":
            return modulePath === "super" || modulePath === "self"
                ? `use ${modulePath}::*;`
                : `use ${modulePath}::${name};`;
        default: {
            const imports = importsIn(source);
            const usesRequire =
                imports.length > 0 && imports.every((statement) => !statement.text.startsWith("import"));
            return usesRequire
                ? `const { ${name} } = require(${JSON.stringify(modulePath)});`
                : `import { ${name} } from ${JSON.stringify(modulePath)};`;
        }
    }
}

/** After the last top-level import; in Rust inside the `#[cfg(test)] mod tests` block when there is one; else at the top. */
function insertionPoint(source: ParsedSource): { at: number; indent: string } {
    if (source.language === "rust") {
        const suite = testUnitsIn(source).find((unit) => unit.kind === "suite");
        const body = suite ? modBody(source.root, suite.range.start, suite.range.end) : undefined;
        if (body) {
            const imports = importsIn(source, body);
            const last = imports.at(-1);
            const first = body.namedChildren.find((child) => child !== null);
            const indent = first ? indentOf(source.text, first.startIndex) : "    ";
            if (last) return { at: lineEnd(source.text, last.range.end), indent };
            return { at: lineEnd(source.text, body.startIndex), indent };
        }
    }
    const topLevel = new Set(source.root.namedChildren.map((child) => child?.startIndex));
    const last = importsIn(source)
        .filter((statement) => topLevel.has(statement.range.start))
        .at(-1);
    if (last) return { at: lineEnd(source.text, last.range.end), indent: "" };
    let at = 0;
    for (const child of source.root.namedChildren) {
        if (!child) continue;
        const preamble =
            (source.language === "python" &&
                at === 0 &&
                child.type === "expression_statement" &&
                child.firstNamedChild?.type === "string") ||
            child.type === "future_import_statement" ||
            child.type === "inner_attribute_item" ||
            child.type === "hash_bang_line" ||
            (child.type === "comment" && child.text.startsWith("#!"));
        if (!preamble) break;
        at = lineEnd(source.text, child.endIndex);
    }
    return { at, indent: "" };
}

function modBody(root: SyntaxNode, start: number, end: number): SyntaxNode | undefined {
    const mod = root
        .descendantsOfType("mod_item")
        .find((node) => node && node.startIndex >= start && node.endIndex <= end);
    return mod?.childForFieldName("body") ?? undefined;
}

/** The offset just past the line break that ends the line holding `offset` (or the text's end). */
function lineEnd(text: string, offset: number): number {
    const newline = text.indexOf("\n", offset);
    return newline === -1 ? text.length : newline + 1;
}

function indentOf(text: string, offset: number): string {
    const start = text.lastIndexOf("\n", offset - 1) + 1;
    return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function isImportLine(text: string, language: SourceLanguage): boolean {
    const line = text.trimStart().split("\n")[0] ?? "";
    return syntaxOf(language).importStatement.test(line);
}
