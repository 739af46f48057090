// The stream shapes of vLLM, SGLang, Ollama's /v1 and DeepSeek's API, served over real HTTP on loopback from
// the fixtures in test/fixtures/remote/ (each names what it shows and the reply it must give), read by the real
// RemoteModelRuntime: reasoning in a separate field or in tags, tags and events split across network chunks,
// keep-alive comments, usage in the last chunk, a stream cut in the middle.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RemoteModelRuntime, type CandidateReply, type ReasoningEvent } from "../../../engine/testing.js";
import { startFixtureServer } from "../../support/remote/fixtureServer.js";

interface StreamFixture {
    about: string;
    model: string;
    chunks: string[];
    expected: Partial<
        Pick<CandidateReply, "thought" | "answer" | "thoughtClosedBy" | "stopReason" | "flags" | "usage">
    > & { error?: string };
}

const fixtureDir = join(process.cwd(), "test/fixtures/remote");
const fixtures = readdirSync(fixtureDir)
    .filter((name) => name.endsWith(".json"))
    .sort();

async function check(name: string): Promise<void> {
    const fixture = JSON.parse(readFileSync(join(fixtureDir, name), "utf8")) as StreamFixture;
    const server = await startFixtureServer({
        models: [fixture.model],
        answer: () => ({ chunks: fixture.chunks, chunkDelayMs: 2 })
    });
    const runtime = await RemoteModelRuntime.connect({ endpoints: [server.url], maxRetries: 0 });
    try {
        const events: ReasoningEvent[] = [];
        const generation = runtime.generate(
            { messages: [{ role: "user", content: "Why does it stop early?" }], seed: 7 },
            { onEvent: (e) => events.push(e) }
        );
        const { error, ...expected } = fixture.expected;
        if (error) {
            await assert.rejects(generation, (e: Error) => {
                assert.match(e.message, new RegExp(error));
                assert.match(e.message, new RegExp(server.url));
                return true;
            });
            return;
        }
        const [reply] = (await generation).candidates;
        const actual = Object.fromEntries(
            Object.keys(expected).map((key) => [key, reply![key as keyof CandidateReply]])
        );
        assert.deepEqual(actual, expected, `${name}: ${fixture.about}`);
        const live = (kind: string) =>
            events
                .filter((e) => e.kind === kind)
                .map((e) => (e as { text: string }).text)
                .join("");
        assert.equal(live("thought"), reply!.thought, `${name}: the live thought is the reply's thought`);
        assert.equal(live("answer"), reply!.answer, `${name}: the live answer is the reply's answer`);
        assert.equal(events.at(-1)?.kind, "done");
        const kinds = events.map((e) => e.kind);
        assert.ok(kinds.filter((kind) => kind === "thoughtEnd").length <= 1, `${name}: the thought ends once`);
        if (kinds.includes("answer") && reply!.thoughtClosedBy !== "none")
            assert.ok(
                kinds.indexOf("thoughtEnd") < kinds.indexOf("answer"),
                `${name}: the thought ends before the answer starts`
            );
        const [request] = server.chatRequests();
        assert.equal(request?.body?.["model"], fixture.model);
        assert.equal(request?.body?.["stream"], true);
        assert.equal(request?.body?.["seed"], 7);
        assert.deepEqual(request?.body?.["stream_options"], { include_usage: true });
    } finally {
        await runtime.dispose();
        await server.close();
    }
}

test("every recorded stream shape gives the thought, answer and usage it carries", async (t) => {
    assert.ok(fixtures.length >= 9, `fixtures found: ${fixtures.join(", ")}`);
    for (const name of fixtures) await t.test(name, () => check(name));
});

test("a stream cut into 7-byte network writes gives the same reply, multi-byte characters included", async () => {
    // Writes of 7 bytes cut UTF-8 characters, SSE lines, JSON and tags at every kind of place.
    const fixture = JSON.parse(readFileSync(join(fixtureDir, "ollama-v1-think-tags.json"), "utf8")) as StreamFixture;
    const whole = Buffer.from(fixture.chunks.join("").replace(/range/g, "rangé…"), "utf8");
    const pieces = Array.from({ length: Math.ceil(whole.length / 7) }, (_, i) => whole.subarray(i * 7, i * 7 + 7));
    const server = await startFixtureServer({
        models: [fixture.model],
        answer: () => ({ chunks: pieces, chunkDelayMs: 1 })
    });
    const runtime = await RemoteModelRuntime.connect({ endpoints: [server.url], maxRetries: 0 });
    try {
        let live = "";
        const [reply] = (
            await runtime.generate(
                { messages: [{ role: "user", content: "?" }] },
                {
                    onEvent: (e) => {
                        if (e.kind === "thought" || e.kind === "answer") live += e.text;
                    }
                }
            )
        ).candidates;
        assert.equal(reply!.thought, fixture.expected.thought!.replace(/range/g, "rangé…"));
        assert.equal(reply!.answer, fixture.expected.answer!.replace(/range/g, "rangé…"));
        assert.equal(live, reply!.thought + reply!.answer);
    } finally {
        await runtime.dispose();
        await server.close();
    }
});
