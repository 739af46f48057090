// How Python tests are written, found, placed and merged: pytest or unittest files named `test_*.py` beside the
// target or where the project keeps them, imports by module name, docstring examples as a doctest.

import { listTestUnits, type TestFramework } from "../../analysis/index.js";
import type { ProjectTestFiles, TestConventions } from "../LanguageSupport.js";
import { frameRelativePath } from "../failureFramePaths.js";
import { directoryOf, stemOf } from "../paths.js";

/** The test function `name` in `code`, by indentation. */
function pythonFunction(code: string, name: string): string | undefined {
    const lines = code.split("\n");
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const start = lines.findIndex((line) => new RegExp(`^(\\s*)(async\\s+)?def\\s+${escaped}\\s*\\(`).test(line));
    if (start < 0) return undefined;
    const indent = /^\s*/.exec(lines[start]!)![0].length;
    let end = start + 1;
    while (end < lines.length && (lines[end]!.trim() === "" || /^\s*/.exec(lines[end]!)![0].length > indent)) end++;
    return lines.slice(start, end).join("\n");
}

async function detectFramework(project: ProjectTestFiles): Promise<TestFramework> {
    let unittest = 0;
    let pytest = 0;
    for (const file of project.files) {
        for (const unit of (await listTestUnits(file.text, "python")).filter((u) => u.kind === "test")) {
            if (unit.framework === "unittest") unittest++;
            else pytest++;
        }
    }
    return unittest > pytest ? "unittest" : "pytest";
}

/** Installed packages, the standard library and pytest's own machinery: never the project's code. */
const pythonOutsideFrame = /(^|\/)(site-packages|dist-packages|_pytest|pluggy|lib\/python3[.\d]*)\/|^<frozen /;

/**
 * Every frame of a traceback, outermost first as Python and pytest print them: `File "x.py", line N, in f` (a
 * native traceback) and pytest's `x.py:N: Error` lines of its long report.
 */
function pythonFailureFrames(message: string) {
    const frames = [...message.matchAll(/(?:File "([^"]+\.py)", line (\d+))|(?:^|\s)([\w./\\-]+\.py):(\d+)/gm)];
    return frames
        .map((frame) => ({ file: frameRelativePath((frame[1] ?? frame[3])!), line: Number(frame[2] ?? frame[4]) }))
        .filter((frame) => !pythonOutsideFrame.test(frame.file));
}

/** A pytest test that runs the `>>>` examples of the target's docstring with the doctest module. */
function documentedExamplesTest(target: { name: string; code: string; modulePath: string }): string | undefined {
    const docstring = /("""|''')([\s\S]*?)\1/.exec(target.code)?.[2];
    if (docstring === undefined || !/^\s*>>>/m.test(docstring)) return undefined;
    return [
        "import doctest",
        `import ${target.modulePath} as ponder_target_module`,
        "",
        `EXAMPLES = ${JSON.stringify(docstring)}`,
        "",
        "",
        `def test_${target.name.replace(/\W/g, "_")}_docstring_examples():`,
        `    examples = doctest.DocTestParser().get_doctest(EXAMPLES, dict(vars(ponder_target_module)), ${JSON.stringify(target.name)}, None, 0)`,
        "    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)",
        "    report = []",
        "    runner.run(examples, out=report.append)",
        '    assert runner.failures == 0, "".join(report)',
        ""
    ].join("\n");
}

export const pythonTests: TestConventions = {
    isTestFile: (path) => /^test_.*\.py$|_test\.py$/.test(path.split("/").pop()!),
    inTargetFile: false,
    detectFramework,
    frameworkInstruction: (framework) =>
        framework === "unittest"
            ? "unittest tests: `import unittest` and a `unittest.TestCase` class with `test_*` methods"
            : "pytest test functions named test_* using plain `assert` (pytest fixtures and `pytest.raises` where useful)",
    fixTestStyle: "pytest test functions named test_*",
    importHint(file, names, lead) {
        const base = stemOf(file);
        return { hint: `${lead} \`from ${base} import ${names.join(", ")}\`.`, modulePath: base };
    },
    testFileFor(targetFile, project) {
        const name = `test_${stemOf(targetFile)}.py`;
        const existing = project.files.find((f) => f.path.split("/").pop() === name);
        if (existing) return existing.path;
        return `${project.files[0] ? directoryOf(project.files[0].path) : directoryOf(targetFile)}${name}`;
    },
    place: (targetFile, tag, testCode) => ({
        file: `${directoryOf(targetFile)}test_ponder_${stemOf(targetFile)}_${tag}.py`,
        code: testCode
    }),
    importLine: /^(import |from \S+ import [^(]*$)/,
    importStart: /^(import |from \S+ import )/,
    testGap: "\n\n\n",
    renameTest: (code, from, to) => code.replace(new RegExp(`\\bdef ${from}\\(`), `def ${to}(`),
    testFunctionSource: pythonFunction,
    assertion: /\bassert\b|\bassert\w*\(|\.assert\w*\(|\.fail\(|\bpytest\.(raises|warns|fail)\b/,
    testNamePattern: /def\s+(test\w*)/g,
    comment: /#[^\n]*/g,
    failureSite(message) {
        const frames = [...message.matchAll(/(?:File "([^"]+\.py)", line (\d+))|(?:^|\s)([\w./\\-]+\.py):(\d+)/gm)];
        const last = frames.at(-1);
        return last ? { file: (last[1] ?? last[3])!, line: Number(last[2] ?? last[4]) } : undefined;
    },
    failureFrames: pythonFailureFrames,
    documentedExamplesTest
};
