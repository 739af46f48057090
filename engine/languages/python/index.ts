// Python: `.py` files, the tree-sitter-python grammar, pytest/unittest tests run by our driver in the sandbox,
// ruff's autofixes, the behaviour comparison, and the port's source backend (to Rust and to TypeScript).

import { readPythonTarget } from "./behaviour/candidateBehaviourPythonTarget.js";
import { ruffFixes } from "./ruffFixes.js";
import { languagePairs } from "../../chains/port/languagePairs.js";
import { pythonSource } from "./port/pythonSource.js";
import { pythonToolchain, type PythonToolchainOptions } from "./toolchain/pythonToolchain.js";
import { pythonTestIds } from "./toolchain/pythonTestIds.js";
import { pythonTamperSigns } from "./pythonTamperSigns.js";
import type { LanguageSupport } from "../LanguageSupport.js";
import { pythonSyntax } from "./pythonSyntax.js";
import { pythonTests } from "./pythonTests.js";

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
    isPrivateName: (name) => name.startsWith("_"),
    toolchain: {
        name: "python",
        projectMarkers: [],
        driver: (options) => pythonToolchain(options as PythonToolchainOptions | undefined),
        buildsBeforeTests: false,
        runsNamedFiles: true,
        measuresCoverage: true,
        tamperSigns: pythonTamperSigns,
        commentLine: /^\s*#.*$/gm,
        testIds: pythonTestIds
    },
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
