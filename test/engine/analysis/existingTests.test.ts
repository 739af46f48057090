// Existing tests that exercise a target: pytest and unittest functions, node:test/jest/vitest `test(`/`it(`
// blocks inside `describe`, Rust `#[test]` functions in `mod tests`, across several files of one fixture.

import { test } from "node:test";
import assert from "node:assert/strict";
import { findExistingTests, listTestUnits, type SourceLanguage } from "../../../engine/analysis/index.js";
import { fixture } from "./fixture.js";

/** The tests found in all files of the fixture, as `file: qualifiedName (framework)`. */
async function check(targetName: string, language: SourceLanguage, source: string, expected: string[]): Promise<void> {
    const files = fixture(source).files;
    const tests = await findExistingTests(files, targetName, language);
    assert.deepEqual(
        tests.map((each) => `${each.file}: ${each.qualifiedName} (${each.framework})`),
        expected
    );
    for (const each of tests) {
        const file = files.find((candidate) => candidate.path === each.file)!;
        assert.equal(file.text.slice(each.range.start, each.range.end), each.text);
    }
}

test("python: pytest functions and unittest methods that call the target; others are not listed", () =>
    check(
        "Stack.push",
        "python",
        `
    //- tests/test_stack.py
    import pytest
    from stack import Stack

    @pytest.mark.parametrize("n", [1, 2])
    def test_push_grows(n):
        s = Stack()
        s.push(n)
        assert len(s) == 1

    def test_pop_empty():
        with pytest.raises(IndexError):
            Stack().pop()

    def helper_push():
        Stack().push(1)
    //- tests/test_stack_unittest.py
    import unittest
    class StackTests(unittest.TestCase):
        def setUp(self):
            self.stack = Stack()
        def test_push(self):
            self.stack.push(3)
            self.assertEqual(self.stack.top(), 3)
`,
        [
            "tests/test_stack.py: test_push_grows (pytest)",
            "tests/test_stack_unittest.py: StackTests.test_push (unittest)"
        ]
    ));

test("typescript: test and it blocks in describe, with the framework from the imports", () =>
    check(
        "add",
        "typescript",
        `
    //- test/math.test.ts
    import { describe, it, test } from "node:test";
    import assert from "node:assert/strict";
    import { add, sub } from "../src/math.js";
    describe("math", () => {
        describe("add", () => {
            it("adds", () => assert.equal(add(1, 2), 3));
            it.skip(\`adds negatives\`, () => assert.equal(add(-1, -2), -3));
        });
        test("subtracts", () => assert.equal(sub(3, 2), 1));
    });
    //- test/other.spec.js
    import { expect, test } from "vitest";
    test("calls through an object", () => expect(lib.add(1, 1)).toBe(2));
`,
        [
            "test/math.test.ts: math > add > adds (node:test)",
            "test/math.test.ts: math > add > adds negatives (node:test)",
            "test/other.spec.js: calls through an object (vitest)"
        ]
    ));

test("rust: #[test] functions (any runtime) that call the target", () =>
    check(
        "Stack::push",
        "rust",
        `
    //- src/lib.rs
    pub struct Stack;
    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        /// Pushing one item.
        #[should_panic]
        fn pushes() { Stack::new().push(1); }

        #[tokio::test]
        async fn pushes_async() { let mut s = Stack::new(); s.push(2); }

        #[test]
        fn pops() { Stack::new().pop(); }

        fn push_helper() { Stack::new().push(3); }
    }
`,
        ["src/lib.rs: tests::pushes (rust)", "src/lib.rs: tests::pushes_async (rust)"]
    ));

test("test units of a file include suites", async () => {
    const units = await listTestUnits(
        fixture(`
        class TestStack:
            def test_a(self):
                pass
        def test_b():
            pass
    `).files[0]!.text,
        "python"
    );
    assert.deepEqual(
        units.map((unit) => `${unit.kind} ${unit.qualifiedName}`),
        ["suite TestStack", "test TestStack.test_a", "test test_b"]
    );
});
