// Turns a task's input/output cases into a test file of its language, one test per case, so the toolchains
// judge cases the same way they judge test files. A Rust port's cases become `#[test]`s whose literals take the
// ported function's own parameter types.

import type { SourceLanguage } from "../analysis/index.js";
import type { ExactJson } from "../chains/port/exactJson.js";
import { languageSupportOf } from "../languages/index.js";
import type { RustFunctionSignature } from "../languages/rust/port/rustSignature.js";
import { assertionFor, rustCall, testFunction } from "../languages/rust/port/rustPortTests.js";
import { InvalidRequestError } from "../errors.js";
import type { CaseTolerance, InputOutputCases } from "./BenchTypes.js";

const defaultTolerance: CaseTolerance = { relative: 1e-9 };

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
    return languageSupportOf(language).caseTests({ cases, tolerance, dir, base });
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
