// Faults of served models, on loopback servers that misbehave on cue: an endpoint that dies mid-stream, one that
// answers 429 with Retry-After, one that hangs, one that refuses the key, does not serve the model or is not
// there. With a second endpoint the job finishes there; with one it fails with a message that says what to do.
// API keys reach the server and nothing else: not the session record, not the CLI's output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RemoteModelRuntime, type ReasoningEvent } from "../../../engine/testing.js";
import { main } from "../../../bin/main.js";
import { fakeIo } from "../../support/fakeIo.js";
import { startFixtureServer, type FixtureServer, type ScriptedAnswer } from "../../support/remote/fixtureServer.js";

const healthy = JSON.parse(readFileSync(join(process.cwd(), "test/fixtures/remote/deepseek-api.json"), "utf8")) as {
    model: string;
    chunks: string[];
    expected: { thought: string; answer: string };
};
const model = healthy.model;
const ok = (): ScriptedAnswer => ({ chunks: healthy.chunks, chunkDelayMs: 1 });
const ask = { messages: [{ role: "user" as const, content: "Why does it stop early?" }] };

async function withServers(
    answers: ((n: number) => ScriptedAnswer)[],
    body: (servers: FixtureServer[]) => Promise<void>
): Promise<void> {
    const servers = await Promise.all(answers.map((answer) => startFixtureServer({ models: [model], answer })));
    try {
        await body(servers);
    } finally {
        await Promise.all(servers.map((s) => s.close()));
    }
}

function liveText(events: ReasoningEvent[], candidate: number, kind: "thought" | "answer"): string {
    return events
        .filter((e) => e.candidate === candidate && e.kind === kind)
        .map((e) => (e as { text: string }).text)
        .join("");
}

test("an endpoint that dies mid-stream: the candidate starts again on the other, its live text not shown twice", async () => {
    await withServers([() => ({ ...ok(), dieAfterChunks: 5 }), ok], async ([dying, up]) => {
        const runtime = await RemoteModelRuntime.connect({ endpoints: [dying!.url, up!.url], restMs: 60_000 });
        const events: ReasoningEvent[] = [];
        const { candidates } = await runtime.generate({ ...ask, candidates: 4 }, { onEvent: (e) => events.push(e) });
        for (const reply of candidates) {
            assert.equal(reply.thought, healthy.expected.thought);
            assert.equal(reply.answer, healthy.expected.answer);
            assert.equal(
                liveText(events, reply.index, "thought"),
                reply.thought,
                `candidate ${reply.index}: live thought shown once`
            );
            assert.equal(liveText(events, reply.index, "answer"), reply.answer);
        }
        // Least outstanding: two of the four started on the dying endpoint; it was rested after the first failure.
        assert.equal(dying!.chatRequests().length, 2);
        assert.equal(up!.chatRequests().length, 4);
        await runtime.dispose();
    });
    await withServers([() => ({ ...ok(), dieAfterChunks: 5 })], async ([dying]) => {
        const runtime = await RemoteModelRuntime.connect({ endpoints: [dying!.url], maxRetries: 1 });
        await assert.rejects(
            runtime.generate(ask),
            new RegExp(`${dying!.url}/v1 broke off the reply mid-stream \\(the connection broke`)
        );
        assert.equal(dying!.chatRequests().length, 2, "one retry");
    });
});

test("429 with Retry-After: another endpoint takes the candidate at once; a lone endpoint is retried after the wait it asked", async () => {
    await withServers(
        [() => ({ status: 429, headers: { "retry-after": "30" }, body: '{"error":"busy"}' }), ok],
        async ([busy, up]) => {
            const runtime = await RemoteModelRuntime.connect({ endpoints: [busy!.url, up!.url] });
            const started = Date.now();
            const { candidates } = await runtime.generate({ ...ask, candidates: 2 });
            assert.ok(Date.now() - started < 5_000, "the 30 s Retry-After of one endpoint does not hold up the job");
            assert.deepEqual(
                candidates.map((c) => c.answer),
                [healthy.expected.answer, healthy.expected.answer]
            );
            assert.equal(busy!.chatRequests().length, 1, "the busy endpoint rests for its Retry-After");
        }
    );
    await withServers(
        [(n) => (n === 0 ? { status: 429, headers: { "retry-after": "1" }, body: "" } : ok())],
        async ([busy]) => {
            const runtime = await RemoteModelRuntime.connect({ endpoints: [busy!.url] });
            const started = Date.now();
            const { candidates } = await runtime.generate(ask);
            assert.ok(Date.now() - started >= 950, "waited the second it asked for");
            assert.equal(candidates[0]!.answer, healthy.expected.answer);
        }
    );
    await withServers(
        [() => ({ status: 429, headers: { "retry-after": "0" }, body: '{"error":{"message":"Rate limit reached"}}' })],
        async ([busy]) => {
            const runtime = await RemoteModelRuntime.connect({ endpoints: [busy!.url], maxRetries: 2 });
            await assert.rejects(
                runtime.generate(ask),
                /answered HTTP 429: \{"error":\{"message":"Rate limit reached"\}\}/
            );
            assert.equal(busy!.chatRequests().length, 3);
        }
    );
});

