// Python's file of a task's input/output cases: one pytest function per case, each comparing the target's result
// with the expected value within the task's tolerance, so the toolchain judges cases as it judges test files.

import { writeExactJson, type ExactJson } from "../../chains/port/exactJson.js";
import type { CaseTestFile, CaseTestInput } from "../LanguageSupport.js";

/** Python's check of one result: floats within the suite's tolerance, everything else equal after tuples and generators become lists. */
const pythonSame = [
    "def _plain(value):",
    "    if isinstance(value, (list, tuple, types.GeneratorType)):\n        return [_plain(v) for v in value]",
    "    if isinstance(value, dict):\n        return {k: _plain(v) for k, v in value.items()}",
    "    return value",
    "",
    "",
    "def _number(value):\n    return isinstance(value, (int, float)) and not isinstance(value, bool)",
    "",
    "",
    "def _same(got, want, within):",
    "    if _number(got) and _number(want) and (isinstance(got, float) or isinstance(want, float)):",
    "        if math.isnan(want):\n            return isinstance(got, float) and math.isnan(got)",
    "        if math.isinf(want) or math.isinf(got):\n            return got == want",
    "        return abs(got - want) <= max(within[0], within[1] * max(abs(got), abs(want)))",
    "    if isinstance(got, list) and isinstance(want, list):",
    "        return len(got) == len(want) and all(_same(g, w, within) for g, w in zip(got, want))",
    "    if isinstance(got, dict) and isinstance(want, dict):",
    "        return got.keys() == want.keys() and all(_same(got[k], want[k], within) for k in want)",
    "    return got == want"
].join("\n");

/** The pytest file that checks every case against the target. */
export function pythonCaseTests(input: CaseTestInput): CaseTestFile {
    const { cases, tolerance, dir, base } = input;
    const module = cases.module ?? (dir + base).replace(/\//g, ".");
    const tests = cases.cases.map((_, i) => `def test_hidden_case_${i}():\n    _check(${i})\n`).join("\n\n");
    // Written exactly: Python's json reads 3.0 as a float and big integers whole.
    const json = writeExactJson(cases.cases as unknown as ExactJson);
    const within =
        tolerance.argument !== undefined
            ? `(max(${tolerance.absolute ?? 0}, abs(case["input"][${tolerance.argument}])), ${tolerance.relative ?? 0})`
            : `(${tolerance.absolute ?? 0}, ${tolerance.relative ?? 0})`;
    return {
        path: `${dir}test_ponder_hidden_cases.py`,
        text:
            `import json\nimport math\nimport types\n\nfrom ${module} import ${cases.function}\n\nCASES = json.loads(${JSON.stringify(json)})\n\n\n` +
            pythonSame +
            "\n\n\n" +
            `def _check(index):\n    case = CASES[index]\n    got = _plain(${cases.function}(*case["input"]))\n` +
            `    assert _same(got, case["output"], ${within}), f"{got!r} != {case['output']!r}"\n\n\n${tests}`
    };
}
