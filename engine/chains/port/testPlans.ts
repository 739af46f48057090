// The file's own tests read as plans a target can render: each test a list of steps "calling this unit with
// these literal arguments gives this outcome". Plans are read mechanically, not by the model, so a ported test
// asserts exactly what the original asserted: pytest/unittest `assert f(1) == 2`, `self.assertEqual(…)`,
// `pytest.approx`, `pytest.raises`/`assertRaises`. Anything else comes back with the statement that stopped it.

import type { Node as SyntaxNode } from "web-tree-sitter";
import { CodeParser } from "../../analysis/index.js";
import type { SourceTest } from "./PortBackends.js";
import type { ExactJson } from "./exactJson.js";
import type { HarnessOutcome } from "./harnessRuns.js";
import { literalOf } from "../../languages/python/port/pythonLiterals.js";

export interface TestStep {
    unit: string;
    args: ExactJson[];
    expected: HarnessOutcome;
    /** Compared with a looser float tolerance (`pytest.approx`, `assertAlmostEqual`). */
    approx: boolean;
}

export type TestPlan = { name: string; steps: TestStep[] } | { name: string; reason: string };

/** Plans for Python tests, given the functions that were ported. */
export async function planPythonTests(
    tests: SourceTest[],
    functions: ReadonlySet<string>,
    parser: CodeParser = CodeParser.shared()
): Promise<TestPlan[]> {
    const plans: TestPlan[] = [];
    for (const test of tests) {
        const plan = await parser.parse(test.text.replace(/^\s+/, ""), "python", (source): TestPlan => {
            const definition = source.root.namedChild(0);
            const body = definition?.childForFieldName("body");
            if (!definition || definition.type !== "function_definition" || !body)
                return { name: test.name, reason: "it does not parse as one function" };
            const steps: TestStep[] = [];
            for (const statement of body.namedChildren) {
                if (!statement || statement.type === "comment") continue;
                if (statement.type === "expression_statement" && statement.namedChild(0)?.type === "string") continue;
                const step = stepOf(statement, functions);
                if ("reason" in step) return { name: test.name, reason: step.reason };
                steps.push(step);
            }
            return steps.length === 0
                ? { name: test.name, reason: "it asserts nothing the port can check" }
                : { name: test.name, steps };
        });
        plans.push(plan);
    }
    return plans;
}

function stepOf(statement: SyntaxNode, functions: ReadonlySet<string>): TestStep | { reason: string } {
    const unsupported = {
        reason: `\`${statement.text.split("\n")[0]!.trim()}\` is not a plain assertion on a ported function with literal arguments`
    };
    const callOf = (node: SyntaxNode | null | undefined): { unit: string; args: ExactJson[] } | undefined => {
        if (!node || node.type !== "call") return undefined;
        const callee = node.childForFieldName("function");
        const name =
            callee?.type === "identifier"
                ? callee.text
                : callee?.type === "attribute"
                  ? callee.childForFieldName("attribute")?.text
                  : undefined;
        const argumentNodes = node.childForFieldName("arguments")?.namedChildren ?? [];
        const args = argumentNodes.map((arg) => (arg?.type === "keyword_argument" ? undefined : literalOf(arg)));
        if (!name || !functions.has(name) || args.some((arg) => arg === undefined)) return undefined;
        return { unit: name, args: args as ExactJson[] };
    };
    const expect = (
        node: SyntaxNode | null | undefined,
        expected: HarnessOutcome | undefined,
        approx = false
    ): TestStep | { reason: string } => {
        const call = callOf(node);
        return call && expected ? { ...call, expected, approx } : unsupported;
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
        if (
            condition?.type === "comparison_operator" &&
            condition.namedChildCount === 2 &&
            condition.child(1)?.text === "=="
        ) {
            const [left, right] = [condition.namedChild(0), condition.namedChild(1)];
            const [callSide, valueSide] = callOf(left) ? [left, right] : [right, left];
            const { outcome, approx } = valueOf(valueSide);
            return expect(callSide, outcome, approx);
        }
        if (condition?.type === "not_operator")
            return expect(condition.childForFieldName("argument"), { kind: "value", value: false });
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
        if (method === "self.assertAlmostEqual" && args.length >= 2)
            return expect(args[0], valueOf(args[1]).outcome, true);
        if (method === "self.assertTrue" && args.length >= 1) return expect(args[0], { kind: "value", value: true });
        if (method === "self.assertFalse" && args.length >= 1) return expect(args[0], { kind: "value", value: false });
        return unsupported;
    }
    if (statement.type === "with_statement") {
        const header = statement.namedChildren.find((child) => child?.type === "with_clause")?.text ?? "";
        const body = statement.childForFieldName("body");
        const inner = body?.namedChildren.filter((child) => child && child.type !== "comment") ?? [];
        if (
            !/^(pytest\.raises|self\.assertRaises)\(/.test(header) ||
            inner.length !== 1 ||
            inner[0]!.type !== "expression_statement"
        )
            return unsupported;
        return expect(inner[0]!.namedChild(0), { kind: "error", message: "raises" });
    }
    return unsupported;
}
