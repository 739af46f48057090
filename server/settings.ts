// The `ponder` settings a job runs with, read from `workspace/configuration` (or the initialization options
// of a client without it) and checked here against the settings schema (engine/settings/settingsSchema.ts: ranges,
// choices, defaults), so a bad value becomes one clear message naming the setting.

import {
    InvalidRequestError,
    settingDefaults,
    settingRange,
    settingsSchema,
    type GpuPreference,
    type SettingName
} from "../engine/index.js";
import { resolve } from "node:path";
import type { PonderSettings } from "../protocol/index.js";
import type { HostedRuntimeSettings } from "./ModelHost.js";

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
    /** The JSONL file every model call is appended to (`ponder.record`, relative to the workspace folder); undefined: none. */
    record: string | undefined;
}

export function readSettings(raw: unknown): JobSettings {
    const settings = (raw !== null && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const integer = (name: IntegerSetting) =>
        wholeNumber(settings, name, settingRange(name).minimum, settingRange(name).maximum);
    return {
        model: optionalString(settings, "model"),
        candidates: integer("candidates") ?? settingDefaults.candidates,
        extraRounds: integer("extraRounds") ?? settingDefaults.extraRounds,
        thinkBudget: integer("thinkBudget"),
        expertsPerToken: integer("expertsPerToken"),
        allowUnsandboxed: flag(settings, "allowUnsandboxed"),
        trustedWorkspace: flag(settings, "trustedWorkspace"),
        threads: integer("threads"),
        contextSize: integer("contextSize"),
        gpu: choice(settings, "gpu", settingsSchema.gpu.choices),
        backend: choice(settings, "backend", settingsSchema.backend.choices),
        offline: flag(settings, "offline"),
        testTimeoutMs: secondsAsMs(integer("testTimeoutSeconds")),
        parallelRuns: integer("parallelRuns"),
        endpoints: urlList(settings, "endpoints"),
        apiKeyEnv: optionalString(settings, "apiKeyEnv"),
        apiKey: optionalString(settings, "apiKey"),
        memorySize: integer("memorySize") ?? settingDefaults.memorySize,
        experts: settings["experts"] ?? undefined,
        expert: optionalString(settings, "expert"),
        keepDataset: flag(settings, "keepDataset"),
        record: optionalString(settings, "record")
    };
}

/** Settings read as whole numbers: their range is the schema's. */
type IntegerSetting = {
    [N in SettingName]: (typeof settingsSchema)[N]["type"] extends "integer" ? N : never;
}[SettingName];

/**
 * The machine settings an expert's model opens with (the engine's `planExpertRuntime`), as the CLI makes them from its
 * flags (`runtimeSettingsFromFlags`); `ponder.record` is relative to the workspace folder `root`.
 */
export function runtimeSettingsOf(settings: JobSettings, root: string): HostedRuntimeSettings {
    return {
        gpu: gpuPreferenceOf(settings),
        backend: settings.backend ?? "auto",
        ...(settings.threads !== undefined ? { threads: settings.threads } : {}),
        ...(settings.contextSize !== undefined ? { contextSize: settings.contextSize } : {}),
        expectedCandidates: settings.candidates,
        ...(settings.offline ? { offline: true } : {}),
        ...(settings.record !== undefined ? { recordTo: resolve(root, settings.record) } : {}),
        ...(settings.apiKey !== undefined ? { apiKey: settings.apiKey } : {})
    };
}

/** The engine's GPU preference for the `ponder.gpu` setting ("auto" when unset, false for "cpu"). */
export function gpuPreferenceOf(settings: JobSettings): GpuPreference {
    return settings.gpu === undefined || settings.gpu === "auto"
        ? "auto"
        : settings.gpu === "cpu"
          ? false
          : settings.gpu;
}

export function wholeNumber(
    settings: Record<string, unknown>,
    name: string,
    min: number,
    max: number = Number.MAX_SAFE_INTEGER
): number | undefined {
    const value = settings[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
        throw new InvalidRequestError(
            `The setting ponder.${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}; got ${JSON.stringify(value)}.`
        );
    return value;
}

function optionalString(settings: Record<string, unknown>, name: string): string | undefined {
    const value = settings[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string")
        throw new InvalidRequestError(`The setting ponder.${name} must be a string; got ${JSON.stringify(value)}.`);
    return value;
}

function flag(settings: Record<string, unknown>, name: SettingName): boolean {
    const value = settings[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== "boolean")
        throw new InvalidRequestError(
            `The setting ponder.${name} must be true or false; got ${JSON.stringify(value)}.`
        );
    return value;
}

function choice<T extends string>(
    settings: Record<string, unknown>,
    name: string,
    choices: readonly T[]
): T | undefined {
    const value = settings[name];
    if (value === undefined || value === null) return undefined;
    if (!choices.includes(value as T))
        throw new InvalidRequestError(
            `The setting ponder.${name} must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}.`
        );
    return value as T;
}

function secondsAsMs(value: number | undefined): number | undefined {
    return value === undefined ? undefined : value * 1000;
}

function urlList(settings: Record<string, unknown>, name: string): string[] {
    const value = settings[name];
    if (value === undefined || value === null) return [];
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string" && /^https?:\/\/\S+$/.test(item)))
        throw new InvalidRequestError(
            `The setting ponder.${name} must be a list of http(s) URLs such as "http://127.0.0.1:8080"; got ${JSON.stringify(value)}.`
        );
    return list as string[];
}
