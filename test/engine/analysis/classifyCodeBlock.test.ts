// What each block of a real-looking model answer is, by shape: replacement, tests, both (split), whole file,
// diff, something else, or unparseable with the reason; and what the chain takes from the whole answer.

import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyAnswer, type ClassifyCodeBlockOptions } from "../../../engine/analysis/index.js";
import { trimIndent } from "./fixture.js";

interface Expected {
    /** Each block as `role` or `role: reason` when the reason matters. */
    roles: string[];
    /** The index of the block taken as the patch, or -1. */
    patch: number;
    problems?: string[];
}

async function check(answer: string, options: ClassifyCodeBlockOptions, expected: Expected): Promise<void> {
    const result = await classifyAnswer(trimIndent(answer), options);
    const roles = result.blocks.map((block, index) =>
        expected.roles[index]?.includes(":") ? `${block.role}: ${block.reason}` : block.role
    );
    assert.deepEqual(roles, expected.roles);
    assert.equal(result.patch ? result.blocks.indexOf(result.patch) : -1, expected.patch);
    assert.deepEqual(result.problems, expected.problems ?? []);
}

const stackPy = trimIndent(`
    class Stack:
        def __init__(self):
            self.items = []

        def push(self, item):
            self.items.insert(0, item)

        def pop(self):
            return self.items.pop()
`);

test("python: a replacement and tests with prose between, after a thought holding drafts", () =>
    check(
        `
    <think>
    pop takes from the end but push inserts at the front.
    \`\`\`python
    def push(self, item): ...
    \`\`\`
    </think>
    The bug: \`push\` inserts at index 0.

    \`\`\`python
    def push(self, item):
        self.items.append(item)
    \`\`\`

    Tests that reproduce it:

    \`\`\`python
    from stack import Stack

    def test_lifo():
        s = Stack()
        s.push(1)
        s.push(2)
        assert s.pop() == 2
    \`\`\`
`,
        { language: "python", targetName: "Stack.push", originalText: stackPy },
        { roles: ["replacement", "tests"], patch: 0 }
    ));

test("a block holding the fix and tests is mixed; untagged blocks are read in the file's language", async () => {
    const result = await classifyAnswer(
        trimIndent(`
        \`\`\`
        import math

        def area(r):
            return math.pi * r ** 2

        def test_area():
            assert area(1) == math.pi

        class TestArea:
            def test_zero(self):
                assert area(0) == 0
        \`\`\`
    `),
        { language: "python", targetName: "area" }
    );
    assert.equal(result.blocks[0]!.role, "mixed");
    assert.deepEqual(result.blocks[0]!.testNames, ["test_area", "TestArea.test_zero"]);
    assert.equal(result.blocks[0]!.patchCode, "import math\n\n\ndef area(r):\n    return math.pi * r ** 2");
    assert.equal(
        result.blocks[0]!.testCode,
        "import math\n\n\ndef test_area():\n    assert area(1) == math.pi\n\n\nclass TestArea:\n    def test_zero(self):\n        assert area(0) == 0"
    );
    assert.deepEqual(result.tests, [result.blocks[0]]);
});

test("messy: shell commands, program output, a diff with wrong line numbers, and an unparseable block", () =>
    check(
        `
    Run the tests first:
    \`\`\`bash
    pytest -q
    \`\`\`
    Output:
    \`\`\`
    FAILED test_stack.py::test_lifo - assert 1 == 2
    \`\`\`
    Patch:
    \`\`\`diff
    --- a/stack.py
    +++ b/stack.py
    @@ -40,2 +40,2 @@
         def push(self, item):
    -        self.items.insert(0, item)
    +        self.items.append(item)
    \`\`\`
    Also:
    \`\`\`python
    def test_broken(:
        assert True
    \`\`\`
`,
        { language: "python", targetName: "Stack.push", originalText: stackPy },
        {
            roles: [
                "other: a bash block, not code of the file",
                "other: untagged text that is not python code (program output or prose)",
                "diff",
                "unparseable: the python code does not parse (line 1: missing `)`)"
            ],
            patch: 2,
            problems: ["no block holds tests", "block 4: the python code does not parse (line 1: missing `)`)"]
        }
    ));

