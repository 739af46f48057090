// The one place that picks the backend of a local model: node-llama-cpp in this process, or a llama-server Ponder
// manages (for catalog models marked `backend: "llama-server"`, such as the full DeepSeek-R1 with its experts
// offloaded, for a model whose architecture node-llama-cpp's build cannot load, or when the user asks for it).
// Every caller that loads a local model goes through here.

import { UnsupportedArchitectureError } from "../errors.js";
import { planModel, type MachineMemory } from "../model/machineFit.js";
import { findCatalogModel } from "../model/ModelCatalog.js";
import { readMachine } from "./local/readMachine.js";
import { findLlamaServerBinary } from "./managed/findLlamaServerBinary.js";
import { LlamaServerNotFoundError, ManagedServerStartError } from "./managed/managedServerErrors.js";
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

/**
 * The backend a model gets: the option when it names one, else the catalog entry's, else, given the machine, its
 * plan's (a mixture of experts short of VRAM keeps its experts in RAM, which only llama-server does), else
 * node-llama-cpp.
 */
export function chooseModelBackend(
    model: string,
    backend: ModelBackend = "auto",
    machine?: MachineMemory
): "node-llama-cpp" | "llama-server" {
    if (backend !== "auto") return backend;
    const entry = findCatalogModel(model);
    if (entry?.backend === "llama-server") return "llama-server";
    if (entry && machine) {
        const plan = planModel(entry, machine);
        if (plan.fits && plan.backend === "llama-server") return "llama-server";
    }
    return "node-llama-cpp";
}

/** The machine record, read only when the plan could send a catalog mixture of experts to llama-server. */
async function machineForPlan(options: OpenModelRuntimeOptions): Promise<MachineMemory | undefined> {
    const entry = findCatalogModel(options.model);
    if ((options.backend ?? "auto") !== "auto" || !entry?.expertBytes || options.gpu === false) return undefined;
    return readMachine({ gpu: options.gpu ?? "auto" });
}

/**
 * Loads the model with the chosen backend. With "auto", a model whose architecture node-llama-cpp's build cannot load
 * goes to the managed llama-server instead, which may be built from a newer llama.cpp; when there is none, or it
 * cannot load the model either, the error names the architecture and what to do.
 */
export async function openModelRuntime(options: OpenModelRuntimeOptions): Promise<ModelRuntime> {
    const { backend, llamaServer, ...common } = options;
    if (chooseModelBackend(options.model, backend, await machineForPlan(options)) === "llama-server")
        return startManagedServer(common, llamaServer);
    try {
        return await LocalModelRuntime.load(common);
    } catch (error) {
        if (!(error instanceof UnsupportedArchitectureError) || (backend ?? "auto") !== "auto") throw error;
        return serveArchitectureElsewhere(error, common, llamaServer);
    }
}

function startManagedServer(
    common: LocalModelRuntimeOptions,
    llamaServer: OpenModelRuntimeOptions["llamaServer"]
): Promise<ModelRuntime> {
    // The managed server plans its own memory; the in-process override of free RAM does not apply to it.
    const { freeRamOverride: _ignored, ...serverCommon } = common;
    return ManagedServerRuntime.start({ ...serverCommon, ...llamaServer });
}

async function serveArchitectureElsewhere(
    refused: UnsupportedArchitectureError,
    common: LocalModelRuntimeOptions,
    llamaServer: OpenModelRuntimeOptions["llamaServer"]
): Promise<ModelRuntime> {
    let binary: string;
    try {
        binary = findLlamaServerBinary({
            ...(llamaServer?.binary ? { binary: llamaServer.binary } : {}),
            ...(llamaServer?.env ? { env: llamaServer.env } : {})
        });
    } catch (error) {
        if (!(error instanceof LlamaServerNotFoundError)) throw error;
        throw new UnsupportedArchitectureError(
            refused.path,
            refused.architecture,
            "no llama-server was found to serve it instead",
            { cause: error }
        );
    }
    try {
        return await startManagedServer({ ...common, model: refused.path }, { ...llamaServer, binary });
    } catch (error) {
        // llama.cpp's loader says "unknown model architecture: '<name>'" when its build lacks the architecture.
        if (error instanceof ManagedServerStartError && /unknown model architecture/i.test(error.logTail))
            throw new UnsupportedArchitectureError(
                refused.path,
                refused.architecture,
                `the llama-server at ${binary} cannot load it either`,
                { cause: error }
            );
        throw error;
    }
}
