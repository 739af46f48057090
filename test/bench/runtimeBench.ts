// Benchmarks of the local model runtime, as ratios measured within one run: Ponder's stream against bare
// node-llama-cpp, parallel candidates against sequential ones, cancellation latency, MoE speed by experts
// per token, the CLI's resident memory with no model loaded, the prompt once, threads on a busy machine, and
// speculative decoding through the managed llama-server.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DeepSeekChatWrapper, LlamaChat } from "node-llama-cpp";
import { LocalModelRuntime, loadLlama } from "../../engine/testing.js";
import { buildRandomModel, buildScriptedModel, testModelDir } from "../support/models/index.js";
import type { BenchRow } from "./BenchRow.js";
import { promptOnceRows } from "./runtimeBenchPromptOnce.js";
import { threadRows } from "./runtimeBenchThreads.js";
import { speculationRows } from "./runtimeBenchSpeculation.js";

// One thread: on a shared 2-core machine a second llama.cpp thread waits on the scheduler and adds noise to every ratio.
const threads = 1;
const prompt = [{ role: "user" as const, content: "Explain what this function does." }];

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Decode speed through Ponder's runtime and through bare LlamaChat on the same ~30M-parameter model, interleaved. */
async function decodeSpeed(): Promise<BenchRow[]> {
    const path = join(testModelDir(), "bench-30m.gguf");
    const built = await buildRandomModel(path, {
        embeddingLength: 512,
        blockCount: 6,
        feedForwardLength: 1280,
        headCount: 8,
        vocabularySize: 12000,
        contextLength: 4096
    });
    const tokens = 256;
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads,
        contextSize: 1024,
        expectedCandidates: 1
    });
    const { llama } = await loadLlama(false, threads);
    const model = await llama.loadModel({ modelPath: path });
    const context = await model.createContext({ contextSize: 1024, sequences: 1, threads });
    const sequence = context.getSequence();
    const ours: number[] = [];
    const bare: number[] = [];
    try {
        for (let round = 0; round < 6; round++) {
            const a = await runtime.generate({ messages: prompt, maxTokens: tokens, seed: round, loopGuard: false });
            const generated = a.candidates[0]!.usage.thoughtTokens + a.candidates[0]!.usage.answerTokens;
            ours.push(generated / (a.candidates[0]!.timings.totalMs / 1000));

            const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: new DeepSeekChatWrapper() });
            const started = performance.now();
            let count = 0;
            // The same prompt Ponder sends: the reply opened with `<think>\n`, so both decode inside a thought segment.
            await chat.generateResponse(
                [
                    { type: "user", text: prompt[0]!.content },
                    { type: "model", response: [{ type: "segment", segmentType: "thought", text: "\n", ended: false }] }
                ],
                {
                    maxTokens: tokens,
                    temperature: 0.6,
                    topP: 0.95,
                    seed: round,
                    onResponseChunk: (chunk) => {
                        count += chunk.tokens.length;
                    },
                    budgets: { thoughtTokens: Infinity }
                }
            );
            bare.push(count / ((performance.now() - started) / 1000));
            chat.dispose({ disposeSequence: false });
            await sequence.clearHistory();
        }
    } finally {
        await runtime.dispose();
        await context.dispose();
        await model.dispose();
    }
    const oursTps = median(ours);
    const bareTps = median(bare);
    return [
        {
            name: "decode, Ponder stream",
            value: oursTps,
            unit: "tokens/s",
            note: `${(built.parameters / 1e6).toFixed(1)}M-parameter model, ${threads} threads`
        },
        { name: "decode, bare node-llama-cpp", value: bareTps, unit: "tokens/s" },
        { name: "decode ratio Ponder / bare", value: oursTps / bareTps, unit: "ratio", note: "target ≥ 0.97" }
    ];
}

/** G candidates in one context against the same G one after another. */
async function parallelCandidates(): Promise<BenchRow[]> {
    // The ~30M-parameter model built by decodeSpeed: big enough that decoding, not per-token bookkeeping, dominates.
    const path = join(testModelDir(), "bench-30m.gguf");
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads,
        contextSize: 512,
        expectedCandidates: 8
    });
    const rows: BenchRow[] = [];
    try {
        for (const g of [4, 8]) {
            const request = { messages: prompt, maxTokens: 96, loopGuard: false };
            let started = performance.now();
            await runtime.generate({ ...request, seed: 1, candidates: g });
            const parallel = performance.now() - started;
            started = performance.now();
            for (let i = 0; i < g; i++) await runtime.generate({ ...request, seed: 1 + i });
            const sequential = performance.now() - started;
            rows.push({
                name: `G=${g} in one batch vs one after another`,
                value: sequential / parallel,
                unit: "× faster",
                note: `${parallel.toFixed(0)} ms vs ${sequential.toFixed(0)} ms`
            });
        }
    } finally {
        await runtime.dispose();
    }
    return rows;
}

