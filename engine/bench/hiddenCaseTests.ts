// Turns a task's input/output cases into a test file of its language, one test per case, so the toolchains
// judge cases the same way they judge test files. A Rust port's cases become `#[test]`s whose literals take the
// ported function's own parameter types.

import type { SourceLanguage } from "../analysis/index.js";
import { toPlainJson, writeExactJson, type ExactJson } from "../chains/port/exactJson.js";
import type { RustFunctionSignature } from "../languages/rust/port/rustSignature.js";
import { assertionFor, rustCall, testFunction } from "../languages/rust/port/rustPortTests.js";
import { InvalidRequestError } from "../errors.js";
import type { CaseTolerance, InputOutputCases } from "./BenchTypes.js";

const defaultTolerance: CaseTolerance = { relative: 1e-9 };

/** Python's check of one result: floats within the suite's tolerance, everything else equal after tuples and generators become lists. */
const pythonSame = [
    "def _plain(value):",
    "    if isinstance(value, (list, tuple, types.GeneratorType)):\n        return [_plain(v) for v in value]",
    "    if isinstance(value, dict):\n        return {k: _plain(v) for k, v in value.items()}",
    "    return value",
    "",
    "",
    "def _number(value):\n    return isinstance(value, (int, float)) and not isinstance(value, bool)",
    "",
    "",
    "def _same(got, want, within):",
    "    if _number(got) and _number(want) and (isinstance(got, float) or isinstance(want, float)):",
    "        if math.isnan(want):\n            return isinstance(got, float) and math.isnan(got)",
    "        if math.isinf(want) or math.isinf(got):\n            return got == want",
    "        return abs(got - want) <= max(within[0], within[1] * max(abs(got), abs(want)))",
    "    if isinstance(got, list) and isinstance(want, list):",
    "        return len(got) == len(want) and all(_same(g, w, within) for g, w in zip(got, want))",
    "    if isinstance(got, dict) and isinstance(want, dict):",
    "        return got.keys() == want.keys() and all(_same(got[k], want[k], within) for k in want)",
    "    return got == want"
].join("\n");

/** The same check in TypeScript and JavaScript: numbers within the tolerance, the rest deeply equal. */
const scriptSame =
    "function same(got, want, within) {\n" +
    '    if (typeof got === "number" && typeof want === "number") {\n' +
    "        if (Number.isNaN(want)) return Number.isNaN(got);\n" +
    "        if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want;\n" +
    "        return Math.abs(got - want) <= Math.max(within[0], within[1] * Math.max(Math.abs(got), Math.abs(want)));\n    }\n" +
    "    if (Array.isArray(got) && Array.isArray(want)) return got.length === want.length && got.every((g, i) => same(g, want[i], within));\n" +
    '    if (got && want && typeof got === "object" && typeof want === "object" && !Array.isArray(got) && !Array.isArray(want)) {\n' +
    "        const keys = Object.keys(want);\n" +
    "        return Object.keys(got).length === keys.length && keys.every((k) => k in got && same(got[k], want[k], within));\n    }\n" +
    "    return Object.is(got, want) || got === want;\n}\n";

