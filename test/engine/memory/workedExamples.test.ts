// Worked examples fit the prompt's budget: the most similar first, the rest named as left out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeProblem, SolutionMemory, workedExamples } from "../../../engine/testing.js";

test("worked examples keep to the token budget, best first, and name what they leave out", async () => {
    const memory = await SolutionMemory.open();
    for (const [target, lines] of [
        ["small", 2],
        ["large", 200]
    ] as const) {
        const diff =
            `--- a/${target}.py\n+++ b/${target}.py\n` +
            Array.from({ length: lines }, (_, i) => `-    x = ${i}\n+    x = ${i + 1}`).join("\n");
        await memory.remember({
            kind: "fix",
            signature: await describeProblem({
                language: "python",
                message: "assert 1 == 2",
                code: `def ${target}(n):\n    return n\n`
            }),
            file: `${target}.py`,
            target,
            example: { before: "", after: "", diff },
            pattern: []
        });
    }
    const recalled = memory.recall(
        await describeProblem({ language: "python", message: "assert 3 == 4", code: "def other(n):\n    return n\n" }),
        { minSimilarity: 0 }
    );
    assert.equal(recalled.length, 2);
    const countTokens = (text: string) => Math.ceil(text.length / 3.5);
    const roomy = workedExamples(recalled, 100_000, countTokens);
    assert.equal(roomy.included.length, 2);
    assert.match(roomy.text, /^Similar bugs fixed and verified earlier in this workspace/);
    assert.match(roomy.text, /Example 1: `(small|large)` in/);
    const tight = workedExamples(recalled, 200, countTokens);
    assert.deepEqual(
        tight.included.map((id) => memory.get(id)!.target),
        ["small"]
    );
    assert.deepEqual(
        tight.leftOut.map((id) => memory.get(id)!.target),
        ["large"]
    );
    assert.ok(countTokens(tight.text) <= 200);
    assert.deepEqual(workedExamples(recalled, 5, countTokens), {
        text: "",
        included: [],
        leftOut: recalled.map((r) => r.solution.id)
    });
});
