// Rust as a port's target: items read from ```rust blocks, a std-only Cargo crate with a JSON-lines harness
// binary, `cargo build` in the sandbox with the shared target folder, `#[test]` functions, `cargo test`.

import { runTests } from "../../../toolchains/index.js";
import { splitTopLevel } from "../../../text/splitTopLevel.js";
import type { ExactJson } from "../../../chains/port/exactJson.js";
import type { AssembledPort, PortedTestCode, RunContext, TargetBackend } from "../../../chains/port/PortBackends.js";
import { readPortedItem, type PortedItem } from "./readPortedItem.js";
import { assembleCrate, crateNameOf } from "./rustCrate.js";
import { buildCrate, runRustCases } from "./rustHarness.js";
import { counterexampleTests, renderRustTests, rustLiteral } from "./rustPortTests.js";

const scalarTypes = /^(i8|i16|i32|i64|i128|isize|u8|u16|u32|u64|u128|usize|f32|f64|bool|char|String|str|\(\))$/;

/** Whether the harness's FromJson (parameters) or ToJson (results) covers a type. */
export function jsonConvertible(type: string, result: boolean): boolean {
    const t = type
        .trim()
        .replace(/^&\s*('\w+\s+)?(mut\s+)?/, "")
        .replace(/^std::collections::/, "")
        .trim();
    if (scalarTypes.test(t)) return true;
    const slice = /^\[([^;]*)\]$/.exec(t);
    if (slice) return jsonConvertible(slice[1]!, result);
    const tuple = /^\((.*)\)$/.exec(t);
    if (tuple) {
        const parts = splitTopLevel(tuple[1]!);
        return parts.length <= 4 && parts.every((part) => jsonConvertible(part, result));
    }
    const generic = /^(\w+)<(.*)>$/.exec(t);
    if (!generic) return false;
    const [, name, inner] = generic;
    const args = splitTopLevel(inner!);
    if (name === "Result") return result && jsonConvertible(args[0] ?? "", true);
    if (["Vec", "VecDeque", "Option", "Box", "HashSet", "BTreeSet"].includes(name!))
        return args.length === 1 && jsonConvertible(args[0]!, result);
    if (name === "HashMap" || name === "BTreeMap")
        return (
            args.length === 2 &&
            /^(String|char|[iu](8|16|32|64|128|size))$/.test(args[0]!) &&
            jsonConvertible(args[1]!, result)
        );
    return false;
}

function testsFile(crate: string, heading: string, tests: string[]): string {
    return tests.length ? [`//! ${heading}`, `use ${crate}::*;`, "", ...tests].join("\n\n") + "\n" : "";
}

export const rustTarget: TargetBackend = {
    target: "rust",
    readItem: (answer, unitName, kind, parser) => readPortedItem(answer, unitName, kind, parser),
    constantItem(name: string, value: ExactJson): PortedItem | undefined {
        const type =
            typeof value === "bigint"
                ? "i64"
                : typeof value === "number"
                  ? "f64"
                  : typeof value === "string"
                    ? "&str"
                    : typeof value === "boolean"
                      ? "bool"
                      : undefined;
        const literal = type ? rustLiteral(value, type) : undefined;
        if (!type || literal === undefined) return undefined;
        const constName = /^[A-Z0-9_]+$/.test(name) ? name : name.toUpperCase();
        return { name: constName, code: `pub const ${constName}: ${type} = ${literal};`, uses: [] };
    },
    declarationOf(item: PortedItem): string {
        if (item.signature) return `${item.signature.header};`;
        const methods = [...item.code.matchAll(/^\s*(pub\s+fn\s[^{]*)/gm)].map((m) => `    ${m[1]!.trim()};`);
        const declaration = item.code.split("\n\n")[0]!;
        return methods.length ? `${declaration}\nimpl ${item.name} {\n${methods.join("\n")}\n}` : declaration;
    },
    harnessProblem(item) {
        const signature = item.signature;
        if (!signature) return "the harness calls functions, and this is not one";
        if (signature.generic) return "its Rust signature is generic";
        const foreign = [
            ...signature.parameters.map((p) => p.type).filter((type) => !jsonConvertible(type, false)),
            ...(signature.returnType && !jsonConvertible(signature.returnType, true) ? [signature.returnType] : [])
        ];
        return foreign.length ? `the harness cannot read or write ${foreign.join(", ")} as JSON` : undefined;
    },
    assemble(input) {
        const crateName = crateNameOf(input.stem);
        const ported = input.portedTests.filter((test) => test.code).map((test) => test.code!);
        return assembleCrate({
            crateName,
            sourceFile: input.sourceFile,
            units: input.units,
            harnessFunctions: input.harnessFunctions,
            portedTests: testsFile(crateName, `The tests of ${input.sourceFile}, ported by Ponder.`, ported),
            counterexampleTests: testsFile(
                crateName,
                `Inputs on which an earlier port differed from ${input.sourceFile}, kept as regression tests.`,
                input.counterexampleTests
            )
        });
    },
    async build(port: AssembledPort, context: RunContext) {
        const build = await buildCrate(port, context);
        return {
            ok: build.ok,
            cancelled: build.run.cancelled,
            output: build.output,
            errorsByUnit: build.errorsByUnit,
            durationMs: build.durationMs
        };
    },
    runCases: (port, cases, caseTimeoutMs, context) => runRustCases(port, cases, caseTimeoutMs, context),
    renderTests(plans, functions): PortedTestCode[] {
        return renderRustTests(plans, functions).map((test) =>
            test.code ? { ...test, id: /fn (\w+)\(/.exec(test.code)![1]! } : test
        );
    },
    counterexampleTests,
    async runTests(port, context) {
        const run = await runTests({
            sandbox: context.sandbox,
            workspaceRoot: context.workspaceRoot,
            toolchain: "rust",
            files: [],
            contents: port.files,
            testTimeoutMs: 120_000,
            ...(context.cacheDir ? { cacheDir: context.cacheDir } : {}),
            ...(context.signal ? { signal: context.signal } : {})
        });
        if (run.kind !== "ran")
            return { kind: "failed", message: run.kind === "buildFailed" ? run.message.slice(0, 600) : run.kind };
        const outcomes = new Map<string, { passed: boolean; message?: string }>();
        for (const test of run.tests) {
            const id = test.id.split("::").pop()!;
            outcomes.set(id, {
                passed: test.outcome === "passed",
                ...(test.outcome !== "passed"
                    ? { message: test.message?.split("\n").slice(0, 4).join(" ") ?? test.outcome }
                    : {})
            });
        }
        return { kind: "ran", outcomes };
    }
};
