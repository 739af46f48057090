// The model runtime for models node-llama-cpp cannot place well, big mixtures of experts above all: Ponder starts
// llama.cpp's own llama-server with the experts that do not fit the GPU kept in CPU memory (`--n-cpu-moe`), watches it
// (`/health`, its exit), restarts it when it dies, stops it on dispose, and talks to it through RemoteModelRuntime.

import { resolve } from "node:path";
import { GgufInsights, readGgufFileInfo } from "node-llama-cpp";
import { InvalidRequestError } from "../../errors.js";
import { inspectModelFile, type ModelFileFacts } from "../../model/inspectModelFile.js";
import { resolveModelSource } from "../../model/resolveModelSource.js";
import type { SpeculativeDecoding } from "../../model/speculativeDecoding.js";
import { defaultThreadCount, loadLlama } from "../local/loadLlama.js";
import type { LocalModelRuntimeOptions } from "../local/LocalModelRuntime.js";
import type {
    GenerationRequest,
    GenerationResult,
    ModelDescription,
    ModelRuntime,
    RuntimeCallOptions
} from "../ModelRuntime.js";
import { RemoteModelRuntime } from "../remote/RemoteModelRuntime.js";
import { forcedExpertOffload, planExpertOffload, readExpertLayout, type ExpertOffloadPlan } from "./expertOffload.js";
import { findLlamaServerBinary } from "./findLlamaServerBinary.js";
import { llamaServerArgs } from "./llamaServerArgs.js";
import { ManagedLlamaServer, type ServerExit } from "./ManagedLlamaServer.js";
import { ManagedServerCrashedError, ManagedServerStartError } from "./managedServerErrors.js";
import { settingDefaults } from "../../settings/settingsSchema.js";
import {
    describeSpeculation,
    measuredSpeculation,
    speculationCacheFile,
    speculationIdentity
} from "./speculationCache.js";

export interface ManagedServerRuntimeOptions extends Omit<LocalModelRuntimeOptions, "freeRamOverride"> {
    /** The llama-server binary; default $PONDER_LLAMA_SERVER, the build script's cache, then PATH. */
    binary?: string;
    /** Slots that decode at once. Default `expectedCandidates`, else 4; a call with more candidates queues the rest. */
    parallel?: number;
    /** Layers whose experts stay in CPU memory, or "all"; default computed from the free GPU memory (nothing on CPU only). */
    cpuExpertLayers?: number | "all";
    /** How often `/health` is asked, in ms; three failures in a row count as a dead server. Default 5000. */
    healthIntervalMs?: number;
    /** How long loading the model may take, in ms. Default 120 s. */
    startTimeoutMs?: number;
    /** Environment for PONDER_LLAMA_SERVER and PATH. Default `process.env`. */
    env?: Readonly<Record<string, string | undefined>>;
    /**
     * Speculative decoding (MTP heads or a draft model), or "off". Default: the speculation this machine measured
     * faster for this model file (measureSpeculation.ts, cached in `speculationCache`), else none.
     */
    speculative?: SpeculativeDecoding | "off";
    /** The cache of per-machine speculation measurements; false: none read. Default `speculationCacheFile(env)`. */
    speculationCache?: string | false;
}

export class ManagedServerRuntime implements ModelRuntime {
    private server: ManagedLlamaServer | undefined;
    private remote: RemoteModelRuntime | undefined;
    private starting: Promise<void> | undefined;
    /** One controller per running generation, aborted when the server dies under it. */
    private readonly running = new Set<AbortController>();
    private readonly healthTimer: NodeJS.Timeout;
    private healthFailures = 0;
    /** Why Ponder itself killed the server, when it did (a failed health check). */
    private killedBecause: string | undefined;
    private disposed = false;
    /** Servers started after the first because one died. */
    restarts = 0;

    private constructor(
        readonly description: ModelDescription,
        readonly offload: ExpertOffloadPlan,
        private readonly binary: string,
        readonly serverArgs: string[],
        private readonly options: ManagedServerRuntimeOptions,
        /** The server's slots: a call of up to this many candidates is one request with `n`, its prompt evaluated once. */
        readonly parallel: number,
        /** The model's template keeps earlier thoughts (`preserve_thinking`): they are sent, and the flag asked for. */
        private readonly preservesThinking: boolean
    ) {
        this.healthTimer = setInterval(() => void this.checkHealth(), options.healthIntervalMs ?? 5000);
        this.healthTimer.unref();
    }

