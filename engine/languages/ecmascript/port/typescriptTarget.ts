// TypeScript as a port's target: items read from ```typescript blocks, a package with the port in
// `src/<stem>.ts` and node:test tests, esbuild as the compiler (syntax errors filed per unit; esbuild does not
// check types, the differential tests do), and Node running the cases in the sandbox.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { parseFencedBlocks } from "../../../analysis/index.js";
import { ToolchainUnavailableError } from "../../../toolchains/index.js";
import { runTests } from "../../../toolchains/index.js";
import { writeExactJson, type ExactJson } from "../../../chains/port/exactJson.js";
import type { HarnessOutcome } from "../../../chains/port/harnessRuns.js";
import { fitsJavaScriptNumbers, runNodeCases } from "./nodeHarness.js";
import type {
    AssembledPort,
    PortedSignature,
    PortedTestCode,
    TargetBackend
} from "../../../chains/port/PortBackends.js";
import { readProposedCases } from "../../../chains/port/proposedCases.js";
import type { PortedItem, ReadReply } from "../../rust/port/readPortedItem.js";
import type { TestPlan } from "../../../chains/port/testPlans.js";

type Esbuild = typeof import("esbuild");
let esbuild: Promise<Esbuild> | undefined;
function loadEsbuild(): Promise<Esbuild> {
    esbuild ??= import("esbuild").catch((error: unknown) => {
        esbuild = undefined;
        throw new ToolchainUnavailableError(
            "javascript",
            `esbuild, which compiles TypeScript ports, is not installed (${(error as Error).message}). Run \`npm ci\` in Ponder's folder.`
        );
    });
    return esbuild;
}

export function camelCase(name: string): string {
    return name.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const mainFile = (stem: string) => `src/${stem}.ts`;

/** A value as a TypeScript expression, or undefined when a number cannot hold it exactly. */
export function typescriptLiteral(value: ExactJson): string | undefined {
    if (!fitsJavaScriptNumbers(value)) return undefined;
    if (value === null) return "null";
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "number")
        return Number.isNaN(value)
            ? "NaN"
            : !Number.isFinite(value)
              ? value > 0
                  ? "Infinity"
                  : "-Infinity"
              : String(value);
    if (typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(typescriptLiteral).join(", ")}]`;
    if (Array.isArray(value["$set"]) && Object.keys(value).length === 1)
        return `new Set([${(value["$set"] as ExactJson[]).map(typescriptLiteral).join(", ")}])`;
    return `{ ${Object.entries(value)
        .map(([k, v]) => `${JSON.stringify(k)}: ${typescriptLiteral(v)}`)
        .join(", ")} }`;
}

function assertion(call: string, expected: HarnessOutcome, approx: boolean): string | undefined {
    if (expected.kind === "error") return `assert.throws(() => ${call});`;
    if (expected.kind !== "value") return undefined;
    const literal = typescriptLiteral(expected.value);
    if (literal === undefined) return undefined;
    if (typeof expected.value === "number" && Number.isFinite(expected.value))
        return `assert.ok(Math.abs(${call} - ${literal}) <= ${approx ? "1e-6" : "1e-9"} * Math.max(1, Math.abs(${literal})));`;
    return `assert.deepEqual(${call}, ${literal});`;
}

function renderCall(signature: PortedSignature, args: ExactJson[]): string | undefined {
    const texts = args.map(typescriptLiteral);
    return texts.some((text) => text === undefined) ? undefined : `${signature.name}(${texts.join(", ")})`;
}

function testsFile(stem: string, heading: string, tests: string[], names: string[]): string {
    return [
        `// ${heading}`,
        `import { test } from "node:test";`,
        `import assert from "node:assert/strict";`,
        `import { ${[...new Set(names)].sort().join(", ")} } from "../src/${stem}.js";`,
        "",
        tests.join("\n\n"),
        ""
    ].join("\n");
}

