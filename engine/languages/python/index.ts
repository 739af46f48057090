// Python: `.py` files, the tree-sitter-python grammar, pytest/unittest tests run by our driver in the sandbox,
// ruff's autofixes, the behaviour comparison, and the port's source backend (to Rust and to TypeScript).

import { readPythonTarget } from "./behaviour/candidateBehaviourPythonTarget.js";
import { ruffFixes } from "./ruffFixes.js";
import { languagePairs } from "../../chains/port/languagePairs.js";
import { pythonSource } from "./port/pythonSource.js";
import { pythonToolchain, type PythonToolchainOptions } from "./toolchain/pythonToolchain.js";
import { pythonTestIds } from "./toolchain/pythonTestIds.js";
import { pythonTamperSigns } from "./pythonTamperSigns.js";
import type { LanguageSupport, ToolchainSupport } from "../LanguageSupport.js";
import { pythonSyntax } from "./pythonSyntax.js";
import { pythonCaseTests } from "./pythonCaseTests.js";
import { pythonTests } from "./pythonTests.js";

/** Python's toolchain; its driver's parameter is the options `runTests` takes under "python". */
export const pythonToolchainSupport = {
    name: "python" as const,
    projectMarkers: [],
    driver: (options?: PythonToolchainOptions) => pythonToolchain(options),
    buildsBeforeTests: false,
    runsNamedFiles: true,
    judgeTimeoutMs: 10_000,
    measuresCoverage: true,
    tamperSigns: pythonTamperSigns,
    commentLine: /^\s*#.*$/gm,
    testIds: pythonTestIds
} satisfies ToolchainSupport;

export const pythonLanguage: LanguageSupport<"python"> = {
    name: "python",
    family: "python",
    displayName: "Python",
    extensions: ["py", "pyi", "pyw"],
    fenceTags: ["python", "py", "python3", "py3"],
    lineComment: "#",
    grammar: { wasm: "tree-sitter-python/tree-sitter-python.wasm", queries: "python" },
    syntax: pythonSyntax,
    tests: pythonTests,
    caseTests: pythonCaseTests,
    isPrivateName: (name) => name.startsWith("_"),
    toolchain: pythonToolchainSupport,
    mutations: {
        operatorNodes: ["binary_operator", "comparison_operator", "boolean_operator", "augmented_assignment"],
        integerNodes: ["integer"],
        booleanNodes: ["true", "false"],
        booleanSwap: { True: "False", False: "True" },
        returnNode: "return_statement",
        neutralReturn: "None"
    },
    symbolicFixSources: () => [ruffFixes()],
    behaviour: { readTarget: (request, parser) => readPythonTarget(request, parser) },
    get port() {
        return { source: pythonSource, pairs: languagePairs.filter((pair) => pair.from === "python") };
    }
};
