// Measures speculative decoding on this machine: the same model served by the managed llama-server without and
// with the speculation, the same requests to each (temperature 0, then the given seeds), decode speed from the
// server's own timings, the share of drafted tokens accepted, and whether every reply stayed the same. The result
// is cached under the model file's identity, so the managed runtime turns speculation on by default only where it paid off.

import { InvalidRequestError } from "../../errors.js";
import type { SpeculationMeasurement, SpeculativeDecoding } from "../../model/speculativeDecoding.js";
import { loadLlama } from "../local/loadLlama.js";
import { findLlamaServerBinary } from "./findLlamaServerBinary.js";
import { ManagedServerRuntime, type ManagedServerRuntimeOptions } from "./ManagedServerRuntime.js";
import { recordSpeculation, speculationCacheFile, speculationIdentity } from "./speculationCache.js";

export interface MeasureSpeculationOptions extends Omit<ManagedServerRuntimeOptions, "speculative" | "parallel"> {
    speculative: SpeculativeDecoding;
    /** The question asked. Default: a short coding question. */
    prompt?: string;
    /** Tokens decoded per request. Default 256. */
    maxTokens?: number;
    /** Seeds asked at `temperature` after the temperature-0 request, to check sampled replies too. Default none. */
    seeds?: number[];
    /** Temperature of the seeded requests. Default 0.6. */
    temperature?: number;
    /** Where the measurement is cached; false: not cached. Default `speculationCacheFile()`. */
    cacheFile?: string | false;
}

/** One server's replies and its summed timings. */
export interface SpeculationRun {
    replies: string[];
    predictedTokens: number;
    predictedMs: number;
    /** Tokens the draft proposed and the model accepted, summed; 0 and 0 when the server drafted nothing. */
    draftTokens: number;
    acceptedTokens: number;
}

export interface SpeculationReport {
    measurement: SpeculationMeasurement;
    without: SpeculationRun;
    withSpeculation: SpeculationRun;
}

interface ServerTimings {
    predicted_n: number;
    predicted_ms: number;
    draft_n?: number;
    draft_n_accepted?: number;
}

/** Starts the server twice (without, then with the speculation), one slot each, and compares. */
export async function measureSpeculation(options: MeasureSpeculationOptions): Promise<SpeculationReport> {
    const { speculative, prompt, maxTokens, seeds, temperature, cacheFile, ...serverOptions } = options;
    const requests = [
        { temperature: 0, seed: 0 },
        ...(seeds ?? []).map((seed) => ({ temperature: temperature ?? 0.6, seed }))
    ];
    const ask = { prompt: prompt ?? "Why does `for i in range(n)` never reach n?", maxTokens: maxTokens ?? 256 };
    // "off", not absent: absent would let an earlier measurement of this file turn speculation on.
    const without = await runServer({ ...serverOptions, parallel: 1, speculative: "off" }, requests, ask);
    const withSpeculation = await runServer({ ...serverOptions, parallel: 1, speculative }, requests, ask);
    const binary = findLlamaServerBinary({
        ...(options.binary ? { binary: options.binary } : {}),
        ...(options.env ? { env: options.env } : {})
    });
    const backend = options.gpu === false ? "cpu" : (await loadLlama(options.gpu ?? "auto")).backend;
    const measurement: SpeculationMeasurement = {
        modelId: without.modelId,
        backend,
        withSpeculation: tokensPerSecond(withSpeculation.run),
        without: tokensPerSecond(without.run),
        speculation: speculative,
        identity: speculationIdentity(without.modelPath, binary),
        ...(withSpeculation.run.draftTokens > 0
            ? { acceptanceRate: withSpeculation.run.acceptedTokens / withSpeculation.run.draftTokens }
            : {}),
        exact: without.run.replies.every((reply, i) => reply === withSpeculation.run.replies[i]),
        measuredAt: new Date().toISOString()
    };
    if (cacheFile !== false) recordSpeculation(cacheFile ?? speculationCacheFile(options.env), measurement);
    return { measurement, without: without.run, withSpeculation: withSpeculation.run };
}

function tokensPerSecond(run: SpeculationRun): number {
    return run.predictedMs > 0 ? run.predictedTokens / (run.predictedMs / 1000) : 0;
}

async function runServer(
    options: ManagedServerRuntimeOptions,
    requests: { temperature: number; seed: number }[],
    ask: { prompt: string; maxTokens: number }
): Promise<{ run: SpeculationRun; modelId: string; modelPath: string }> {
    const runtime = await ManagedServerRuntime.start(options);
    try {
        const run: SpeculationRun = {
            replies: [],
            predictedTokens: 0,
            predictedMs: 0,
            draftTokens: 0,
            acceptedTokens: 0
        };
        for (const { temperature, seed } of requests) {
            const { reply, timings } = await complete(runtime, ask, temperature, seed);
            run.replies.push(reply);
            run.predictedTokens += timings.predicted_n;
            run.predictedMs += timings.predicted_ms;
            run.draftTokens += timings.draft_n ?? 0;
            run.acceptedTokens += timings.draft_n_accepted ?? 0;
        }
        return { run, modelId: runtime.description.id, modelPath: runtime.description.source };
    } finally {
        await runtime.dispose();
    }
}

/** One non-streamed chat completion, for the server's `timings` (decode speed and drafts) that a stream omits. */
async function complete(
    runtime: ManagedServerRuntime,
    ask: { prompt: string; maxTokens: number },
    temperature: number,
    seed: number
): Promise<{ reply: string; timings: ServerTimings }> {
    const url = runtime.serverUrl;
    if (!url) throw new InvalidRequestError("The managed llama-server is not running.");
    const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
            messages: [{ role: "user", content: ask.prompt }],
            max_tokens: ask.maxTokens,
            temperature,
            top_p: 0.95,
            seed,
            cache_prompt: false
        }),
        signal: AbortSignal.timeout(600_000)
    });
    const body = (await response.json()) as {
        choices?: { message?: { content?: string; reasoning_content?: string } }[];
        timings?: ServerTimings;
    };
    const message = body.choices?.[0]?.message;
    if (!response.ok || !message || !body.timings)
        throw new InvalidRequestError(`llama-server answered ${response.status} without a reply and its timings.`);
    return { reply: `${message.reasoning_content ?? ""}\u0000${message.content ?? ""}`, timings: body.timings };
}
