// Test plans rendered as Rust `#[test]` functions: the file's own tests, and the counterexamples found by
// differential testing as regression tests. Literals follow the ported parameter types; a value that cannot be
// one (out of range, wrong shape) leaves the test out with the reason.

import { splitTopLevel } from "../../../text/splitTopLevel.js";
import { writeExactJson, type ExactJson } from "../../../chains/port/exactJson.js";
import type { HarnessOutcome } from "../../../chains/port/harnessRuns.js";
import { snakeCase } from "./readPortedItem.js";
import type { RustFunctionSignature } from "./rustSignature.js";
import type { TestPlan } from "../../../chains/port/testPlans.js";

/** Functions the tests may call: Python unit name → the ported signature. */
export type PortedFunctions = Map<string, RustFunctionSignature>;

export interface PortedTestCode {
    name: string;
    code?: string;
    reason?: string;
}

function rustString(text: string): string {
    let out = '"';
    for (const c of text) {
        const code = c.codePointAt(0)!;
        out +=
            c === '"'
                ? '\\"'
                : c === "\\"
                  ? "\\\\"
                  : c === "\n"
                    ? "\\n"
                    : c === "\t"
                      ? "\\t"
                      : c === "\r"
                        ? "\\r"
                        : code < 0x20
                          ? `\\u{${code.toString(16)}}`
                          : c;
    }
    return out + '"';
}