test("an endpoint that hangs: the request times out and the candidate finishes on the other; alone, a clear message", async () => {
    await withServers([() => ({ hang: true }), ok], async ([hanging, up]) => {
        const runtime = await RemoteModelRuntime.connect({ endpoints: [hanging!.url, up!.url], requestTimeoutMs: 400 });
        const { candidates } = await runtime.generate({ ...ask, candidates: 2 });
        assert.deepEqual(
            candidates.map((c) => c.thought),
            [healthy.expected.thought, healthy.expected.thought]
        );
        assert.equal(hanging!.chatRequests().length, 1);
        assert.equal(up!.chatRequests().length, 2);
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(hanging!.chatRequests()[0]!.abandoned, true, "the timed-out request was closed");
    });
    await withServers([() => ({ hang: true })], async ([hanging]) => {
        const runtime = await RemoteModelRuntime.connect({
            endpoints: [hanging!.url],
            requestTimeoutMs: 300,
            maxRetries: 0
        });
        await assert.rejects(runtime.generate(ask), new RegExp(`${hanging!.url}/v1 did not answer in time`));
    });
});

test("cancelling aborts the HTTP request and returns the partial reply as cancelled", async () => {
    await withServers([() => ({ chunks: healthy.chunks, chunkDelayMs: 150 })], async ([slow]) => {
        const runtime = await RemoteModelRuntime.connect({ endpoints: [slow!.url] });
        const controller = new AbortController();
        const started = Date.now();
        const { candidates } = await runtime.generate(ask, {
            signal: controller.signal,
            onEvent: (e) => {
                if (e.kind === "thought") controller.abort();
            }
        });
        assert.ok(Date.now() - started < 1_500, "returned well before the 2 s stream would have ended");
        assert.equal(candidates[0]!.stopReason, "cancelled");
        assert.equal(candidates[0]!.thought, "Okay");
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(slow!.chatRequests()[0]!.abandoned, true, "the server saw the request go away");
    });
});

test("a candidate that fails for good aborts its siblings' requests instead of leaving them running", async () => {
    await withServers(
        [
            (n) =>
                n === 0
                    ? { status: 400, body: '{"error":{"message":"prompt too long"}}' }
                    : { chunks: healthy.chunks, chunkDelayMs: 300 }
        ],
        async ([server]) => {
            const runtime = await RemoteModelRuntime.connect({ endpoints: [server!.url] });
            const started = Date.now();
            await assert.rejects(
                runtime.generate({ ...ask, candidates: 3 }),
                /answered HTTP 400: \{"error":\{"message":"prompt too long"\}\}/
            );
            assert.ok(Date.now() - started < 1_000, "failed at once, not after the siblings' 4 s streams");
            await new Promise((resolve) => setTimeout(resolve, 100));
            const siblings = server!.chatRequests().slice(1);
            assert.equal(siblings.length, 2);
            assert.deepEqual(
                siblings.map((r) => r.abandoned),
                [true, true],
                "the siblings' requests were closed"
            );
        }
    );
});

