// The model flags every model-using command shares (--model, --gpu, --threads, --context-size, --offline,
// --experts-per-token, --backend), their ranges from the settings schema, and the machine settings they make for the
// engine's one path from an expert to a runtime (`runtimeSettingsFromFlags`, `loadRuntimeFromFlags`).

import { resolve } from "node:path";
import {
    chooseDefaultModel,
    configuredModel,
    expertRuntimeFactory,
    expertsFor,
    InvalidRequestError,
    modelBackends,
    readMachine,
    settingRange,
    settingsSchema,
    type ExpertRuntimeSettings,
    type GpuPreference,
    type ModelBackend,
    type ModelRuntime,
    type SettingName
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

/** The model to use: the flag, else $PONDER_MODEL (`configuredModel`), else the best catalog model that fits this machine's backend. */
export async function chosenModel(flag: string | undefined, io: CliIo, gpu: GpuPreference = "auto"): Promise<string> {
    return configuredModel(flag, io.env) ?? chooseDefaultModel(await readMachine({ gpu })).model.id;
}

export function parseWholeNumber(
    name: string,
    value: string | undefined,
    min: number,
    max: number = Number.MAX_SAFE_INTEGER
): number | undefined {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isInteger(number) || number < min || number > max)
        throw new InvalidRequestError(
            `--${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}; got "${value}".`
        );
    return number;
}

/** Settings whose flag takes a whole number. */
type WholeNumberSetting = {
    [N in SettingName]: (typeof settingsSchema)[N] extends { type: "integer"; flag: string } ? N : never;
}[SettingName];

/** A setting's whole-number flag (`--candidates`, `--rounds`…), checked against the setting's range in the settings schema. */
export function parseSettingFlag(name: WholeNumberSetting, value: string | undefined): number | undefined {
    const { minimum, maximum } = settingRange(name);
    return parseWholeNumber(settingsSchema[name].flag, value, minimum, maximum);
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

/** The machine settings every expert's model is opened with, from the flags and the environment (the server makes the same from its settings). */
export function runtimeSettingsFromFlags(
    flags: ModelFlags & { record?: string | undefined },
    io: CliIo,
    expectedCandidates?: number
): ExpertRuntimeSettings {
    const threads = parseSettingFlag("threads", flags.threads);
    const contextSize = parseSettingFlag("contextSize", flags["context-size"]);
    return {
        cwd: io.cwd,
        gpu: parseGpu(flags.gpu),
        env: io.env,
        backend: parseBackend(flags.backend),
        ...(threads !== undefined ? { threads } : {}),
        ...(contextSize !== undefined ? { contextSize } : {}),
        ...(expectedCandidates !== undefined ? { expectedCandidates } : {}),
        ...(flags.offline ? { offline: true } : {}),
        ...(flags.record ? { recordTo: resolve(io.cwd, flags.record) } : {})
    };
}

/**
 * One model from the flags, opened by the experts' one path (`planExpertRuntime`): the served model of --endpoint,
 * else --model, else $PONDER_MODEL, else the best catalog model for this machine; with a download bar.
 */
export async function loadRuntimeFromFlags(
    flags: ModelFlags & { record?: string | undefined },
    io: CliIo,
    expectedCandidates?: number
): Promise<ModelRuntime> {
    const served = flags.endpoint !== undefined && flags.endpoint.length > 0;
    const expertsPerToken = parseSettingFlag("expertsPerToken", flags["experts-per-token"]);
    const model = served ? flags.model : await chosenModel(flags.model, io, parseGpu(flags.gpu));
    const [expert] = await expertsFor(
        {
            ...(served ? { endpoints: flags.endpoint } : {}),
            ...(model ? { model } : {}),
            ...(flags["api-key-env"] ? { apiKeyEnv: flags["api-key-env"] } : {}),
            ...(expertsPerToken !== undefined ? { expertsPerToken } : {})
        },
        () => readMachine({ gpu: parseGpu(flags.gpu) })
    );
    let bar: ProgressBar | undefined;
    try {
        return await expertRuntimeFactory({
            ...runtimeSettingsFromFlags(flags, io, expectedCandidates),
            onDownloadProgress: ({ downloadedBytes, totalBytes }) => {
                bar ??= new ProgressBar(io.err, `Downloading ${expert!.model}`, io.isTty);
                bar.update(downloadedBytes, totalBytes);
            }
        })(expert!);
    } finally {
        bar?.finish();
    }
}