test("an untagged diff without headers; a block in another language", () =>
    check(
        `
    \`\`\`
    -        self.items.insert(0, item)
    +        self.items.append(item)
    \`\`\`
    \`\`\`rust
    fn push() {}
    \`\`\`
`,
        { language: "python", targetName: "Stack.push" },
        { roles: ["diff", "other: written in rust, the file is python"], patch: 0, problems: ["no block holds tests"] }
    ));

test("the whole file repeated is wholeFile", () =>
    check(
        `
    \`\`\`python
    class Stack:
        def __init__(self):
            self.items = []

        def push(self, item):
            self.items.append(item)

    def helper():
        return 1
    \`\`\`
`,
        { language: "python", targetName: "Stack.push", originalText: stackPy + "\n\ndef helper():\n    return 1\n" },
        { roles: ["wholeFile"], patch: 0, problems: ["no block holds tests"] }
    ));

test("typescript: a lone method is a replacement; jest-style tests tagged js are tests", () =>
    check(
        `
    \`\`\`ts
    plus(n: number): this {
        this.total += n;
        return this;
    }
    \`\`\`
    \`\`\`js
    describe("Calc", () => {
        it("adds", () => {
            expect(new Calc().plus(2).total).toBe(2);
        });
    });
    \`\`\`
`,
        { language: "typescript", targetName: "Calc.plus" },
        { roles: ["replacement", "tests"], patch: 0 }
    ));

test("rust: an impl with the fix and a #[cfg(test)] module is mixed; the last patch block wins", async () => {
    const answer = trimIndent(`
        First try:
        \`\`\`rust
        impl Stack { pub fn push(&mut self, x: i32) { self.items.insert(0, x); } }
        \`\`\`
        Better:
        \`\`\`rust
        impl Stack {
            pub fn push(&mut self, x: i32) {
                self.items.push(x);
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            #[test]
            fn lifo() {
                let mut s = Stack { items: vec![] };
                s.push(1);
                s.push(2);
                assert_eq!(s.items.pop(), Some(2));
            }
        }
        \`\`\`
    `);
    const result = await classifyAnswer(answer, { language: "rust", targetName: "Stack::push" });
    assert.deepEqual(
        result.blocks.map((block) => block.role),
        ["replacement", "mixed"]
    );
    assert.equal(result.patch, result.blocks[1]);
    assert.deepEqual(result.blocks[1]!.testNames, ["tests::lifo"]);
    assert.ok(
        result.blocks[1]!.patchCode!.startsWith("impl Stack {") && !result.blocks[1]!.patchCode!.includes("mod tests")
    );
    assert.ok(result.blocks[1]!.testCode!.startsWith("#[cfg(test)]\nmod tests {"));
});

test("an answer with no code at all, and one that is only code without fences", async () => {
    const prose = await classifyAnswer(
        "<think>\nHmm.\n</think>\nI could not find the bug; the function looks right to me.",
        { language: "python", targetName: "f" }
    );
    assert.deepEqual(prose, { blocks: [], tests: [], problems: ["the answer has no code blocks"] });
    const bare = await classifyAnswer("<think>\nok\n</think>\ndef f(x):\n    return x + 1\n", {
        language: "python",
        targetName: "f"
    });
    assert.deepEqual(
        bare.blocks.map((block) => block.role),
        ["replacement"]
    );
    assert.equal(bare.patch?.patchCode, "def f(x):\n    return x + 1");
});

test("code that neither defines the target nor tests it is other", () =>
    check(
        `
    \`\`\`python
    print(last([1, 2, 3]))
    \`\`\`
`,
        { language: "python", targetName: "last" },
        {
            roles: ["other: neither tests nor a definition of last (it defines nothing)"],
            patch: -1,
            problems: ["no block defines last or is a diff", "no block holds tests"]
        }
    ));
