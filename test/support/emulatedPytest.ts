// Answers a RecordingSandbox's pytest runs without Python: it reads the scratch copy (a one-function module whose
// body is `return <arithmetic>`, and test files of `assert f(x, y) == z` lines) and answers on the run's channel as
// Ponder's driver would (a failure per wrong assertion, a collection error when the module does not import). A module line outside that subset fails at import, as `@functools.cach` does in real Python.

import { driverArguments, driverChannel, type DriverResult } from "./pythonDriverChannel.js";
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
        const { targets: testFiles } = driverArguments(request);
        const module = (await scratch.readFile(moduleFile)) ?? "";
        const failingLine = module.split("\n").find((line) => !knownModuleLine.test(line));
        const expression = /^\s+return (.+)$/m.exec(module)?.[1] ?? "";
        runs.push({
            module: failingLine === undefined ? expression : `${failingLine} (does not import)`,
            tests: testFiles
        });
        const cases: DriverResult[] = [];
        for (const testFile of testFiles) {
            const text = (await scratch.readFile(testFile)) ?? "";
            if (failingLine !== undefined) {
                cases.push(
                    collectionError(
                        testFile,
                        `${moduleFile}:1: in <module>\n    ${failingLine.trim()}\nE   AttributeError: emulated import failure`
                    )
                );
                continue;
            }
            for (const test of text.matchAll(/^def (test_\w+)\(\):\n\s+assert (\w+)\(([^)]*)\) == (.+)$/gm))
                cases.push(testCase(testFile, test[1]!, evaluate(expression, test[3]!), Number(test[4])));
        }
        return {
            exitCode: failingLine !== undefined ? 2 : cases.some((c) => c.outcome === "failed") ? 1 : 0,
            channel: driverChannel(request, cases)
        };
    };
    return { answer, runs };
}

/** The function's value for the call's arguments: its `return` expression with the parameters `a` and `b` bound. */
function evaluate(expression: string, argumentText: string): number {
    const [a, b] = argumentText.split(",").map((value) => Number(value.trim()));
    // The expression is the test's own fixture text, evaluated as the emulated interpreter would.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return Number(new Function("a", "b", `return (${expression});`)(a, b));
}

function testCase(file: string, name: string, actual: number, expected: number): DriverResult {
    if (actual === expected) return { id: `${file}::${name}`, outcome: "passed" };
    return {
        id: `${file}::${name}`,
        outcome: "failed",
        message: `assert ${actual} == ${expected}\n\n${file}:4: AssertionError`
    };
}

function collectionError(file: string, traceback: string): DriverResult {
    return { id: file, outcome: "error", message: `collection failure\n\n${traceback}`, collectionError: true };
}