export const typescriptTarget: TargetBackend = {
    target: "typescript",
    async readItem(answer, unitName, kind, parser): Promise<ReadReply> {
        const blocks = parseFencedBlocks(answer);
        const { cases: proposedCases, problems } = readProposedCases(blocks);
        const code = blocks.filter((b) => ["typescript", "ts", "tsx", "javascript", "js"].includes(b.tag));
        if (code.length === 0)
            return { proposedCases, problems: [...problems, "the reply has no ```typescript block"] };
        const names = [unitName, camelCase(unitName), kind === "constant" ? unitName.toUpperCase() : unitName];
        for (const block of [...code].reverse()) {
            const found = await parser.parse(block.code, "typescript", (source): PortedItem | undefined => {
                const items = source.root.namedChildren.filter((node): node is SyntaxNode => node !== null);
                const uses = items.filter((node) => node.type === "import_statement").map((node) => node.text.trim());
                for (const outer of items) {
                    const node = outer.type === "export_statement" ? outer.childForFieldName("declaration") : outer;
                    if (!node) continue;
                    let name: string | undefined;
                    let fn: SyntaxNode | undefined;
                    if (
                        ["function_declaration", "class_declaration", "abstract_class_declaration"].includes(node.type)
                    ) {
                        name = node.childForFieldName("name")?.text;
                        if (node.type === "function_declaration") fn = node;
                    } else if (node.type === "lexical_declaration") {
                        const declarator = node.namedChildren.find((child) => child?.type === "variable_declarator");
                        name = declarator?.childForFieldName("name")?.text;
                        const value = declarator?.childForFieldName("value");
                        if (value && ["arrow_function", "function_expression"].includes(value.type)) fn = value;
                    }
                    if (!name || !names.includes(name)) continue;
                    if (kind === "function" && !fn) continue;
                    let start = outer.startIndex;
                    const previous = outer.previousNamedSibling;
                    if (
                        previous?.type === "comment" &&
                        block.code.slice(previous.endIndex, start).split("\n").length <= 2
                    )
                        start = previous.startIndex;
                    const text = block.code.slice(start, outer.endIndex);
                    const exported =
                        outer.type === "export_statement"
                            ? text
                            : text.slice(0, outer.startIndex - start) + "export " + outer.text;
                    const item: PortedItem = { name, code: exported, uses };
                    if (fn) {
                        const parameters = (fn.childForFieldName("parameters")?.namedChildren ?? [])
                            .filter((p): p is SyntaxNode => p !== null && /parameter$/.test(p.type))
                            .map((p, i) => {
                                const type = p.childForFieldName("type")?.text.replace(/^:\s*/, "") ?? "unknown";
                                return {
                                    name: p.childForFieldName("pattern")?.text ?? `a${i}`,
                                    type,
                                    owned: type,
                                    pass: "value" as const
                                };
                            });
                        const returnType = fn.childForFieldName("return_type")?.text.replace(/^:\s*/, "");
                        const body = fn.childForFieldName("body");
                        const header = exported
                            .slice(0, body ? exported.indexOf(body.text) : undefined)
                            .trim()
                            .replace(/\s*=>\s*$/, "");
                        item.signature = {
                            name,
                            parameters,
                            ...(returnType ? { returnType } : {}),
                            generic: false,
                            header
                        };
                    }
                    return item;
                }
                return undefined;
            });
            if (!found) continue;
            const foreign = found.uses.filter((line) => !/from\s+["']node:/.test(line));
            if (foreign.length > 0)
                problems.push(`the reply imports packages (${foreign.join("; ")}); those lines were dropped`);
            return {
                item: { ...found, uses: found.uses.filter((line) => /from\s+["']node:/.test(line)) },
                proposedCases,
                problems
            };
        }
        return {
            proposedCases,
            problems: [...problems, `no TypeScript ${kind} named ${[...new Set(names)].join(" or ")} in the reply`]
        };
    },
    constantItem(name, value) {
        const literal = typescriptLiteral(value);
        return literal === undefined ? undefined : { name, code: `export const ${name} = ${literal};`, uses: [] };
    },
    declarationOf(item) {
        const signature = item.signature;
        if (signature)
            return `export declare function ${signature.name}(${signature.parameters.map((p) => `${p.name}: ${p.type}`).join(", ")})${signature.returnType ? `: ${signature.returnType}` : ""};`;
        return item.code.split("\n")[0]!.replace(/\{\s*$/, "{ … }");
    },
    harnessProblem: (item) => (item.signature ? undefined : "the harness calls functions, and this is not one"),
    assemble(input): AssembledPort {
        const lines = [
            `// Ported from ${input.sourceFile} by Ponder, unit by unit; every function was tested against the original on the same inputs.`,
            ...[...new Set(input.units.flatMap((unit) => unit.uses))].sort()
        ];
        const unitLines: AssembledPort["unitLines"] = [];
        for (const unit of input.units) {
            lines.push("", `// ponder:unit ${unit.name}`);
            const first = lines.length + 1;
            lines.push(...unit.code.trimEnd().split("\n"));
            unitLines.push({ unit: unit.name, first, last: lines.length });
        }
        const files: Record<string, string> = {
            "package.json":
                JSON.stringify(
                    {
                        name: `${input.stem.toLowerCase().replace(/[^a-z0-9-]/g, "-")}-ts`,
                        private: true,
                        type: "module",
                        description: `Ported from ${input.sourceFile} by Ponder.`,
                        scripts: { test: "node --test" }
                    },
                    null,
                    2
                ) + "\n",
            [mainFile(input.stem)]: lines.join("\n") + "\n"
        };
        const exported = input.units
            .map(
                (unit) =>
                    unit.code.match(
                        /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|abstract\s+class)\s+(\w+)/m
                    )?.[1]
            )
            .filter((n): n is string => !!n);
        const ported = input.portedTests.filter((test) => test.code);
        const calls = (code: string) => exported.filter((name) => new RegExp(`\\b${name}\\(`).test(code));
        if (ported.length > 0)
            files[`test/${input.stem}.test.ts`] = testsFile(
                input.stem,
                `The tests of ${input.sourceFile}, ported by Ponder.`,
                ported.map((t) => t.code!),
                ported.flatMap((t) => calls(t.code!))
            );
        if (input.counterexampleTests.length > 0)
            files[`test/${input.stem}.counterexamples.test.ts`] = testsFile(
                input.stem,
                `Inputs on which an earlier port differed from ${input.sourceFile}, kept as regression tests.`,
                input.counterexampleTests,
                input.counterexampleTests.flatMap(calls)
            );
        return { name: input.stem, files, unitLines };
    },
    async build(port) {
        const started = performance.now();
        const path = Object.keys(port.files).find((file) => file.startsWith("src/"))!;
        try {
            await (
                await loadEsbuild()
            ).transform(port.files[path]!, { loader: "ts", format: "esm", sourcefile: path, logLevel: "silent" });
            return {
                ok: true,
                cancelled: false,
                output: "",
                errorsByUnit: new Map(),
                durationMs: performance.now() - started
            };
        } catch (error) {
            const errors =
                (
                    error as {
                        errors?: {
                            text: string;
                            location?: { line: number; column: number; lineText: string } | null;
                        }[];
                    }
                ).errors ?? [];
            const byUnit = new Map<string, string[]>();
            for (const e of errors) {
                const line = e.location?.line;
                const unit =
                    line === undefined
                        ? ""
                        : (port.unitLines.find((range) => line >= range.first && line <= range.last)?.unit ?? "");
                const text = `error: ${e.text}${e.location ? `\n --> ${path}:${e.location.line}:${e.location.column}\n  | ${e.location.lineText}` : ""}`;
                byUnit.set(unit, [...(byUnit.get(unit) ?? []), text]);
            }
            return {
                ok: false,
                cancelled: false,
                output: errors.map((e) => e.text).join("\n") || String(error),
                errorsByUnit: byUnit,
                durationMs: performance.now() - started
            };
        }
    },
    async runCases(port, cases, caseTimeoutMs, context) {
        const path = Object.keys(port.files).find((file) => file.startsWith("src/"))!;
        const { code } = await (
            await loadEsbuild()
        ).transform(port.files[path]!, { loader: "ts", format: "esm", sourcefile: path });
        return runNodeCases(context.sandbox, { text: code, format: "esm" }, cases, caseTimeoutMs, context.signal);
    },
    renderTests(plans: TestPlan[], functions: Map<string, PortedSignature>): PortedTestCode[] {
        return plans.map((plan) => {
            if ("reason" in plan) return { name: plan.name, reason: plan.reason };
            const lines: string[] = [];
            for (const step of plan.steps) {
                const call = renderCall(functions.get(step.unit)!, step.args);
                const line = call ? assertion(call, step.expected, step.approx) : undefined;
                if (!line)
                    return {
                        name: plan.name,
                        reason: `the values of ${step.unit}(…) have no exact JavaScript form (integers beyond 2^53)`
                    };
                lines.push(line);
            }
            return {
                name: plan.name,
                id: plan.name,
                code: `test(${JSON.stringify(plan.name)}, () => {\n${lines.map((l) => `    ${l}`).join("\n")}\n});`
            };
        });
    },
    counterexampleTests(examples) {
        return examples.flatMap((example) => {
            const call = renderCall(example.signature, example.args);
            const line = call ? assertion(call, example.expected, false) : undefined;
            return line
                ? [
                      `test(${JSON.stringify(`${example.signature.name}(${example.args.map(writeExactJson).join(", ")}) matches the original`)}, () => {\n    ${line}\n});`
                  ]
                : [];
        });
    },
    async runTests(port, context) {
        const run = await runTests({
            sandbox: context.sandbox,
            workspaceRoot: context.workspaceRoot,
            toolchain: "javascript",
            files: [],
            contents: port.files,
            testTimeoutMs: 60_000,
            ...(context.signal ? { signal: context.signal } : {})
        });
        if (run.kind !== "ran")
            return { kind: "failed", message: run.kind === "buildFailed" ? run.message.slice(0, 600) : run.kind };
        const outcomes = new Map<string, { passed: boolean; message?: string }>();
        for (const test of run.tests)
            outcomes.set(test.name, {
                passed: test.outcome === "passed",
                ...(test.outcome !== "passed"
                    ? { message: test.message?.split("\n").slice(0, 4).join(" ") ?? test.outcome }
                    : {})
            });
        return { kind: "ran", outcomes };
    }
};
