// The file's own tests as Rust `#[test]` functions, and the counterexamples found by differential testing as
// regression tests. Tests are ported mechanically, not by the model, so a ported test asserts exactly what the
// original asserted: plain assertions on calls of ported functions with literal arguments (`assert f(1) == 2`,
// `self.assertEqual(…)`, `pytest.approx`, `pytest.raises`/`assertRaises`). Anything else is reported as not
// ported, with the statement that stopped it.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser } from "../../analysis/index.js";
import type { SourceTest } from "./decomposeSource.js";
import { writeExactJson, type ExactJson } from "./exactJson.js";
import type { HarnessOutcome } from "./harnessRuns.js";
import { literalOf } from "./pythonLiterals.js";
import { snakeCase } from "./readPortedItem.js";
import type { RustFunctionSignature } from "./rustSignature.js";

/** Functions the tests may call: Python unit name → the ported signature. */
export type PortedFunctions = Map<string, RustFunctionSignature>;

export interface PortedTestCode {
    name: string;
    code?: string;
    reason?: string;
}

function rustString(text: string): string {
    let out = "\"";
    for (const c of text) {
        const code = c.codePointAt(0)!;
        out += c === "\"" ? "\\\"" : c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\t" ? "\\t" : c === "\r" ? "\\r"
            : code < 0x20 ? `\\u{${code.toString(16)}}` : c;
    }
    return out + "\"";
}

const intRanges: Record<string, [bigint, bigint]> = Object.fromEntries(
    [8, 16, 32, 64, 128].flatMap((bits) => [[`i${bits}`, [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n]], [`u${bits}`, [0n, (1n << BigInt(bits)) - 1n]]])
        .concat([["isize", [-(1n << 63n), (1n << 63n) - 1n]], ["usize", [0n, (1n << 64n) - 1n]]]));

function splitTopLevel(text: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let current = "";
    for (const c of text) {
        if ("<([".includes(c)) depth++;
        if (">)]".includes(c)) depth--;
        if (c === "," && depth === 0) { parts.push(current.trim()); current = ""; } else current += c;
    }
    if (current.trim()) parts.push(current.trim());
    return parts;
}

