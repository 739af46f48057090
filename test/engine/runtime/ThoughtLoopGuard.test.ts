// The loop guards on a generated corpus of realistic R1-style reasonings and answers: no reasoning that ends by
// itself is cut (drafts of the same function, a doubt coming back far apart, long traces), every true loop is
// caught within the bound the guard states, and the answer's guard catches an answer that degenerates.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ThoughtLoopGuard } from "../../../engine/testing.js";
import { AnswerLoopGuard } from "../../../engine/runtime/AnswerLoopGuard.js";
import type { ThoughtLoop } from "../../../engine/runtime/ThoughtLoopGuard.js";
import {
    legitimateAnswers,
    legitimateReasonings,
    loopingAnswers,
    loopingReasonings,
    type LoopCase
} from "./reasoningCorpus.js";

/** The text as the guard compares it. */
function compared(text: string): string {
    return text.toLowerCase().replace(/\s+/g, " ");
}

/** Streams `text` in pieces of `chunk` characters; returns the loop and how much of the text (compared form) was read. */
function stream(guard: ThoughtLoopGuard, text: string, chunk: number): { loop?: ThoughtLoop; read: number } {
    for (let i = 0; i < text.length; i += chunk) {
        const loop = guard.push(text.slice(i, i + chunk));
        if (loop) return { loop, read: compared(text.slice(0, i + chunk)).length };
    }
    return { read: compared(text).length };
}

const chunks = [1, 4, 7, 50];

test("no reasoning of the corpus that ends by itself is cut (drafts, recurring doubts, long traces, tables)", () => {
    const corpus = legitimateReasonings(160);
    assert.ok(
        corpus.filter((c) => c.name.startsWith("drafts")).every((c) => (c.text.match(/\ndef /g) ?? []).length >= 4)
    );
    const cut: string[] = [];
    for (const reasoning of corpus) {
        for (const chunk of chunks) {
            const { loop } = stream(new ThoughtLoopGuard(), reasoning.text, chunk);
            if (loop) cut.push(`${reasoning.name} (chunk ${chunk}): ${loop.passage.slice(0, 60)}`);
        }
    }
    assert.deepEqual(cut, [], "false positives");
});

test("the same doubt at characters 8,449, 9,088, 11,886 and 13,646 is not a loop", () => {
    const doubt = "Wait, but what if the separator appears twice in a row, would the result contain an empty tag?";
    const positions = [8_449, 9_088, 11_886, 13_646];
    let text = "";
    let filler = 0;
    for (const at of positions) {
        while (text.length < at)
            text += `Checking case ${filler++}: the tag list for "a,b${",c".repeat(filler % 5)}" has ${2 + (filler % 5)} entries. `;
        text = text.slice(0, at - 2) + ". " + doubt + " ";
    }
    text += "So the split is right after all.";
    assert.deepEqual(
        positions.map((at) => text.indexOf(doubt, at - 1)),
        positions
    );
    for (const chunk of chunks) assert.equal(stream(new ThoughtLoopGuard(), text, chunk).loop, undefined);
});

function checkLoops(cases: LoopCase[], makeGuard: () => ThoughtLoopGuard): string[] {
    const figures: string[] = [];
    for (const loopCase of cases) {
        for (const chunk of chunks) {
            const guard = makeGuard();
            const { loop, read } = stream(guard, loopCase.text, chunk);
            assert.ok(loop, `${loopCase.name}: no loop found (chunk ${chunk})`);
            const afterStart = read - compared(loopCase.text.slice(0, loopCase.loopStart)).length;
            const bound = guard.detectionBound(loopCase.period, chunk, loopCase.wordless);
            assert.ok(
                afterStart <= bound + 1,
                `${loopCase.name} (chunk ${chunk}): caught ${afterStart} characters into the loop, bound ${bound}`
            );
            if (chunk === 4)
                figures.push(
                    `${loopCase.name}: period ${loopCase.period}, caught after ${afterStart} characters (bound ${bound})`
                );
        }
    }
    return figures;
}

test("every true loop is caught within the stated bound, whatever the chunk size", (t) => {
    const figures = checkLoops(loopingReasonings(), () => new ThoughtLoopGuard());
    t.diagnostic(figures.join("\n"));
    // One word repeated: the period found is a multiple of the word at least 16 characters long.
    assert.ok(new ThoughtLoopGuard().detectionBound(20) <= 232);
});

test("short echoes and ordinary reasoning are not loops", () => {
    for (const text of [
        "Wait, wait, wait. Hmm. Let me check the loop bound: i < n means the last index is n - 1, which is right.",
        Array.from({ length: 40 }, (_, i) => `Line ${i}: value ${i * i} is ${i % 2 ? "odd" : "even"}.`).join("\n")
    ])
        assert.equal(stream(new ThoughtLoopGuard(), text, 7).loop, undefined);
});

test("no answer of the corpus that ends by itself is stopped; an answer that degenerates is", (t) => {
    const stopped = legitimateAnswers(60).filter((answer) =>
        chunks.some((chunk) => stream(new AnswerLoopGuard(), answer.text, chunk).loop)
    );
    assert.deepEqual(
        stopped.map((answer) => answer.name),
        []
    );
    t.diagnostic(checkLoops(loopingAnswers(), () => new AnswerLoopGuard()).join("\n"));
});
