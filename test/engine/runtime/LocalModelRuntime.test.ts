// The local runtime through the real node-llama-cpp on CPU, with scripted models whose decoding reproduces
// known R1-style replies: thought/answer split, events, candidates, budgets, loops, cancellation, records.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { LocalModelRuntime, PromptTooLongError, type ReasoningEvent } from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";

const runtimes: LocalModelRuntime[] = [];
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
});

async function scriptedRuntime(name: string, replies: string[], contextSize = 2048): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize,
        expectedCandidates: 1
    });
    runtimes.push(runtime);
    return runtime;
}

const ask = [{ role: "user" as const, content: "Why does bitcount(3) hang?" }];

test("a scripted reply comes back split into thought and answer, streamed in order", async () => {
    const runtime = await scriptedRuntime("runtime-single", [
        "<think>\nThe loop uses ^= where it needs &=.\n</think>\n\nUse `n &= n - 1`."
    ]);
    const events: ReasoningEvent[] = [];
    const { candidates, model } = await runtime.generate(
        { messages: ask, seed: 7 },
        { onEvent: (e) => events.push(e) }
    );
    assert.equal(candidates.length, 1);
    const [reply] = candidates;
    assert.equal(reply!.thought, "\nThe loop uses ^= where it needs &=.\n");
    assert.equal(reply!.answer, "\n\nUse `n &= n - 1`.");
    assert.equal(reply!.stopReason, "endOfReply");
    assert.equal(reply!.thoughtClosedBy, "model");
    assert.deepEqual(reply!.flags, []);
    assert.ok(reply!.usage.thoughtTokens > 10 && reply!.usage.answerTokens > 5 && reply!.usage.promptTokens > 5);
    assert.equal(model.chatTemplate, "deepseek");
    assert.equal(model.backend, "cpu");
    // The stream rebuilds the reply exactly, and the thought ends before the answer starts.
    const streamedThought = events
        .filter((e) => e.kind === "thought")
        .map((e) => (e as { text: string }).text)
        .join("");
    const streamedAnswer = events
        .filter((e) => e.kind === "answer")
        .map((e) => (e as { text: string }).text)
        .join("");
    assert.equal(streamedThought, reply!.thought);
    assert.equal(streamedAnswer, reply!.answer);
    const kinds = events.map((e) => e.kind);
    assert.ok(kinds.indexOf("thoughtEnd") < kinds.indexOf("answer"));
    assert.equal(kinds.at(-1), "done");
    assert.ok(events.every((e) => e.candidate === 0));
});

test("G candidates in one batch each equal their seed sampled alone (guards node-llama-cpp's sampling race)", async () => {
    // Unguarded, node-llama-cpp 3.21.1 corrupts most of these replies (41 to 64 of 64 measured with 8 sequences).
    const replies = [0, 1, 2, 3].map(
        (k) =>
            `<think>\nIdea ${k}: ` +
            `candidate ${k} reasons step by step about the loop. `.repeat(6) +
            `\n</think>\nPatch ${k}.`
    );
    const runtime = await scriptedRuntime("runtime-branches", replies);
    const alone = new Map<number, string>();
    for (let seed = 100; seed < 108; seed++) {
        const [reply] = (await runtime.generate({ messages: ask, seed, loopGuard: false })).candidates;
        const text = `<think>${reply!.thought}</think>${reply!.answer}`;
        assert.ok(replies.includes(text), `seed ${seed} gave an unscripted reply: ${text}`);
        alone.set(seed, text);
    }
    assert.ok(new Set(alone.values()).size >= 2, "eight seeds should reach at least two of the four replies");
    for (let round = 0; round < 3; round++) {
        const { candidates } = await runtime.generate({ messages: ask, seed: 100, candidates: 8, loopGuard: false });
        assert.deepEqual(
            candidates.map((c) => `<think>${c.thought}</think>${c.answer}`),
            [...alone.values()],
            `round ${round}`
        );
        assert.deepEqual(
            candidates.map((c) => c.index),
            [0, 1, 2, 3, 4, 5, 6, 7]
        );
        assert.deepEqual(
            candidates.map((c) => c.seed),
            [100, 101, 102, 103, 104, 105, 106, 107]
        );
    }
});

test("a reply that never closes its thought is flagged, with no answer", async () => {
    const runtime = await scriptedRuntime("runtime-unclosed", ["<think>\nI keep thinking and never stop to answer"]);
    const [reply] = (await runtime.generate({ messages: ask, seed: 1 })).candidates;
    assert.equal(reply!.thoughtClosedBy, "unclosed");
    assert.ok(reply!.flags.includes("thoughtUnclosed"));
    assert.equal(reply!.answer, "");
    assert.match(reply!.thought, /never stop to answer/);
});

test("an empty reply is flagged", async () => {
    const runtime = await scriptedRuntime("runtime-empty", [""]);
    const [reply] = (await runtime.generate({ messages: ask, seed: 1 })).candidates;
    assert.equal(reply!.answer, "");
    assert.ok(reply!.flags.includes("emptyReply"), JSON.stringify(reply));
});

test("the thinking budget force-closes the thought", async () => {
    const runtime = await scriptedRuntime("runtime-budget", [
        "<think>\n" + "Consider each bit in turn and count it. ".repeat(3) + "\n</think>\nDone."
    ]);
    const events: ReasoningEvent[] = [];
    const [reply] = (
        await runtime.generate({ messages: ask, seed: 1, thinkBudget: 12 }, { onEvent: (e) => events.push(e) })
    ).candidates;
    assert.equal(reply!.thoughtClosedBy, "budget");
    assert.ok(reply!.flags.includes("thoughtBudgetReached"));
    assert.ok(reply!.usage.thoughtTokens <= 13, `thought took ${reply!.usage.thoughtTokens} tokens`);
    assert.ok(events.some((e) => e.kind === "thoughtEnd" && e.closedBy === "budget"));
});

