// The default way to run an expert: its local model (with its LoRA adapter and experts per token) through
// node-llama-cpp, or its endpoints through the remote runtime. Machine settings (threads, context size,
// models folder) come from the caller and are the same for every expert.

import { InvalidRequestError } from "../errors.js";
import type { LocalModelRuntimeOptions } from "../runtime/local/LocalModelRuntime.js";
import type { ModelRuntime } from "../runtime/ModelRuntime.js";
import { openModelRuntime, type ModelBackend } from "../runtime/openModelRuntime.js";
import { RemoteModelRuntime } from "../runtime/remote/RemoteModelRuntime.js";
import type { ExpertProfile } from "./ExpertProfile.js";
import type { ExpertRuntimeFactory } from "./runWithExperts.js";

export interface ExpertRuntimeSettings extends Omit<LocalModelRuntimeOptions, "model" | "lora" | "expertsPerToken" | "signal"> {
    /** The environment an expert's `apiKeyEnv` is read from. */
    env?: Readonly<Record<string, string | undefined>>;
    /** The backend of local models (see `openModelRuntime`). Default "auto": the catalog entry's. */
    backend?: ModelBackend;
}

export function expertRuntimeFactory(settings: ExpertRuntimeSettings): ExpertRuntimeFactory {
    return async (expert: ExpertProfile, signal?: AbortSignal): Promise<ModelRuntime> => {
        if (expert.endpoints) {
            const apiKey = expert.apiKeyEnv ? settings.env?.[expert.apiKeyEnv] : undefined;
            if (expert.apiKeyEnv && !apiKey) throw new InvalidRequestError(`The expert ${expert.name} reads its API key from ${expert.apiKeyEnv}, which is not set.`);
            return RemoteModelRuntime.connect({
                endpoints: expert.endpoints, ...(expert.model ? { model: expert.model } : {}),
                ...(apiKey ? { apiKey, apiKeyEnv: expert.apiKeyEnv! } : {}),
                ...(settings.recordTo ? { recordTo: settings.recordTo } : {}),
                ...(signal ? { signal } : {})
            });
        }
        return openModelRuntime({
            ...settings, model: expert.model!,
            ...(expert.lora ? { lora: expert.lora } : {}),
            ...(expert.expertsPerToken !== undefined ? { expertsPerToken: expert.expertsPerToken } : {}),
            ...(expert.candidates !== undefined ? { expectedCandidates: expert.candidates } : {}),
            ...(signal ? { signal } : {})
        });
    };
}
