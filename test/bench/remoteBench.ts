// Benchmarks of the remote runtime against real llama-server processes serving a scripted model, as figures read
// within one run: the per-token cost of Ponder's path over the server's bare stream (read by a minimal client in the
// same rounds), and eight candidates spread over two servers against the same eight on one.

import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { RemoteModelRuntime } from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { findLlamaServer, LlamaServerProcess } from "../support/remote/LlamaServerProcess.js";
import { steppedReply } from "../support/remote/steppedReplies.js";
import type { BenchRow } from "./BenchRow.js";

const question = [{ role: "user" as const, content: "Why does the loop stop early?" }];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface StreamRun {
    tokens: number;
    wallMs: number;
    /** This process's CPU time (user + system) during the run, in µs. */
    cpuUs: number;
}

async function measured(run: () => Promise<number>): Promise<StreamRun> {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const tokens = await run();
    const used = process.cpuUsage(cpu);
    return { tokens, wallMs: performance.now() - started, cpuUs: used.user + used.system };
}

/**
 * The server's own stream read as plainly as a client can: fetch, split SSE lines, parse each event. Returns the
 * tokens generated, and pushes the decode rate the server reports for itself (`timings.predicted_per_second`).
 */
async function bareStream(url: string, seed: number, serverRates: number[]): Promise<number> {
    const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
            model: "ponder-scripted",
            messages: question,
            seed,
            temperature: 0.6,
            top_p: 0.95,
            stream: true,
            stream_options: { include_usage: true }
        })
    });
    const decoder = new TextDecoder();
    let buffer = "";
    let tokens = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const lines = buffer.split("\n");
        buffer = lines.pop()!;
        for (const line of lines) {
            if (!line.startsWith("data: ") || line === "data: [DONE]") continue;
            const event = JSON.parse(line.slice(6)) as {
                usage?: { completion_tokens: number };
                timings?: { predicted_per_second: number };
            };
            if (event.usage) tokens = event.usage.completion_tokens;
            if (event.timings && event.usage) serverRates.push(event.timings.predicted_per_second);
        }
    }
    return tokens;
}

/** Tokens per second and client CPU per token, bare stream against RemoteModelRuntime, rounds interleaved. */
async function streamOverhead(server: LlamaServerProcess): Promise<BenchRow[]> {
    const runtime = await RemoteModelRuntime.connect({ endpoints: [server.url] });
    const bare: StreamRun[] = [];
    const ours: StreamRun[] = [];
    const serverRates: number[] = [];
    for (let round = 0; round < 10; round++) {
        bare.push(await measured(() => bareStream(server.url, round, serverRates)));
        ours.push(
            await measured(async () => {
                const [reply] = (await runtime.generate({ messages: question, seed: round, loopGuard: false }))
                    .candidates;
                return reply!.usage.thoughtTokens + reply!.usage.answerTokens;
            })
        );
    }
    const rate = (runs: StreamRun[]) => median(runs.map((r) => r.tokens / (r.wallMs / 1000)));
    const cpuPerToken = (runs: StreamRun[]) => median(runs.map((r) => r.cpuUs / r.tokens));
    const [bareRate, ourRate] = [rate(bare), rate(ours)];
    const note = `${bare[0]!.tokens} tokens a reply, median of 10 interleaved rounds, 1 server thread`;
    return [
        {
            name: "remote stream, the server's own rate",
            value: median(serverRates),
            unit: "tokens/s",
            note: "timings.predicted_per_second"
        },
        { name: "remote stream, bare client", value: bareRate, unit: "tokens/s", note },
        { name: "remote stream, RemoteModelRuntime", value: ourRate, unit: "tokens/s" },
        {
            name: "remote overhead per token",
            value: (1 / ourRate - 1 / bareRate) * 1e6,
            unit: "µs",
            note: "Ponder's time per token minus the bare client's"
        },
        { name: "client CPU per token, bare", value: cpuPerToken(bare), unit: "µs" },
        { name: "client CPU per token, RemoteModelRuntime", value: cpuPerToken(ours), unit: "µs" }
    ];
}

/** Wall time of eight candidates on one server against the same eight spread over two. */
async function twoEndpoints(first: LlamaServerProcess, second: LlamaServerProcess): Promise<BenchRow[]> {
    const one = await RemoteModelRuntime.connect({ endpoints: [first.url] });
    const two = await RemoteModelRuntime.connect({ endpoints: [first.url, second.url] });
    const times = { one: [] as number[], two: [] as number[] };
    for (let round = 0; round < 3; round++) {
        for (const [name, runtime] of [
            ["one", one],
            ["two", two]
        ] as const) {
            const started = performance.now();
            await runtime.generate({
                messages: question,
                candidates: 8,
                seed: round * 8,
                maxTokens: 800,
                loopGuard: false
            });
            times[name].push(performance.now() - started);
        }
    }
    const [oneMs, twoMs] = [median(times.one), median(times.two)];
    return [
        {
            name: "8 candidates, one endpoint",
            value: oneMs,
            unit: "ms",
            note: "800 tokens each, server with 8 slots, 1 thread"
        },
        { name: "8 candidates, two endpoints", value: twoMs, unit: "ms", note: "two such servers, 4 candidates each" },
        {
            name: "8 candidates, one / two endpoints",
            value: oneMs / twoMs,
            unit: "× faster",
            note: "2 cores: at most 2"
        }
    ];
}

export async function runRemoteBenchmarks(): Promise<BenchRow[]> {
    const binary = findLlamaServer();
    if (binary.kind === "absent")
        return [
            { name: "remote: llama-server", value: 0, unit: "-", note: "not built; run scripts/buildLlamaServer.sh" }
        ];
    const model = join(testModelDir(), "bench-served.gguf");
    await buildScriptedModel(model, { replies: [steppedReply(0, 60)] });
    const options = { model, parallel: 8, contextSize: 32768 };
    const first = await LlamaServerProcess.start(binary.path, options);
    try {
        const rows = await streamOverhead(first);
        const second = await LlamaServerProcess.start(binary.path, options);
        try {
            rows.push(...(await twoEndpoints(first, second)));
        } finally {
            await second.stop();
        }
        return rows;
    } finally {
        await first.stop();
    }
}
