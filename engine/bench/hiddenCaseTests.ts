// Turns a task's input/output cases into a test file of its language, one test per case, so the toolchains
// judge cases the same way they judge test files. A Rust port's cases become `#[test]`s whose literals take the
// ported function's own parameter types.

import type { SourceLanguage } from "../analysis/index.js";
import type { ExactJson } from "../chains/port/exactJson.js";
import type { RustFunctionSignature } from "../chains/port/rustSignature.js";
import { assertionFor, rustCall, testFunction } from "../chains/port/rustTests.js";
import { InvalidRequestError } from "../errors.js";
import type { InputOutputCases } from "./BenchTypes.js";

/** The test file (path relative to the workspace root, and text) that checks every case against the target. */
export function renderCaseTests(cases: InputOutputCases, language: SourceLanguage, targetFile: string): { path: string; text: string } {
    const dir = targetFile.includes("/") ? targetFile.slice(0, targetFile.lastIndexOf("/") + 1) : "";
    const base = targetFile.slice(dir.length).replace(/\.[^.]+$/, "");
    const json = JSON.stringify(cases.cases);
    if (!/^[A-Za-z_$][\w$]*$/.test(cases.function)) throw new InvalidRequestError(`cases.json: "${cases.function}" is not a function name.`);
    switch (language) {
        case "python": {
            const module = cases.module ?? (dir + base).replace(/\//g, ".");
            const tests = cases.cases.map((_, i) => `def test_hidden_case_${i}():\n    _check(${i})\n`).join("\n\n");
            return {
                path: `${dir}test_ponder_hidden_cases.py`,
                text: `import json\nimport types\n\nfrom ${module} import ${cases.function}\n\nCASES = json.loads(${JSON.stringify(json)})\n\n\n` +
                    "def _plain(value):\n" +
                    "    if isinstance(value, (list, tuple, types.GeneratorType)):\n        return [_plain(v) for v in value]\n" +
                    "    if isinstance(value, dict):\n        return {k: _plain(v) for k, v in value.items()}\n" +
                    "    return value\n\n\n" +
                    `def _check(index):\n    case = CASES[index]\n    assert _plain(${cases.function}(*case["input"])) == case["output"]\n\n\n${tests}`
            };
        }
        case "typescript": case "tsx": case "javascript": {
            const extension = language === "javascript" ? "js" : "ts";
            const module = cases.module ?? `./${base}.js`;
            return {
                path: `${dir}ponder-hidden-cases.test.${extension}`,
                text: `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { ${cases.function} } from ${JSON.stringify(module)};\n\n` +
                    `const cases = ${json};\n\n` +
                    `cases.forEach((c, i) => test(\`hidden case \${i}\`, () => {\n    assert.deepStrictEqual((${cases.function} as any)(...c.input), c.output);\n}));\n`
                        .replace(" as any", language === "javascript" ? "" : " as any")
            };
        }
        case "rust":
            throw new InvalidRequestError("cases.json is read for Python, TypeScript and JavaScript tasks and for ports; a Rust fix or tests task puts its #[test] functions in hidden/append/ or hidden/tests/.");
    }
}

/**
 * The cases as an integration test of a ported crate (`tests/ponder_hidden_cases.rs`), one `#[test]` per case.
 * A case whose input or output has no literal of the port's types fails with that reason: the port cannot
 * take a value the original takes, which the hidden verdict must count.
 */
export function renderRustPortCaseTests(cases: { input: ExactJson[]; output: ExactJson }[], signature: RustFunctionSignature, crateName: string): { path: string; text: string } {
    const tests = cases.map((c, i) => {
        const name = `hidden_case_${i}`;
        const call = rustCall(signature, c.input);
        if (call === undefined) return testFunction(name, [`panic!(${JSON.stringify(`the input does not fit the port's parameter types (${signature.header})`)});`], false);
        const assertion = assertionFor(signature, call, { kind: "value", value: c.output });
        if (!assertion) return testFunction(name, [`panic!(${JSON.stringify(`the expected value does not fit the port's return type (${signature.header})`)});`], false);
        return testFunction(name, assertion.lines, assertion.shouldPanic);
    });
    return {
        path: "tests/ponder_hidden_cases.rs",
        text: [`//! The bench's hidden input/output cases of ${signature.name}, rendered for the port's signature.`, `use ${crateName}::*;`, "", ...tests].join("\n\n") + "\n"
    };
}