test("a thought that loops is cut by the loop guard and flagged", async () => {
    const loop = "So I check the low bit, shift, and check the low bit again. ";
    const runtime = await scriptedRuntime(
        "runtime-loop",
        ["<think>\n" + loop.repeat(12) + "\n</think>\nAnswer."],
        4096
    );
    const [reply] = (await runtime.generate({ messages: ask, seed: 1 })).candidates;
    assert.equal(reply!.thoughtClosedBy, "loopGuard");
    assert.ok(reply!.flags.includes("thoughtLoop"));
    assert.ok(reply!.thought.length < loop.length * 8, "the guard should stop the thought well before its end");
    const [unguarded] = (await runtime.generate({ messages: ask, seed: 1, loopGuard: false })).candidates;
    assert.equal(unguarded!.thoughtClosedBy, "model");
    assert.equal(unguarded!.answer, "\nAnswer.");
});

test("an answer that degenerates into one repeated line is stopped there and flagged answerLoop, as a value", async () => {
    const line = "    assert bitcount(3) == 2\n";
    const runtime = await scriptedRuntime(
        "runtime-answer-loop",
        ["<think>\nCount with n &= n - 1.\n</think>\n```python\n" + line.repeat(60) + "```\n"],
        4096
    );
    const [reply] = (await runtime.generate({ messages: ask, seed: 1 })).candidates;
    assert.ok(reply!.flags.includes("answerLoop"), JSON.stringify(reply!.flags));
    assert.equal(reply!.stopReason, "endOfReply");
    assert.equal(reply!.thoughtClosedBy, "model");
    assert.ok(
        reply!.answer.length < line.length * 30,
        `the answer should stop well before its end (${reply!.answer.length} characters)`
    );
    const [unguarded] = (await runtime.generate({ messages: ask, seed: 1, loopGuard: false })).candidates;
    assert.ok(!unguarded!.flags.includes("answerLoop"));
    assert.equal(unguarded!.answer.split(line).length - 1, 60);
});

test("cancelling in the middle of a thought stops within 100 ms and frees the sequences", async () => {
    const runtime = await scriptedRuntime(
        "runtime-cancel",
        ["<think>\n" + "Thinking about every bit of the number, one after another. ".repeat(20) + "</think>\nOK."],
        4096
    );
    const abort = new AbortController();
    let abortedAt = 0;
    let thoughtEvents = 0;
    const started = performance.now();
    const result = await runtime.generate(
        { messages: ask, seed: 3, candidates: 2, loopGuard: false },
        {
            signal: abort.signal,
            onEvent: (event) => {
                if (event.kind === "thought" && ++thoughtEvents === 20) {
                    abortedAt = performance.now();
                    abort.abort();
                }
            }
        }
    );
    const latency = performance.now() - abortedAt;
    assert.ok(abortedAt > started);
    assert.ok(latency < 100, `cancel took ${latency.toFixed(1)} ms`);
    for (const reply of result.candidates) {
        assert.equal(reply.stopReason, "cancelled");
        assert.equal(reply.answer, "");
        assert.ok(reply.thought.length > 5);
    }
    // The sequences were released: the same runtime serves the next request in full.
    const [next] = (await runtime.generate({ messages: ask, seed: 3, loopGuard: false })).candidates;
    assert.equal(next!.answer, "\nOK.");
});

test("a prompt longer than the context is refused with the size it needs", async () => {
    const runtime = await scriptedRuntime("runtime-small-context", ["<think>\nok\n</think>\nok"], 256);
    const long = [{ role: "user" as const, content: "word ".repeat(400) }];
    await assert.rejects(runtime.generate({ messages: long }), (error: unknown) => {
        assert.ok(error instanceof PromptTooLongError);
        assert.match(error.message, /needs a context of at least \d+ tokens/);
        assert.ok(error.promptTokens > 256);
        return true;
    });
});

test("every call can be recorded to a JSONL session log", async () => {
    const { path } = await buildScriptedModel(join(testModelDir(), "runtime-record.gguf"), {
        replies: ["<think>\nhm\n</think>\nyes"]
    });
    const log = join(testModelDir(), `session-${process.pid}.jsonl`);
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 1024,
        recordTo: log
    });
    runtimes.push(runtime);
    await runtime.generate({ messages: ask, seed: 11, purpose: "ask" });
    await runtime.generate({ messages: ask, seed: 12, candidates: 2 });
    const lines = (await readFile(log, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
    assert.equal(lines.length, 2);
    assert.equal(lines[0].purpose, "ask");
    assert.equal(lines[0].request.seed, 11);
    assert.equal(lines[0].candidates[0].answer, "\nyes");
    assert.equal(lines[1].candidates.length, 2);
    assert.ok(lines[1].durationMs >= 0);
});

test("a JSON schema constrains the answer, not the thought", async () => {
    const runtime = await scriptedRuntime("runtime-json", [
        '<think>\nThe answer is ok.\n</think>\n\n{"verdict": "ok", "confidence": 3}'
    ]);
    const schema = { type: "object", properties: { verdict: { type: "string" }, confidence: { type: "number" } } };
    const [reply] = (await runtime.generate({ messages: ask, seed: 1, jsonSchema: schema })).candidates;
    assert.equal(reply!.thought, "\nThe answer is ok.\n");
    assert.equal(reply!.thoughtClosedBy, "model");
    assert.deepEqual(JSON.parse(reply!.answer), { verdict: "ok", confidence: 3 });
});
