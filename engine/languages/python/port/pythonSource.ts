// Python as a port's source: units and examples from tree-sitter, pytest/unittest tests as plans, and one
// sandboxed interpreter answering the cases.

import { basename, dirname } from "node:path";
import { decomposePythonSource } from "./decomposePythonSource.js";
import { writePythonLiteral } from "../../../chains/port/literalWriters.js";
import type { SourceBackend } from "../../../chains/port/PortBackends.js";
import { runPythonCases } from "./pythonHarness.js";
import { planPythonTests } from "../../../chains/port/testPlans.js";
import { pythonTypeText } from "../../../chains/port/valueTypes.js";

const stemOf = (file: string) => basename(file).replace(/\.py$/, "");

export const pythonSource: SourceBackend = {
    language: "python",
    stemOf,
    async testFiles(workspace, file) {
        const stem = stemOf(file);
        const folder = dirname(file) === "." ? "" : `${dirname(file)}/`;
        const found: { path: string; text: string }[] = [];
        for (const path of [`${folder}test_${stem}.py`, `${folder}${stem}_test.py`, `${folder}tests/test_${stem}.py`]) {
            const text = await workspace.readText(path).catch(() => undefined);
            if (text !== undefined) found.push({ path, text });
        }
        return found;
    },
    decompose: (text, testFiles, file, parser) => decomposePythonSource(text, testFiles, file, parser),
    planTests: (tests, functions, parser) => planPythonTests(tests, functions, parser),
    runCases: (sandbox, module, cases, caseTimeoutMs, signal) =>
        runPythonCases(sandbox, { name: stemOf(module.file), text: module.text }, cases, caseTimeoutMs, signal),
    literalOf: writePythonLiteral,
    typeTextOf: pythonTypeText
};
