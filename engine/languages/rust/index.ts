// Rust: `.rs` files, tree-sitter-rust, tests in the file's own `#[cfg(test)]` module run by cargo in the sandbox
// (a build before every run), rustc's machine-applicable suggestions, and the port's Rust target backend.

import type { TestCaseResult } from "../../toolchains/TestRunResult.js";
import { rustcSuggestions } from "./rustcSuggestions.js";
import { rustTarget } from "./port/rustTarget.js";
import { rustToolchain, type RustToolchainOptions } from "./toolchain/rustToolchain.js";
import { rustTestIds } from "./toolchain/rustTestIds.js";
import { rustTamperSigns } from "./rustTamperSigns.js";
import type { LanguageSupport } from "../LanguageSupport.js";
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
    toolchain: {
        name: "rust",
        projectMarkers: ["Cargo.toml"],
        driver: (options) => rustToolchain(options as RustToolchainOptions | undefined),
        buildsBeforeTests: true,
        runsNamedFiles: false,
        measuresCoverage: false,
        tamperSigns: rustTamperSigns,
        commentLine: /^\s*\/\/.*$/gm,
        testIds: rustTestIds
    },
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
