// The prompt once: the local runtime evaluates a generation's prompt in one sequence and copies its state to the
// other candidates, keeps the prefix a later call shares, and every candidate still equals its seed sampled alone.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { LocalModelRuntime, type CandidateReply, type ChatMessage } from "../../../engine/testing.js";
import { promptSharingFor } from "../../../engine/runtime/local/sharePrompt.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";

const runtimes: LocalModelRuntime[] = [];
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
});

const replies = [0, 1, 2, 3].map(
    (k) => `<think>\nIdea ${k}: ` + `candidate ${k} weighs the loop. `.repeat(4) + `\n</think>\nPatch ${k}.`
);
// A long shared context (about 1,800 tokens: the scripted model's prompt tokens are mostly bytes) and two different asks.
const context = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n\n".repeat(25);
const fixAsk: ChatMessage[] = [{ role: "user", content: `${context}\nFix gcd so that gcd(0, 0) raises.` }];
const testsAsk: ChatMessage[] = [{ role: "user", content: `${context}\nWrite tests only, no patch.` }];

async function scriptedRuntime(name: string, sharePrompt: boolean): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 4096,
        expectedCandidates: 4,
        sharePrompt
    });
    runtimes.push(runtime);
    return runtime;
}

const textOf = (reply: CandidateReply) => `<think>${reply.thought}</think>${reply.answer}`;

test("G candidates on one shared prompt each equal their seed sampled alone, and the same as without sharing", async () => {
    const shared = await scriptedRuntime("once-shared", true);
    const unshared = await scriptedRuntime("once-unshared", false);
    assert.deepEqual(shared.promptSharing, { kind: "once" });
    const alone: string[] = [];
    for (let seed = 200; seed < 204; seed++)
        alone.push(textOf((await shared.generate({ messages: fixAsk, seed, loopGuard: false })).candidates[0]!));
    assert.ok(
        alone.every((text) => replies.includes(text)),
        alone.join("\n")
    );
    assert.ok(new Set(alone).size >= 2, "four seeds should reach at least two of the four replies");
    for (let round = 0; round < 2; round++) {
        // Round 2 starts from sequences that hold round 1's prompt and replies.
        const together = (await shared.generate({ messages: fixAsk, seed: 200, candidates: 4, loopGuard: false }))
            .candidates;
        assert.deepEqual(together.map(textOf), alone, `round ${round}`);
    }
    const before = (await unshared.generate({ messages: fixAsk, seed: 200, candidates: 4, loopGuard: false }))
        .candidates;
    assert.deepEqual(before.map(textOf), alone);
});

test("the prompt is evaluated once for G candidates, where every sequence evaluated it before", async () => {
    const shared = await scriptedRuntime("once-count", true);
    const unshared = await scriptedRuntime("once-count-unshared", false);
    const evaluated = async (runtime: LocalModelRuntime) => {
        const start = runtime.evaluatedPromptTokens;
        const { candidates } = await runtime.generate({ messages: fixAsk, seed: 5, candidates: 4, loopGuard: false });
        return { evaluated: runtime.evaluatedPromptTokens - start, prompt: candidates[0]!.usage.promptTokens };
    };
    const once = await evaluated(shared);
    assert.ok(once.prompt > 1500, `the prompt should be long; it has ${once.prompt} tokens`);
    // Each sequence evaluates its prompt's last token itself, with the token it samples from, so the count is of the rest.
    assert.equal(once.evaluated, once.prompt - 1);
    assert.equal(shared.lastSharedPrompt?.copies, 3);
    assert.equal(shared.lastSharedPrompt?.evaluatedTokens, once.prompt - 1);
    assert.equal((await evaluated(unshared)).evaluated, 4 * (once.prompt - 1));
});

test("a second call whose prompt shares a long prefix evaluates only what differs, once", async () => {
    const runtime = await scriptedRuntime("once-prefix", true);
    await runtime.generate({ messages: fixAsk, seed: 9, candidates: 4, loopGuard: false, purpose: "fix.round1" });
    const start = runtime.evaluatedPromptTokens;
    const { candidates } = await runtime.generate({
        messages: testsAsk,
        seed: 9,
        candidates: 4,
        loopGuard: false,
        purpose: "fix.tests"
    });
    const evaluated = runtime.evaluatedPromptTokens - start;
    const testsPrompt = candidates[0]!.usage.promptTokens;
    const differing = runtime.lastSharedPrompt!.evaluatedTokens;
    assert.ok(
        differing > 5 && differing < 40,
        `only the ask after the shared context differs; evaluated ${differing} of ${testsPrompt}`
    );
    assert.equal(evaluated, differing);
    assert.equal(runtime.lastSharedPrompt?.copies, 3);

    // A feedback round (the conversation so far, then feedback) reuses all of round 1's prompt.
    const feedback: ChatMessage[] = [
        ...testsAsk,
        { role: "assistant", content: textOf(candidates[0]!) },
        { role: "user", content: "Test 2 fails." }
    ];
    const round2 = await runtime.generate({
        messages: feedback,
        seed: 9,
        candidates: 4,
        loopGuard: false,
        purpose: "fix.round2"
    });
    const feedbackPrompt = round2.candidates[0]!.usage.promptTokens;
    assert.ok(
        runtime.lastSharedPrompt!.evaluatedTokens < feedbackPrompt - testsPrompt + 10,
        `evaluated ${runtime.lastSharedPrompt!.evaluatedTokens} of ${feedbackPrompt}, of which ${testsPrompt} were round 1's`
    );
});

test("a call with fewer candidates keeps the context and its prefix instead of evaluating the prompt again", async () => {
    const runtime = await scriptedRuntime("once-fewer", true);
    await runtime.generate({ messages: fixAsk, seed: 3, candidates: 4, loopGuard: false });
    const [reply] = (await runtime.generate({ messages: fixAsk, seed: 3, candidates: 1, loopGuard: false })).candidates;
    assert.equal(runtime.lastSharedPrompt?.evaluatedTokens, 0);
    assert.ok(replies.includes(textOf(reply!)));
});

test("recurrent, hybrid and sliding-window models fall back to every candidate evaluating the prompt, and say why", () => {
    const attention = { isRecurrent: false, isHybrid: false, swaSize: undefined };
    assert.deepEqual(promptSharingFor(attention), { kind: "once" });
    assert.match(JSON.stringify(promptSharingFor({ ...attention, isRecurrent: true })), /perSequence.*recurrent/);
    assert.match(JSON.stringify(promptSharingFor({ ...attention, isHybrid: true })), /perSequence.*hybrid/);
    assert.match(JSON.stringify(promptSharingFor({ ...attention, swaSize: 1024 })), /perSequence.*sliding-window/);
});

test("a cancel stops the shared prompt's evaluation between batches, and every candidate comes back cancelled", async () => {
    const runtime = await scriptedRuntime("once-cancel", true);
    const abort = new AbortController();
    abort.abort();
    const { candidates } = await runtime.generate(
        { messages: fixAsk, seed: 1, candidates: 4 },
        { signal: abort.signal }
    );
    assert.equal(runtime.lastSharedPrompt?.evaluatedTokens, 0);
    assert.equal(runtime.lastSharedPrompt?.copies, 0);
    assert.deepEqual(
        candidates.map((c) => c.stopReason),
        ["cancelled", "cancelled", "cancelled", "cancelled"]
    );
});