/** The test file (path relative to the workspace root, and text) that checks every case against the target. */
export function renderCaseTests(
    cases: InputOutputCases,
    language: SourceLanguage,
    targetFile: string
): { path: string; text: string } {
    const dir = targetFile.includes("/") ? targetFile.slice(0, targetFile.lastIndexOf("/") + 1) : "";
    const base = targetFile.slice(dir.length).replace(/\.[^.]+$/, "");
    const tolerance = cases.tolerance ?? defaultTolerance;
    if (!/^[A-Za-z_$][\w$]*$/.test(cases.function))
        throw new InvalidRequestError(`cases.json: "${cases.function}" is not a function name.`);
    switch (language) {
        case "python": {
            const module = cases.module ?? (dir + base).replace(/\//g, ".");
            const tests = cases.cases.map((_, i) => `def test_hidden_case_${i}():\n    _check(${i})\n`).join("\n\n");
            // Written exactly: Python's json reads 3.0 as a float and big integers whole.
            const json = writeExactJson(cases.cases as unknown as ExactJson);
            const within =
                tolerance.argument !== undefined
                    ? `(max(${tolerance.absolute ?? 0}, abs(case["input"][${tolerance.argument}])), ${tolerance.relative ?? 0})`
                    : `(${tolerance.absolute ?? 0}, ${tolerance.relative ?? 0})`;
            return {
                path: `${dir}test_ponder_hidden_cases.py`,
                text:
                    `import json\nimport math\nimport types\n\nfrom ${module} import ${cases.function}\n\nCASES = json.loads(${JSON.stringify(json)})\n\n\n` +
                    pythonSame +
                    "\n\n\n" +
                    `def _check(index):\n    case = CASES[index]\n    got = _plain(${cases.function}(*case["input"]))\n` +
                    `    assert _same(got, case["output"], ${within}), f"{got!r} != {case['output']!r}"\n\n\n${tests}`
            };
        }
        case "typescript":
        case "tsx":
        case "javascript": {
            const extension = language === "javascript" ? "js" : "ts";
            const module = cases.module ?? `./${base}.js`;
            const json = JSON.stringify(toPlainJson(cases.cases as unknown as ExactJson));
            const within =
                tolerance.argument !== undefined
                    ? `[Math.max(${tolerance.absolute ?? 0}, Math.abs(c.input[${tolerance.argument}])), ${tolerance.relative ?? 0}]`
                    : `[${tolerance.absolute ?? 0}, ${tolerance.relative ?? 0}]`;
            return {
                path: `${dir}ponder-hidden-cases.test.${extension}`,
                text: (
                    `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { ${cases.function} } from ${JSON.stringify(module)};\n\n` +
                    `const cases: any[] = ${json};\n\n` +
                    scriptSame +
                    "\n" +
                    `cases.forEach((c, i) => test(\`hidden case \${i}\`, () => {\n    const got = (${cases.function} as any)(...c.input);\n` +
                    `    if (!same(got, c.output, ${within})) {\n        assert.deepStrictEqual(got, c.output);\n        assert.fail("not within the tolerance");\n    }\n}));\n`
                )
                    .replace(/: any\[\]| as any/g, language === "javascript" ? "" : "$&")
                    .replace(
                        "function same(got, want, within)",
                        language === "javascript"
                            ? "function same(got, want, within)"
                            : "function same(got: any, want: any, within: number[]): boolean"
                    )
            };
        }
        case "rust":
            throw new InvalidRequestError(
                "cases.json is read for Python, TypeScript and JavaScript tasks and for ports; a Rust fix or tests task puts its #[test] functions in hidden/append/ or hidden/tests/."
            );
        case "go":
            throw new InvalidRequestError(
                "cases.json is read for Python, TypeScript and JavaScript tasks and for ports; a Go fix or tests task puts its _test.go files in hidden/."
            );
    }
}

/**
 * The cases as an integration test of a ported crate (`tests/ponder_hidden_cases.rs`), one `#[test]` per case.
 * A case whose input or output has no literal of the port's types fails with that reason: the port cannot
 * take a value the original takes, which the hidden verdict must count.
 */
export function renderRustPortCaseTests(
    cases: { input: ExactJson[]; output: ExactJson }[],
    signature: RustFunctionSignature,
    crateName: string
): { path: string; text: string } {
    const tests = cases.map((c, i) => {
        const name = `hidden_case_${i}`;
        const call = rustCall(signature, c.input);
        if (call === undefined)
            return testFunction(
                name,
                [
                    `panic!(${JSON.stringify(`the input does not fit the port's parameter types (${signature.header})`)});`
                ],
                false
            );
        const assertion = assertionFor(signature, call, { kind: "value", value: c.output });
        if (!assertion)
            return testFunction(
                name,
                [
                    `panic!(${JSON.stringify(`the expected value does not fit the port's return type (${signature.header})`)});`
                ],
                false
            );
        return testFunction(name, assertion.lines, assertion.shouldPanic);
    });
    return {
        path: "tests/ponder_hidden_cases.rs",
        text:
            [
                `//! The bench's hidden input/output cases of ${signature.name}, rendered for the port's signature.`,
                `use ${crateName}::*;`,
                "",
                ...tests
            ].join("\n\n") + "\n"
    };
}
