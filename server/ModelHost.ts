// Keeps one model loaded for the server's life: loads it lazily on the first job (reporting download and
// load progress), reloads only when the model settings change, and owns the lock that lets one job generate
// (or load a model) at a time.

import {
    chooseDefaultModel, openModelRuntime, readMachine, RemoteModelRuntime, type ModelRuntime, type OpenModelRuntimeOptions
} from "../engine/index.js";
import type { ModelState, ModelStatus, ModelSummary } from "../protocol/index.js";
import { ModelLock, type LockHolder } from "./ModelLock.js";
import { gpuPreferenceOf, type JobSettings } from "./settings.js";

export interface ModelHostOptions {
    /** Base of a relative model path. */
    cwd: string;
    /** Environment: PONDER_MODEL (default model), PONDER_MODELS_DIR, PONDER_OFFLINE. */
    env: NodeJS.ProcessEnv;
    /** Called whenever the model's state changes. */
    onStatus?: (status: ModelStatus) => void;
    /** Loads a runtime; default `openModelRuntime` (tests may pass a recorded runtime). */
    loadRuntime?: (options: OpenModelRuntimeOptions) => Promise<ModelRuntime>;
}

export interface ModelLoadCallOptions {
    signal?: AbortSignal;
    /** Progress of a download or load, with the fraction done when known. */
    onProgress?: (detail: string, fraction?: number) => void;
}

export class ModelHost {
    readonly lock = new ModelLock();
    private runtime: ModelRuntime | undefined;
    private loadedKey: string | undefined;
    private state: ModelState = "notLoaded";
    private model: string | undefined;
    private error: string | undefined;

    constructor(private readonly options: ModelHostOptions) {}

    status(): ModelStatus {
        const description = this.runtime?.description;
        const summary: ModelSummary | undefined = description ? {
            id: description.id, source: description.source, architecture: description.architecture, parameters: description.parameters,
            contextSize: description.contextSize, backend: description.backend, gpuLayers: description.gpuLayers, threads: description.threads,
            ...(description.experts ? { experts: { count: description.experts.count, usedPerToken: description.experts.usedPerToken } } : {})
        } : undefined;
        const running = this.lock.holdingJob;
        return {
            state: this.state,
            ...(this.model !== undefined ? { model: this.model } : {}),
            ...(summary ? { description: summary } : {}),
            ...(this.error !== undefined ? { error: this.error } : {}),
            ...(running !== undefined ? { runningJob: running } : {}),
            waitingJobs: this.lock.waitingJobs
        };
    }

    /** The runtime for these settings, loading (or reloading) it first. Call it only while holding a turn of `lock`. */
    async runtimeFor(settings: JobSettings, options: ModelLoadCallOptions = {}): Promise<ModelRuntime> {
        const remote = settings.endpoints.length > 0;
        const gpu = gpuPreferenceOf(settings);
        // The default is chosen for the backend the model will run on, so a GPU's free VRAM counts.
        const model = remote ? settings.model ?? "" : settings.model ?? this.options.env["PONDER_MODEL"]
            ?? chooseDefaultModel(await readMachine({ gpu })).model.id;
        const key = JSON.stringify([model, settings.expertsPerToken, settings.threads, settings.contextSize, settings.gpu, settings.backend, settings.offline,
            settings.endpoints, settings.apiKeyEnv, settings.apiKey !== undefined, settings.lora]);
        if (this.runtime && this.loadedKey === key) return this.runtime;
        await this.unload();
        this.model = remote ? `${model || "served model"} at ${settings.endpoints.join(", ")}` : model;
        this.setState("loading");
        options.onProgress?.(remote ? `Connecting to ${settings.endpoints.join(", ")}` : `Loading ${model}`);
        const env = this.options.env;
        try {
            if (remote) {
                const apiKey = settings.apiKey ?? (settings.apiKeyEnv !== undefined ? env[settings.apiKeyEnv] : undefined);
                this.runtime = await RemoteModelRuntime.connect({
                    endpoints: settings.endpoints, ...(model ? { model } : {}),
                    ...(apiKey ? { apiKey } : {}), ...(settings.apiKeyEnv !== undefined ? { apiKeyEnv: settings.apiKeyEnv } : {}),
                    ...(options.signal ? { signal: options.signal } : {})
                });
            } else {
            const load = this.options.loadRuntime ?? ((loadOptions: OpenModelRuntimeOptions) => openModelRuntime(loadOptions));
            this.runtime = await load({
                model, cwd: this.options.cwd,
                gpu, ...(settings.backend !== undefined ? { backend: settings.backend } : {}),
                expectedCandidates: settings.candidates,
                ...(settings.threads !== undefined ? { threads: settings.threads } : {}),
                ...(settings.contextSize !== undefined ? { contextSize: settings.contextSize } : {}),
                ...(settings.expertsPerToken !== undefined ? { expertsPerToken: settings.expertsPerToken } : {}),
                ...(settings.lora ? { lora: settings.lora } : {}),
                ...(settings.offline || env["PONDER_OFFLINE"] === "1" ? { offline: true } : {}),
                ...(env["PONDER_MODELS_DIR"] ? { modelsDir: env["PONDER_MODELS_DIR"] } : {}),
                ...(options.signal ? { signal: options.signal } : {}),
                onDownloadProgress: ({ downloadedBytes, totalBytes }) => options.onProgress?.(
                    `Downloading ${model}`, totalBytes ? downloadedBytes / totalBytes : undefined)
            });
            }
        } catch (error) {
            this.error = error instanceof Error ? error.message : String(error);
            this.setState("failed");
            throw error;
        }
        this.loadedKey = key;
        this.error = undefined;
        this.setState("loaded");
        options.onProgress?.(`Loaded ${this.model}`, 1);
        return this.runtime;
    }

    /**
     * Waits for a turn at the model (`onPosition` hears the turns ahead whenever they change) and loads the model of
     * `settings` in it; the caller releases the turn. A load that fails releases it here.
     */
    async takeTurn(holder: LockHolder, settings: JobSettings, options: ModelLoadCallOptions & { signal: AbortSignal; onPosition?: (position: number) => void }):
        Promise<{ runtime: ModelRuntime; release(): void }> {
        const turn = await this.lock.acquire(holder, options.signal, (position) => options.onPosition?.(position));
        try {
            return { runtime: await this.runtimeFor(settings, options), release: () => turn.release() };
        } catch (error) {
            turn.release();
            throw error;
        }
    }

    async dispose(): Promise<void> {
        await this.unload();
    }

    private async unload(): Promise<void> {
        const runtime = this.runtime;
        this.runtime = undefined;
        this.loadedKey = undefined;
        if (!runtime) return;
        this.setState("notLoaded");
        await runtime.dispose();
    }

    private setState(state: ModelState): void {
        this.state = state;
        this.options.onStatus?.(this.status());
    }
}
