// `npm run bench -- gpu [--gpu cuda] [--model PATH] [--rounds N]`: decode and prompt speed through Ponder's runtimes and bare
// node-llama-cpp on the same generated models (and a real one with --model), G candidates batched against sequential,
// and the managed llama-server on a generated MoE model with and without `--n-cpu-moe`. Rounds are interleaved, so
// ratios hold on a shared machine. It runs on CPU too (backend "cpu"); `--gpu cuda` installs node-llama-cpp's CUDA
// binary first, without saving it, and only where nvidia-smi shows an NVIDIA driver. Writes out/bench/gpu.json.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { DeepSeekChatWrapper, LlamaChat } from "node-llama-cpp";
import {
    LocalModelRuntime,
    loadLlama,
    ManagedServerRuntime,
    type GpuPreference,
    type ModelRuntime
} from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { steppedReply } from "../support/remote/steppedReplies.js";
import type { BenchRow } from "./BenchRow.js";
import { promptOnceRows } from "./runtimeBenchPromptOnce.js";

export interface GpuBenchOptions {
    /** A real GGUF measured besides the generated models. */
    model?: string;
    /** "cuda": install node-llama-cpp's CUDA binary (when an NVIDIA driver is present) and use it. Default: the backend that loads. */
    gpu?: "cuda";
    /** Candidate counts G compared batched against sequential. Default 1, 4, 8, 16. */
    candidateCounts?: number[];
    /** Tokens generated per candidate. Default 256. */
    tokens?: number;
    /** Prompt tokens for prompt evaluation. Default 512. */
    promptTokens?: number;
    /** Interleaved rounds; the median is reported. Default 3. */
    rounds?: number;
    /** llama.cpp threads. Default 1 on a machine of two cores or fewer (a second thread only adds noise there), else all. */
    threads?: number;
    /** Size of the generated models: "small" for tests (a few MB), "bench" (about 30M parameters). Default "bench". */
    size?: "small" | "bench";
    /** Where the JSON report goes. Default out/bench/gpu.json. */
    jsonPath?: string;
    /** The environment nvidia-smi is looked up in. Default `process.env`. */
    env?: Readonly<Record<string, string | undefined>>;
}

/** What happened to the CUDA binary `--gpu cuda` asks for. */
export type CudaInstall =
    | { kind: "notAsked" }
    | { kind: "skipped"; reason: string }
    | { kind: "present" }
    | { kind: "installed"; packages: string[] }
    | { kind: "failed"; reason: string };

/** One runtime's speed on one model. */
export interface SpeedFigure {
    /** "ponder-local" (LocalModelRuntime), "bare-node-llama-cpp" (LlamaChat) or "managed-llama-server" (ManagedServerRuntime). */
    runtime: string;
    /** The compute backend as the runtime names it: "cpu", "cuda", "llama-server (managed), all on CPU", … */
    backend: string;
    tokensPerSecond: number;
}

export interface CandidateFigure {
    runtime: string;
    candidates: number;
    batchedTokensPerSecond: number;
    /** Ponder's local runtime only: the same G candidates one call after another. */
    sequentialTokensPerSecond?: number;
    /** batched / sequential. */
    speedup?: number;
}

export interface ModelFigures {
    /** "generated dense" or the real model's path. */
    model: string;
    parameters: number;
    decode: SpeedFigure[];
    /** Managed llama-server's decode rate over Ponder's local runtime's, from the same rounds. */
    managedOverLocal: number;
    /** Managed llama-server's decode rate over bare node-llama-cpp's, from the same rounds. */
    managedOverBare: number;
    /** Ponder's local runtime's decode rate over bare node-llama-cpp's. */
    localOverBare: number;
    candidates: CandidateFigure[];
    promptEvaluation: SpeedFigure[];
}

export interface OffloadFigure {
    flags: string[];
    backend: string;
    tokensPerSecond: number;
}

