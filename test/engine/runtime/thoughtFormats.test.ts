// Each family's thought format end to end through the real LocalModelRuntime and node-llama-cpp: scripted models that
// carry the family's real chat template and special tokens (R1, Qwen3, Qwen3 2507 Thinking, gpt-oss harmony, Qwen3.5/3.6,
// GLM-4.7-Flash, Nemotron 3 Nano, Gemma 4's thought channel, Magistral's [THINK]), and
// the exact thought and answer Ponder reports for a thought opened by the template, by the model or by Ponder, one
// never closed, one cut by the budget, and harmony's analysis and final channels with the reasoning effort it asked for.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
    LocalModelRuntime,
    reasoningEffortFor,
    type CandidateReply,
    type GenerationRequest,
    type ReasoningEvent,
    type ThoughtFormatFacts
} from "../../../engine/testing.js";
import { Template } from "@huggingface/jinja";
import { templateOpensThought, templatePreservesThinking } from "../../../engine/runtime/local/thoughtFormat.js";
import {
    buildScriptedModel,
    gemma4Format,
    glm47FlashFormat,
    harmonyFormat,
    mistralThinkFormat,
    nemotron3NanoFormat,
    qwen35Format,
    qwen36Format,
    qwen3Format,
    qwen3Thinking2507Format,
    r1Format,
    testModelDir,
    type ChatFormatParts
} from "../../support/models/index.js";

const runtimes: LocalModelRuntime[] = [];
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
});

const ask = [{ role: "user" as const, content: "Why does bitcount(3) hang?" }];

interface FormatCase {
    name: string;
    format: ChatFormatParts;
    /** What the model writes after the template's generation prompt. */
    reply: string;
    request?: Partial<GenerationRequest>;
    thoughtFormat: ThoughtFormatFacts;
    expect: Pick<CandidateReply, "thought" | "answer" | "thoughtClosedBy" | "stopReason" | "flags">;
}

const think = (thoughtOpenedBy: ThoughtFormatFacts["thoughtOpenedBy"], wrapper: string): ThoughtFormatFacts => ({
    wrapper,
    thoughtOpenedBy,
    tags: "think"
});
const harmonyFacts: ThoughtFormatFacts = { wrapper: "Harmony", thoughtOpenedBy: "model", tags: "harmony" };
const budgetThought = "Consider each bit in turn, then count it, then shift.";

