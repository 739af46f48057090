// The remote runtime's pieces that need no server: splitting `<think>` tags out of streamed content however
// the stream is cut, and the messages for endpoints that cannot be used.
// The end-to-end tests against llama.cpp's own llama-server are in test/e2e/llamaServer.test.ts; stream shapes of
// other servers in remoteStreamShapes.test.ts, faults in remoteFaults.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RemoteModelRuntime, ThinkTagSplitter, listRemoteModels } from "../../../engine/testing.js";
import { main } from "../../../bin/main.js";
import { fakeIo } from "../../support/fakeIo.js";
import { startFixtureServer } from "../../support/remote/fixtureServer.js";

function check(chunks: string[], expected: { thought: string; answer: string; closed: boolean }): void {
    for (const cut of [chunks, [chunks.join("")], [...chunks.join("")]]) {
        let streamed = "";
        const splitter = new ThinkTagSplitter((_kind, text) => {
            streamed += text;
        });
        for (const chunk of cut) splitter.push(chunk);
        splitter.finish();
        const { thought, answer, closed } = splitter.result();
        assert.deepEqual({ thought, answer, closed }, expected, JSON.stringify(cut));
        assert.equal(streamed, thought + answer, "every character is streamed once");
    }
}

test("think tags are split from streamed content wherever the chunks are cut", () => {
    check(["<thi", "nk>\nWhy", " it loops.</th", "ink>\n\nUse &=."], {
        thought: "\nWhy it loops.",
        answer: "\n\nUse &=.",
        closed: true
    });
    // The server's template opened <think> in the prompt: the stream starts inside the thought.
    check(["Why it loops.", "</think>", "Use &=."], { thought: "Why it loops.", answer: "Use &=.", closed: true });
    check(["Just an answer with no thought at all."], {
        thought: "",
        answer: "Just an answer with no thought at all.",
        closed: false
    });
    check(["<think>never closes"], { thought: "never closes", answer: "", closed: false });
});

test("endpoints that cannot be used give messages that say what to do", async () => {
    await assert.rejects(
        listRemoteModels("http://127.0.0.1:59999"),
        /Nothing is listening at http:\/\/127\.0\.0\.1:59999 \(connection refused\)/
    );
    await assert.rejects(RemoteModelRuntime.connect({ endpoints: ["not a url"] }), /is not a URL/);
    const io = fakeIo(process.cwd(), {});
    assert.equal(
        await main(
            ["ask", "hi", "--endpoint", "http://127.0.0.1:59999", "--api-key-env", "PONDER_TEST_NO_SUCH_KEY"],
            io
        ),
        2
    );
    assert.match(io.stderr, /environment variable PONDER_TEST_NO_SUCH_KEY is not set/);
});

test("an endpoint may be given as the server, its /v1 root or the full chat completions URL", async () => {
    const server = await startFixtureServer({
        models: ["m"],
        answer: () => ({ chunks: ['data: {"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\n'] })
    });
    try {
        for (const url of [
            server.url,
            `${server.url}/`,
            `${server.url}/v1`,
            `${server.url}/v1/`,
            `${server.url}/v1/chat/completions`
        ]) {
            const runtime = await RemoteModelRuntime.connect({ endpoints: [url] });
            const { candidates } = await runtime.generate({ messages: [{ role: "user", content: "?" }] });
            assert.equal(candidates[0]!.answer, "ok", url);
        }
        assert.deepEqual(new Set(server.requests.map((r) => r.path)), new Set(["/v1/models", "/v1/chat/completions"]));
    } finally {
        await server.close();
    }
});

test("reasoning effort reaches a served model only when the request sets one", async () => {
    const server = await startFixtureServer({
        models: ["m"],
        answer: () => ({ chunks: ['data: {"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\n'] })
    });
    try {
        const runtime = await RemoteModelRuntime.connect({ endpoints: [server.url] });
        await runtime.generate({ messages: [{ role: "user", content: "?" }], reasoningEffort: "low" });
        await runtime.generate({ messages: [{ role: "user", content: "?" }] });
        assert.deepEqual(
            server.chatRequests().map((r) => r.body?.["reasoning_effort"]),
            ["low", undefined]
        );
    } finally {
        await server.close();
    }
});

test("an answer that degenerates into one repeated line is stopped and flagged answerLoop; the thought was the model's", async () => {
    const delta = (content: string) =>
        `data: ${JSON.stringify({ choices: [{ delta: { content }, finish_reason: null }] })}\n\n`;
    const line = "    assert gcd(0, 0) == 0\n";
    const chunks = [
        delta("<think>\nUse abs.\n</think>\n```python\n"),
        ...Array.from({ length: 400 }, () => delta(line)),
        'data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n',
        "data: [DONE]\n\n"
    ];
    const server = await startFixtureServer({ models: ["m"], answer: () => ({ chunks }) });
    try {
        const runtime = await RemoteModelRuntime.connect({ endpoints: [server.url] });
        const [reply] = (await runtime.generate({ messages: [{ role: "user", content: "?" }] })).candidates;
        assert.ok(reply!.flags.includes("answerLoop"), JSON.stringify(reply!.flags));
        assert.equal(reply!.thoughtClosedBy, "model");
        assert.equal(reply!.stopReason, "endOfReply");
        assert.ok(reply!.answer.length < line.length * 40, `${reply!.answer.length} characters of answer`);
        const [unguarded] = (await runtime.generate({ messages: [{ role: "user", content: "?" }], loopGuard: false }))
            .candidates;
        assert.equal(unguarded!.answer.split(line).length - 1, 400);
        assert.ok(!unguarded!.flags.includes("answerLoop"));
    } finally {
        await server.close();
    }
});

test("an earlier turn's thought is dropped, or sent as reasoning_content with preserve_thinking when the template keeps it", async () => {
    const server = await startFixtureServer({
        models: ["m"],
        answer: () => ({ chunks: ['data: {"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]}\n\n'] })
    });
    const messages = [
        { role: "user" as const, content: "First" },
        { role: "assistant" as const, content: "<think>\nold trace\n</think>\n\nOld answer" },
        { role: "user" as const, content: "Second" }
    ];
    try {
        await (await RemoteModelRuntime.connect({ endpoints: [server.url] })).generate({ messages });
        await (
            await RemoteModelRuntime.connect({ endpoints: [server.url], preserveThoughts: true })
        ).generate({ messages });
        const [dropped, kept] = server.chatRequests().map((r) => r.body);
        assert.deepEqual(dropped?.["messages"], [
            messages[0],
            { role: "assistant", content: "Old answer" },
            messages[2]
        ]);
        assert.equal(dropped?.["chat_template_kwargs"], undefined);
        assert.deepEqual(kept?.["messages"], [
            messages[0],
            { role: "assistant", content: "Old answer", reasoning_content: "old trace" },
            messages[2]
        ]);
        assert.deepEqual(kept?.["chat_template_kwargs"], { preserve_thinking: true });
    } finally {
        await server.close();
    }
});
