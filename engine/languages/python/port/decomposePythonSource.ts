// Splits a Python file into the units a port translates one at a time (functions, classes, constants), orders
// them so each comes after the units it calls, lists its imports, and collects the calls of its units that the
// file's tests, doctests and examples make with literal arguments: inputs for differential testing and
// evidence of the parameters' types.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser, type ParsedSource } from "../../../analysis/index.js";
import { definitionSitesIn } from "../../../analysis/definitions.js";
import { importsIn } from "../../../analysis/imports.js";
import { usedNamesIn } from "../../../analysis/usedDefinitions.js";
import type { ExactJson } from "../../../chains/port/exactJson.js";
import { literalOf } from "./pythonLiterals.js";
import type { DecomposedSource, SourceTest } from "../../../chains/port/PortBackends.js";
import type { PortParameter, PortUnit, SourceExample } from "../../../chains/port/PortTypes.js";

/** Names of test functions and test classes: they are tests of the file, not units to port. */
function isTestName(name: string): boolean {
    return /^test/i.test(name) || /^Test/.test(name);
}

export async function decomposePythonSource(
    text: string,
    testFiles: { path: string; text: string }[],
    file: string,
    parser: CodeParser = CodeParser.shared()
): Promise<DecomposedSource> {
    const found = await parser.parse(text, "python", (source) => {
        const sites = definitionSitesIn(source).filter(
            (site) =>
                site.definition.container === undefined &&
                !isTestName(site.definition.name) &&
                !site.definition.name.startsWith("__")
        );
        const units: PortUnit[] = sites
            .map((site) => {
                const definition = site.definition;
                const kind =
                    definition.kind === "class" ? "class" : definition.kind === "constant" ? "constant" : "function";
                const unit: PortUnit = {
                    name: definition.name,
                    kind,
                    source: definition.text.trimEnd(),
                    signature: kind === "constant" ? definition.text.split("\n")[0]! : definition.signature,
                    uses: [],
                    parameters: kind === "function" ? parametersOf(site.core) : []
                };
                if (definition.docstring !== undefined) unit.docstring = definition.docstring;
                if (kind === "constant") {
                    const assignment = site.core.type === "assignment" ? site.core : site.core.namedChild(0);
                    const value = literalOf(assignment?.childForFieldName("right") ?? null);
                    if (value !== undefined) unit.literalValue = value;
                }
                const returnHint = kind === "function" ? site.core.childForFieldName("return_type")?.text : undefined;
                if (returnHint) unit.returnHint = returnHint;
                return { unit, site };
            })
            .map(({ unit, site }) => {
                const used = usedNamesIn(source, site.definition.fullRange).names;
                unit.uses = sites
                    .map((other) => other.definition.name)
                    .filter((name) => name !== unit.name && used.includes(name));
                return unit;
            });
        const imports = importsIn(source)
            .map((statement) => statement.source.split(",").map((part) => part.trim().split(".")[0]!))
            .flat();
        const unitRanges = sites.map((site) => site.definition.fullRange);
        const examples = callExamples(source, units, unitRanges, "example");
        const tests = testFunctionsIn(source, file);
        return { units, imports: [...new Set(imports.filter(Boolean))], examples, tests };
    });
    const doctests = await Promise.all(
        found.units.flatMap((unit) =>
            doctestsOf(unit.docstring).map((line) =>
                parser.parse(line, "python", (source) => callExamples(source, found.units, [], "doctest"))
            )
        )
    );
    // Each doctest line is a small program of its own, parsed after the source's tree is freed.
    const examples = [...found.examples, ...doctests.flat()];
    const tests = [...found.tests];
    for (const testFile of testFiles) {
        await parser.parse(testFile.text, "python", (source) => {
            examples.push(...callExamples(source, found.units, [], "test"));
            tests.push(...testFunctionsIn(source, testFile.path));
        });
    }
    for (const example of examples) {
        const unit = found.units.find((u) => u.name === example.unit);
        unit?.parameters.forEach((parameter, i) => {
            if (example.args[i] !== undefined) parameter.seen.push(example.args[i]!);
        });
    }
    return { units: dependencyOrder(found.units), imports: found.imports, examples, tests };
}

