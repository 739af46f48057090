// TypeScript's, TSX's and JavaScript's registry entries, as one table each (see languageTable.ts).

import { test } from "node:test";
import assert from "node:assert/strict";
import { isCompatibleLanguage } from "../../../engine/analysis/index.js";
import { checkLanguage, type LanguageTable } from "./languageTable.js";

const shared = {
    inTargetFile: false,
    toolchain: {
        name: "javascript",
        projectMarkers: ["package.json", "tsconfig.json"],
        runsNamedFiles: true,
        buildsBeforeTests: false,
        measuresCoverage: true
    },
    failure: {
        message: "AssertionError: 1 == 2\n    at gcd (file:///s/src/gcd.ts:4:11)\n    at t (/s/src/gcd.test.ts:9:3)",
        site: { file: "file:///s/src/gcd.ts", line: 4 }
    }
} satisfies Partial<LanguageTable>;

test("typescript: files, fences, grammar, test conventions, toolchain and capabilities", () =>
    checkLanguage({
        ...shared,
        language: "typescript",
        paths: [
            ["src/gcd.ts", "typescript"],
            ["types/x.d.ts", "typescript"],
            ["a.mts", "typescript"],
            ["a.cts", "typescript"]
        ],
        fenceTags: ["typescript", "ts", "TS", "mts"],
        promptTag: "typescript",
        sample: {
            text: "export function gcd(a: number, b: number): number { return b === 0 ? a : gcd(b, a % b); }\n",
            functions: ["gcd"]
        },
        testFiles: [
            ["src/gcd.test.ts", "src/gcd.ts", true],
            ["src/gcd.spec.mts", "src/gcd.ts", true],
            ["src/gcd.ts", "src/gcd.ts", false]
        ],
        testFileFor: [{ target: "src/gcd.ts", project: { files: [] }, expected: "src/gcd.test.ts" }],
        placement: {
            target: "src/gcd.ts",
            tag: "r1_c0",
            code: "x",
            expected: { file: "src/gcd.ponder-r1_c0.test.ts", code: "x" }
        },
        importHint: {
            file: "src/gcd.ts",
            names: ["gcd"],
            expected: { hint: 'Import with `import { gcd } from "./gcd.js";`.', modulePath: "./gcd.js" }
        },
        capabilities: { behaviour: true, portSource: false, portTarget: true, symbolicTools: ["typescript"] }
    }));

test("tsx: its own grammar and fence tag, TypeScript's conventions", () =>
    checkLanguage({
        ...shared,
        language: "tsx",
        paths: [["ui/App.tsx", "tsx"]],
        fenceTags: ["tsx"],
        promptTag: "tsx",
        sample: { text: "export function App() { return <div>hi</div>; }\n", functions: ["App"] },
        testFiles: [["ui/App.test.tsx", "ui/App.tsx", true]],
        testFileFor: [{ target: "ui/App.tsx", project: { files: [] }, expected: "ui/App.test.tsx" }],
        placement: {
            target: "ui/App.tsx",
            tag: "doctests",
            code: "x",
            expected: { file: "ui/App.ponder-doctests.test.tsx", code: "x" }
        },
        importHint: {
            file: "ui/App.tsx",
            names: ["App"],
            expected: { hint: 'Import with `import { App } from "./App.js";`.', modulePath: "./App.js" }
        },
        capabilities: { behaviour: true, portSource: false, portTarget: false, symbolicTools: ["typescript"] }
    }));

test("javascript: files, fences, grammar, test conventions, toolchain and capabilities", () =>
    checkLanguage({
        ...shared,
        language: "javascript",
        paths: [
            ["lib/gcd.js", "javascript"],
            ["lib/gcd.mjs", "javascript"],
            ["lib/gcd.cjs", "javascript"],
            ["App.jsx", "javascript"]
        ],
        fenceTags: ["javascript", "js", "node", "jsx"],
        promptTag: "javascript",
        sample: {
            text: "function gcd(a, b) { return b === 0 ? a : gcd(b, a % b); }\nmodule.exports = { gcd };\n",
            functions: ["gcd"]
        },
        testFiles: [
            ["lib/gcd.test.js", "lib/gcd.js", true],
            ["lib/gcd.js", "lib/gcd.js", false]
        ],
        testFileFor: [{ target: "lib/gcd.mjs", project: { files: [] }, expected: "lib/gcd.test.mjs" }],
        placement: {
            target: "lib/gcd.mjs",
            tag: "r0_c0",
            code: "x",
            expected: { file: "lib/gcd.ponder-r0_c0.test.js", code: "x" }
        },
        importHint: {
            file: "lib/gcd.js",
            names: ["gcd"],
            expected: { hint: 'Import with `import { gcd } from "./gcd.js";`.', modulePath: "./gcd.js" }
        },
        capabilities: { behaviour: true, portSource: true, portTarget: false, symbolicTools: ["typescript"] }
    }));

test("TypeScript, TSX and JavaScript are one family; Python and Rust only match themselves", () => {
    assert.equal(isCompatibleLanguage("javascript", "typescript"), true);
    assert.equal(isCompatibleLanguage("tsx", "javascript"), true);
    assert.equal(isCompatibleLanguage("python", "typescript"), false);
    assert.equal(isCompatibleLanguage("rust", "rust"), true);
});
