// The one place that picks the backend of a local model: node-llama-cpp in this process, or a llama-server Ponder
// manages (for catalog models marked `backend: "llama-server"`, such as the full DeepSeek-R1 with its experts
// offloaded, or when the user asks for it). Every caller that loads a local model goes through here.

import { findCatalogModel } from "../model/ModelCatalog.js";
import { LocalModelRuntime, type LocalModelRuntimeOptions } from "./local/LocalModelRuntime.js";
import { ManagedServerRuntime, type ManagedServerRuntimeOptions } from "./managed/ManagedServerRuntime.js";
import type { ModelRuntime } from "./ModelRuntime.js";

/** "node-llama-cpp": in this process; "llama-server": a managed llama-server; "auto": what the catalog entry says, else node-llama-cpp. */
export type ModelBackend = "auto" | "node-llama-cpp" | "llama-server";

export const modelBackends: readonly ModelBackend[] = ["auto", "node-llama-cpp", "llama-server"];

export interface OpenModelRuntimeOptions extends LocalModelRuntimeOptions {
    /** Which backend runs the model. Default "auto". */
    backend?: ModelBackend;
    /** Settings only the managed llama-server uses (binary, slots, forced expert offload, health interval). */
    llamaServer?: Omit<ManagedServerRuntimeOptions, keyof LocalModelRuntimeOptions>;
}

/** The backend a model gets: the option when it names one, else the catalog entry's, else node-llama-cpp. */
export function chooseModelBackend(model: string, backend: ModelBackend = "auto"): "node-llama-cpp" | "llama-server" {
    if (backend !== "auto") return backend;
    return findCatalogModel(model)?.backend === "llama-server" ? "llama-server" : "node-llama-cpp";
}

/** Loads the model with the chosen backend. */
export async function openModelRuntime(options: OpenModelRuntimeOptions): Promise<ModelRuntime> {
    const { backend, llamaServer, ...common } = options;
    if (chooseModelBackend(options.model, backend) === "llama-server") {
        // The managed server plans its own memory; the in-process override of free RAM does not apply to it.
        const { freeRamOverride: _ignored, ...serverCommon } = common;
        return ManagedServerRuntime.start({ ...serverCommon, ...llamaServer });
    }
    return LocalModelRuntime.load(common);
}
