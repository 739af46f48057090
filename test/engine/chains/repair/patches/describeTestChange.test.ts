// The reply's reason for changing a test: the sentence before the test's block that says the test is wrong or what
// it expects, else such a sentence anywhere in the prose, else the last sentence before the block; never code.

import { test } from "node:test";
import assert from "node:assert/strict";
import { describeTestChange } from "../../../../../engine/chains/repair/patches/describeTestChange.js";

const block = "```python\ndef test_total():\n    # the test expects the wrong value\n    assert total() == 90\n```";

test("the sentence before the test's block that says why the test is wrong", () => {
    const answer = `The code is fine. It rounds as documented.\n\nThe test is wrong: it was written before the rounding rule. Update it:\n\n${block}`;
    assert.equal(
        describeTestChange(answer, [answer.indexOf("```")]),
        "The test is wrong: it was written before the rounding rule."
    );
});

test("a sentence about what the test expects elsewhere in the prose, when the prose before the block has none", () => {
    const answer = `The assertion expects 90, but a 10% discount of 100.5 is 90.45.\n\n${"```python\nx = 1\n```"}\n\nUpdate it:\n\n${block}`;
    const at = answer.lastIndexOf("```python");
    assert.equal(describeTestChange(answer, [at]), "The assertion expects 90, but a 10% discount of 100.5 is 90.45.");
});

test("the last sentence before the block when no sentence gives a reason; nothing from the thought or the code", () => {
    const answer = `<think>The test is wrong, I think.</think>\nFirst a note. Change the check as follows:\n\n${block}`;
    assert.equal(describeTestChange(answer, [answer.indexOf("```")]), "Change the check as follows:");
    assert.equal(describeTestChange(block, [0]), undefined);
});