export interface GpuBenchReport {
    /** node-llama-cpp's backend on this machine: "cpu", "cuda", "vulkan" or "metal". */
    backend: string;
    cudaInstall: CudaInstall;
    threads: number;
    tokens: number;
    rounds: number;
    models: ModelFigures[];
    /** The managed llama-server on a generated MoE model: the plan for this machine, then half the layers' experts forced onto the CPU. */
    moeOffload: OffloadFigure[];
    /** The prompt once on this backend: a long prompt, G = 4 against G = 1, shared and per sequence (the real model when given). */
    promptOnce: BenchRow[];
    /** Why a part was not measured (no llama-server binary), when one was not. */
    notes: string[];
}

const cudaPackages = ["@node-llama-cpp/linux-x64-cuda@3.21.1", "@node-llama-cpp/linux-x64-cuda-ext@3.21.1"];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Installs the CUDA prebuilt of node-llama-cpp when asked and an NVIDIA driver answers (`nvidia-smi -L`); `--no-save`
 * keeps package.json and the lock file as they are, so the usual setup stays CPU-only and slim.
 */
export function prepareCudaBinary(
    gpu: GpuBenchOptions["gpu"],
    env: Readonly<Record<string, string | undefined>> = process.env
): CudaInstall {
    if (gpu !== "cuda") return { kind: "notAsked" };
    const smi = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8", env: env as NodeJS.ProcessEnv });
    if (smi.error || smi.status !== 0) {
        const why = smi.error
            ? "nvidia-smi was not found"
            : `nvidia-smi failed (${(smi.stderr || smi.stdout).trim().split("\n")[0]})`;
        return {
            kind: "skipped",
            reason: `${why}, so this machine has no usable NVIDIA GPU: ${cudaPackages.join(" and ")} not installed; measuring on the CPU.`
        };
    }
    if (
        existsSync(join("node_modules", "@node-llama-cpp", "linux-x64-cuda")) &&
        existsSync(join("node_modules", "@node-llama-cpp", "linux-x64-cuda-ext"))
    )
        return { kind: "present" };
    const install = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", ...cudaPackages], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"]
    });
    if (install.status !== 0)
        return { kind: "failed", reason: (install.stderr || install.stdout).trim().split("\n").slice(-3).join(" ") };
    return { kind: "installed", packages: cudaPackages };
}

/** Runs the whole benchmark and writes the JSON report. */
export async function runGpuBench(options: GpuBenchOptions = {}): Promise<GpuBenchReport> {
    const cudaInstall = prepareCudaBinary(options.gpu, options.env);
    const gpu: GpuPreference =
        options.gpu === "cuda" && (cudaInstall.kind === "present" || cudaInstall.kind === "installed")
            ? "cuda"
            : "auto";
    const threads = options.threads ?? (availableParallelism() <= 2 ? 1 : availableParallelism());
    const settings: Settings = {
        gpu,
        threads,
        tokens: options.tokens ?? 256,
        promptTokens: options.promptTokens ?? 512,
        rounds: options.rounds ?? 3,
        candidateCounts: options.candidateCounts ?? [1, 4, 8, 16]
    };
    const backend = (await loadLlama(gpu, threads)).backend;
    const small = options.size === "small";
    // Scripted models: their replies are well-formed R1 replies, which llama-server's chat parser insists on (a random
    // model's tokens fail it mid-stream), and long enough that every candidate decodes all its tokens. Their zero
    // weights cost as much to multiply as random ones, so the hidden and feed-forward sizes set the work.
    const reply = steppedReply(0, Math.ceil(settings.tokens / 20) + 4);
    const shape = small
        ? { embeddingLength: 128, blockCount: 2, feedForwardLength: 256 }
        : { embeddingLength: 512, blockCount: 6, feedForwardLength: 1280 };
    const dense = await buildScriptedModel(join(testModelDir(), `gpu-bench-dense-${options.size ?? "bench"}.gguf`), {
        replies: [reply],
        ...shape
    });
    const notes: string[] = [];
    const models = [await measureModel(dense.path, "generated dense", settings, notes)];
    if (options.model) models.push(await measureModel(resolve(options.model), resolve(options.model), settings, notes));
    const moe = (
        await buildScriptedModel(join(testModelDir(), `gpu-bench-moe-${options.size ?? "bench"}.gguf`), {
            replies: [reply],
            ...shape,
            blockCount: small ? 4 : 6,
            feedForwardLength: small ? 128 : 512,
            experts: { count: small ? 4 : 8, usedPerToken: 2 }
        })
    ).path;
    const moeOffload = await measureOffload(moe, small ? 2 : 3, settings, notes);
    const promptOnce = await promptOnceRows({
        threads,
        gpu,
        ...(options.model ? { modelPath: resolve(options.model) } : {}),
        ...(small ? { promptLength: 300, replyTokens: 8 } : {})
    });
    const report: GpuBenchReport = {
        backend,
        cudaInstall,
        threads,
        tokens: settings.tokens,
        rounds: settings.rounds,
        models,
        moeOffload,
        promptOnce,
        notes
    };
    const jsonPath = options.jsonPath ?? join("out", "bench", "gpu.json");
    await mkdir(dirname(jsonPath), { recursive: true });
    await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    return report;
}

