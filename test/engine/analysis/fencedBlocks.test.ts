// Fenced code blocks in answers written the way distilled models write them: drafts inside <think>, prose
// between blocks, missing tags, ~~~ fences, fences indented in lists, an unclosed last block, a block opened
// before the previous one was closed, nested fences, paths in the info string or the line above.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFencedBlocks } from "../../../engine/analysis/index.js";
import { trimIndent } from "./fixture.js";

interface ExpectedBlock {
    tag: string;
    code: string;
    closed?: boolean;
    path?: string;
}

async function check(answer: string, expected: ExpectedBlock[]): Promise<void> {
    const blocks = parseFencedBlocks(answer);
    assert.deepEqual(
        blocks.map((block) => {
            const shown: ExpectedBlock = { tag: block.tag, code: block.code };
            if (!block.closed) shown.closed = false;
            if (block.path) shown.path = block.path;
            return shown;
        }),
        expected
    );
    for (const block of blocks)
        assert.ok(answer.slice(block.range.start, block.range.end).includes(block.code.split("\n")[0]!));
}

const cases: [string, string, ExpectedBlock[]][] = [
    [
        "drafts inside the thought do not count; prose between blocks is skipped",
        trimIndent(`
        <think>
        Maybe:
        \`\`\`python
        def draft(): pass
        \`\`\`
        </think>
        The bug is the off-by-one.

        \`\`\`python
        def last(xs):
            return xs[-1]
        \`\`\`

        And a test:
        \`\`\`py
        def test_last():
            assert last([1, 2]) == 2
        \`\`\`
    `),
        [
            { tag: "python", code: "def last(xs):\n    return xs[-1]" },
            { tag: "py", code: "def test_last():\n    assert last([1, 2]) == 2" }
        ]
    ],
    [
        "no tag, and ~~~ fences",
        "```\nfn a() {}\n```\n~~~rust\nfn b() {}\n~~~\n",
        [
            { tag: "", code: "fn a() {}" },
            { tag: "rust", code: "fn b() {}" }
        ]
    ],
    [
        "a fence indented inside a numbered list keeps the code's own indentation",
        trimIndent(`
        1. Fix the loop:
           \`\`\`python
           def f(xs):
               for x in xs:
                   yield x
           \`\`\`
    `),
        [{ tag: "python", code: "def f(xs):\n    for x in xs:\n        yield x" }]
    ],
    [
        "an unclosed last block runs to the end",
        "Here:\n```ts\nexport const a = 1;\nexport const b = 2;\n",
        [{ tag: "ts", code: "export const a = 1;\nexport const b = 2;", closed: false }]
    ],
    [
        "a block opened before the previous one closed",
        "```python\ndef f(): pass\n```python\ndef test_f(): f()\n```\n",
        [
            { tag: "python", code: "def f(): pass", closed: false },
            { tag: "python", code: "def test_f(): f()" }
        ]
    ],
    [
        "a longer fence holds a shorter one",
        "````markdown\n```python\nx = 1\n```\n````\n",
        [{ tag: "markdown", code: "```python\nx = 1\n```" }]
    ],
    [
        "an answer cut off inside the thought is read after <think>",
        "<think>\nI will write:\n```python\ndef g(): return 1\n",
        [{ tag: "python", code: "def g(): return 1", closed: false }]
    ],
    [
        "paths from the info string or the line above",
        "File `tests/test_stack.py`:\n```python\nimport stack\n```\n```rust:src/lib.rs\nfn a() {}\n```\n",
        [
            { tag: "python", code: "import stack", path: "tests/test_stack.py" },
            { tag: "rust", code: "fn a() {}", path: "src/lib.rs" }
        ]
    ],
    ["CRLF line endings", "```js\r\nconst a = 1;\r\n```\r\n", [{ tag: "js", code: "const a = 1;" }]],
    ["inline triple backticks are not a fence; prose only gives nothing", "Use ```x``` inline. No code here.", []]
];

for (const [name, answer, expected] of cases) test(`fenced blocks: ${name}`, () => check(answer, expected));
