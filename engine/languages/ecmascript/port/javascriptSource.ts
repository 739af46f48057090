// JavaScript as a port's source: units, examples and tests from tree-sitter (node:test, jest, vitest and mocha
// style assertions as test plans), and one sandboxed Node process answering the cases. Functions the module does
// not export are exported from the sandbox's copy, so every unit can be called.

import { basename, dirname } from "node:path";
import type { Node as SyntaxNode } from "web-tree-sitter";
import type { CodeParser, ParsedSource } from "../../../analysis/index.js";
import { definitionSitesIn } from "../../../analysis/definitions.js";
import { testUnitsIn } from "../../../analysis/existingTests.js";
import { importsIn } from "../../../analysis/imports.js";
import { usedNamesIn } from "../../../analysis/usedDefinitions.js";
import type { ExactJson } from "../../../chains/port/exactJson.js";
import type { HarnessOutcome } from "../../../chains/port/harnessRuns.js";
import { writeJavaScriptLiteral } from "../../../chains/port/literalWriters.js";
import { runNodeCases } from "./nodeHarness.js";
import type { DecomposedSource, SourceBackend, SourceTest } from "../../../chains/port/PortBackends.js";
import type { PortParameter, PortUnit, SourceExample } from "../../../chains/port/PortTypes.js";
import type { TestPlan, TestStep } from "../../../chains/port/testPlans.js";
import { javascriptTypeText } from "../../../chains/port/valueTypes.js";

const stemOf = (file: string) => basename(file).replace(/\.[cm]?js$/, "");

