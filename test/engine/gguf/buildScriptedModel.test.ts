// Scripted test models through the real node-llama-cpp on CPU: LlamaChat with the DeepSeek chat wrapper and R1's
// sampling (temperature 0.6, top-p 0.95) reproduces the scripted replies exactly, thought and answer apart,
// whichever way the prompt ends; several replies are chosen by the seed.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
    DeepSeekChatWrapper,
    getLlama,
    LlamaChat,
    resolveChatWrapper,
    type ChatHistoryItem,
    type ChatModelSegment,
    type LlamaModel
} from "node-llama-cpp";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";

const dir = testModelDir();
// One thread: this machine has two cores shared with other work, and a second llama.cpp thread spin-waits on the
// scheduler (measured: 1 ms a token with one thread, 4 to 250 ms with two under load).
const llama = await getLlama({ gpu: false, maxThreads: 1 });
after(() => llama.dispose());

const question: ChatHistoryItem = { type: "user", text: "Why does sum_to(3) return 3?" };

/** One generation's stream, split as node-llama-cpp reports it. */
interface Generation {
    /** Text of `thought` segment chunks, joined. */
    thought: string;
    /** Text of non-segment chunks (the answer), joined. */
    answer: string;
    /** The whole reply rebuilt in R1's text form, `<think>` and `</think>` where node-llama-cpp saw them. */
    text: string;
    /** node-llama-cpp's `metadata.stopReason`: "eogToken" when the model ended the reply. */
    stopReason: string;
}

/** A loaded scripted model that generates with LlamaChat on one sequence of a 4096-token context. */
async function loadScripted(name: string, replies: string[]) {
    const built = await buildScriptedModel(join(dir, `${name}.gguf`), { replies });
    const model = await llama.loadModel({ modelPath: built.path });
    after(() => model.dispose());
    const chatWrapper = resolveChatWrapper(model);
    const context = await model.createContext({ contextSize: 4096, sequences: 1 });
    const sequence = context.getSequence();
    const generate = async (
        seed: number,
        history: ChatHistoryItem[] = [question],
        temperature = 0.6
    ): Promise<Generation> => {
        const chat = new LlamaChat({ contextSequence: sequence, chatWrapper });
        let thought = "";
        let answer = "";
        let text = "";
        let inThought = false;
        try {
            const result = await chat.generateResponse(history, {
                temperature,
                topP: 0.95,
                seed,
                maxTokens: 1000,
                // Below 8192 tokens of context node-llama-cpp would cut a thought at half the context.
                budgets: { thoughtTokens: 4000 },
                onResponseChunk: (chunk) => {
                    if (chunk.type === "segment" && chunk.segmentType === "thought") {
                        if (!inThought && chunk.segmentStartTime) text += "<think>";
                        inThought = true;
                        thought += chunk.text;
                        text += chunk.text;
                        if (chunk.segmentEndTime) {
                            text += "</think>";
                            inThought = false;
                        }
                    } else if (chunk.type === undefined) {
                        answer += chunk.text;
                        text += chunk.text;
                    }
                }
            });
            return { thought, answer, text, stopReason: result.metadata.stopReason };
        } finally {
            chat.dispose({ disposeSequence: false });
        }
    };
    return { built, model, chatWrapper, generate };
}

/** The prompt node-llama-cpp evaluates for this history, detokenized with special tokens. */
function renderedPrompt(model: LlamaModel, chatWrapper: DeepSeekChatWrapper, history: ChatHistoryItem[]): string {
    const { contextText } = chatWrapper.generateContextState({ chatHistory: history });
    return model.detokenize(contextText.tokenize(model.tokenizer), true);
}

const thought = (text: string, ended: boolean): ChatModelSegment => ({
    type: "segment",
    segmentType: "thought",
    text,
    ended
});

test("one scripted reply comes back exactly, thought and answer apart, at temperature 0.6", async () => {
    const reply = "<think>\nThe loop is off by one.\n</think>\n\nUse `<=`.";
    const { built, chatWrapper, generate } = await loadScripted("scripted-single", [reply]);
    assert.ok(chatWrapper instanceof DeepSeekChatWrapper, `resolved ${chatWrapper.wrapperName}`);
    assert.deepEqual(built.replies, [reply]);
    assert.ok(built.sizeBytes < 1_000_000, `${built.sizeBytes} bytes`);
    for (const seed of [1, 2]) {
        const generation = await generate(seed);
        assert.deepEqual(
            generation,
            {
                thought: "\nThe loop is off by one.\n",
                answer: "\n\nUse `<=`.",
                text: reply,
                stopReason: "eogToken"
            },
            `seed ${seed}`
        );
    }
    assert.equal((await generate(1, [question], 0)).text, reply, "greedy decoding");
});