const cases: FormatCase[] = [
    {
        name: "Qwen3 hybrid: the model opens <think> itself",
        format: qwen3Format,
        reply: "<think>\nThe loop uses ^= where it needs &=.\n</think>\n\nUse `n &= n - 1`.<|im_end|>",
        thoughtFormat: think("model", "Qwen"),
        expect: {
            thought: "The loop uses ^= where it needs &=.",
            answer: "\n\nUse `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "Qwen3 2507 Thinking: the template opens <think>, the model only closes it",
        format: qwen3Thinking2507Format,
        reply: "The loop uses ^= where it needs &=.\n</think>\n\nUse `n &= n - 1`.<|im_end|>",
        thoughtFormat: think("template", "JinjaTemplate"),
        expect: {
            thought: "The loop uses ^= where it needs &=.",
            answer: "Use `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "R1: Ponder opens <think> when the model would skip it",
        format: r1Format,
        reply: "The loop uses ^= where it needs &=.\n</think>\n\nUse `n &= n - 1`.",
        thoughtFormat: think("ponder", "DeepSeek"),
        expect: {
            thought: "\nThe loop uses ^= where it needs &=.\n",
            answer: "\n\nUse `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "harmony: analysis channel is the thought, final channel the answer",
        format: harmonyFormat,
        reply: "<|channel|>analysis<|message|>The loop uses ^= → it needs &=.<|end|><|start|>assistant<|channel|>final<|message|>Use `n &= n - 1`.<|return|>",
        thoughtFormat: harmonyFacts,
        expect: {
            thought: "The loop uses ^= → it needs &=.",
            answer: "Use `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "Qwen3: a <think> the reply never closes",
        format: qwen3Format,
        reply: "<think>\nI keep thinking and never stop to answer<|im_end|>",
        thoughtFormat: think("model", "Qwen"),
        expect: {
            thought: "I keep thinking and never stop to answer",
            answer: "",
            thoughtClosedBy: "unclosed",
            stopReason: "endOfReply",
            flags: ["thoughtUnclosed", "emptyAnswer"]
        }
    },
    {
        name: "Qwen3 2507 Thinking: a template-opened thought the reply never closes",
        format: qwen3Thinking2507Format,
        reply: "I keep thinking and never stop to answer<|im_end|>",
        thoughtFormat: think("template", "JinjaTemplate"),
        expect: {
            thought: "I keep thinking and never stop to answer",
            answer: "",
            thoughtClosedBy: "unclosed",
            stopReason: "endOfReply",
            flags: ["thoughtUnclosed", "emptyAnswer"]
        }
    },
    {
        name: "harmony: an analysis message the reply never ends",
        format: harmonyFormat,
        reply: "<|channel|>analysis<|message|>I keep thinking and never stop to answer<|return|>",
        thoughtFormat: harmonyFacts,
        expect: {
            thought: "I keep thinking and never stop to answer",
            answer: "",
            thoughtClosedBy: "unclosed",
            stopReason: "endOfReply",
            flags: ["thoughtUnclosed", "emptyAnswer"]
        }
    },
    {
        name: "Qwen3: the budget closes a thought the model never would; the answer is what the closed thought yields (none)",
        format: qwen3Format,
        reply: `<think>\n${budgetThought}<|im_end|>`,
        request: { thinkBudget: 12 },
        thoughtFormat: think("model", "Qwen"),
        expect: {
            thought: budgetThought.slice(0, 12),
            answer: "",
            thoughtClosedBy: "budget",
            stopReason: "endOfReply",
            flags: ["thoughtBudgetReached", "emptyAnswer"]
        }
    },
    {
        name: "harmony: the budget closes the analysis and the model answers in the final channel",
        format: harmonyFormat,
        // One token per byte: "→ " is four of the twelve, so the closed analysis holds the scripted model's marker byte.
        reply: `<|channel|>analysis<|message|>→ ${budgetThought}<|end|><|start|>assistant<|channel|>final<|message|>Use \`n &= n - 1\`.<|return|>`,
        request: { thinkBudget: 12 },
        thoughtFormat: harmonyFacts,
        expect: {
            thought: `→ ${budgetThought}`.slice(0, 10),
            answer: "Use `n &= n - 1`.",
            thoughtClosedBy: "budget",
            stopReason: "endOfReply",
            flags: ["thoughtBudgetReached"]
        }
    },
    {
        name: "Qwen3.5/3.6: the template opens <think>, the model only closes it",
        format: qwen35Format,
        reply: "The loop uses ^= where it needs &=.\n</think>\n\nUse `n &= n - 1`.<|im_end|>",
        thoughtFormat: think("template", "Qwen"),
        // node-llama-cpp's Qwen wrapper (chosen for this template) keeps the blank line before the answer, as for Qwen3.
        expect: {
            thought: "The loop uses ^= where it needs &=.",
            answer: "\n\nUse `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "Qwen3.6: as Qwen3.5, and the template's preserve_thinking keeps earlier thoughts",
        format: qwen36Format,
        reply: "The loop uses ^= where it needs &=.\n</think>\n\nUse `n &= n - 1`.<|im_end|>",
        thoughtFormat: { ...think("template", "Qwen"), preservesThinking: true },
        expect: {
            thought: "The loop uses ^= where it needs &=.",
            answer: "\n\nUse `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "GLM-4.7-Flash: <|assistant|><think> opens the thought, the model closes it",
        format: glm47FlashFormat,
        reply: "The loop uses ^= where it needs &=.</think>Use `n &= n - 1`.<|endoftext|>",
        // node-llama-cpp's template probe misses this opening; Ponder tells its Jinja wrapper, so the template's own
        // `<|assistant|><think>` ends the prompt (no newline after it) and the thought is the model's text as written.
        thoughtFormat: think("template", "JinjaTemplate"),
        expect: {
            thought: "The loop uses ^= where it needs &=.",
            answer: "Use `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "Magistral / Mistral reasoning: [THINK]…[/THINK] special tokens",
        format: mistralThinkFormat,
        reply: "[THINK]The loop uses ^= where it needs &=.[/THINK]Use `n &= n - 1`.</s>",
        thoughtFormat: { wrapper: "JinjaTemplate", thoughtOpenedBy: "model", tags: "mistral" },
        expect: {
            thought: "The loop uses ^= where it needs &=.",
            answer: "Use `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "Gemma 4: the thinking turn <|channel>thought…<channel|> before the answer",
        format: gemma4Format,
        reply: "<|channel>thought\nThe loop uses ^= where it needs &=.<channel|>Use `n &= n - 1`.<turn|>",
        thoughtFormat: { wrapper: "Gemma 4", thoughtOpenedBy: "model", tags: "gemma4" },
        expect: {
            thought: "The loop uses ^= where it needs &=.",
            answer: "Use `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    },
    {
        name: "Nemotron 3 Nano: the template opens <think>, the model closes it",
        format: nemotron3NanoFormat,
        reply: "The loop uses ^= where it needs &=.\n</think>\n\nUse `n &= n - 1`.<|im_end|>",
        // As for GLM: the template's `<|im_start|>assistant\n<think>\n` ends the prompt.
        thoughtFormat: think("template", "JinjaTemplate"),
        expect: {
            thought: "The loop uses ^= where it needs &=.",
            answer: "\n\nUse `n &= n - 1`.",
            thoughtClosedBy: "model",
            stopReason: "endOfReply",
            flags: []
        }
    }
];

async function formatRuntime(name: string, format: ChatFormatParts, reply: string): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `format-${name}.gguf`), {
        replies: [reply],
        format,
        name: `ponder-test-${format.name}`
    });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 2048,
        expectedCandidates: 1
    });
    runtimes.push(runtime);
    return runtime;
}

async function check(formatCase: FormatCase, index: number): Promise<void> {
    const runtime = await formatRuntime(String(index), formatCase.format, formatCase.reply);
    assert.deepEqual(runtime.description.thoughtFormat, formatCase.thoughtFormat);
    const events: ReasoningEvent[] = [];
    const [reply] = (
        await runtime.generate(
            { messages: ask, seed: 3, ...formatCase.request },
            { onEvent: (event) => events.push(event) }
        )
    ).candidates;
    const { thought, answer, thoughtClosedBy, stopReason, flags } = reply!;
    assert.deepEqual({ thought, answer, thoughtClosedBy, stopReason, flags }, formatCase.expect);
    if (formatCase.request?.thinkBudget !== undefined)
        assert.equal(reply!.usage.thoughtTokens, formatCase.request.thinkBudget);
    // The stream rebuilds the reply exactly, and the thought ends before the answer starts.
    const streamed = (kind: "thought" | "answer") =>
        events.flatMap((event) => (event.kind === kind ? [event.text] : [])).join("");
    assert.equal(streamed("thought"), thought);
    assert.equal(streamed("answer"), answer);
    const kinds = events.map((event) => event.kind);
    if (answer !== "") assert.ok(kinds.indexOf("thoughtEnd") < kinds.indexOf("answer"), kinds.join(" "));
    assert.equal(kinds.filter((kind) => kind === "thoughtEnd").length, 1);
    assert.equal(kinds.at(-1), "done");
}

test("each family's thought and answer come out exact", async (t) => {
    for (const [index, formatCase] of cases.entries()) await t.test(formatCase.name, () => check(formatCase, index));
});

test("the template decides whether <think> is opened: Ponder's opening is never doubled", async (t) => {
    const prompts: Array<{ format: ChatFormatParts; reply: string; promptEnd: string }> = [
        // R1's template writes `<think>\n` and so does Ponder's opening through the DeepSeek wrapper: once.
        {
            format: r1Format,
            reply: "<think>\nok\n</think>\nok",
            promptEnd: "<｜User｜>Why does bitcount(3) hang?<｜Assistant｜><think>\n"
        },
        // Qwen3 hybrid: the model opens it.
        { format: qwen3Format, reply: "<think>\nok\n</think>\n\nok<|im_end|>", promptEnd: "<|im_start|>assistant\n" },
        // Qwen3 2507 Thinking: node-llama-cpp writes the template's `<think>\n` when the reply starts, not in the prompt.
        {
            format: qwen3Thinking2507Format,
            reply: "ok\n</think>\n\nok<|im_end|>",
            promptEnd: "<|im_start|>assistant\n"
        },
        // Qwen3.5/3.6: as Qwen3 2507, through node-llama-cpp's Qwen wrapper.
        {
            format: qwen35Format,
            reply: "ok\n</think>\n\nok<|im_end|>",
            promptEnd: "<|im_start|>user\nWhy does bitcount(3) hang?<|im_end|>\n<|im_start|>assistant\n"
        },
        // GLM-4.7-Flash and Nemotron 3 Nano: node-llama-cpp 3.21.1's Jinja wrapper alone rendered the model's turn as a
        // past assistant message without a thought, which these templates close at once (GLM's `</think>`, Nemotron's
        // `<think></think>`), so the prompts ended `</think><think>\n` and `<think></think><think>\n\n`. With the
        // thought opened on start, the prompts end as the templates' generation prompts do (and as llama-server's).
        {
            format: glm47FlashFormat,
            reply: "ok</think>ok<|endoftext|>",
            promptEnd: "<|user|>Why does bitcount(3) hang?<|assistant|><think>"
        },
        {
            format: nemotron3NanoFormat,
            reply: "ok\n</think>\n\nok<|im_end|>",
            promptEnd: "<|im_start|>user\nWhy does bitcount(3) hang?<|im_end|>\n<|im_start|>assistant\n<think>\n"
        },
        // Gemma 4: thinking is asked for with `<|think|>` in a system turn; the model opens its thought channel itself.
        {
            format: gemma4Format,
            reply: "<|channel>thought\nok<channel|>ok<turn|>",
            promptEnd:
                "<|turn>system\n<|think|>\n<turn|>\n<|turn>user\nWhy does bitcount(3) hang?<turn|>\n<|turn>model\n"
        },
        // Magistral: the template's default system prompt, which asks for `[THINK]`, stays (Ponder sends no system prompt).
        {
            format: mistralThinkFormat,
            reply: "[THINK]ok[/THINK]ok</s>",
            promptEnd:
                "[THINK]Your thoughts or/and draft, like working through an exercise on scratch paper. Be as casual and as long as you want until you are confident to generate the response to the user.[/THINK]Here, provide a self-contained response.[/SYSTEM_PROMPT][INST]Why does bitcount(3) hang?[/INST]"
        }
    ];
    for (const { format, reply, promptEnd } of prompts) {
        await t.test(format.name, async () => {
            const runtime = await formatRuntime(`prompt-${format.name}`, format, reply);
            const prompt = runtime.renderPrompt({ messages: ask });
            assert.ok(prompt.endsWith(promptEnd), JSON.stringify(prompt.slice(-80)));
            assert.equal(prompt.split("<think>").length - 1, promptEnd.split("<think>").length - 1);
            assert.equal(prompt.split("[THINK]").length - 1, promptEnd.includes("[THINK]") ? 1 : 0);
        });
    }
});

test("Qwen3.6 keeps an earlier turn's thought in the prompt, as its template does with preserve_thinking; Qwen3.5 drops it", async () => {
    const conversation = [
        { role: "user" as const, content: "First" },
        { role: "assistant" as const, content: "<think>\nold trace\n</think>\n\nOld answer" },
        { role: "user" as const, content: "Second" }
    ];
    const qwen36 = await formatRuntime("preserve-3.6", qwen36Format, "ok\n</think>\n\nok<|im_end|>");
    const qwen35 = await formatRuntime("preserve-3.5", qwen35Format, "ok\n</think>\n\nok<|im_end|>");
    // The template's own rendering with the flag, up to the generation prompt's `<think>\n`, which node-llama-cpp's
    // Qwen wrapper writes when the reply starts.
    const rendered = new Template(qwen36Format.chatTemplate).render({
        messages: [
            conversation[0],
            { role: "assistant", reasoning_content: "old trace", content: "Old answer" },
            conversation[2]
        ],
        add_generation_prompt: true,
        preserve_thinking: true
    });
    assert.ok(rendered.endsWith("<|im_start|>assistant\n<think>\n"), rendered.slice(-60));
    assert.equal(qwen36.renderPrompt({ messages: conversation }), rendered.slice(0, -"<think>\n".length));
    assert.match(rendered, /<\|im_start\|>assistant\n<think>\nold trace\n<\/think>\n\nOld answer<\|im_end\|>/);
    const withoutFlag = qwen35.renderPrompt({ messages: conversation });
    assert.ok(!withoutFlag.includes("old trace"), withoutFlag);
    assert.match(withoutFlag, /<\|im_start\|>assistant\nOld answer<\|im_end\|>/);
    // And the model still answers after the preserved history.
    const [reply] = (await qwen36.generate({ messages: conversation, seed: 1 })).candidates;
    assert.deepEqual([reply!.thought, reply!.answer], ["ok", "\n\nok"]);
});

test("gpt-oss's reasoning effort follows the request's effort, else its thinking budget", async (t) => {
    const runtime = await formatRuntime(
        "harmony-effort",
        harmonyFormat,
        "<|channel|>analysis<|message|>Short → done.<|end|><|start|>assistant<|channel|>final<|message|>Done.<|return|>"
    );
    const efforts: Array<{ request: Partial<GenerationRequest>; effort: "low" | "medium" | "high" }> = [
        { request: {}, effort: "medium" },
        { request: { thinkBudget: 512 }, effort: "low" },
        { request: { thinkBudget: 4096 }, effort: "medium" },
        { request: { thinkBudget: 16384 }, effort: "high" },
        { request: { thinkBudget: 512, reasoningEffort: "high" }, effort: "high" }
    ];
    for (const { request, effort } of efforts) {
        await t.test(JSON.stringify(request), async () => {
            assert.equal(reasoningEffortFor(request), effort);
            const prompt = runtime.renderPrompt({ messages: ask, ...request });
            assert.match(prompt, new RegExp(`\\nReasoning: ${effort}\\n`));
            assert.ok(
                prompt.endsWith("<|start|>user<|message|>Why does bitcount(3) hang?<|end|><|start|>assistant"),
                prompt.slice(-80)
            );
            // The run with that wrapper still splits analysis and final exactly.
            const [reply] = (await runtime.generate({ messages: ask, seed: 1, ...request })).candidates;
            assert.deepEqual([reply!.thought, reply!.answer], ["Short → done.", "Done."]);
        });
    }
});

test("a template's generation prompt is read for an opened thought", () => {
    const templates: Array<[ChatFormatParts, boolean]> = [
        [r1Format, true],
        [qwen3Format, false],
        [qwen3Thinking2507Format, true],
        [harmonyFormat, false],
        [qwen35Format, true],
        [qwen36Format, true],
        [glm47FlashFormat, true],
        [nemotron3NanoFormat, true],
        [gemma4Format, false],
        [mistralThinkFormat, false]
    ];
    for (const [format, opens] of templates) {
        assert.equal(templateOpensThought(format.chatTemplate), opens, format.name);
        assert.equal(templatePreservesThinking(format.chatTemplate), format === qwen36Format, format.name);
    }
});
