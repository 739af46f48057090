// The edge cases a port reply proposes in ```json blocks, read once for the Rust and TypeScript targets: an array
// of argument lists or `{"cases": [...]}`; other entries are left out; a block that does not parse is a problem.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CodeParser, parseFencedBlocks } from "../../../engine/analysis/index.js";
import { readProposedCases } from "../../../engine/chains/port/proposedCases.js";
import { rustTarget } from "../../../engine/languages/rust/port/rustTarget.js";
import { typescriptTarget } from "../../../engine/languages/ecmascript/port/typescriptTarget.js";

const json = (text: string) => "```json\n" + text + "\n```\n";

const cases: { name: string; reply: string; expected: unknown[][]; problems: number }[] = [
    {
        name: "an array of argument lists",
        reply: json("[[1, 2], [0, -3]]"),
        expected: [
            [1n, 2n],
            [0n, -3n]
        ],
        problems: 0
    },
    { name: 'the lists under "cases"', reply: json('{"cases": [["a"], [""]]}'), expected: [["a"], [""]], problems: 0 },
    {
        name: "entries that are not lists left out",
        reply: json('[[1], 2, "x", [3.5]]'),
        expected: [[1n], [3.5]],
        problems: 0
    },
    { name: "an object without cases", reply: json('{"inputs": [[1]]}'), expected: [], problems: 0 },
    { name: "a block that does not parse", reply: json("[[1,"), expected: [], problems: 1 },
    {
        name: "two blocks, in order",
        reply: json("[[1]]") + json('{"cases": [[2]]}'),
        expected: [[1n], [2n]],
        problems: 0
    },
    { name: "no JSON block", reply: "```python\nprint(1)\n```\n", expected: [], problems: 0 }
];

for (const { name, reply, expected, problems } of cases) {
    test(`proposed cases: ${name}`, async () => {
        const read = readProposedCases(parseFencedBlocks(reply));
        assert.deepEqual(read.cases, expected);
        assert.equal(read.problems.length, problems);
        // Both targets read a reply's cases the same way.
        const rust = await rustTarget.readItem(
            reply + "```rust\npub fn f() {}\n```\n",
            "f",
            "function",
            CodeParser.shared()
        );
        const typescript = await typescriptTarget.readItem(
            reply + "```typescript\nexport function f() {}\n```\n",
            "f",
            "function",
            CodeParser.shared()
        );
        assert.deepEqual(rust.proposedCases, expected);
        assert.deepEqual(typescript.proposedCases, expected);
        assert.equal(rust.problems.filter((p) => p.includes("JSON")).length, problems);
        assert.equal(typescript.problems.filter((p) => p.includes("JSON")).length, problems);
    });
}