test("401 names the API key's environment variable, 404 names the model and what is served, a refused connection says nothing listens", async () => {
    // The key is refused when listing models (connect) and when generating.
    const refusing = await startFixtureServer({ models: [model], modelsStatus: 401, answer: ok });
    await assert.rejects(
        RemoteModelRuntime.connect({ endpoints: [refusing.url], apiKey: "sk-wrong", apiKeyEnv: "DEEPSEEK_API_KEY" }),
        /refused the API key \(HTTP 401\)\. Check the key in \$DEEPSEEK_API_KEY\./
    );
    await refusing.close();
    await withServers(
        [() => ({ status: 401, body: '{"error":{"message":"Authentication Fails"}}' })],
        async ([refusingChat]) => {
            const runtime = await RemoteModelRuntime.connect({
                endpoints: [refusingChat!.url],
                apiKey: "sk-wrong",
                apiKeyEnv: "DEEPSEEK_API_KEY"
            });
            await assert.rejects(
                runtime.generate(ask),
                /refused the API key \(HTTP 401\)\. Check the key in \$DEEPSEEK_API_KEY\./
            );
            assert.equal(refusingChat!.chatRequests().length, 1, "401 is not retried");
            const io = fakeIo(process.cwd(), {});
            assert.equal(
                await main(["ask", "hi", "--endpoint", refusingChat!.url], io),
                2,
                "a refused key is the user's configuration"
            );
            assert.match(io.stderr, /refused the API key \(HTTP 401\)\. Pass one with --api-key-env NAME\./);
        }
    );
    // The server lists one model but has lost it by the time of the request.
    const lost = await startFixtureServer({
        models: ["deepseek-chat", "deepseek-reasoner"],
        answer: () => ({ status: 404, body: '{"error":{"message":"Model Not Exist"}}' })
    });
    const runtime = await RemoteModelRuntime.connect({ endpoints: [lost.url], model: "deepseek-reasoner" });
    await assert.rejects(
        runtime.generate(ask),
        /does not serve the model "deepseek-reasoner" \(HTTP 404\); it serves "deepseek-chat", "deepseek-reasoner"\./
    );
    await assert.rejects(
        RemoteModelRuntime.connect({ endpoints: [lost.url], model: "deepseek-r2" }),
        /does not serve "deepseek-r2"; it serves deepseek-chat, deepseek-reasoner\./
    );
    // Beside an endpoint that serves it, the one that does not is left out and the job finishes.
    await withServers([ok], async ([up]) => {
        const both = await RemoteModelRuntime.connect({ endpoints: [up!.url, lost.url], model: "deepseek-reasoner" });
        const { candidates } = await both.generate({ ...ask, candidates: 4 });
        assert.deepEqual(
            candidates.map((c) => c.answer),
            Array(4).fill(healthy.expected.answer)
        );
        assert.equal(lost.chatRequests().length, 3, "two candidates started there; one 404 rested it");
        assert.equal(up!.chatRequests().length, 4);
    });
    await lost.close();
    // A server this process never talked to, so no kept-alive connection to it lingers.
    const gone = await startFixtureServer({ answer: ok });
    await gone.close();
    const io = fakeIo(process.cwd(), {});
    assert.equal(
        await main(["ask", "hi", "--endpoint", gone.url], io),
        3,
        "nothing listening is the environment's fault"
    );
    assert.match(
        io.stderr,
        new RegExp(
            `Nothing is listening at ${gone.url} \\(connection refused\\)\\. Start the server or check the URL\\.`
        )
    );
    // One it did talk to drops the kept-alive connection when it goes away.
    const restarted = fakeIo(process.cwd(), {});
    assert.equal(await main(["models", "--endpoint", lost.url], restarted), 3);
    assert.match(
        restarted.stderr,
        new RegExp(`${lost.url} closed the connection before answering|Nothing is listening at ${lost.url}`)
    );
});

test("an endpoint that is down at the start does not stop the others; its share of the work goes to them", async () => {
    const gone = await startFixtureServer({ models: [model], answer: ok });
    await gone.close();
    await withServers([ok], async ([up]) => {
        const runtime = await RemoteModelRuntime.connect({ endpoints: [gone.url, up!.url] });
        assert.equal(runtime.description.id, model);
        const { candidates } = await runtime.generate({ ...ask, candidates: 3 });
        assert.deepEqual(
            candidates.map((c) => c.answer),
            Array(3).fill(healthy.expected.answer)
        );
        assert.equal(up!.chatRequests().length, 3);
    });
});

test("API keys reach the server's Authorization header and never the session record or the CLI's output", async () => {
    const key = "sk-ponder-test-7c1e9d0b55aa";
    const dir = await mkdtemp(join(tmpdir(), "ponder-remote-key-"));
    try {
        await withServers(
            [ok, (n) => (n === 0 ? { ...ok(), dieAfterChunks: 3 } : { status: 401, body: '{"error":"invalid key"}' })],
            async ([up, flaky]) => {
                const record = join(dir, "session.jsonl");
                const runtime = await RemoteModelRuntime.connect({
                    endpoints: [`${up!.url}/v1/`, flaky!.url],
                    apiKey: key,
                    apiKeyEnv: "PONDER_TEST_KEY",
                    recordTo: record
                });
                await runtime.generate({ ...ask, candidates: 2, purpose: "ask" });
                await runtime.dispose();
                const io = fakeIo(dir, { PONDER_TEST_KEY: key });
                const cliRecord = join(dir, "cli.jsonl");
                assert.equal(
                    await main(
                        [
                            "ask",
                            "hi",
                            "--endpoint",
                            up!.url,
                            "--api-key-env",
                            "PONDER_TEST_KEY",
                            "--record",
                            cliRecord,
                            "--candidates",
                            "2",
                            "--json"
                        ],
                        io
                    ),
                    0
                );
                const failing = fakeIo(dir, { PONDER_TEST_KEY: key });
                assert.equal(
                    await main(
                        [
                            "ask",
                            "hi",
                            "--endpoint",
                            flaky!.url,
                            "--api-key-env",
                            "PONDER_TEST_KEY",
                            "--record",
                            cliRecord
                        ],
                        failing
                    ),
                    2
                );
                assert.match(failing.stderr, /Check the key in \$PONDER_TEST_KEY/);
                for (const request of [...up!.requests, ...flaky!.requests])
                    assert.equal(request.headers.authorization, `Bearer ${key}`, request.path);
                const written = [
                    await readFile(record, "utf8"),
                    await readFile(cliRecord, "utf8"),
                    io.stdout,
                    io.stderr,
                    failing.stdout,
                    failing.stderr
                ];
                assert.match(written[0]!, /"purpose":"ask"/, "the session record was written");
                for (const text of written)
                    assert.ok(
                        !text.includes(key) && !text.includes("ponder-test-7c1e"),
                        `key leaked into: ${text.slice(0, 200)}`
                    );
            }
        );
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
});