/** Time from abort() to the runtime's reply, mid-thought, over 20 runs. */
async function cancellationLatency(): Promise<BenchRow[]> {
    const path = join(testModelDir(), "bench-cancel.gguf");
    await buildScriptedModel(path, {
        replies: [
            "<think>\n" + "Thinking about every bit of the number, one after another. ".repeat(30) + "</think>\nOK."
        ]
    });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads,
        contextSize: 4096,
        expectedCandidates: 4
    });
    const latencies: number[] = [];
    try {
        for (let run = 0; run < 20; run++) {
            const abort = new AbortController();
            let abortedAt = 0;
            let thoughts = 0;
            await runtime.generate(
                { messages: prompt, seed: run, candidates: 4, loopGuard: false },
                {
                    signal: abort.signal,
                    onEvent: (event) => {
                        if (event.kind === "thought" && ++thoughts === 10 + run * 3) {
                            abortedAt = performance.now();
                            abort.abort();
                        }
                    }
                }
            );
            latencies.push(performance.now() - abortedAt);
        }
    } finally {
        await runtime.dispose();
    }
    return [
        { name: "cancel latency p50", value: median(latencies), unit: "ms", note: "4 candidates, mid-thought" },
        { name: "cancel latency p95", value: percentile(latencies, 95), unit: "ms", note: "target ≤ 100" }
    ];
}

/** A 4-expert MoE model decoded with 1, 2 and 4 experts per token. */
async function moeSpeed(): Promise<BenchRow[]> {
    const path = join(testModelDir(), "bench-moe.gguf");
    await buildRandomModel(path, {
        embeddingLength: 384,
        blockCount: 6,
        feedForwardLength: 2048,
        headCount: 6,
        contextLength: 2048,
        experts: { count: 4, usedPerToken: 2 }
    });
    const counts = [1, 2, 4];
    const runtimes = await Promise.all(
        counts.map((k) =>
            LocalModelRuntime.load({
                model: path,
                gpu: false,
                threads,
                contextSize: 512,
                expertsPerToken: k,
                expectedCandidates: 1
            })
        )
    );
    const speeds = counts.map(() => [] as number[]);
    try {
        // Interleaved rounds, so a burst of load on the machine hits every setting alike.
        for (let round = 0; round < 4; round++) {
            for (const [i, runtime] of runtimes.entries()) {
                const { candidates } = await runtime.generate({
                    messages: prompt,
                    maxTokens: 96,
                    seed: round,
                    loopGuard: false
                });
                speeds[i]!.push(candidates[0]!.timings.tokensPerSecond);
            }
        }
    } finally {
        for (const runtime of runtimes) await runtime.dispose();
    }
    const base = median(speeds[1]!);
    return counts.map((k, i) => ({
        name: `MoE, ${k} of 4 experts per token`,
        value: median(speeds[i]!),
        unit: "tokens/s",
        note: `${(median(speeds[i]!) / base).toFixed(2)}× the file's default of 2`
    }));
}

/** Resident memory of the CLI process after it has loaded all its code, with no model. */
function cliMemory(): BenchRow[] {
    const script =
        "const m = await import('./out/bin/main.js'); await import('./out/engine/testing.js'); " +
        "globalThis.gc?.(); console.log(process.memoryUsage().rss)";
    const result = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], {
        encoding: "utf8"
    });
    const rss = Number(result.stdout.trim());
    return [{ name: "CLI resident memory, no model", value: rss / 1e6, unit: "MB" }];
}

export async function runRuntimeBenchmarks(): Promise<BenchRow[]> {
    return [
        ...cliMemory(),
        ...(await decodeSpeed()),
        ...(await parallelCandidates()),
        ...(await cancellationLatency()),
        ...(await moeSpeed()),
        ...(await promptOnceRows({ threads, gpu: false })),
        ...(await threadRows()),
        ...(await speculationRows(threads))
    ];
}
