// The remote runtime end to end against llama.cpp's own llama-server (built from node-llama-cpp's llama.cpp bundle by
// scripts/buildLlamaServer.sh) serving scripted GGUF models on loopback: reasoning split by the server
// (`--reasoning-format deepseek`), usage, candidates decoded at once in the server's slots, cancellation, the CLI's
// `models`, `ask` and `fix --endpoint`, and a fix through the server matching the local runtime's on the same model.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RemoteModelRuntime, type FixReport, type ReasoningEvent } from "../../engine/testing.js";
import { main } from "../../bin/main.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fakeIo } from "../support/fakeIo.js";
import { bitcountFix } from "../support/bitcountReplies.js";
import { findLlamaServer, LlamaServerProcess } from "../support/remote/LlamaServerProcess.js";
import { partsOf, steppedReply } from "../support/remote/steppedReplies.js";

const binary = findLlamaServer();
const question = [{ role: "user" as const, content: "Why does the loop stop early?" }];
const replies = [0, 1, 2].map((k) => steppedReply(k, 30));
const scripted = replies.map(partsOf);

if (binary.kind === "absent") {
    // FIXME: the real-server checks need the cached llama-server binary. scripts/setup.sh builds it within a time bound
    // (a cut build resumes on the next run); until it is cached, this asserts what the build script says instead.
    test("without a cached llama-server, the build script's --path exits 1 and says how to build it", () => {
        assert.equal(binary.exitCode, 1);
        assert.match(binary.message, /no cached llama-server at \S+\/llama-server; run scripts\/buildLlamaServer\.sh/);
    });
} else {
    realServerTests(binary.path);
}

