// The one path from an expert to a model runtime, for the CLI and the language server alike: its local model (with its
// LoRA adapter and experts per token) through `openModelRuntime`, or its endpoints through the remote runtime. Machine
// settings (threads, context size, models folder, recording) come from the caller and are the same for every expert.
// `planExpertRuntime` decides everything (and refuses a missing API key) before anything is opened, so the server's
// model host can compare plans to keep a loaded model, and a test can compare what both front ends would open.

import { MissingApiKeyError } from "../errors.js";
import type { LocalModelRuntimeOptions } from "../runtime/local/LocalModelRuntime.js";
import type { ModelRuntime } from "../runtime/ModelRuntime.js";
import { openModelRuntime, type ModelBackend, type OpenModelRuntimeOptions } from "../runtime/openModelRuntime.js";
import { RemoteModelRuntime, type RemoteModelRuntimeOptions } from "../runtime/remote/RemoteModelRuntime.js";
import type { ExpertProfile } from "./ExpertProfile.js";
import type { ExpertRuntimeFactory } from "./runWithExperts.js";

export interface ExpertRuntimeSettings extends Omit<
    LocalModelRuntimeOptions,
    "model" | "lora" | "expertsPerToken" | "signal"
> {
    /** The environment: an expert's `apiKeyEnv`, PONDER_MODELS_DIR and PONDER_OFFLINE=1 are read from it. */
    env?: Readonly<Record<string, string | undefined>>;
    /** The backend of local models (see `openModelRuntime`). Default "auto": the catalog entry's. */
    backend?: ModelBackend;
    /** An API key an editor keeps in secret storage: used by served experts whose `apiKeyEnv` is unset or not in `env`. */
    apiKey?: string;
}

/** What opening an expert's model means, decided and checked, not yet done. */
export type ExpertRuntimePlan =
    | { kind: "remote"; options: Omit<RemoteModelRuntimeOptions, "signal"> }
    | { kind: "local"; options: Omit<OpenModelRuntimeOptions, "signal" | "onDownloadProgress"> };

/** How an expert's model is opened with these settings; throws `MissingApiKeyError` when its key's variable is not set. */
export function planExpertRuntime(expert: ExpertProfile, settings: ExpertRuntimeSettings): ExpertRuntimePlan {
    const { env = {}, apiKey: givenKey, onDownloadProgress: _progress, ...machine } = settings;
    const recordTo = settings.recordTo ? { recordTo: settings.recordTo } : {};
    if (expert.endpoints && expert.endpoints.length > 0) {
        const apiKey = (expert.apiKeyEnv ? env[expert.apiKeyEnv] : undefined) || givenKey;
        if (expert.apiKeyEnv && !apiKey) throw new MissingApiKeyError(expert.name, expert.apiKeyEnv);
        return {
            kind: "remote",
            options: {
                endpoints: [...expert.endpoints],
                ...(expert.model ? { model: expert.model } : {}),
                ...(apiKey ? { apiKey } : {}),
                ...(expert.apiKeyEnv ? { apiKeyEnv: expert.apiKeyEnv } : {}),
                ...recordTo
            }
        };
    }
    const offline = machine.offline || env["PONDER_OFFLINE"] === "1";
    const modelsDir = machine.modelsDir ?? env["PONDER_MODELS_DIR"];
    return {
        kind: "local",
        options: {
            ...machine,
            model: expert.model!,
            ...(offline ? { offline: true } : {}),
            ...(modelsDir ? { modelsDir } : {}),
            ...(expert.lora ? { lora: expert.lora } : {}),
            ...(expert.expertsPerToken !== undefined ? { expertsPerToken: expert.expertsPerToken } : {}),
            ...(expert.candidates !== undefined ? { expectedCandidates: expert.candidates } : {})
        }
    };
}

/** Equal for two plans that open the same model the same way (the API key counts by whether there is one). */
export function expertRuntimeKey(plan: ExpertRuntimePlan): string {
    if (plan.kind === "local") return JSON.stringify(plan);
    const { apiKey, ...options } = plan.options;
    return JSON.stringify({ kind: plan.kind, options, apiKey: apiKey !== undefined });
}

export interface OpenExpertRuntimeOptions {
    signal?: AbortSignal;
    onDownloadProgress?: LocalModelRuntimeOptions["onDownloadProgress"];
    /** Opens a local model; default `openModelRuntime` (tests of a front end pass a recorded runtime). */
    openLocal?: (options: OpenModelRuntimeOptions) => Promise<ModelRuntime>;
}

/** Opens what the plan says. */
export function openExpertRuntime(
    plan: ExpertRuntimePlan,
    options: OpenExpertRuntimeOptions = {}
): Promise<ModelRuntime> {
    const signal = options.signal ? { signal: options.signal } : {};
    if (plan.kind === "remote") return RemoteModelRuntime.connect({ ...plan.options, ...signal });
    const openLocal = options.openLocal ?? openModelRuntime;
    return openLocal({
        ...plan.options,
        ...signal,
        ...(options.onDownloadProgress ? { onDownloadProgress: options.onDownloadProgress } : {})
    });
}

/** The CLI's way to run experts: each attempt plans and opens its expert's model afresh. */
export function expertRuntimeFactory(settings: ExpertRuntimeSettings): ExpertRuntimeFactory {
    return async (expert: ExpertProfile, signal?: AbortSignal): Promise<ModelRuntime> =>
        openExpertRuntime(planExpertRuntime(expert, settings), {
            ...(signal ? { signal } : {}),
            ...(settings.onDownloadProgress ? { onDownloadProgress: settings.onDownloadProgress } : {})
        });
}