test("the reply continues correctly whichever way the prompt ends", async () => {
    const reply = "<think>\nThe loop is off by one.\n</think>\n\nUse `<=`.";
    const { model, chatWrapper, generate } = await loadScripted("scripted-endings", [reply]);
    assert.ok(chatWrapper instanceof DeepSeekChatWrapper);
    const cases: { history: ChatHistoryItem[]; promptEnd: string; thought: string; answer: string }[] = [
        // node-llama-cpp's default: the reply starts after `<｜Assistant｜>` (LlamaChat adds the empty model turn).
        {
            history: [question, { type: "model", response: [] }],
            promptEnd: "<｜Assistant｜>",
            thought: "\nThe loop is off by one.\n",
            answer: "\n\nUse `<=`."
        },
        // A reply forced to open with `<think>\n`, as the template's generation prompt does.
        {
            history: [question, { type: "model", response: [thought("\n", false)] }],
            promptEnd: "<｜Assistant｜><think>\n",
            thought: "The loop is off by one.\n",
            answer: "\n\nUse `<=`."
        },
        {
            history: [question, { type: "model", response: [thought("", false)] }],
            promptEnd: "<｜Assistant｜><think>",
            thought: "\nThe loop is off by one.\n",
            answer: "\n\nUse `<=`."
        },
        // A thought closed from outside (a thinking budget): the answer follows.
        {
            history: [question, { type: "model", response: [thought("\nEnough.\n", true)] }],
            promptEnd: "<think>\nEnough.\n</think>",
            thought: "",
            answer: "\n\nUse `<=`."
        }
    ];
    for (const { history, promptEnd, thought, answer } of cases) {
        assert.ok(renderedPrompt(model, chatWrapper as DeepSeekChatWrapper, history).endsWith(promptEnd), promptEnd);
        const generation = await generate(3, history);
        assert.deepEqual(
            { thought: generation.thought, answer: generation.answer, stopReason: generation.stopReason },
            { thought, answer, stopReason: "eogToken" },
            `prompt ending ${JSON.stringify(promptEnd)}`
        );
    }
});

test("three replies: different seeds reach each, the same seed always gives the same one", async () => {
    const replies = ["<think>\nA\n</think>\nOne.", "<think>\nB\n</think>\nTwo.", "<think>\nC\n</think>\nThree."];
    const { generate } = await loadScripted("scripted-three", replies);
    const bySeed = new Map<number, string>();
    for (let seed = 1; seed <= 12; seed++) {
        const { text } = await generate(seed);
        assert.ok(replies.includes(text), `seed ${seed} gave an unscripted reply: ${JSON.stringify(text)}`);
        bySeed.set(seed, text);
    }
    assert.deepEqual(new Set(bySeed.values()), new Set(replies), "twelve seeds reach all three replies");
    for (const seed of [1, 2, 3, 4]) assert.equal((await generate(seed)).text, bySeed.get(seed), `seed ${seed} again`);
});

test("any prompt gets the reply, whatever its characters", async () => {
    const reply = "<think>\nÜnïcødé in the reply too: 😀 ✓\n</think>\nDone — 完成.";
    const { generate } = await loadScripted("scripted-unicode", [reply]);
    const prompts = [
        "",
        "<｜User｜><think></think><｜end▁of▁sentence｜>",
        "日本語のテキスト 🙂\n\t\\u0000 \u0000",
        "x".repeat(500)
    ];
    for (const prompt of prompts) {
        const { text } = await generate(9, [{ type: "user", text: prompt }]);
        assert.equal(text, reply, JSON.stringify(prompt.slice(0, 40)));
    }
    // A longer conversation (system prompt, earlier turns) changes nothing either.
    const conversation: ChatHistoryItem[] = [
        { type: "system", text: "Be brief." },
        question,
        { type: "model", response: ["Earlier answer."] },
        { type: "user", text: "And now?" }
    ];
    assert.equal((await generate(9, conversation)).text, reply);
});

test("a reply that never closes its thought, and an empty reply, come out as scripted", async () => {
    const unclosed = await loadScripted("scripted-unclosed", ["<think>\nI keep thinking and never answer"]);
    assert.deepEqual(await unclosed.generate(1), {
        thought: "\nI keep thinking and never answer",
        answer: "",
        text: "<think>\nI keep thinking and never answer",
        stopReason: "eogToken"
    });
    const empty = await loadScripted("scripted-empty", [""]);
    assert.deepEqual(await empty.generate(1), { thought: "", answer: "", text: "", stopReason: "eogToken" });
    // The empty reply is also the end when the prompt already opened the thought.
    const afterOpen = await empty.generate(1, [question, { type: "model", response: [thought("\n", false)] }]);
    assert.deepEqual([afterOpen.thought, afterOpen.answer, afterOpen.stopReason], ["", "", "eogToken"]);
});

test("a reply without a thought, and replies mixing empty and thinking ones", async () => {
    const plain = await loadScripted("scripted-plain", ["Just the answer."]);
    assert.deepEqual(await plain.generate(1), {
        thought: "",
        answer: "Just the answer.",
        text: "Just the answer.",
        stopReason: "eogToken"
    });
    const mixed = await loadScripted("scripted-mixed", ["", "<think>\nx\n</think>\ny"]);
    const texts = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) texts.add((await mixed.generate(seed)).text);
    assert.deepEqual(texts, new Set(["", "<think>\nx\n</think>\ny"]));
});

test("a few KB of replies compile fast into a small file; too many replies are refused", async () => {
    const replies = Array.from(
        { length: 4 },
        (_, k) => `<think>\n${`Reply ${k} checks the loop bound once more. `.repeat(25)}\n</think>\nFix ${k}.`
    );
    const started = performance.now();
    const built = await buildScriptedModel(join(dir, "scripted-large.gguf"), { replies });
    const milliseconds = performance.now() - started;
    assert.ok(replies.join("").length > 4000);
    assert.ok(milliseconds < 1000, `took ${milliseconds.toFixed(0)} ms`);
    assert.ok(built.sizeBytes < 8_000_000, `${built.sizeBytes} bytes`);
    await assert.rejects(buildScriptedModel(join(dir, "scripted-none.gguf"), { replies: [] }), /at least one reply/);
    await assert.rejects(
        buildScriptedModel(join(dir, "scripted-many.gguf"), { replies: new Array<string>(20).fill("x") }),
        /at most 19/
    );
});