interface Settings {
    gpu: GpuPreference;
    threads: number;
    tokens: number;
    promptTokens: number;
    rounds: number;
    candidateCounts: number[];
}

const question = [{ role: "user" as const, content: "Explain what this function does." }];

/** Decode (interleaved over the three runtimes), candidates batched and sequential, and prompt evaluation on one model. */
async function measureModel(path: string, label: string, settings: Settings, notes: string[]): Promise<ModelFigures> {
    const maxG = Math.max(...settings.candidateCounts);
    const contextSize = Math.max(1024, settings.promptTokens + settings.tokens + 256);
    const local = await LocalModelRuntime.load({
        model: path,
        gpu: settings.gpu,
        threads: settings.threads,
        contextSize,
        expectedCandidates: 1
    });
    // A second local runtime for G candidates: the local runtime keeps one context per candidate count, so batched and
    // sequential rounds can alternate without a context being rebuilt between them.
    const batchedLocal = await LocalModelRuntime.load({
        model: path,
        gpu: settings.gpu,
        threads: settings.threads,
        contextSize,
        expectedCandidates: maxG
    });
    const managed = await startManaged(
        path,
        { gpu: settings.gpu, threads: settings.threads, contextSize, parallel: maxG },
        notes
    );
    const bare = await bareDecoder(path, settings, contextSize);
    try {
        const rates = { local: [] as number[], bare: [] as number[], managed: [] as number[] };
        for (let round = 0; round < settings.rounds; round++) {
            rates.local.push(await decodeRate(local, settings.tokens, round));
            rates.bare.push(await bare.decode(round));
            if (managed) rates.managed.push(await decodeRate(managed, settings.tokens, round));
        }
        const decode: SpeedFigure[] = [
            { runtime: "ponder-local", backend: local.description.backend, tokensPerSecond: median(rates.local) },
            { runtime: "bare-node-llama-cpp", backend: bare.backend, tokensPerSecond: median(rates.bare) },
            ...(managed
                ? [
                      {
                          runtime: "managed-llama-server",
                          backend: managed.description.backend,
                          tokensPerSecond: median(rates.managed)
                      }
                  ]
                : [])
        ];
        const candidates = await candidateFigures(local, batchedLocal, managed, settings);
        const promptEvaluation: SpeedFigure[] = [
            {
                runtime: "ponder-local",
                backend: local.description.backend,
                tokensPerSecond: await promptRate(local, settings)
            },
            { runtime: "bare-node-llama-cpp", backend: bare.backend, tokensPerSecond: await bare.prompt() },
            ...(managed
                ? [
                      {
                          runtime: "managed-llama-server",
                          backend: managed.description.backend,
                          tokensPerSecond: await promptRate(managed, settings)
                      }
                  ]
                : [])
        ];
        return {
            model: label,
            parameters: local.facts.parameters,
            decode,
            candidates,
            promptEvaluation,
            managedOverLocal: managed ? median(rates.managed) / median(rates.local) : 0,
            managedOverBare: managed ? median(rates.managed) / median(rates.bare) : 0,
            localOverBare: median(rates.local) / median(rates.bare)
        };
    } finally {
        await bare.dispose();
        await managed?.dispose();
        await batchedLocal.dispose();
        await local.dispose();
    }
}