const intRanges: Record<string, [bigint, bigint]> = Object.fromEntries(
    [8, 16, 32, 64, 128]
        .flatMap((bits) => [
            [`i${bits}`, [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n]],
            [`u${bits}`, [0n, (1n << BigInt(bits)) - 1n]]
        ])
        .concat([
            ["isize", [-(1n << 63n), (1n << 63n) - 1n]],
            ["usize", [0n, (1n << 64n) - 1n]]
        ])
);

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
    if (t === "char")
        return typeof value === "string" && [...value].length === 1
            ? `'${value === "'" ? "\\'" : value === "\\" ? "\\\\" : value}'`
            : undefined;
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
            // An empty vector names its item type: `assert_eq!(f(), vec![])` cannot infer it.
            if (name === "Vec")
                return items.length === 0 ? `Vec::<${inner!.trim()}>::new()` : `vec![${items.join(", ")}]`;
            return `std::collections::VecDeque::from(${items.length === 0 ? `Vec::<${inner!.trim()}>::new()` : `vec![${items.join(", ")}]`})`;
        }
        if (name === "Option") {
            if (value === null) return "None";
            const item = rustLiteral(value, inner!);
            return item === undefined ? undefined : `Some(${item})`;
        }
        if (name === "HashMap" || name === "BTreeMap") {
            const [key, itemType] = splitTopLevel(inner!);
            if (value === null || typeof value !== "object" || Array.isArray(value) || !key || !itemType)
                return undefined;
            const pairs = Object.entries(value).map(([k, v]) => {
                const keyText =
                    key === "String"
                        ? `${rustString(k)}.to_string()`
                        : /^-?\d+$/.test(k)
                          ? rustLiteral(BigInt(k), key)
                          : undefined;
                const valueText = rustLiteral(v, itemType);
                return keyText === undefined || valueText === undefined ? undefined : `(${keyText}, ${valueText})`;
            });
            return pairs.some((pair) => pair === undefined)
                ? undefined
                : `std::collections::${name}::from([${pairs.join(", ")}])`;
        }
        return undefined;
    }
    const tuple = /^\((.*)\)$/.exec(t);
    if (tuple && Array.isArray(value)) {
        const types = splitTopLevel(tuple[1]!);
        if (types.length !== value.length) return undefined;
        const items = value.map((item, i) => rustLiteral(item, types[i]!));
        return items.some((item) => item === undefined)
            ? undefined
            : `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
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
export function rustCall(signature: RustFunctionSignature, args: ExactJson[]): string | undefined {
    if (args.length !== signature.parameters.length) return undefined;
    const texts = args.map((arg, i) => rustLiteral(arg, signature.parameters[i]!.type));
    return texts.some((text) => text === undefined) ? undefined : `${signature.name}(${texts.join(", ")})`;
}

/** The statements asserting that `call` gives `outcome`, and whether the test needs `#[should_panic]`. */
export function assertionFor(
    signature: RustFunctionSignature,
    call: string,
    outcome: HarnessOutcome,
    approx = false
): { lines: string[]; shouldPanic: boolean } | undefined {
    const returnType = signature.returnType ?? "()";
    const result = /^(?:std::result::)?Result<(.*)>$/.exec(returnType.trim());
    const okType = result ? splitTopLevel(result[1]!)[0]! : returnType;
    if (outcome.kind === "error")
        return result
            ? { lines: [`assert!(${call}.is_err());`], shouldPanic: false }
            : { lines: [`let _ = ${call};`], shouldPanic: true };
    if (outcome.kind !== "value") return undefined;
    const actual = result ? `${call}.unwrap()` : call;
    if (
        (okType === "f64" || okType === "f32") &&
        (typeof outcome.value === "number" || typeof outcome.value === "bigint")
    ) {
        const expected = rustLiteral(outcome.value, okType);
        return expected === undefined
            ? undefined
            : {
                  lines: [
                      `let actual = ${actual};`,
                      `let expected = ${expected};`,
                      `assert!((actual - expected).abs() <= ${approx ? "1e-6" : "1e-9"} * expected.abs().max(1.0), "{} != {}", actual, expected);`
                  ],
                  shouldPanic: false
              };
    }
    if (okType === "()") return { lines: [`${actual};`], shouldPanic: false };
    const expected = rustLiteral(outcome.value, okType);
    return expected === undefined ? undefined : { lines: [`assert_eq!(${actual}, ${expected});`], shouldPanic: false };
}

export function testFunction(name: string, body: string[], shouldPanic: boolean): string {
    return [
        "#[test]",
        ...(shouldPanic ? ["#[should_panic]"] : []),
        `fn ${name}() {`,
        ...body.map((line) => `    ${line}`),
        "}"
    ].join("\n");
}

/** Renders each plan whose literals fit the ported signatures; `#[should_panic]` covers a single raising call. */
export function renderRustTests(plans: TestPlan[], functions: PortedFunctions): PortedTestCode[] {
    const names = new Set<string>();
    return plans.map((plan) => {
        if ("reason" in plan) return { name: plan.name, reason: plan.reason };
        const lines: string[] = [];
        let shouldPanic = false;
        for (const step of plan.steps) {
            const signature = functions.get(step.unit)!;
            const call = rustCall(signature, step.args);
            const assertion = call ? assertionFor(signature, call, step.expected, step.approx) : undefined;
            if (!assertion)
                return {
                    name: plan.name,
                    reason: `the values of ${step.unit}(…) do not fit the port's types (${signature.header})`
                };
            if (assertion.shouldPanic && plan.steps.length > 1)
                return {
                    name: plan.name,
                    reason: "it expects a panic and asserts more; Rust's #[should_panic] covers one call"
                };
            shouldPanic = assertion.shouldPanic;
            lines.push(...assertion.lines);
        }
        let name = snakeCase(plan.name);
        while (names.has(name)) name += "_";
        names.add(name);
        return { name: plan.name, code: testFunction(name, lines, shouldPanic) };
    });
}

/** Counterexamples as regression tests: the original's outcome on the input, asserted of the port. */
export function counterexampleTests(
    examples: { signature: RustFunctionSignature; args: ExactJson[]; expected: HarnessOutcome }[]
): string[] {
    const tests: string[] = [];
    examples.forEach((example, i) => {
        const call = rustCall(example.signature, example.args);
        const assertion = call ? assertionFor(example.signature, call, example.expected) : undefined;
        if (assertion)
            tests.push(
                testFunction(
                    `${example.signature.name}_matches_python_${i + 1}`,
                    assertion.lines,
                    assertion.shouldPanic
                )
            );
    });
    return tests;
}
