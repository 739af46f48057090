// How Rust tests are written, found, placed and merged: `#[test]` functions in the file's own `#[cfg(test)]`
// module (so the target file is a test file of itself), integration tests in `tests/*.rs`, `use super::*;`.

import type { TextEdit } from "../../analysis/index.js";
import { frameRelativePath, withoutRepeats } from "../failureFramePaths.js";
import type { FailureSite, MergedTestCode, TestConventions } from "../LanguageSupport.js";

/** The function whose header starts with `head` (`fn name`), by braces. */
function braceFunction(code: string, head: string): string | undefined {
    const start = code.indexOf(head + "(");
    if (start < 0) return undefined;
    const open = code.indexOf("{", start);
    if (open < 0) return undefined;
    let depth = 0;
    for (let i = open; i < code.length; i++) {
        if (code[i] === "{") depth++;
        else if (code[i] === "}" && --depth === 0) return code.slice(start, i + 1);
    }
    return undefined;
}

function indented(code: string): string {
    return code
        .split("\n")
        .map((line) => (line === "" ? "" : `    ${line}`))
        .join("\n");
}

/** The merged tests as a new test module at the end of the target (`ponder_tests` when `tests` is taken). */
function appendToTarget(text: string, merged: MergedTestCode): TextEdit {
    const name = /\bmod\s+tests\b/.test(text) ? "ponder_tests" : "tests";
    const uses = ["use super::*;", ...merged.imports.filter((line) => line !== "use super::*;")];
    const body = indented([...uses, "", merged.body].join("\n"));
    const newText = `${text.endsWith("\n") || text === "" ? "" : "\n"}\n#[cfg(test)]\nmod ${name} {\n${body}\n}\n`;
    return { start: text.length, end: text.length, newText };
}

/** The standard library (`/rustc/<hash>/library/…`) and crates from a registry or a vendor folder. */
const rustOutsideFrame = /^\/rustc\/|(^|\/)(\.cargo\/registry|\.rustup|vendor)\/|^\/usr\//;

/**
 * Every frame a panic names, outermost first: a backtrace's `at ./src/x.rs:L:C` lines (printed innermost first, so
 * reversed), then the panic's own location (`panicked at src/x.rs:L:C`, or `'msg', src/x.rs:L:C` before Rust 1.73).
 */
function rustFailureFrames(message: string): FailureSite[] {
    const backtrace = [...message.matchAll(/^\s+at ([^\s:]+\.rs):(\d+)(?::\d+)?\s*$/gm)]
        .map((frame) => ({ file: frameRelativePath(frame[1]!), line: Number(frame[2]) }))
        .reverse();
    const panics = [...message.matchAll(/panicked at (?:'(?:[^'\\]|\\.)*', )?([^\s:]+\.rs):(\d+)(?::\d+)?/g)].map(
        (panic) => ({ file: frameRelativePath(panic[1]!), line: Number(panic[2]) })
    );
    return withoutRepeats([...backtrace, ...panics].filter((frame) => !rustOutsideFrame.test(frame.file)));
}

export const rustTests: TestConventions = {
    isTestFile: (path, targetFile) => path === targetFile || /^tests\/.*\.rs$/.test(path),
    inTargetFile: true,
    detectFramework: () => Promise.resolve("rust"),
    frameworkInstruction: () =>
        "#[test] functions (they are placed in the file's `#[cfg(test)] mod tests`, with `use super::*;`)",
    fixTestStyle: "#[test] functions (they are placed in a test module of the same file, with `use super::*;`)",
    importHint: () => ({ hint: "The tests see the file's items through `use super::*;`.", modulePath: "super" }),
    testFileFor: (targetFile) => targetFile,
    place(targetFile, tag, testCode) {
        const module = `ponder_repro_${tag}`;
        return {
            file: targetFile,
            module,
            code: `\n#[cfg(test)]\nmod ${module} {\n    #[allow(unused_imports)]\n    use super::*;\n${indented(testCode)}\n}\n`
        };
    },
    importLine: /^use /,
    importStart: /^use /,
    testGap: "\n\n",
    appendToTarget,
    renameTest: (code, from, to) => code.replace(new RegExp(`\\bfn ${from}\\(`), `fn ${to}(`),
    testFunctionSource: (code, name) => braceFunction(code, `fn ${name}`),
    assertion: /\b(assert|assert_eq|assert_ne|debug_assert|debug_assert_eq|panic|unreachable)!|#\[should_panic/,
    testNamePattern: /#\[test\][\s\S]*?fn\s+(\w+)/g,
    comment: /\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    failureSite(message) {
        const panic = /panicked at ([^:\s]+):(\d+)/.exec(message);
        return panic ? { file: panic[1]!, line: Number(panic[2]) } : undefined;
    },
    failureFrames: rustFailureFrames
};