async function startManaged(
    path: string,
    options: { gpu: GpuPreference; threads: number; contextSize: number; parallel: number; cpuExpertLayers?: number },
    notes: string[]
): Promise<ManagedServerRuntime | undefined> {
    try {
        return await ManagedServerRuntime.start({ model: path, ...options });
    } catch (error) {
        const note = `managed llama-server not measured: ${(error as Error).message.split("\n")[0]}`;
        if (!notes.includes(note)) notes.push(note);
        return undefined;
    }
}

/** Tokens per second of wall time of one candidate (the prompt is a dozen tokens, so this is decoding). */
async function decodeRate(runtime: ModelRuntime, tokens: number, round: number): Promise<number> {
    const started = performance.now();
    const [reply] = (await runtime.generate({ messages: question, maxTokens: tokens, seed: round, loopGuard: false }))
        .candidates;
    return (reply!.usage.thoughtTokens + reply!.usage.answerTokens) / ((performance.now() - started) / 1000);
}

/** One token at G candidates first, so a context resized for G (the local runtime keeps one per candidate count) is not timed. */
async function warmUp(runtime: ModelRuntime, g: number): Promise<void> {
    await runtime.generate({ messages: question, candidates: g, maxTokens: 1, seed: 0, loopGuard: false });
}

/**
 * For each G: rounds that alternate G candidates in one local call, the same G one call after another, and G through
 * the managed server, so the ratio of the first two is measured under the same machine load.
 */
async function candidateFigures(
    local: ModelRuntime,
    batchedLocal: ModelRuntime,
    managed: ModelRuntime | undefined,
    settings: Settings
): Promise<CandidateFigure[]> {
    await warmUp(local, 1);
    const figures: CandidateFigure[] = [];
    for (const g of settings.candidateCounts) {
        await warmUp(batchedLocal, g);
        if (managed) await warmUp(managed, g);
        const rates = { batched: [] as number[], sequential: [] as number[], managed: [] as number[] };
        for (let round = 0; round < settings.rounds; round++) {
            rates.batched.push(await batchedRound(batchedLocal, g, round, settings.tokens));
            rates.sequential.push(await sequentialRound(local, g, round, settings.tokens));
            if (managed) rates.managed.push(await batchedRound(managed, g, round, settings.tokens));
        }
        const [batched, sequential] = [median(rates.batched), median(rates.sequential)];
        figures.push({
            runtime: "ponder-local",
            candidates: g,
            batchedTokensPerSecond: batched,
            sequentialTokensPerSecond: sequential,
            speedup: batched / sequential
        });
        if (managed)
            figures.push({
                runtime: "managed-llama-server",
                candidates: g,
                batchedTokensPerSecond: median(rates.managed)
            });
    }
    return figures;
}

/** All G candidates' tokens per second of one call. */
async function batchedRound(runtime: ModelRuntime, g: number, round: number, tokens: number): Promise<number> {
    const started = performance.now();
    const { candidates } = await runtime.generate({
        messages: question,
        candidates: g,
        maxTokens: tokens,
        seed: round * g,
        loopGuard: false
    });
    return (
        candidates.reduce((sum, c) => sum + c.usage.thoughtTokens + c.usage.answerTokens, 0) /
        ((performance.now() - started) / 1000)
    );
}

/** The same G candidates as G calls of one, one after another. */
async function sequentialRound(runtime: ModelRuntime, g: number, round: number, tokens: number): Promise<number> {
    const started = performance.now();
    let generated = 0;
    for (let i = 0; i < g; i++) {
        const [reply] = (
            await runtime.generate({ messages: question, maxTokens: tokens, seed: round * g + i, loopGuard: false })
        ).candidates;
        generated += reply!.usage.thoughtTokens + reply!.usage.answerTokens;
    }
    return generated / ((performance.now() - started) / 1000);
}

