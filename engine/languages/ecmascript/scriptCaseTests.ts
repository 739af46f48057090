// The TypeScript or JavaScript file of a task's input/output cases: one node:test per case, each comparing the
// target's result with the expected value within the task's tolerance (typed in TypeScript, plain in JavaScript).

import { toPlainJson, type ExactJson } from "../../chains/port/exactJson.js";
import type { CaseTestFile, CaseTestInput } from "../LanguageSupport.js";

/** The same check in TypeScript and JavaScript: numbers within the tolerance, the rest deeply equal. */
const scriptSame =
    "function same(got, want, within) {\n" +
    '    if (typeof got === "number" && typeof want === "number") {\n' +
    "        if (Number.isNaN(want)) return Number.isNaN(got);\n" +
    "        if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want;\n" +
    "        return Math.abs(got - want) <= Math.max(within[0], within[1] * Math.max(Math.abs(got), Math.abs(want)));\n    }\n" +
    "    if (Array.isArray(got) && Array.isArray(want)) return got.length === want.length && got.every((g, i) => same(g, want[i], within));\n" +
    '    if (got && want && typeof got === "object" && typeof want === "object" && !Array.isArray(got) && !Array.isArray(want)) {\n' +
    "        const keys = Object.keys(want);\n" +
    "        return Object.keys(got).length === keys.length && keys.every((k) => k in got && same(got[k], want[k], within));\n    }\n" +
    "    return Object.is(got, want) || got === want;\n}\n";

/** The case test file of a dialect: `typed` writes TypeScript (`.ts`, annotated), else JavaScript (`.js`). */
export function scriptCaseTests(typed: boolean): (input: CaseTestInput) => CaseTestFile {
    return ({ cases, tolerance, base, dir }) => {
        const module = cases.module ?? `./${base}.js`;
        const json = JSON.stringify(toPlainJson(cases.cases as unknown as ExactJson));
        const within =
            tolerance.argument !== undefined
                ? `[Math.max(${tolerance.absolute ?? 0}, Math.abs(c.input[${tolerance.argument}])), ${tolerance.relative ?? 0}]`
                : `[${tolerance.absolute ?? 0}, ${tolerance.relative ?? 0}]`;
        return {
            path: `${dir}ponder-hidden-cases.test.${typed ? "ts" : "js"}`,
            text: (
                `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { ${cases.function} } from ${JSON.stringify(module)};\n\n` +
                `const cases: any[] = ${json};\n\n` +
                scriptSame +
                "\n" +
                `cases.forEach((c, i) => test(\`hidden case \${i}\`, () => {\n    const got = (${cases.function} as any)(...c.input);\n` +
                `    if (!same(got, c.output, ${within})) {\n        assert.deepStrictEqual(got, c.output);\n        assert.fail("not within the tolerance");\n    }\n}));\n`
            )
                .replace(/: any\[\]| as any/g, typed ? "$&" : "")
                .replace(
                    "function same(got, want, within)",
                    typed
                        ? "function same(got: any, want: any, within: number[]): boolean"
                        : "function same(got, want, within)"
                )
        };
    };
}
