// Keeps one model loaded for the server's life: opens it lazily on the first job by the engine's one path from an
// expert to a runtime (`planExpertRuntime`, `openExpertRuntime`, as the CLI does), reporting download and load
// progress; reopens only when the plan changes (another expert, other machine settings); and owns the lock that lets
// one job generate (or load a model) at a time.

import {
    expertRuntimeKey,
    openExpertRuntime,
    planExpertRuntime,
    type ExpertProfile,
    type ExpertRuntimePlan,
    type ExpertRuntimeSettings,
    type ModelRuntime,
    type OpenModelRuntimeOptions
} from "../engine/index.js";
import type { ModelState, ModelStatus, ModelSummary } from "../protocol/index.js";
import { ModelLock, type LockHolder } from "./ModelLock.js";

/** The machine settings of a hosted model; the host adds its `cwd` and environment. */
export type HostedRuntimeSettings = Omit<ExpertRuntimeSettings, "cwd" | "env" | "onDownloadProgress">;

export interface ModelHostOptions {
    /** Base of a relative model path. */
    cwd: string;
    /** Environment: API keys' variables, PONDER_MODELS_DIR, PONDER_OFFLINE. */
    env: NodeJS.ProcessEnv;
    /** Called whenever the model's state changes. */
    onStatus?: (status: ModelStatus) => void;
    /** Opens a local model; default `openModelRuntime` (tests may pass a recorded runtime). */
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
        const summary: ModelSummary | undefined = description
            ? {
                  id: description.id,
                  source: description.source,
                  architecture: description.architecture,
                  parameters: description.parameters,
                  contextSize: description.contextSize,
                  backend: description.backend,
                  gpuLayers: description.gpuLayers,
                  threads: description.threads,
                  ...(description.experts
                      ? {
                            experts: {
                                count: description.experts.count,
                                usedPerToken: description.experts.usedPerToken
                            }
                        }
                      : {})
              }
            : undefined;
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

    /**
     * The runtime of `expert` with these machine settings, opened (or reopened) first by the engine's one path from an
     * expert to a runtime, the CLI's too. Call it only while holding a turn of `lock`.
     */
    async runtimeFor(
        expert: ExpertProfile,
        settings: HostedRuntimeSettings,
        options: ModelLoadCallOptions = {}
    ): Promise<ModelRuntime> {
        let plan: ExpertRuntimePlan;
        try {
            plan = planExpertRuntime(expert, { ...settings, cwd: this.options.cwd, env: this.options.env });
        } catch (error) {
            this.fail(error);
            throw error;
        }
        const key = expertRuntimeKey(plan);
        if (this.runtime && this.loadedKey === key) return this.runtime;
        await this.unload();
        const endpoints = plan.kind === "remote" ? plan.options.endpoints.join(", ") : undefined;
        this.model =
            endpoints !== undefined ? `${plan.options.model || "served model"} at ${endpoints}` : plan.options.model;
        this.setState("loading");
        options.onProgress?.(endpoints !== undefined ? `Connecting to ${endpoints}` : `Loading ${this.model}`);
        try {
            this.runtime = await openExpertRuntime(plan, {
                ...(options.signal ? { signal: options.signal } : {}),
                ...(this.options.loadRuntime ? { openLocal: this.options.loadRuntime } : {}),
                onDownloadProgress: ({ downloadedBytes, totalBytes }) =>
                    options.onProgress?.(
                        `Downloading ${this.model}`,
                        totalBytes ? downloadedBytes / totalBytes : undefined
                    )
            });
        } catch (error) {
            this.fail(error);
            throw error;
        }
        this.loadedKey = key;
        this.error = undefined;
        this.setState("loaded");
        options.onProgress?.(`Loaded ${this.model}`, 1);
        return this.runtime;
    }

    /**
     * Waits for a turn at the model (`onPosition` hears the turns ahead whenever they change) and loads the expert's
     * model in it; the caller releases the turn. A load that fails releases it here.
     */
    async takeTurn(
        holder: LockHolder,
        expert: ExpertProfile,
        settings: HostedRuntimeSettings,
        options: ModelLoadCallOptions & { signal: AbortSignal; onPosition?: (position: number) => void }
    ): Promise<{ runtime: ModelRuntime; release(): void }> {
        const turn = await this.lock.acquire(holder, options.signal, (position) => options.onPosition?.(position));
        try {
            return { runtime: await this.runtimeFor(expert, settings, options), release: () => turn.release() };
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

    private fail(error: unknown): void {
        this.error = error instanceof Error ? error.message : String(error);
        this.setState("failed");
    }

    private setState(state: ModelState): void {
        this.state = state;
        this.options.onStatus?.(this.status());
    }
}
