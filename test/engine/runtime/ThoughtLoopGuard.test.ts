// The loop guard: data-driven cases of thoughts that loop and thoughts that only look repetitive.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ThoughtLoopGuard } from "../../../engine/index.js";

/** Streams `thought` into a guard in chunks of `chunk` characters; returns the loop seen, if any. */
function check(thought: string, expectLoop: boolean, chunk = 7): void {
    const guard = new ThoughtLoopGuard();
    let loop;
    for (let i = 0; i < thought.length && !loop; i += chunk) loop = guard.push(thought.slice(i, i + chunk));
    assert.equal(Boolean(loop), expectLoop, `expected ${expectLoop ? "a loop" : "no loop"} in: ${thought.slice(0, 120)}…`);
    if (loop) assert.ok(loop.repeats >= 3 && loop.passage.length > 0);
}

test("a passage repeated back to back is a loop", () => {
    check("Let me think. " + "So the index goes from 0 to n and then we compare a[i] with a[i+1]. ".repeat(5), true);
});

test("the same long sentence coming back between other text is a loop", () => {
    const sentence = "Wait, maybe the recursion never reaches the base case at all.";
    check([1, 2, 3, 4].map((n) => `Step ${n}: try input ${n * 7}. ${sentence}\n`).join(""), true);
});

test("short echoes and ordinary reasoning are not loops", () => {
    check("Wait, wait, wait. Hmm. Let me check the loop bound: i < n means the last index is n - 1, which is right.", false);
    check(Array.from({ length: 40 }, (_, i) => `Line ${i}: value ${i * i} is ${i % 2 ? "odd" : "even"}.`).join("\n"), false);
});

test("a loop is found whatever the chunk size of the stream", () => {
    const looping = "Intro. " + "abcdefghij klmnopqrst uvwxyz 0123456789 ".repeat(8);
    for (const chunk of [1, 3, 50, 400]) check(looping, true, chunk);
});
