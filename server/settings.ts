// The `ponder` settings a job runs with, read from `workspace/configuration` (or the initialization options
// of a client without it) and checked here, so a bad value becomes one clear message naming the setting.

import { InvalidRequestError, type GpuPreference } from "../engine/index.js";
import type { PonderSettings } from "../protocol/index.js";

/** Settings with their defaults filled in. */
export interface JobSettings {
    model: string | undefined;
    candidates: number;
    extraRounds: number;
    thinkBudget: number | undefined;
    expertsPerToken: number | undefined;
    allowUnsandboxed: boolean;
    trustedWorkspace: boolean;
    threads: number | undefined;
    contextSize: number | undefined;
    gpu: PonderSettings["gpu"];
    backend: PonderSettings["backend"];
    offline: boolean;
    /** Time limit of one test run in the sandbox, in ms. */
    testTimeoutMs: number | undefined;
    /** Sandbox runs at once. */
    parallelRuns: number | undefined;
    /** Served-model endpoints (OpenAI-compatible); empty: the local runtime. */
    endpoints: string[];
    /** The environment variable holding the endpoints' API key. */
    apiKeyEnv: string | undefined;
    /** The API key itself, passed by a client from its secret storage; never logged. */
    apiKey: string | undefined;
    /** Verified fixes the workspace's solution memory keeps; 0 turns the memory off. */
    memorySize: number;
    /** The `ponder.experts` value as given; read against the workspace folder when a job starts (see expertJob.ts). */
    experts: unknown;
    /** The expert every job starts with; undefined: the router chooses. */
    expert: string | undefined;
    /** Keep accepted verified results as training examples. */
    keepDataset: boolean;
    /** A LoRA adapter on the local model: never a user setting, set for an expert that has one. */
    lora?: { path: string; scale?: number };
}

export function readSettings(raw: unknown): JobSettings {
    const settings = (raw !== null && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    return {
        model: optionalString(settings, "model"),
        candidates: wholeNumber(settings, "candidates", 1, 16) ?? 4,
        extraRounds: wholeNumber(settings, "extraRounds", 0, 10) ?? 2,
        thinkBudget: wholeNumber(settings, "thinkBudget", 1),
        expertsPerToken: wholeNumber(settings, "expertsPerToken", 1, 1024),
        allowUnsandboxed: flag(settings, "allowUnsandboxed"),
        trustedWorkspace: flag(settings, "trustedWorkspace"),
        threads: wholeNumber(settings, "threads", 1, 256),
        contextSize: wholeNumber(settings, "contextSize", 64, 1 << 20),
        gpu: choice(settings, "gpu", ["auto", "cpu", "cuda", "vulkan", "metal"] as const),
        backend: choice(settings, "backend", ["auto", "node-llama-cpp", "llama-server"] as const),
        offline: flag(settings, "offline"),
        testTimeoutMs: seconds(settings, "testTimeoutSeconds"),
        parallelRuns: wholeNumber(settings, "parallelRuns", 1, 64),
        endpoints: urlList(settings, "endpoints"),
        apiKeyEnv: optionalString(settings, "apiKeyEnv"),
        apiKey: optionalString(settings, "apiKey"),
        memorySize: wholeNumber(settings, "memorySize", 0, 1_000_000) ?? 500,
        experts: settings["experts"] ?? undefined,
        expert: optionalString(settings, "expert"),
        keepDataset: flag(settings, "keepDataset")
    };
}

/** The engine's GPU preference for the `ponder.gpu` setting ("auto" when unset, false for "cpu"). */
export function gpuPreferenceOf(settings: JobSettings): GpuPreference {
    return settings.gpu === undefined || settings.gpu === "auto" ? "auto" : settings.gpu === "cpu" ? false : settings.gpu;
}

export function wholeNumber(settings: Record<string, unknown>, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = settings[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
        throw new InvalidRequestError(`The setting ponder.${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}; got ${JSON.stringify(value)}.`);
    return value;
}

function optionalString(settings: Record<string, unknown>, name: string): string | undefined {
    const value = settings[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") throw new InvalidRequestError(`The setting ponder.${name} must be a string; got ${JSON.stringify(value)}.`);
    return value;
}

function flag(settings: Record<string, unknown>, name: string): boolean {
    const value = settings[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean") throw new InvalidRequestError(`The setting ponder.${name} must be true or false; got ${JSON.stringify(value)}.`);
    return value;
}

function choice<T extends string>(settings: Record<string, unknown>, name: string, choices: readonly T[]): T | undefined {
    const value = settings[name];
    if (value === undefined || value === null) return undefined;
    if (!choices.includes(value as T)) throw new InvalidRequestError(`The setting ponder.${name} must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}.`);
    return value as T;
}

function seconds(settings: Record<string, unknown>, name: string): number | undefined {
    const value = wholeNumber(settings, name, 1, 3600);
    return value === undefined ? undefined : value * 1000;
}

function urlList(settings: Record<string, unknown>, name: string): string[] {
    const value = settings[name];
    if (value === undefined || value === null) return [];
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string" && /^https?:\/\/\S+$/.test(item)))
        throw new InvalidRequestError(`The setting ponder.${name} must be a list of http(s) URLs such as "http://127.0.0.1:8080"; got ${JSON.stringify(value)}.`);
    return list as string[];
}
