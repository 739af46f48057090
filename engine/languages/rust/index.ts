// Rust: `.rs` files, tree-sitter-rust, tests in the file's own `#[cfg(test)]` module run by cargo in the sandbox
// (a build before every run), rustc's machine-applicable suggestions, and the port's Rust target backend.

import { InvalidRequestError } from "../../errors.js";
import type { TestCaseResult } from "../../toolchains/TestRunResult.js";
import { rustcSuggestions } from "./rustcSuggestions.js";
import { rustTarget } from "./port/rustTarget.js";
import { rustToolchain, type RustToolchainOptions } from "./toolchain/rustToolchain.js";
import { rustTestIds } from "./toolchain/rustTestIds.js";
import { rustTamperSigns } from "./rustTamperSigns.js";
import type { LanguageSupport, ToolchainSupport } from "../LanguageSupport.js";
import { rustSyntax } from "./rustSyntax.js";
import { rustTests } from "./rustTests.js";

/** A failing Rust test is its own verdict: a panic inside the target's original lines, else a failed assertion. */
function classifyFailure(
    test: TestCaseResult,
    targetFile: string,
    originalLineCount: number
): { reproduces: boolean; reason: string } {
    const site = rustTests.failureSite(test.message ?? "");
    if (site && site.file.endsWith(targetFile.split("/").pop()!) && site.line <= originalLineCount) {
        return { reproduces: true, reason: `panics inside the code under test (line ${site.line})` };
    }
    return { reproduces: true, reason: "a failed assertion" };
}

/** Rust's toolchain (cargo); its driver's parameter is the options `runTests` takes under "rust". */
export const rustToolchainSupport = {
    name: "rust" as const,
    projectMarkers: ["Cargo.toml"],
    driver: (options?: RustToolchainOptions) => rustToolchain(options),
    buildsBeforeTests: true,
    runsNamedFiles: false,
    judgeTimeoutMs: 60_000,
    measuresCoverage: false,
    tamperSigns: rustTamperSigns,
    commentLine: /^\s*\/\/.*$/gm,
    testIds: rustTestIds
} satisfies ToolchainSupport;

export const rustLanguage: LanguageSupport<"rust"> = {
    name: "rust",
    family: "rust",
    displayName: "Rust",
    extensions: ["rs"],
    fenceTags: ["rust", "rs"],
    lineComment: "//",
    grammar: { wasm: "tree-sitter-rust/tree-sitter-rust.wasm", queries: "rust" },
    syntax: rustSyntax,
    tests: rustTests,
    caseTests: () => {
        throw new InvalidRequestError(
            "cases.json is read for Python, TypeScript and JavaScript tasks and for ports; a Rust fix or tests task puts its #[test] functions in hidden/append/ or hidden/tests/."
        );
    },
    toolchain: rustToolchainSupport,
    mutations: {
        operatorNodes: ["binary_expression", "compound_assignment_expr"],
        integerNodes: ["integer_literal"],
        booleanNodes: ["boolean_literal"],
        booleanSwap: { true: "false", false: "true" }
    },
    classifyFailure,
    symbolicFixSources: () => [rustcSuggestions()],
    get port() {
        return { target: rustTarget };
    }
};
