// Python's registry entry, as one table (see languageTable.ts).

import { test } from "node:test";
import { checkLanguage } from "./languageTable.js";

test("python: files, fences, grammar, test conventions, toolchain and capabilities", () =>
    checkLanguage({
        language: "python",
        paths: [
            ["src/gcd.py", "python"],
            ["stubs/x.pyi", "python"],
            ["gcd.PY", "python"],
            [".py", undefined],
            ["gcd.txt", undefined]
        ],
        fenceTags: ["python", "py", "Python3", 'python title="x.py"', "gcd.py"],
        promptTag: "python",
        sample: {
            text: "import math\n\ndef gcd(a, b):\n    return math.gcd(a, b)\n\nclass Stack:\n    def push(self, x):\n        pass\n",
            functions: ["gcd"]
        },
        testFiles: [
            ["tests/test_gcd.py", "src/gcd.py", true],
            ["gcd_test.py", "gcd.py", true],
            ["src/gcd.py", "src/gcd.py", false],
            ["conftest.py", "gcd.py", false]
        ],
        testFileFor: [
            { target: "src/gcd.py", project: { files: [] }, expected: "src/test_gcd.py" },
            {
                target: "src/gcd.py",
                project: { files: [{ path: "tests/test_other.py", text: "" }] },
                expected: "tests/test_gcd.py"
            },
            {
                target: "src/gcd.py",
                project: {
                    files: [
                        { path: "t/a.py", text: "" },
                        { path: "u/test_gcd.py", text: "" }
                    ]
                },
                expected: "u/test_gcd.py"
            }
        ],
        placement: {
            target: "src/gcd.py",
            tag: "r0_c2",
            code: "def test_x():\n    pass\n",
            expected: { file: "src/test_ponder_gcd_r0_c2.py", code: "def test_x():\n    pass\n" }
        },
        importHint: {
            file: "src/gcd.py",
            names: ["gcd", "lcm"],
            expected: { hint: "Import with `from gcd import gcd, lcm`.", modulePath: "gcd" }
        },
        inTargetFile: false,
        toolchain: {
            name: "python",
            projectMarkers: [],
            runsNamedFiles: true,
            buildsBeforeTests: false,
            measuresCoverage: true
        },
        failure: {
            message:
                'Traceback:\n  File "/s/test_x.py", line 3, in test\n  File "/s/gcd.py", line 7, in gcd\nZeroDivisionError',
            site: { file: "/s/gcd.py", line: 7 }
        },
        capabilities: { behaviour: true, portSource: true, portTarget: false, symbolicTools: ["ruff"] }
    }));