    /** Resolves the model, plans the expert offload, starts llama-server and connects to it. */
    static async start(options: ManagedServerRuntimeOptions): Promise<ManagedServerRuntime> {
        const source = await resolveModelSource(options.model, {
            ...(options.modelsDir ? { modelsDir: options.modelsDir } : {}),
            ...(options.cwd ? { cwd: options.cwd } : {}),
            ...(options.offline ? { offline: true } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.onDownloadProgress ? { onProgress: options.onDownloadProgress } : {})
        });
        // The server may be built from a newer llama.cpp than node-llama-cpp's: it decides which architectures it loads.
        const facts = await inspectModelFile(source.path, { requireKnownArchitecture: false });
        if (
            options.expertsPerToken !== undefined &&
            (!facts.experts || options.expertsPerToken < 1 || options.expertsPerToken > facts.experts.count)
        )
            throw new InvalidRequestError(
                `Experts per token must be a whole number from 1 to ${facts.experts?.count ?? 0} for ${facts.name}; got ${options.expertsPerToken}.`
            );
        const binary = findLlamaServerBinary({
            ...(options.binary ? { binary: options.binary } : {}),
            ...(options.env ? { env: options.env } : {})
        });
        const threads = options.threads ?? defaultThreadCount();
        const parallel = Math.min(
            16,
            Math.max(1, options.parallel ?? options.expectedCandidates ?? settingDefaults.candidates)
        );
        const contextSize =
            options.contextSize ?? Math.min(facts.trainContextSize > 0 ? facts.trainContextSize : 4096, 8192);
        const offload = await offloadPlanFor(facts, options, contextSize, parallel, threads);
        const id = source.catalogModel?.id ?? facts.name;
        const speculation = await speculationToUse(options, source.path, binary);
        const args = llamaServerArgs({
            modelPath: source.path,
            alias: id,
            parallel,
            contextSize,
            threads,
            offload,
            ...(options.expertsPerToken !== undefined
                ? { expertsPerToken: { architecture: facts.architecture, count: options.expertsPerToken } }
                : {}),
            ...(options.lora
                ? { lora: { path: resolve(options.cwd ?? ".", options.lora.path), scale: options.lora.scale ?? 1 } }
                : {}),
            ...(speculation.speculative ? { speculative: speculation.speculative } : {})
        });
        const description: ModelDescription = {
            id,
            source: source.path,
            architecture: facts.architecture,
            parameters: facts.parameters,
            activeParameters: facts.activeParameters,
            trainContextSize: facts.trainContextSize,
            contextSize,
            chatTemplate: facts.chatTemplate,
            ...(facts.experts
                ? {
                      experts: {
                          count: facts.experts.count,
                          usedPerToken: options.expertsPerToken ?? facts.experts.usedPerToken,
                          defaultUsedPerToken: facts.experts.usedPerToken
                      }
                  }
                : {}),
            backend: `llama-server (managed), ${offload.summary}`,
            gpuLayers: offload.kind === "cpuOnly" ? 0 : offload.layers,
            threads,
            ...(speculation.note ? { speculation: speculation.note } : {})
        };
        const runtime = new ManagedServerRuntime(
            description,
            offload,
            binary,
            args,
            options,
            parallel,
            facts.preservesThinking === true
        );
        try {
            await runtime.startServer(options.signal);
        } catch (error) {
            await runtime.dispose();
            throw error;
        }
        return runtime;
    }

    /** The running server's process id (its process group id), for diagnostics and tests. */
    get serverProcessId(): number | undefined {
        return this.server?.pid;
    }

    /** The running server's base URL. */
    get serverUrl(): string | undefined {
        return this.server?.url;
    }

