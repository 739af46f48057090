// testOutputSections: a run's raw output cut at each runner's failure headers (pytest, cargo, go test, TAP).

import { test } from "node:test";
import assert from "node:assert/strict";
import { testOutputSections } from "../../../../../engine/chains/repair/localisation/testOutputSections.js";

const cases: [runner: string, output: string, names: (string | undefined)[]][] = [
    ["pytest", "___ test_a ___\nx.py:1: E\n___ TestB.test_b ___\ny.py:2: E\n", ["test_a", "TestB.test_b"]],
    ["cargo", "---- tests::a stdout ----\npanicked\n\n---- tests::b stdout ----\npanicked\n", ["tests::a", "tests::b"]],
    ["go test", "--- FAIL: TestA (0.00s)\n    a_test.go:3: no\n--- FAIL: TestB (0.01s)\n", ["TestA", "TestB"]],
    ["TAP", "not ok 1 - total of one item\n  ---\nnot ok 2 - count\n", ["total of one item", "count"]],
    ["no header", 'Traceback:\n  File "a.py", line 1\n', [undefined]]
];

for (const [runner, output, names] of cases) {
    test(`testOutputSections: ${runner}`, () => {
        const sections = testOutputSections(output);
        assert.deepEqual(
            sections.map((section) => section.name),
            names
        );
        // Every section starts at its header, so together they are the whole output.
        assert.equal(sections.map((section) => section.message).join(""), output);
    });
}