function realServerTests(binaryPath: string): void {
    let server: LlamaServerProcess | undefined;
    const connect = () => RemoteModelRuntime.connect({ endpoints: [server!.url] });
    before(async () => {
        const model = join(testModelDir(), "served-stepped.gguf");
        await buildScriptedModel(model, { replies });
        server = await LlamaServerProcess.start(binaryPath, { model, parallel: 4, contextSize: 16384 });
    });
    after(async () => {
        await server?.stop();
    });

    test("the thought arrives as reasoning_content and the answer as content, with usage and timings", async () => {
        const raw = (await fetch(`${server!.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({
                model: "ponder-scripted",
                messages: question,
                seed: 7,
                temperature: 0.6,
                top_p: 0.95
            })
        }).then((response) => response.json())) as {
            choices: { message: { content: string; reasoning_content?: string } }[];
            usage: { prompt_tokens: number; completion_tokens: number };
        };
        const { message } = raw.choices[0]!;
        const expected = scripted.find((parts) => parts.thought === message.reasoning_content);
        assert.ok(expected, `the server's reasoning_content is one scripted thought: ${JSON.stringify(message)}`);
        assert.equal(message.content, expected.answer);

        const runtime = await connect();
        const streamed = { thought: "", answer: "" };
        const events: ReasoningEvent["kind"][] = [];
        const [reply] = (
            await runtime.generate(
                { messages: question, seed: 7, loopGuard: false },
                {
                    onEvent: (event) => {
                        events.push(event.kind);
                        if (event.kind === "thought" || event.kind === "answer") streamed[event.kind] += event.text;
                    }
                }
            )
        ).candidates;
        assert.deepEqual(
            { thought: reply!.thought, answer: reply!.answer },
            expected,
            "the same seed, the same reply, whitespace and all"
        );
        assert.deepEqual(streamed, { thought: reply!.thought, answer: reply!.answer });
        assert.ok(events.indexOf("thoughtEnd") < events.indexOf("answer") && events.at(-1) === "done");
        assert.equal(reply!.thoughtClosedBy, "model");
        assert.equal(reply!.stopReason, "endOfReply");
        assert.deepEqual(reply!.flags, []);
        assert.equal(reply!.usage.promptTokens, raw.usage.prompt_tokens);
        assert.equal(reply!.usage.thoughtTokens + reply!.usage.answerTokens, raw.usage.completion_tokens);
        assert.ok(reply!.usage.thoughtTokens > reply!.usage.answerTokens, JSON.stringify(reply!.usage));
        assert.ok(
            reply!.timings.tokensPerSecond > 0 && reply!.timings.firstTokenMs <= reply!.timings.totalMs,
            JSON.stringify(reply!.timings)
        );
    });

    test("several candidates decode at once in the server's slots, each a whole scripted reply its seed repeats", async () => {
        const runtime = await connect();
        const { candidates } = await runtime.generate({
            messages: question,
            candidates: 4,
            seed: 100,
            loopGuard: false
        });
        const texts = candidates.map((c) => ({ thought: c.thought, answer: c.answer }));
        for (const text of texts)
            assert.ok(
                scripted.some((parts) => parts.thought === text.thought && parts.answer === text.answer),
                JSON.stringify(text)
            );
        assert.deepEqual(
            candidates.map((c) => c.seed),
            [100, 101, 102, 103]
        );
        assert.ok(
            new Set(texts.map((text) => text.answer)).size >= 2,
            "four seeds reach more than one of the three replies"
        );
        // Decoded together: every candidate's first token came before any candidate finished.
        const firstTokens = Math.max(...candidates.map((c) => c.timings.firstTokenMs));
        assert.ok(
            firstTokens < Math.min(...candidates.map((c) => c.timings.totalMs)),
            JSON.stringify(candidates.map((c) => c.timings))
        );
        const [again] = (await runtime.generate({ messages: question, seed: 102, loopGuard: false })).candidates;
        assert.deepEqual({ thought: again!.thought, answer: again!.answer }, texts[2]);
    });

    test("cancelling stops the server's decoding of the request, and the server stays healthy", async () => {
        const runtime = await connect();
        const abort = new AbortController();
        let thoughts = 0;
        const [reply] = (
            await runtime.generate(
                { messages: question, seed: 3, loopGuard: false },
                {
                    signal: abort.signal,
                    onEvent: (event) => {
                        if (event.kind === "thought" && ++thoughts === 5) abort.abort();
                    }
                }
            )
        ).candidates;
        assert.equal(reply!.stopReason, "cancelled");
        assert.ok(
            scripted.some(
                (parts) =>
                    parts.thought.startsWith(reply!.thought) && parts.thought.length > reply!.thought.length + 100
            )
        );
        // The slot that ran it (the latest task) goes idle having decoded a small part of the reply's ~1,450 tokens.
        let slots = await server!.slots();
        for (const deadline = Date.now() + 5000; slots.some((slot) => slot.is_processing) && Date.now() < deadline;) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            slots = await server!.slots();
        }
        assert.ok(
            slots.every((slot) => !slot.is_processing),
            "every slot is idle again"
        );
        const latest = slots.reduce((a, b) => ((b.id_task ?? -1) > (a.id_task ?? -1) ? b : a));
        assert.ok((latest.next_token?.[0]?.n_decoded ?? Infinity) < 500, JSON.stringify(latest.next_token));
        assert.equal((await fetch(`${server!.url}/health`)).status, 200);
        const [next] = (await runtime.generate({ messages: question, seed: 3, loopGuard: false })).candidates;
        assert.equal(next!.stopReason, "endOfReply");
        assert.ok(next!.thought.startsWith(reply!.thought));
    });

    test("ponder models and ponder ask --endpoint use the served model", async () => {
        const models = fakeIo();
        assert.equal(await main(["models", "--endpoint", server!.url, "--json"], models), 0, models.stderr);
        assert.deepEqual(JSON.parse(models.stdout).models, ["ponder-scripted"]);
        const ask = fakeIo();
        assert.equal(
            await main(["ask", question[0]!.content, "--endpoint", server!.url, "--seed", "7", "--json"], ask),
            0,
            ask.stderr
        );
        const [candidate] = JSON.parse(ask.stdout).candidates as { thought: string; answer: string }[];
        assert.ok(scripted.some((parts) => parts.thought === candidate!.thought && parts.answer === candidate!.answer));
    });

    test("ponder fix through the server verifies the same patch as the local runtime on the same model", async () => {
        const model = join(testModelDir(), "served-bitcount.gguf");
        await buildScriptedModel(model, { replies: [bitcountFix] });
        const fixServer = await LlamaServerProcess.start(binaryPath, { model, contextSize: 16384 });
        try {
            const local = await fixJson(["--model", model, "--threads", "1", "--context-size", "8192"]);
            const remote = await fixJson(["--endpoint", fixServer.url]);
            assert.equal(remote.status, "verified");
            assert.deepEqual(comparable(remote), comparable(local));
        } finally {
            await fixServer.stop();
        }
    });
}

/** `ponder fix --json` prints the engine's one fix report. */
type FixJson = FixReport;

/** `ponder fix --json` on a fresh copy of the README's sample bug. */
async function fixJson(modelFlags: string[]): Promise<FixJson> {
    const root = await mkdtemp(join(tmpdir(), "ponder-served-fix-"));
    await cp("examples/sample-bug", root, { recursive: true });
    const io = fakeIo(root);
    const code = await main(
        [
            "fix",
            "bitcount.py:5",
            ...modelFlags,
            "--candidates",
            "1",
            "--rounds",
            "0",
            "--seed",
            "1",
            "--trust-workspace",
            "--json"
        ],
        io
    );
    assert.equal(code, 0, io.stderr);
    return JSON.parse(io.stdout) as FixJson;
}

function comparable(result: FixJson): object {
    return {
        status: result.status,
        patch: result.patch,
        candidates: result.evidence.candidates.map((c) => ({
            verified: c.verified,
            reward: c.reward,
            reproducing: c.reproducingTests.length,
            regressions: c.regressions.length
        }))
    };
}
