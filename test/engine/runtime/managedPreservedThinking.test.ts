// Qwen3.6's preserved thinking through the real managed llama-server: a scripted model with the (unverified, written)
// Qwen3.6 template keeps an earlier turn's thought in the prompt the server evaluates, and the same model with
// Qwen3.5's template, which has no such flag, does not; the difference is exactly the thought's tokens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ManagedServerRuntime } from "../../../engine/testing.js";
import { buildScriptedModel, qwen35Format, qwen36Format, testModelDir } from "../../support/models/index.js";
import { findLlamaServer } from "../../support/remote/LlamaServerProcess.js";

const binary = findLlamaServer();
const conversation = [
    { role: "user" as const, content: "First" },
    { role: "assistant" as const, content: "<think>\nold trace\n</think>\n\nOld answer" },
    { role: "user" as const, content: "Second" }
];

/** Prompt tokens the server evaluated for the conversation, and the token count of a text in its vocabulary. */
async function promptTokens(format: typeof qwen35Format): Promise<{ evaluated: number; thought: number }> {
    const { path } = await buildScriptedModel(join(testModelDir(), `preserve-${format.name}.gguf`), {
        replies: ["ok\n</think>\n\nok<|im_end|>"],
        format
    });
    const runtime = await ManagedServerRuntime.start({
        model: path,
        gpu: false,
        threads: 1,
        parallel: 1,
        binary: binary.kind === "found" ? binary.path : "",
        speculative: "off"
    });
    try {
        const before = await runtime.evaluatedPromptTokens();
        const [reply] = (await runtime.generate({ messages: conversation, seed: 1 })).candidates;
        assert.equal(reply!.answer.trim(), "ok");
        return {
            evaluated: (await runtime.evaluatedPromptTokens()) - before,
            thought: await runtime.countTokens("<think>\nold trace\n</think>\n\n")
        };
    } finally {
        await runtime.dispose();
    }
}

if (binary.kind === "absent") {
    // FIXME: needs the cached llama-server (scripts/buildLlamaServer.sh); without it this asserts the build script says so.
    test("without a cached llama-server the preserved-thinking check cannot run, and the build script says why", () => {
        assert.match(binary.message, /no cached llama-server/);
    });
} else {
    test("the managed server keeps an earlier thought for Qwen3.6's template and drops it for Qwen3.5's", async () => {
        const kept = await promptTokens(qwen36Format);
        const dropped = await promptTokens(qwen35Format);
        assert.ok(kept.thought > 4, String(kept.thought));
        assert.equal(kept.evaluated - dropped.evaluated, kept.thought);
    });
}