function parametersOf(core: SyntaxNode): PortParameter[] {
    const parameters: PortParameter[] = [];
    for (const node of core.childForFieldName("parameters")?.namedChildren ?? []) {
        if (!node) continue;
        let name: string | undefined;
        let hint: string | undefined;
        if (node.type === "identifier") name = node.text;
        else if (node.type === "typed_parameter") {
            name = node.namedChildren.find((child) => child?.type === "identifier")?.text;
            hint = node.childForFieldName("type")?.text;
        } else if (node.type === "default_parameter" || node.type === "typed_default_parameter") {
            name = node.childForFieldName("name")?.text;
            hint = node.childForFieldName("type")?.text;
        }
        if (!name || name === "self" || name === "cls") continue;
        parameters.push({ name, ...(hint ? { hint } : {}), seen: [] });
    }
    return parameters;
}

/** Calls `unit(literal, …)` anywhere outside the units' own bodies. */
function callExamples(
    source: ParsedSource,
    units: PortUnit[],
    unitRanges: { start: number; end: number }[],
    origin: string
): SourceExample[] {
    const functions = new Set(units.filter((unit) => unit.kind === "function").map((unit) => unit.name));
    const examples: SourceExample[] = [];
    for (const call of source.root.descendantsOfType("call")) {
        if (!call || unitRanges.some((range) => call.startIndex >= range.start && call.endIndex <= range.end)) continue;
        const callee = call.childForFieldName("function");
        const name =
            callee?.type === "identifier"
                ? callee.text
                : callee?.type === "attribute"
                  ? callee.childForFieldName("attribute")?.text
                  : undefined;
        if (!name || !functions.has(name)) continue;
        const argumentNodes = call.childForFieldName("arguments")?.namedChildren ?? [];
        const args = argumentNodes.map((node) => literalOf(node));
        if (args.some((arg) => arg === undefined) || argumentNodes.some((node) => node?.type === "keyword_argument"))
            continue;
        const test = enclosingFunctionName(call);
        examples.push({
            unit: name,
            args: args as ExactJson[],
            origin: origin === "test" || (test && isTestName(test)) ? `test ${test ?? ""}`.trim() : origin
        });
    }
    return examples;
}

function enclosingFunctionName(node: SyntaxNode): string | undefined {
    for (let parent = node.parent; parent; parent = parent.parent) {
        if (parent.type === "function_definition") return parent.childForFieldName("name")?.text;
    }
    return undefined;
}

function testFunctionsIn(source: ParsedSource, file: string): SourceTest[] {
    return source.root
        .descendantsOfType("function_definition")
        .filter((node): node is SyntaxNode => node !== null)
        .filter((node) => /^test/.test(node.childForFieldName("name")?.text ?? ""))
        .map((node) => ({ name: node.childForFieldName("name")!.text, file, text: node.text }));
}

/** The `>>> expr` lines of a docstring. */
function doctestsOf(docstring: string | undefined): string[] {
    if (!docstring) return [];
    return [...docstring.matchAll(/^\s*>>>\s?(.*)$/gm)].map((match) => match[1]!.trim()).filter(Boolean);
}

function dependencyOrder(units: PortUnit[]): PortUnit[] {
    const byName = new Map(units.map((unit) => [unit.name, unit]));
    const ordered: PortUnit[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (unit: PortUnit) => {
        if (state.get(unit.name)) return;
        state.set(unit.name, "visiting");
        for (const dependency of unit.uses) {
            const used = byName.get(dependency);
            if (used && !state.get(dependency)) visit(used);
        }
        state.set(unit.name, "done");
        ordered.push(unit);
    };
    units.forEach(visit);
    return ordered;
}