    /** Waits for a restart in progress, or starts a server when the last one died and its restart failed. */
    async ready(signal?: AbortSignal): Promise<RemoteModelRuntime> {
        if (this.disposed) throw new InvalidRequestError("The model runtime was disposed.");
        await this.starting?.catch(() => undefined);
        if (!this.remote) await this.startServer(signal);
        return this.remote!;
    }

    async generate(request: GenerationRequest, options: RuntimeCallOptions = {}): Promise<GenerationResult> {
        const remote = await this.ready(options.signal);
        const server = this.server!;
        const crash = new AbortController();
        this.running.add(crash);
        const signal = options.signal ? AbortSignal.any([options.signal, crash.signal]) : crash.signal;
        try {
            const result = await remote.generate(request, { ...options, signal });
            if (crash.signal.aborted && !options.signal?.aborted)
                throw new ManagedServerCrashedError(String(crash.signal.reason));
            return { ...result, model: this.description };
        } catch (error) {
            if (error instanceof ManagedServerCrashedError || options.signal?.aborted) throw error;
            if (crash.signal.aborted)
                throw new ManagedServerCrashedError(String(crash.signal.reason), { cause: error });
            // A stream that broke off may be the first sign of a death the exit event has not reported yet.
            if (await server.healthy()) throw error;
            const exit = await Promise.race([
                server.exited,
                new Promise<undefined>((done) => setTimeout(() => done(undefined), 1000))
            ]);
            throw new ManagedServerCrashedError(exit ? describeExit(exit) : "stopped answering", { cause: error });
        } finally {
            this.running.delete(crash);
        }
    }

    /**
     * Prompt tokens the running server has evaluated since it started (`llamacpp:prompt_tokens_total` of its
     * `/metrics`): a call whose G candidates share one request adds its prompt once, not G times.
     */
    async evaluatedPromptTokens(): Promise<number> {
        const url = this.server?.url;
        if (!url) throw new InvalidRequestError("The managed llama-server is not running.");
        const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
        const total = /^llamacpp:prompt_tokens_total\s+(\S+)/m.exec(await response.text())?.[1];
        if (!response.ok || total === undefined)
            throw new ManagedServerStartError(
                `answered /metrics with ${response.status} and no prompt_tokens_total`,
                this.server?.log() ?? ""
            );
        return Number(total);
    }

    async countTokens(text: string): Promise<number> {
        const url = this.server?.url;
        if (url) {
            try {
                const response = await fetch(`${url}/tokenize`, {
                    method: "POST",
                    headers: { "content-type": "application/json" },
                    body: JSON.stringify({ content: text }),
                    signal: AbortSignal.timeout(10_000)
                });
                if (response.ok) return ((await response.json()) as { tokens: unknown[] }).tokens.length;
            } catch {
                // The server is restarting: the estimate below serves a context budget well enough.
            }
        }
        return Math.ceil(text.length / 4);
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        clearInterval(this.healthTimer);
        await this.starting?.catch(() => undefined);
        const server = this.server;
        this.server = undefined;
        await server?.stop();
        await this.remote?.dispose();
        this.remote = undefined;
    }

    /** Starts one server and connects to it; concurrent callers share the start. */
    private startServer(signal?: AbortSignal): Promise<void> {
        this.starting ??= (async () => {
            const server = await ManagedLlamaServer.start({
                binary: this.binary,
                args: this.serverArgs,
                ...(this.options.startTimeoutMs !== undefined ? { startTimeoutMs: this.options.startTimeoutMs } : {}),
                ...(signal ? { signal } : {})
            });
            if (this.disposed) {
                await server.stop();
                return;
            }
            // Watched from here on, so a death while connecting is seen (and restarted) like any other.
            this.server = server;
            this.healthFailures = 0;
            void server.exited.then((exit) => this.onServerExit(server, exit));
            try {
                // Retrying a candidate on the same server is this runtime's job (a restart), so the remote runtime does not retry.
                this.remote = await RemoteModelRuntime.connect({
                    endpoints: [server.url],
                    model: this.description.id,
                    maxRetries: 0,
                    multiChoice: { maxChoices: this.parallel },
                    ...(this.preservesThinking ? { preserveThoughts: true } : {}),
                    ...(this.options.recordTo ? { recordTo: this.options.recordTo } : {}),
                    ...(signal ? { signal } : {})
                });
                if (server.exitStatus)
                    throw new ManagedServerStartError(
                        `${describeExit(server.exitStatus)} right after it started`,
                        server.log()
                    );
            } catch (error) {
                this.remote = undefined;
                this.server = undefined;
                await server.kill();
                throw error;
            }
        })().finally(() => {
            this.starting = undefined;
        });
        return this.starting;
    }