/** A JavaScript literal as an exact JSON value; integers written without a point or exponent are integers. */
export function javascriptLiteral(node: SyntaxNode | null | undefined): ExactJson | undefined {
    if (!node) return undefined;
    switch (node.type) {
        case "number": {
            const text = node.text.replace(/_/g, "");
            if (/^\d+$/.test(text)) return BigInt(text);
            const value = Number(text);
            return Number.isNaN(value)
                ? undefined
                : Number.isInteger(value) && !/[.eE]/.test(text)
                  ? BigInt(value)
                  : value;
        }
        case "string": {
            // JSON reads the same escapes as JavaScript for the common ones; anything else is not a plain value here.
            const body = node.text
                .slice(1, -1)
                .replace(/\\'/g, "'")
                .replace(/(^|[^\\])"/g, '$1\\"');
            try {
                return JSON.parse(`"${body}"`) as string;
            } catch {
                return undefined;
            }
        }
        case "template_string":
            return node.namedChildren.some((child) => child?.type === "template_substitution")
                ? undefined
                : node.text.slice(1, -1);
        case "true":
            return true;
        case "false":
            return false;
        case "null":
            return null;
        case "unary_expression": {
            const operand = javascriptLiteral(node.childForFieldName("argument"));
            if (node.childForFieldName("operator")?.text !== "-") return undefined;
            return typeof operand === "bigint" ? -operand : typeof operand === "number" ? -operand : undefined;
        }
        case "parenthesized_expression":
            return javascriptLiteral(node.namedChild(0));
        case "array": {
            const items = node.namedChildren.map((child) => javascriptLiteral(child));
            return items.every((item) => item !== undefined) ? (items as ExactJson[]) : undefined;
        }
        case "object": {
            const object: { [key: string]: ExactJson } = {};
            for (const pair of node.namedChildren) {
                if (pair?.type !== "pair") return undefined;
                const keyNode = pair.childForFieldName("key");
                const key = keyNode?.type === "property_identifier" ? keyNode.text : javascriptLiteral(keyNode);
                const value = javascriptLiteral(pair.childForFieldName("value"));
                if (typeof key !== "string" || value === undefined) return undefined;
                object[key] = value;
            }
            return object;
        }
        default:
            return undefined;
    }
}

function functionNodeOf(core: SyntaxNode): SyntaxNode | undefined {
    if (["function_declaration", "generator_function_declaration"].includes(core.type)) return core;
    const declarator =
        core.type === "variable_declarator"
            ? core
            : (core.namedChildren.find((child) => child?.type === "variable_declarator") ?? undefined);
    const value =
        declarator?.childForFieldName("value") ??
        (core.type === "expression_statement" ? core.namedChild(0)?.childForFieldName("right") : undefined);
    return value && ["arrow_function", "function_expression", "function"].includes(value.type) ? value : undefined;
}

function parametersOf(fn: SyntaxNode | undefined): PortParameter[] {
    const list = fn?.childForFieldName("parameters") ?? fn?.childForFieldName("parameter");
    if (!list) return [];
    const nodes = list.type === "identifier" ? [list] : list.namedChildren;
    return nodes.flatMap((node): PortParameter[] => {
        if (node?.type === "identifier") return [{ name: node.text, seen: [] }];
        if (node?.type === "assignment_pattern")
            return [{ name: node.childForFieldName("left")?.text ?? "arg", seen: [] }];
        return [];
    });
}

function calledName(call: SyntaxNode): string | undefined {
    const callee = call.childForFieldName("function");
    return callee?.type === "identifier"
        ? callee.text
        : callee?.type === "member_expression"
          ? callee.childForFieldName("property")?.text
          : undefined;
}

function literalArgs(call: SyntaxNode): ExactJson[] | undefined {
    const args = (call.childForFieldName("arguments")?.namedChildren ?? []).map((node) => javascriptLiteral(node));
    return args.some((arg) => arg === undefined) ? undefined : (args as ExactJson[]);
}

function callExamples(
    source: ParsedSource,
    functions: Set<string>,
    skip: { start: number; end: number }[],
    origin: string
): SourceExample[] {
    return source.root.descendantsOfType("call_expression").flatMap((call): SourceExample[] => {
        if (!call || skip.some((range) => call.startIndex >= range.start && call.endIndex <= range.end)) return [];
        const name = calledName(call);
        const args = name && functions.has(name) ? literalArgs(call) : undefined;
        return name && args ? [{ unit: name, args, origin }] : [];
    });
}

async function decomposeJavaScript(
    text: string,
    testFiles: { path: string; text: string }[],
    file: string,
    parser: CodeParser
): Promise<DecomposedSource> {
    const found = await parser.parse(text, "javascript", (source) => {
        const sites = definitionSitesIn(source)
            .filter(
                (site) => site.definition.container === undefined && !/^(describe|it|test)$/.test(site.definition.name)
            )
            .filter(
                (site) =>
                    site.definition.kind !== "constant" ||
                    !/=\s*(require\(|await\s+import\()/.test(site.definition.text)
            );
        const units: PortUnit[] = sites.map((site) => {
            const definition = site.definition;
            const kind =
                definition.kind === "class" ? "class" : definition.kind === "constant" ? "constant" : "function";
            const fn = kind === "function" ? functionNodeOf(site.core) : undefined;
            const unit: PortUnit = {
                name: definition.name,
                kind,
                source: definition.text.trimEnd(),
                signature: definition.signature,
                uses: [],
                parameters: parametersOf(fn)
            };
            if (definition.docstring !== undefined) unit.docstring = definition.docstring;
            if (kind === "constant") {
                const declarator = site.core.descendantsOfType("variable_declarator")[0];
                const value = javascriptLiteral(declarator?.childForFieldName("value"));
                if (value !== undefined) unit.literalValue = value;
            }
            const used = usedNamesIn(source, definition.fullRange).names;
            unit.uses = sites
                .map((other) => other.definition.name)
                .filter((name) => name !== unit.name && used.includes(name));
            return unit;
        });
        const functions = new Set(units.filter((unit) => unit.kind === "function").map((unit) => unit.name));
        const exported = new Set(
            sites
                .filter(
                    (site) => site.outer.type === "export_statement" || site.outer.parent?.type === "export_statement"
                )
                .map((site) => site.definition.name)
        );
        return {
            units,
            functions,
            exported,
            imports: importsIn(source).map((statement) => statement.source),
            examples: callExamples(
                source,
                functions,
                sites.map((site) => site.definition.fullRange),
                "example"
            )
        };
    });
    const examples = [...found.examples];
    const tests: SourceTest[] = [];
    for (const testFile of testFiles) {
        await parser.parse(testFile.text, "javascript", (source) => {
            for (const unit of testUnitsIn(source).filter((u) => u.kind === "test")) {
                tests.push({ name: unit.name, file: testFile.path, text: unit.text });
            }
            examples.push(...callExamples(source, found.functions, [], "test"));
        });
    }
    for (const example of examples) {
        const unit = found.units.find((u) => u.name === example.unit);
        unit?.parameters.forEach((parameter, i) => {
            if (example.args[i] !== undefined) parameter.seen.push(example.args[i]!);
        });
    }
    const byName = new Map(found.units.map((unit) => [unit.name, unit]));
    const ordered: PortUnit[] = [];
    const visiting = new Set<string>();
    const visit = (unit: PortUnit) => {
        if (visiting.has(unit.name)) return;
        visiting.add(unit.name);
        for (const name of unit.uses) {
            const used = byName.get(name);
            if (used) visit(used);
        }
        ordered.push(unit);
    };
    found.units.forEach(visit);
    return { units: ordered, imports: [...new Set(found.imports)], examples, tests };
}

/** The statements of a `test(…, () => { … })` call's callback. */
function callbackStatements(source: ParsedSource): SyntaxNode[] | undefined {
    const call = source.root.descendantsOfType("call_expression")[0];
    const callback = call
        ?.childForFieldName("arguments")
        ?.namedChildren.find((arg) => arg?.type === "arrow_function" || arg?.type === "function_expression");
    const body = callback?.childForFieldName("body");
    if (!body) return undefined;
    if (body.type !== "statement_block") return [body];
    return body.namedChildren.filter((node): node is SyntaxNode => node !== null && node.type !== "comment");
}

function stepOf(statement: SyntaxNode, functions: ReadonlySet<string>): TestStep | { reason: string } {
    const unsupported = {
        reason: `\`${statement.text.split("\n")[0]!.trim()}\` is not a plain assertion on a ported function with literal arguments`
    };
    const expression = statement.type === "expression_statement" ? statement.namedChild(0) : statement;
    if (expression?.type !== "call_expression") return unsupported;
    const callOf = (node: SyntaxNode | null | undefined): { unit: string; args: ExactJson[] } | undefined => {
        if (node?.type === "arrow_function") node = node.childForFieldName("body");
        if (!node || node.type !== "call_expression") return undefined;
        const name = calledName(node);
        const args = name && functions.has(name) ? literalArgs(node) : undefined;
        return name && args ? { unit: name, args } : undefined;
    };
    const step = (node: SyntaxNode | null | undefined, expected: HarnessOutcome | undefined, approx = false) => {
        const call = callOf(node);
        return call && expected ? { ...call, expected, approx } : unsupported;
    };
    const value = (node: SyntaxNode | null | undefined): HarnessOutcome | undefined => {
        const literal = javascriptLiteral(node);
        return literal === undefined ? undefined : { kind: "value", value: literal };
    };
    const callee = expression.childForFieldName("function")?.text ?? "";
    const args = expression.childForFieldName("arguments")?.namedChildren ?? [];
    if (/^assert\.(equal|strictEqual|deepEqual|deepStrictEqual)$/.test(callee)) return step(args[0], value(args[1]));
    if (callee === "assert" || callee === "assert.ok") return step(args[0], { kind: "value", value: true });
    if (callee === "assert.throws") return step(args[0], { kind: "error", message: "throws" });
    // expect(CALL).toBe(V), .toEqual(V), .toStrictEqual(V), .toBeCloseTo(V), expect(() => CALL).toThrow()
    const matcher = /^expect\(([\s\S]*)\)\.(toBe|toEqual|toStrictEqual|toBeCloseTo|toThrow)$/.exec(callee);
    if (matcher) {
        const subject = expression
            .childForFieldName("function")
            ?.childForFieldName("object")
            ?.childForFieldName("arguments")
            ?.namedChild(0);
        if (matcher[2] === "toThrow") return step(subject, { kind: "error", message: "throws" });
        return step(subject, value(args[0]), matcher[2] === "toBeCloseTo");
    }
    return unsupported;
}

async function planJavaScriptTests(
    tests: SourceTest[],
    functions: ReadonlySet<string>,
    parser: CodeParser
): Promise<TestPlan[]> {
    const plans: TestPlan[] = [];
    for (const test of tests) {
        plans.push(
            await parser.parse(test.text, "javascript", (source): TestPlan => {
                const statements = callbackStatements(source);
                if (!statements) return { name: test.name, reason: "its callback was not found" };
                const steps: TestStep[] = [];
                for (const statement of statements) {
                    const step = stepOf(statement, functions);
                    if ("reason" in step) return { name: test.name, reason: step.reason };
                    steps.push(step);
                }
                return steps.length
                    ? { name: test.name, steps }
                    : { name: test.name, reason: "it asserts nothing the port can check" };
            })
        );
    }
    return plans;
}

export const javascriptSource: SourceBackend = {
    language: "javascript",
    stemOf,
    async testFiles(workspace, file) {
        const stem = stemOf(file);
        const folder = dirname(file) === "." ? "" : `${dirname(file)}/`;
        const found: { path: string; text: string }[] = [];
        for (const place of [folder, `${folder}test/`, `${folder}tests/`, `${folder}__tests__/`]) {
            for (const suffix of [".test.js", ".spec.js", ".test.mjs", ".test.cjs"]) {
                const path = `${place}${stem}${suffix}`;
                const text = await workspace.readText(path).catch(() => undefined);
                if (text !== undefined) found.push({ path, text });
            }
        }
        return found;
    },
    decompose: decomposeJavaScript,
    planTests: planJavaScriptTests,
    literalOf: writeJavaScriptLiteral,
    typeTextOf: javascriptTypeText,
    async runCases(sandbox, module, cases, caseTimeoutMs, signal) {
        const esm = /^\s*(import\s[^(]|export\s)/m.test(module.text) || module.file.endsWith(".mjs");
        const names = [...new Set(cases.map((item) => item.fn))].filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
        // The sandbox's copy exports every unit the cases call; an export the module already has is not repeated.
        const missing = names.filter(
            (name) =>
                !new RegExp(
                    `export\\s+(async\\s+)?(function\\*?|const|let|var|class)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b`
                ).test(module.text)
        );
        const text = esm
            ? `${module.text}\n${missing.length ? `export { ${missing.join(", ")} };\n` : ""}`
            : `${module.text}\n;Object.assign(module.exports, { ${names.map((name) => `${name}: typeof ${name} === "undefined" ? module.exports.${name} : ${name}`).join(", ")} });\n`;
        return runNodeCases(sandbox, { text, format: esm ? "esm" : "cjs" }, cases, caseTimeoutMs, signal);
    }
};
