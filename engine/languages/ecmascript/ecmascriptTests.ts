// How TypeScript, TSX and JavaScript tests are written, found, placed and merged: node:test, vitest, jest or mocha
// (from package.json), `*.test.*` files beside the target, ES module imports.

import type { TestFramework } from "../../analysis/index.js";
import type { ProjectTestFiles, TestConventions } from "../LanguageSupport.js";
import { frameRelativePath } from "../failureFramePaths.js";
import { directoryOf, extensionOf, stemOf } from "../paths.js";
import { extendNamedImports, mergeNamedImports } from "./ecmascriptImports.js";

function detectFramework(project: ProjectTestFiles): Promise<TestFramework> {
    let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } = {};
    try {
        manifest = JSON.parse(project.packageJson ?? "{}");
    } catch {
        manifest = {};
    }
    const dependencies = { ...manifest.dependencies, ...manifest.devDependencies };
    for (const framework of ["vitest", "jest", "mocha"] as const)
        if (framework in dependencies) return Promise.resolve(framework);
    return Promise.resolve("node:test");
}

const instructions: Partial<Record<TestFramework, string>> = {
    vitest: 'vitest tests (`import { test, expect } from "vitest"`)',
    jest: "jest tests (`test(...)` with `expect(...)`)",
    mocha: "mocha tests (`describe`/`it` with `node:assert/strict`)"
};

/**
 * Every frame of a V8 stack (`at f (file:line:col)`, `at file:line:col`), outermost first: V8 prints the innermost
 * first, so the order is reversed. Node's own modules (`node:internal/…`) and installed packages are left out.
 */
function ecmascriptFailureFrames(message: string) {
    const frames = [...message.matchAll(/(?<![\w:/.-])((?:file:\/\/)?[^\s()'"`:]+\.[cm]?[jt]sx?):(\d+):\d+/g)];
    return frames
        .map((frame) => ({ file: frameRelativePath(frame[1]!), line: Number(frame[2]) }))
        .filter((frame) => !/(^|\/)node_modules\//.test(frame.file))
        .reverse();
}

/** The conventions of one dialect; `placedExtension` is the extension of the test files Ponder places (`ts`, `tsx`, `js`). */
export function ecmascriptTests(placedExtension: string): TestConventions {
    return {
        isTestFile: (path) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(path.split("/").pop()!),
        inTargetFile: false,
        detectFramework,
        frameworkInstruction: (framework) =>
            instructions[framework] ??
            'node:test tests (`import { test } from "node:test"` and `import assert from "node:assert/strict"`)',
        fixTestStyle: 'node:test tests (`import { test } from "node:test"` and `node:assert/strict`)',
        importHint(file, names, lead) {
            const base = stemOf(file);
            return {
                hint: `${lead} \`import { ${names.join(", ")} } from "./${base}.js";\`.`,
                modulePath: `./${base}.js`
            };
        },
        testFileFor: (targetFile) => `${directoryOf(targetFile)}${stemOf(targetFile)}.test.${extensionOf(targetFile)}`,
        place: (targetFile, tag, testCode) => ({
            file: `${directoryOf(targetFile)}${stemOf(targetFile)}.ponder-${tag}.test.${placedExtension}`,
            code: testCode
        }),
        importLine: /^import [^\n]*;?$/,
        importStart: /^import /,
        testGap: "\n\n",
        mergeImports: mergeNamedImports,
        extendImports: extendNamedImports,
        renameTest: (code) => code,
        testFunctionSource: () => undefined,
        assertion: /\bassert\b|\bexpect\(|\.should\b|\.assert\w*\(/,
        testNamePattern: /\b(?:test|it)\(\s*["'`]([^"'`]+)/g,
        comment: /\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
        failureSite(message) {
            const first = /\(?((?:file:\/\/)?[^\s():]+\.[cm]?[jt]sx?):(\d+):\d+\)?/.exec(message);
            return first ? { file: first[1]!, line: Number(first[2]) } : undefined;
        },
        failureFrames: ecmascriptFailureFrames
    };
}
