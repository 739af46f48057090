// TypeScript, TSX and JavaScript: one family (a model's `js` block stands in for TypeScript tests), three
// grammars, one toolchain (node:test, vitest, jest or mocha, TypeScript transpiled), the TypeScript service's
// code fixes, the behaviour comparison, JavaScript as a port source and TypeScript as a port target.

import { readScriptTarget } from "./behaviour/candidateBehaviourScriptTarget.js";
import { typescriptCodeFixes } from "./typescriptCodeFixes.js";
import { javascriptSource } from "./port/javascriptSource.js";
import { languagePairs } from "../../chains/port/languagePairs.js";
import { typescriptTarget } from "./port/typescriptTarget.js";
import { scriptCaseTests } from "./scriptCaseTests.js";
import { javascriptToolchain, type JavaScriptToolchainOptions } from "./toolchain/javascriptToolchain.js";
import { javascriptTestIds } from "./toolchain/javascriptTestIds.js";
import type { LanguageMutations, LanguageSupport, ToolchainSupport } from "../LanguageSupport.js";
import { javascriptTamperSigns } from "./javascriptTamperSigns.js";
import { ecmascriptSyntax } from "./ecmascriptSyntax.js";
import { ecmascriptTests } from "./ecmascriptTests.js";

/** The one toolchain of the ECMAScript dialects; its driver's parameter is the options `runTests` takes under "javascript". */
export const javascriptToolchainSupport = {
    name: "javascript" as const,
    projectMarkers: ["package.json", "tsconfig.json"],
    driver: (options?: JavaScriptToolchainOptions) => javascriptToolchain(options),
    buildsBeforeTests: false,
    runsNamedFiles: true,
    judgeTimeoutMs: 10_000,
    measuresCoverage: true,
    tamperSigns: javascriptTamperSigns,
    commentLine: /^\s*\/\/.*$/gm,
    testIds: javascriptTestIds
} satisfies ToolchainSupport;

const mutations: LanguageMutations = {
    operatorNodes: ["binary_expression", "augmented_assignment_expression"],
    integerNodes: ["number"],
    booleanNodes: ["true", "false"],
    booleanSwap: { true: "false", false: "true" },
    returnNode: "return_statement",
    neutralReturn: "undefined"
};

const shared = {
    family: "ecmascript",
    lineComment: "//",
    syntax: ecmascriptSyntax(),
    toolchain: javascriptToolchainSupport,
    mutations,
    symbolicFixSources: () => [typescriptCodeFixes()],
    behaviour: { readTarget: readScriptTarget }
} as const;

export const typescriptLanguage: LanguageSupport<"typescript"> = {
    ...shared,
    name: "typescript",
    displayName: "TypeScript",
    extensions: ["ts", "mts", "cts"],
    fenceTags: ["typescript", "ts", "mts", "cts"],
    grammar: { wasm: "tree-sitter-typescript/tree-sitter-typescript.wasm", queries: "typescript" },
    tests: ecmascriptTests("ts"),
    caseTests: scriptCaseTests(true),
    get port() {
        return { target: typescriptTarget };
    }
};

export const tsxLanguage: LanguageSupport<"tsx"> = {
    ...shared,
    name: "tsx",
    displayName: "TypeScript",
    extensions: ["tsx"],
    fenceTags: ["tsx"],
    grammar: { wasm: "tree-sitter-typescript/tree-sitter-tsx.wasm", queries: "typescript" },
    tests: ecmascriptTests("tsx"),
    caseTests: scriptCaseTests(true)
};

export const javascriptLanguage: LanguageSupport<"javascript"> = {
    ...shared,
    name: "javascript",
    displayName: "JavaScript",
    extensions: ["js", "mjs", "cjs", "jsx"],
    fenceTags: ["javascript", "js", "mjs", "cjs", "jsx", "node"],
    grammar: { wasm: "tree-sitter-javascript/tree-sitter-javascript.wasm", queries: "javascript" },
    tests: ecmascriptTests("js"),
    caseTests: scriptCaseTests(false),
    get port() {
        return { source: javascriptSource, pairs: languagePairs.filter((pair) => pair.from === "javascript") };
    }
};

export const ecmascriptLanguages = [typescriptLanguage, tsxLanguage, javascriptLanguage] as const;