/** A value as a Rust expression of the given type, or undefined when it cannot be one (out of range, wrong shape). */
export function rustLiteral(value: ExactJson, type: string): string | undefined {
    const t = type.trim().replace(/^&\s*'\w+\s+/, "&");
    if (t.startsWith("&mut ")) {
        const inner = rustLiteral(value, ownedOf(t.slice(5)));
        return inner === undefined ? undefined : `&mut ${inner}`;
    }
    if (t.startsWith("&")) {
        const rest = t.slice(1).trim();
        if (rest === "str") return typeof value === "string" ? rustString(value) : undefined;
        const slice = /^\[(.*)\]$/.exec(rest);
        if (slice) {
            if (!Array.isArray(value)) return undefined;
            const items = value.map((item) => rustLiteral(item, slice[1]!));
            return items.some((item) => item === undefined) ? undefined : `&[${items.join(", ")}]`;
        }
        const inner = rustLiteral(value, rest);
        return inner === undefined ? undefined : `&${inner}`;
    }
    if (intRanges[t]) {
        if (typeof value !== "bigint" || value < intRanges[t]![0] || value > intRanges[t]![1]) return undefined;
        return `${value}`;
    }
    if (t === "f64" || t === "f32") {
        if (typeof value !== "number" && typeof value !== "bigint") return undefined;
        const number = Number(value);
        if (Number.isNaN(number)) return `${t}::NAN`;
        if (!Number.isFinite(number)) return number > 0 ? `${t}::INFINITY` : `${t}::NEG_INFINITY`;
        const text = writeExactJson(number);
        return text;
    }
    if (t === "bool") return typeof value === "boolean" ? String(value) : undefined;
    if (t === "char") return typeof value === "string" && [...value].length === 1 ? `'${value === "'" ? "\\'" : value === "\\" ? "\\\\" : value}'` : undefined;
    if (t === "String") return typeof value === "string" ? `${rustString(value)}.to_string()` : undefined;
    if (t === "()") return value === null ? "()" : undefined;
    const generic = /^(\w+(?:::\w+)*)<(.*)>$/.exec(t);
    if (generic) {
        const [, outer, inner] = generic;
        const name = outer!.split("::").pop()!;
        if (name === "Vec" || name === "VecDeque") {
            if (!Array.isArray(value)) return undefined;
            const items = value.map((item) => rustLiteral(item, inner!));
            if (items.some((item) => item === undefined)) return undefined;
            return name === "Vec" ? `vec![${items.join(", ")}]` : `std::collections::VecDeque::from(vec![${items.join(", ")}])`;
        }
        if (name === "Option") {
            if (value === null) return "None";
            const item = rustLiteral(value, inner!);
            return item === undefined ? undefined : `Some(${item})`;
        }
        if (name === "HashMap" || name === "BTreeMap") {
            const [key, itemType] = splitTopLevel(inner!);
            if (value === null || typeof value !== "object" || Array.isArray(value) || !key || !itemType) return undefined;
            const pairs = Object.entries(value).map(([k, v]) => {
                const keyText = key === "String" ? `${rustString(k)}.to_string()` : /^-?\d+$/.test(k) ? rustLiteral(BigInt(k), key) : undefined;
                const valueText = rustLiteral(v, itemType);
                return keyText === undefined || valueText === undefined ? undefined : `(${keyText}, ${valueText})`;
            });
            return pairs.some((pair) => pair === undefined) ? undefined : `std::collections::${name}::from([${pairs.join(", ")}])`;
        }
        return undefined;
    }
    const tuple = /^\((.*)\)$/.exec(t);
    if (tuple && Array.isArray(value)) {
        const types = splitTopLevel(tuple[1]!);
        if (types.length !== value.length) return undefined;
        const items = value.map((item, i) => rustLiteral(item, types[i]!));
        return items.some((item) => item === undefined) ? undefined : `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
    }
    return undefined;
}

function ownedOf(type: string): string {
    const t = type.trim();
    if (t === "str") return "String";
    const slice = /^\[(.*)\]$/.exec(t);
    return slice ? `Vec<${slice[1]}>` : t;
}

/** `f(a, b)` in Rust with literal arguments, or undefined. */
function rustCall(signature: RustFunctionSignature, args: ExactJson[]): string | undefined {
    if (args.length !== signature.parameters.length) return undefined;
    const texts = args.map((arg, i) => rustLiteral(arg, signature.parameters[i]!.type));
    return texts.some((text) => text === undefined) ? undefined : `${signature.name}(${texts.join(", ")})`;
}

/** The statements asserting that `call` gives `outcome`, and whether the test needs `#[should_panic]`. */
export function assertionFor(signature: RustFunctionSignature, call: string, outcome: HarnessOutcome, approx = false): { lines: string[]; shouldPanic: boolean } | undefined {
    const returnType = signature.returnType ?? "()";
    const result = /^(?:std::result::)?Result<(.*)>$/.exec(returnType.trim());
    const okType = result ? splitTopLevel(result[1]!)[0]! : returnType;
    if (outcome.kind === "error") return result ? { lines: [`assert!(${call}.is_err());`], shouldPanic: false } : { lines: [`let _ = ${call};`], shouldPanic: true };
    if (outcome.kind !== "value") return undefined;
    const actual = result ? `${call}.unwrap()` : call;
    if ((okType === "f64" || okType === "f32") && (typeof outcome.value === "number" || typeof outcome.value === "bigint")) {
        const expected = rustLiteral(outcome.value, okType);
        return expected === undefined ? undefined : { lines: [`let actual = ${actual};`, `let expected = ${expected};`,
            `assert!((actual - expected).abs() <= ${approx ? "1e-6" : "1e-9"} * expected.abs().max(1.0), "{} != {}", actual, expected);`], shouldPanic: false };
    }
    if (okType === "()") return { lines: [`${actual};`], shouldPanic: false };
    const expected = rustLiteral(outcome.value, okType);
    return expected === undefined ? undefined : { lines: [`assert_eq!(${actual}, ${expected});`], shouldPanic: false };
}

export function testFunction(name: string, body: string[], shouldPanic: boolean): string {
    return ["#[test]", ...(shouldPanic ? ["#[should_panic]"] : []), `fn ${name}() {`, ...body.map((line) => `    ${line}`), "}"].join("\n");
}

/** Ports each test it can; the others come back with the reason. */
export async function portSourceTests(tests: SourceTest[], functions: PortedFunctions, parser: CodeParser = CodeParser.shared()): Promise<PortedTestCode[]> {
    const ported: PortedTestCode[] = [];
    const names = new Set<string>();
    for (const test of tests) {
        const result = await parser.parse(test.text.replace(/^\s+/, ""), "python", (source) => {
            const definition = source.root.namedChild(0);
            const body = definition?.childForFieldName("body");
            if (!definition || definition.type !== "function_definition" || !body) return { reason: "it does not parse as one function" };
            const lines: string[] = [];
            let shouldPanic = false;
            for (const statement of body.namedChildren) {
                if (!statement || statement.type === "comment") continue;
                if (statement.type === "expression_statement" && statement.namedChild(0)?.type === "string") continue;
                const translated = statementOf(statement, functions);
                if ("reason" in translated) return translated;
                if (translated.shouldPanic && (shouldPanic || lines.length > 0)) return { reason: "it expects a panic and asserts more; Rust's #[should_panic] covers one call" };
                if (shouldPanic) return { reason: "it asserts after a call that must raise" };
                shouldPanic = translated.shouldPanic;
                lines.push(...translated.lines);
            }
            if (lines.length === 0) return { reason: "it asserts nothing the port can check" };
            return { lines, shouldPanic };
        });
        let name = snakeCase(test.name);
        while (names.has(name)) name += "_";
        names.add(name);
        ported.push("reason" in result ? { name: test.name, reason: result.reason } : { name: test.name, code: testFunction(name, result.lines, result.shouldPanic) });
    }
    return ported;
}

type Translated = { lines: string[]; shouldPanic: boolean } | { reason: string };

function statementOf(statement: SyntaxNode, functions: PortedFunctions): Translated {
    const unsupported = { reason: `\`${statement.text.split("\n")[0]!.trim()}\` is not a plain assertion on a ported function with literal arguments` };
    const callOf = (node: SyntaxNode | null | undefined): { signature: RustFunctionSignature; args: ExactJson[] } | undefined => {
        if (!node || node.type !== "call") return undefined;
        const callee = node.childForFieldName("function");
        const name = callee?.type === "identifier" ? callee.text : callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : undefined;
        const signature = name ? functions.get(name) : undefined;
        const argumentNodes = node.childForFieldName("arguments")?.namedChildren ?? [];
        const args = argumentNodes.map((arg) => literalOf(arg));
        if (!signature || args.some((arg) => arg === undefined)) return undefined;
        return { signature, args: args as ExactJson[] };
    };
    const expect = (node: SyntaxNode | null | undefined, outcome: HarnessOutcome | undefined, approx = false): Translated => {
        const call = callOf(node);
        const text = call && rustCall(call.signature, call.args);
        const assertion = call && text && outcome ? assertionFor(call.signature, text, outcome, approx) : undefined;
        return assertion ?? unsupported;
    };
    const valueOf = (node: SyntaxNode | null | undefined): { outcome?: HarnessOutcome; approx: boolean } => {
        if (node?.type === "call" && /(^|\.)approx$/.test(node.childForFieldName("function")?.text ?? "")) {
            const value = literalOf(node.childForFieldName("arguments")?.namedChild(0) ?? null);
            return value === undefined ? { approx: true } : { outcome: { kind: "value", value }, approx: true };
        }
        const value = literalOf(node ?? null);
        return value === undefined ? { approx: false } : { outcome: { kind: "value", value }, approx: false };
    };
    if (statement.type === "assert_statement") {
        const condition = statement.namedChild(0);
        if (condition?.type === "comparison_operator" && condition.namedChildCount === 2 && condition.child(1)?.text === "==") {
            const [left, right] = [condition.namedChild(0), condition.namedChild(1)];
            const [callSide, valueSide] = callOf(left) ? [left, right] : [right, left];
            const { outcome, approx } = valueOf(valueSide);
            return expect(callSide, outcome, approx);
        }
        if (condition?.type === "not_operator") return expect(condition.childForFieldName("argument"), { kind: "value", value: false });
        return expect(condition, { kind: "value", value: true });
    }
    if (statement.type === "expression_statement") {
        const call = statement.namedChild(0);
        const method = call?.type === "call" ? call.childForFieldName("function")?.text : undefined;
        const args = call?.childForFieldName("arguments")?.namedChildren ?? [];
        if (method === "self.assertEqual" && args.length >= 2) {
            const [callSide, valueSide] = callOf(args[0]) ? [args[0], args[1]] : [args[1], args[0]];
            return expect(callSide, valueOf(valueSide).outcome);
        }
        if (method === "self.assertAlmostEqual" && args.length >= 2) return expect(args[0], valueOf(args[1]).outcome, true);
        if (method === "self.assertTrue" && args.length >= 1) return expect(args[0], { kind: "value", value: true });
        if (method === "self.assertFalse" && args.length >= 1) return expect(args[0], { kind: "value", value: false });
        return unsupported;
    }
    if (statement.type === "with_statement") {
        const header = statement.namedChildren.find((child) => child?.type === "with_clause")?.text ?? "";
        const body = statement.childForFieldName("body");
        const inner = body?.namedChildren.filter((child) => child && child.type !== "comment") ?? [];
        if (!/^(pytest\.raises|self\.assertRaises)\(/.test(header) || inner.length !== 1 || inner[0]!.type !== "expression_statement") return unsupported;
        return expect(inner[0]!.namedChild(0), { kind: "error", message: "raises" });
    }
    return unsupported;
}

/** Counterexamples as regression tests: the original's outcome on the input, asserted of the port. */
export function counterexampleTests(examples: { signature: RustFunctionSignature; args: ExactJson[]; expected: HarnessOutcome }[]): string[] {
    const tests: string[] = [];
    examples.forEach((example, i) => {
        const call = rustCall(example.signature, example.args);
        const assertion = call ? assertionFor(example.signature, call, example.expected) : undefined;
        if (assertion) tests.push(testFunction(`${example.signature.name}_matches_python_${i + 1}`, assertion.lines, assertion.shouldPanic));
    });
    return tests;
}
