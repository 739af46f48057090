// The model flags every model-using command shares (--model, --gpu, --threads, --context-size, --offline,
// --experts-per-token, --backend) and the one place that turns them into a loaded runtime, with a download bar.

import {
    chooseDefaultModel, InvalidRequestError, modelBackends, openModelRuntime, readMachine, RemoteModelRuntime, type GpuPreference,
    type LocalModelRuntimeOptions, type ModelBackend, type ModelRuntime
} from "../engine/index.js";
import type { CliIo } from "./CliIo.js";
import { ProgressBar } from "./terminal/ProgressBar.js";

export const modelFlagSpec = {
    model: { type: "string" },
    gpu: { type: "string" },
    threads: { type: "string" },
    "context-size": { type: "string" },
    "experts-per-token": { type: "string" },
    offline: { type: "boolean" },
    endpoint: { type: "string", multiple: true },
    "api-key-env": { type: "string" },
    backend: { type: "string" }
} as const;

export interface ModelFlags {
    model?: string | undefined;
    gpu?: string | undefined;
    threads?: string | undefined;
    "context-size"?: string | undefined;
    "experts-per-token"?: string | undefined;
    offline?: boolean | undefined;
    endpoint?: string[] | undefined;
    "api-key-env"?: string | undefined;
    backend?: string | undefined;
}

/** The API key named by --api-key-env, read from the environment (never printed or recorded). */
export function apiKeyFromFlags(flags: ModelFlags, io: CliIo): { apiKey?: string; apiKeyEnv?: string } {
    const name = flags["api-key-env"];
    if (!name) return {};
    const apiKey = io.env[name];
    if (!apiKey) throw new InvalidRequestError(`--api-key-env ${name}: the environment variable ${name} is not set.`);
    return { apiKey, apiKeyEnv: name };
}

/** The model to use: the flag, else $PONDER_MODEL, else the best catalog model that fits this machine's backend. */
export async function chosenModel(flag: string | undefined, io: CliIo, gpu: GpuPreference = "auto"): Promise<string> {
    if (flag) return flag;
    if (io.env["PONDER_MODEL"]) return io.env["PONDER_MODEL"];
    return chooseDefaultModel(await readMachine({ gpu })).model.id;
}

export function parseWholeNumber(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max)
        throw new InvalidRequestError(`--${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}; got "${value}".`);
    return number;
}

export function parseGpu(value: string | undefined): GpuPreference {
    if (value === undefined || value === "auto") return "auto";
    if (value === "cpu" || value === "false" || value === "off") return false;
    if (value === "cuda" || value === "vulkan" || value === "metal") return value;
    throw new InvalidRequestError(`--gpu must be auto, cpu, cuda, vulkan or metal; got "${value}".`);
}

export function parseBackend(value: string | undefined): ModelBackend {
    if (value === undefined) return "auto";
    if ((modelBackends as readonly string[]).includes(value)) return value as ModelBackend;
    throw new InvalidRequestError(`--backend must be ${modelBackends.join(", ")}; got "${value}".`);
}

/** A remote runtime when --endpoint is given (the served model is --model or the first it lists), else the local one. */
export async function loadRuntimeFromFlags(flags: ModelFlags, io: CliIo, extra: Partial<LocalModelRuntimeOptions> = {}): Promise<ModelRuntime> {
    if (flags.endpoint && flags.endpoint.length > 0) {
        return RemoteModelRuntime.connect({
            endpoints: flags.endpoint, ...(flags.model ? { model: flags.model } : {}), ...apiKeyFromFlags(flags, io),
            ...(extra.recordTo ? { recordTo: extra.recordTo } : {})
        });
    }
    const model = await chosenModel(flags.model, io, parseGpu(flags.gpu));
    let bar: ProgressBar | undefined;
    const threads = parseWholeNumber("threads", flags.threads, 1, 256);
    const contextSize = parseWholeNumber("context-size", flags["context-size"], 64, 1 << 20);
    const expertsPerToken = parseWholeNumber("experts-per-token", flags["experts-per-token"], 1, 1024);
    try {
        return await openModelRuntime({
            model, backend: parseBackend(flags.backend),
            cwd: io.cwd,
            gpu: parseGpu(flags.gpu),
            ...(threads !== undefined ? { threads } : {}),
            ...(contextSize !== undefined ? { contextSize } : {}),
            ...(expertsPerToken !== undefined ? { expertsPerToken } : {}),
            ...(flags.offline || io.env["PONDER_OFFLINE"] === "1" ? { offline: true } : {}),
            ...(io.env["PONDER_MODELS_DIR"] ? { modelsDir: io.env["PONDER_MODELS_DIR"] } : {}),
            onDownloadProgress: ({ downloadedBytes, totalBytes }) => {
                bar ??= new ProgressBar(io.err, `Downloading ${model}`, io.isTty);
                bar.update(downloadedBytes, totalBytes);
            },
            ...extra
        });
    } finally {
        bar?.finish();
    }
}