/** A prompt of about `promptTokens` tokens that starts differently each round, so no cached prefix is reused. */
function longPrompt(round: number, promptTokens: number): string {
    const words = Array.from({ length: promptTokens }, (_, i) => `w${(i * 7919 + round * 104729) % 10007}`);
    return `Round ${round}. ${words.join(" ")}`;
}

/** Prompt tokens per second of time to the first token. */
async function promptRate(runtime: ModelRuntime, settings: Settings): Promise<number> {
    const rates: number[] = [];
    for (let round = 0; round < settings.rounds; round++) {
        const text = longPrompt(round + 1, settings.promptTokens / 4);
        const [reply] = (
            await runtime.generate({
                messages: [{ role: "user", content: text }],
                maxTokens: 1,
                seed: round,
                loopGuard: false
            })
        ).candidates;
        rates.push(reply!.usage.promptTokens / (reply!.timings.firstTokenMs / 1000));
    }
    return median(rates);
}

/** Bare node-llama-cpp on the same file: LlamaChat on one sequence, and a prompt evaluated without generating. */
async function bareDecoder(path: string, settings: Settings, contextSize: number) {
    const backend = await loadLlama(settings.gpu, settings.threads);
    const model = await backend.llama.loadModel({ modelPath: path });
    const context = await model.createContext({ contextSize, sequences: 1, threads: settings.threads });
    const sequence = context.getSequence();
    return {
        backend: backend.backend,
        async decode(round: number): Promise<number> {
            const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: new DeepSeekChatWrapper() });
            const started = performance.now();
            let count = 0;
            await chat.generateResponse(
                [
                    { type: "user", text: question[0]!.content },
                    { type: "model", response: [{ type: "segment", segmentType: "thought", text: "\n", ended: false }] }
                ],
                {
                    maxTokens: settings.tokens,
                    temperature: 0.6,
                    topP: 0.95,
                    seed: round,
                    budgets: { thoughtTokens: Infinity },
                    onResponseChunk: (chunk) => {
                        count += chunk.tokens.length;
                    }
                }
            );
            const rate = count / ((performance.now() - started) / 1000);
            chat.dispose({ disposeSequence: false });
            await sequence.clearHistory();
            return rate;
        },
        async prompt(): Promise<number> {
            const rates: number[] = [];
            for (let round = 0; round < settings.rounds; round++) {
                const tokens = model.tokenize(longPrompt(round + 1, settings.promptTokens / 4));
                const started = performance.now();
                await sequence.evaluateWithoutGeneratingNewTokens(tokens);
                rates.push(tokens.length / ((performance.now() - started) / 1000));
                await sequence.clearHistory();
            }
            return median(rates);
        },
        async dispose(): Promise<void> {
            await context.dispose();
            await model.dispose();
        }
    };
}

/** Two managed servers on the MoE model, the machine's own plan and `--n-cpu-moe half`, measured in interleaved rounds. */
async function measureOffload(
    path: string,
    forcedLayers: number,
    settings: Settings,
    notes: string[]
): Promise<OffloadFigure[]> {
    const common = { gpu: settings.gpu, threads: settings.threads, contextSize: 1024, parallel: 1 };
    const planned = await startManaged(path, common, notes);
    const forced = planned ? await startManaged(path, { ...common, cpuExpertLayers: forcedLayers }, notes) : undefined;
    if (!planned || !forced) {
        await planned?.dispose();
        return [];
    }
    try {
        const rates = { planned: [] as number[], forced: [] as number[] };
        for (let round = 0; round < settings.rounds; round++) {
            rates.planned.push(await decodeRate(planned, settings.tokens, round));
            rates.forced.push(await decodeRate(forced, settings.tokens, round));
        }
        return [
            {
                flags: planned.offload.flags,
                backend: planned.description.backend,
                tokensPerSecond: median(rates.planned)
            },
            { flags: forced.offload.flags, backend: forced.description.backend, tokensPerSecond: median(rates.forced) }
        ];
    } finally {
        await forced.dispose();
        await planned.dispose();
    }
}