    /** A death Ponder did not ask for: fail the running generations with the reason, and start a new server. */
    private onServerExit(server: ManagedLlamaServer, exit: ServerExit): void {
        if (this.disposed || this.server !== server) return;
        const how = this.killedBecause ?? describeExit(exit);
        this.killedBecause = undefined;
        this.server = undefined;
        void this.remote?.dispose();
        this.remote = undefined;
        for (const generation of this.running) generation.abort(how);
        this.restarts++;
        // A failed restart is not thrown here: the next generation starts again and reports why it cannot.
        this.startServer().catch(() => undefined);
    }

    /** A server that is alive but does not answer `/health` three times in a row is killed, and so restarted. */
    private async checkHealth(): Promise<void> {
        const server = this.server;
        if (!server || this.starting || this.disposed) return;
        if (await server.healthy()) {
            this.healthFailures = 0;
            return;
        }
        if (++this.healthFailures < 3 || this.server !== server) return;
        this.killedBecause = "stopped answering /health";
        await server.kill();
    }
}

/**
 * The speculation the server starts with: the one asked for, none when asked "off", else the fastest this machine
 * measured for this model file and server that paid off (speculativeDecoding.ts `speculationPaysOff`).
 */
async function speculationToUse(
    options: ManagedServerRuntimeOptions,
    modelPath: string,
    binary: string
): Promise<{ speculative?: SpeculativeDecoding; note?: string }> {
    if (options.speculative === "off") return {};
    if (options.speculative)
        return { speculative: options.speculative, note: `${options.speculative.kind} (asked for)` };
    if (options.speculationCache === false) return {};
    const backend = options.gpu === false ? "cpu" : (await loadLlama(options.gpu ?? "auto")).backend;
    const measured = measuredSpeculation(
        options.speculationCache ?? speculationCacheFile(options.env),
        speculationIdentity(modelPath, binary),
        backend
    );
    return measured?.speculation ? { speculative: measured.speculation, note: describeSpeculation(measured) } : {};
}

function describeExit(exit: ServerExit): string {
    return exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
}

/** The offload the user forced, or the one free GPU memory allows; on CPU only none is needed (all weights are in RAM). */
async function offloadPlanFor(
    facts: ModelFileFacts,
    options: ManagedServerRuntimeOptions,
    contextSize: number,
    parallel: number,
    threads: number
): Promise<ExpertOffloadPlan> {
    const layout = await readExpertLayout(facts.path);
    if (options.cpuExpertLayers !== undefined)
        return forcedExpertOffload(options.cpuExpertLayers, layout.expertBytesPerLayer);
    if (options.gpu === false)
        return planExpertOffload({
            freeVramBytes: undefined,
            expertBytesPerLayer: layout.expertBytesPerLayer,
            otherGpuBytes: 0
        });
    const backend = await loadLlama(options.gpu ?? "auto", threads);
    if (backend.backend === "cpu")
        return planExpertOffload({
            freeVramBytes: undefined,
            expertBytesPerLayer: layout.expertBytesPerLayer,
            otherGpuBytes: 0
        });
    const info = await readGgufFileInfo(facts.path, { logWarnings: false, sourceType: "filesystem" });
    const insights = await GgufInsights.from(info, backend.llama);
    const context = insights.estimateContextResourceRequirements({
        contextSize: contextSize * parallel,
        modelGpuLayers: insights.totalLayers,
        sequences: parallel
    });
    return planExpertOffload({
        freeVramBytes: (await backend.llama.getVramState()).free,
        expertBytesPerLayer: layout.expertBytesPerLayer,
        otherGpuBytes: layout.nonExpertBytes + context.gpuVram
    });
}
