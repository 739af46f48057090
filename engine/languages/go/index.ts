// Go: `.go` files, tree-sitter-go, `_test.go` files of the target's package run by `go test -json` in the sandbox
// (offline: the standard library and vendored modules), coverage from the cover profile. No port backends and no
// behaviour comparison yet; `go vet`'s findings are read by goVet.ts.

import { InvalidRequestError } from "../../errors.js";
import type { TestCaseResult } from "../../toolchains/TestRunResult.js";
import type { LanguageSupport, ToolchainSupport } from "../LanguageSupport.js";
import { goSyntax } from "./goSyntax.js";
import { goTamperSigns } from "./goTampering.js";
import { goTests } from "./goTests.js";
import { goToolchain, type GoToolchainOptions } from "./goToolchain.js";
import { goTestIds } from "./goTestIds.js";

/**
 * A failing Go test reproduces when its own check failed (t.Error, t.Fatal: the test file's line is where the check
 * is, not where the bug is) or when it panicked inside the target's original lines; a panic elsewhere (the test's own
 * index out of range) does not.
 */
export function classifyGoFailure(
    test: TestCaseResult,
    targetFile: string,
    originalLineCount: number
): { reproduces: boolean; reason: string } | undefined {
    const message = test.message ?? "";
    if (/^panic: /m.test(message)) {
        const site = goTests.failureSite(message);
        if (site && site.file.split("/").pop() === targetFile.split("/").pop() && site.line <= originalLineCount) {
            return { reproduces: true, reason: `panics inside the code under test (line ${site.line})` };
        }
        return {
            reproduces: false,
            reason: `panics outside the code under test${site ? ` (${site.file}:${site.line})` : ""}`
        };
    }
    if (test.outcome === "failed") return { reproduces: true, reason: "a failed check (t.Error or t.Fatal)" };
    return undefined;
}

/** Go's toolchain; its driver's parameter is the options `runTests` takes under "go". */
export const goToolchainSupport = {
    name: "go" as const,
    projectMarkers: ["go.mod"],
    driver: (options?: GoToolchainOptions) => goToolchain(options),
    // Each run compiles its test binaries first; the build cache lives in scratch, so runs never share it.
    buildsBeforeTests: true,
    runsNamedFiles: true,
    judgeTimeoutMs: 10_000,
    measuresCoverage: true,
    tamperSigns: goTamperSigns,
    commentLine: /^\s*\/\/.*$/gm,
    testIds: goTestIds
} satisfies ToolchainSupport;

export const goLanguage: LanguageSupport<"go"> = {
    name: "go",
    family: "go",
    displayName: "Go",
    extensions: ["go"],
    fenceTags: ["go", "golang"],
    lineComment: "//",
    grammar: { wasm: "tree-sitter-go/tree-sitter-go.wasm", queries: "go" },
    syntax: goSyntax,
    tests: goTests,
    caseTests: () => {
        throw new InvalidRequestError(
            "cases.json is read for Python, TypeScript and JavaScript tasks and for ports; a Go fix or tests task puts its _test.go files in hidden/."
        );
    },
    toolchain: goToolchainSupport,
    mutations: {
        operatorNodes: ["binary_expression", "assignment_statement", "inc_statement", "dec_statement"],
        integerNodes: ["int_literal"],
        booleanNodes: ["true", "false"],
        booleanSwap: { true: "false", false: "true" }
    },
    classifyFailure: classifyGoFailure
};