/** The report as rows of `npm run bench`'s table, each naming its backend. */
export function gpuBenchRows(report: GpuBenchReport): BenchRow[] {
    const rows: BenchRow[] = [];
    const tag = `gpu[${report.backend}]`;
    for (const model of report.models) {
        const name = model.model === "generated dense" ? "" : ` ${model.model}`;
        for (const d of model.decode)
            rows.push({
                name: `${tag}${name} decode, ${d.runtime}`,
                value: d.tokensPerSecond,
                unit: "tokens/s",
                note: d.backend
            });
        rows.push({
            name: `${tag}${name} decode, managed / local`,
            value: model.managedOverLocal,
            unit: "×",
            note: `median of ${report.rounds} interleaved rounds`
        });
        rows.push({ name: `${tag}${name} decode, managed / bare`, value: model.managedOverBare, unit: "×" });
        rows.push({ name: `${tag}${name} decode, local / bare`, value: model.localOverBare, unit: "×" });
        for (const c of model.candidates) {
            rows.push({
                name: `${tag}${name} G=${c.candidates} batched, ${c.runtime}`,
                value: c.batchedTokensPerSecond,
                unit: "tokens/s",
                note: "all candidates' tokens"
            });
            if (c.sequentialTokensPerSecond !== undefined)
                rows.push({
                    name: `${tag}${name} G=${c.candidates} sequential, ${c.runtime}`,
                    value: c.sequentialTokensPerSecond,
                    unit: "tokens/s",
                    note: `batched ${c.speedup!.toFixed(2)}× faster`
                });
        }
        for (const p of model.promptEvaluation)
            rows.push({
                name: `${tag}${name} prompt, ${p.runtime}`,
                value: p.tokensPerSecond,
                unit: "tokens/s",
                note: p.backend
            });
    }
    for (const row of report.promptOnce) rows.push({ ...row, name: `${tag} ${row.name}` });
    for (const o of report.moeOffload)
        rows.push({
            name: `${tag} MoE decode, llama-server ${o.flags.length ? o.flags.join(" ") : "(no offload flag)"}`,
            value: o.tokensPerSecond,
            unit: "tokens/s",
            note: o.backend
        });
    if (report.cudaInstall.kind !== "notAsked")
        rows.push({
            name: `${tag} --gpu cuda`,
            value: 0,
            unit: "-",
            note:
                report.cudaInstall.kind === "skipped" || report.cudaInstall.kind === "failed"
                    ? report.cudaInstall.reason
                    : report.cudaInstall.kind
        });
    for (const note of report.notes) rows.push({ name: `${tag} note`, value: 0, unit: "-", note });
    return rows;
}

/** `--gpu cuda` and `--model PATH` from the command line of `npm run bench -- gpu …`. */
export function gpuBenchOptionsFromArgs(args: readonly string[]): GpuBenchOptions {
    const value = (flag: string) => {
        const at = args.indexOf(flag);
        return at >= 0 ? args[at + 1] : undefined;
    };
    const gpu = value("--gpu");
    if (gpu !== undefined && gpu !== "cuda")
        throw new Error(`--gpu takes "cuda" (the only binary this benchmark installs); got "${gpu}"`);
    const model = value("--model");
    const rounds = value("--rounds");
    if (rounds !== undefined && !(Number.isInteger(Number(rounds)) && Number(rounds) >= 1))
        throw new Error(`--rounds takes a whole number; got "${rounds}"`);
    return {
        ...(gpu === "cuda" ? { gpu } : {}),
        ...(model ? { model } : {}),
        ...(rounds !== undefined ? { rounds: Number(rounds) } : {})
    };
}

/** The `gpu` group of `npm run bench`. */
export async function runGpuBenchmarks(): Promise<BenchRow[]> {
    const report = await runGpuBench(gpuBenchOptionsFromArgs(process.argv.slice(2)));
    process.stderr.write("gpu benchmark report: out/bench/gpu.json\n");
    return gpuBenchRows(report);
}
