// Answers a RecordingSandbox's pytest runs without Python: it reads the scratch copy (a one-function module whose
// body is `return <arithmetic>`, and test files of `assert f(x, y) == z` lines) and writes the JUnit report Ponder's
// driver would, in pytest's xunit1 shapes (a failure per wrong assertion, a collection error when the module does
// not import). A module line outside that subset fails at import, as `@functools.cach` does in real Python.

import type { SandboxAnswer } from "./RecordingSandbox.js";

/** What one run saw: the module's `return` expression (or that it does not import) and the test files it was given. */
export interface EmulatedRun {
    module: string;
    tests: string[];
}

const knownModuleLine = /^(\s*|import \w+|def \w+\([\w, ]*\):|\s+return .+|\s*"""[^"]*""")$/;

export function emulatedPytest(moduleFile: string): { answer: SandboxAnswer; runs: EmulatedRun[] } {
    const runs: EmulatedRun[] = [];
    const answer: SandboxAnswer = async ({ request, scratch }) => {
        // The driver's arguments: script, runner, JUnit path, started path, time limit, coverage path, then the test files.
        const [, , junitPath, , , , ...testFiles] = request.args ?? [];
        const module = await scratch.readFile(moduleFile) ?? "";
        const failingLine = module.split("\n").find((line) => !knownModuleLine.test(line));
        const expression = /^\s+return (.+)$/m.exec(module)?.[1] ?? "";
        runs.push({ module: failingLine === undefined ? expression : `${failingLine} (does not import)`, tests: testFiles });
        const cases: string[] = [];
        for (const testFile of testFiles) {
            const text = await scratch.readFile(testFile) ?? "";
            if (failingLine !== undefined) {
                cases.push(collectionError(testFile, `${moduleFile}:1: in <module>\n    ${failingLine.trim()}\nE   AttributeError: emulated import failure`));
                continue;
            }
            for (const test of text.matchAll(/^def (test_\w+)\(\):\n\s+assert (\w+)\(([^)]*)\) == (.+)$/gm))
                cases.push(testCaseXml(testFile, test[1]!, evaluate(expression, test[3]!), Number(test[4])));
        }
        await scratch.writeFile(junitPath!, `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">${cases.join("")}</testsuite></testsuites>`);
        return { exitCode: failingLine !== undefined ? 2 : cases.some((c) => c.includes("<failure")) ? 1 : 0 };
    };
    return { answer, runs };
}

/** The function's value for the call's arguments: its `return` expression with the parameters `a` and `b` bound. */
function evaluate(expression: string, argumentText: string): number {
    const [a, b] = argumentText.split(",").map((value) => Number(value.trim()));
    return Number(new Function("a", "b", `return (${expression});`)(a, b));
}

function testCaseXml(file: string, name: string, actual: number, expected: number): string {
    const attributes = `classname="${file.replace(/\.py$/, "")}" name="${name}" file="${file}" time="0.001"`;
    if (actual === expected) return `<testcase ${attributes} />`;
    return `<testcase ${attributes}><failure message="assert ${actual} == ${expected}">${escapeXml(`${file}:4: AssertionError`)}</failure></testcase>`;
}

function collectionError(file: string, traceback: string): string {
    return `<testcase classname="" name="${file.replace(/\.py$/, "")}" file="${file}" time="0.000"><error message="collection failure">${escapeXml(traceback)}</error></testcase>`;
}

function escapeXml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
