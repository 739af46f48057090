// Tests from a model that call the target without importing it get the import; tests that already import,
// glob-import or define it, or do not use it, are left alone.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ensureTestImportsTarget, type SourceLanguage, type TestImportTarget } from "../../../engine/analysis/index.js";
import { trimIndent } from "./fixture.js";

/** `expected` is the whole new code, or undefined when the code must come back unchanged. */
async function check(
    language: SourceLanguage,
    code: string,
    target: TestImportTarget,
    expected: string | undefined
): Promise<void> {
    const before = trimIndent(code);
    const result = await ensureTestImportsTarget(before, language, target);
    assert.equal(result.code, expected === undefined ? before : trimIndent(expected));
    assert.equal(result.addedImport === undefined, expected === undefined);
}

const pyLast = { modulePath: "listutil", targetName: "last" };

const cases: [string, SourceLanguage, string, TestImportTarget, string | undefined][] = [
    [
        "python: no imports at all",
        "python",
        `
        def test_last():
            assert last([1, 2]) == 2
    `,
        pyLast,
        `
        from listutil import last

        def test_last():
            assert last([1, 2]) == 2
    `
    ],
    [
        "python: after the existing imports, and after a module docstring",
        "python",
        `
        """Tests for listutil."""
        import pytest

        def test_empty():
            with pytest.raises(IndexError):
                last([])
    `,
        pyLast,
        `
        """Tests for listutil."""
        import pytest
        from listutil import last

        def test_empty():
            with pytest.raises(IndexError):
                last([])
    `
    ],
    [
        "python: a method target imports its class",
        "python",
        `
        def test_push():
            s = Stack()
            s.push(1)
    `,
        { modulePath: "pkg.stack", targetName: "Stack.push" },
        `
        from pkg.stack import Stack

        def test_push():
            s = Stack()
            s.push(1)
    `
    ],
    [
        "python: already imported",
        "python",
        "from listutil import last\n\ndef test_a():\n    assert last([1]) == 1\n",
        pyLast,
        undefined
    ],
    [
        "python: glob import of the module",
        "python",
        "from listutil import *\n\ndef test_a():\n    assert last([1]) == 1\n",
        pyLast,
        undefined
    ],
    [
        "python: used through the module",
        "python",
        "import listutil\n\ndef test_a():\n    assert listutil.last([1]) == 1\n",
        pyLast,
        undefined
    ],
    [
        "typescript: an ES import after the others",
        "typescript",
        `
        import { test } from "node:test";
        import assert from "node:assert/strict";

        test("adds", () => assert.equal(add(1, 2), 3));
    `,
        { modulePath: "./math.js", targetName: "add" },
        `
        import { test } from "node:test";
        import assert from "node:assert/strict";
        import { add } from "./math.js";

        test("adds", () => assert.equal(add(1, 2), 3));
    `
    ],
    [
        "javascript: a CommonJS file gets require",
        "javascript",
        `
        const test = require("node:test");
        test("adds", () => add(1, 2));
    `,
        { modulePath: "./math.js", targetName: "add" },
        `
        const test = require("node:test");
        const { add } = require("./math.js");
        test("adds", () => add(1, 2));
    `
    ],
    [
        "rust: `use super::*;` inside the tests module",
        "rust",
        `
        #[cfg(test)]
        mod tests {
            #[test]
            fn adds() {
                assert_eq!(add(1, 2), 3);
            }
        }
    `,
        { modulePath: "super", targetName: "add" },
        `
        #[cfg(test)]
        mod tests {
            use super::*;
            #[test]
            fn adds() {
                assert_eq!(add(1, 2), 3);
            }
        }
    `
    ],
    [
        "rust: bare test functions get it at the top",
        "rust",
        `
        #[test]
        fn adds() { assert_eq!(add(1, 2), 3); }
    `,
        { modulePath: "super", targetName: "add" },
        `
        use super::*;

        #[test]
        fn adds() { assert_eq!(add(1, 2), 3); }
    `
    ],
    [
        "rust: an integration test imports from the crate",
        "rust",
        `
        #[test]
        fn pushes() { let mut s = Stack::new(); s.push(1); }
    `,
        { modulePath: "my_crate::stack", targetName: "Stack::push" },
        `
        use my_crate::stack::Stack;

        #[test]
        fn pushes() { let mut s = Stack::new(); s.push(1); }
    `
    ],
    [
        "rust: already glob-imported from super",
        "rust",
        "mod tests {\n    use super::*;\n    #[test]\n    fn a() { add(1, 1); }\n}\n",
        { modulePath: "super", targetName: "add" },
        undefined
    ],
    [
        "a test that does not use the target is left alone",
        "python",
        "def test_other():\n    assert 1 + 1 == 2\n",
        pyLast,
        undefined
    ]
];

for (const [name, language, code, target, expected] of cases)
    test(`test imports: ${name}`, () => check(language, code, target, expected));
