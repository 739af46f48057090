// An expert is a profile of how to answer a job: which model (a local file, a catalog id or remote endpoints),
// an optional LoRA adapter, sampling, candidates G, thinking budget and experts per token. Users define experts
// in a JSON settings shape that the CLI reads from a file and the editor passes through workspace settings.

import { basename, isAbsolute, resolve } from "node:path";
import { InvalidExpertSettingsError } from "../errors.js";
import type { SamplingSettings } from "../runtime/ModelRuntime.js";

export interface ExpertProfile {
    /** Unique name, shown to the user and used as the router's key ("fast", "strong", "my-lora"). */
    name: string;
    /** A .gguf path, an `hf:` URI or a catalog id; with `endpoints`, the served model's name (optional). */
    model?: string;
    /** OpenAI-compatible endpoints serving the model; when given, the expert runs remotely. */
    endpoints?: string[];
    /** Environment variable holding the endpoints' API key. */
    apiKeyEnv?: string;
    /** A LoRA adapter on the local model. */
    lora?: { path: string; scale?: number };
    /** Sampling settings for every call of this expert (DeepSeek's recommendations by default). */
    sampling?: SamplingSettings;
    /** Candidates per round (G). Default: the job's own. */
    candidates?: number;
    /** Thinking budget per candidate, in tokens. Default: the job's own. */
    thinkBudget?: number;
    /** Experts used per token, for a mixture-of-experts model. */
    expertsPerToken?: number;
    /** Rank for escalation: a job that ends unverified goes to the next expert with a higher strength. */
    strength: number;
    /** Relative cost of one job before the router has measured any (the fast default is about 1). Default: `strength`. */
    relativeCost?: number;
    /** One line about the expert, for the user. */
    description?: string;
}

/** The name of the one expert a bare model gives (`--model`, `ponder.model`): its file name without `.gguf`. */
export function expertNameOfModel(model: string): string {
    return (
        basename(model)
            .replace(/\.gguf$/i, "")
            .replace(/[^\w.-]/g, "_") || "model"
    );
}

export interface ExpertSettings {
    experts: ExpertProfile[];
    /** Keep the default experts next to these (a user expert with a default's name replaces it). Default true. */
    includeDefaults: boolean;
}

/**
 * Reads expert settings: `{ "experts": [...], "includeDefaults": false }` or a bare array of experts. Relative
 * model and adapter paths are resolved against `baseDir` (the settings file's folder). Throws
 * `InvalidExpertSettingsError` naming the field that is wrong.
 */
export function parseExpertSettings(value: unknown, source: string, baseDir: string): ExpertSettings {
    const fail = (reason: string): never => {
        throw new InvalidExpertSettingsError(source, reason);
    };
    const object = Array.isArray(value) ? { experts: value } : value;
    if (typeof object !== "object" || object === null)
        return fail('expected an object with an "experts" array, or an array');
    const { experts, includeDefaults, ...rest } = object as Record<string, unknown>;
    const unknownKeys = Object.keys(rest);
    if (unknownKeys.length > 0) fail(`unknown field "${unknownKeys[0]}" (known: experts, includeDefaults)`);
    if (!Array.isArray(experts)) return fail('"experts" must be an array');
    if (includeDefaults !== undefined && typeof includeDefaults !== "boolean")
        fail('"includeDefaults" must be true or false');
    const profiles = experts.map((entry, i) => parseProfile(entry, `experts[${i}]`, baseDir, fail));
    const names = new Set<string>();
    for (const profile of profiles) {
        if (names.has(profile.name)) fail(`two experts are named "${profile.name}"`);
        names.add(profile.name);
    }
    return { experts: profiles, includeDefaults: (includeDefaults as boolean | undefined) ?? true };
}

const profileKeys = new Set([
    "name",
    "model",
    "endpoints",
    "apiKeyEnv",
    "lora",
    "sampling",
    "candidates",
    "thinkBudget",
    "expertsPerToken",
    "strength",
    "relativeCost",
    "description"
]);

function parseProfile(entry: unknown, at: string, baseDir: string, fail: (reason: string) => never): ExpertProfile {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) fail(`${at} must be an object`);
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e))
        if (!profileKeys.has(key)) fail(`${at} has an unknown field "${key}" (known: ${[...profileKeys].join(", ")})`);
    const string = (key: string, optional = true) => {
        const v = e[key];
        if (v === undefined && optional) return undefined;
        if (typeof v !== "string" || v.trim() === "") fail(`${at}.${key} must be a non-empty string`);
        return v as string;
    };
    const number = (key: string, min: number, max: number, whole: boolean) => {
        const v = e[key];
        if (v === undefined) return undefined;
        if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (whole && !Number.isInteger(v)))
            fail(`${at}.${key} must be a ${whole ? "whole " : ""}number from ${min} to ${max}`);
        return v as number;
    };
    const name = string("name", false)!;
    if (!/^[\w.-]+$/.test(name)) fail(`${at}.name "${name}" may hold only letters, digits, ".", "_" and "-"`);
    const model = string("model");
    const endpoints = e["endpoints"];
    if (
        endpoints !== undefined &&
        (!Array.isArray(endpoints) ||
            endpoints.length === 0 ||
            !endpoints.every((u) => typeof u === "string" && /^https?:\/\//.test(u)))
    )
        fail(`${at}.endpoints must be a non-empty array of http(s) URLs`);
    if (model === undefined && endpoints === undefined)
        fail(`${at} needs a "model" (a .gguf path, catalog id or hf: URI) or "endpoints"`);
    const lora = e["lora"];
    let loraProfile: ExpertProfile["lora"];
    if (lora !== undefined) {
        if (typeof lora !== "object" || lora === null || typeof (lora as { path?: unknown }).path !== "string")
            fail(`${at}.lora must be an object with a "path"`);
        const { path, scale } = lora as { path: string; scale?: unknown };
        if (scale !== undefined && (typeof scale !== "number" || !Number.isFinite(scale)))
            fail(`${at}.lora.scale must be a number`);
        if (endpoints !== undefined) fail(`${at}: a LoRA adapter applies only to a local model, not to endpoints`);
        loraProfile = { path: resolve(baseDir, path), ...(scale !== undefined ? { scale: scale as number } : {}) };
    }
    const sampling = e["sampling"];
    let samplingProfile: SamplingSettings | undefined;
    if (sampling !== undefined) {
        if (typeof sampling !== "object" || sampling === null) fail(`${at}.sampling must be an object`);
        samplingProfile = {};
        for (const [key, v] of Object.entries(sampling as Record<string, unknown>)) {
            if (!["temperature", "topP", "topK", "minP"].includes(key))
                fail(`${at}.sampling has an unknown field "${key}" (known: temperature, topP, topK, minP)`);
            if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
                fail(`${at}.sampling.${key} must be a number of at least 0`);
            (samplingProfile as Record<string, number>)[key] = v as number;
        }
    }
    const strength = number("strength", 0, 1000, false) ?? 1;
    const candidates = number("candidates", 1, 16, true);
    const thinkBudget = number("thinkBudget", 1, 1 << 20, true);
    const expertsPerToken = number("expertsPerToken", 1, 1024, true);
    const relativeCost = number("relativeCost", 0.001, 1e6, false);
    const apiKeyEnv = string("apiKeyEnv");
    const description = string("description");
    const isPath =
        model !== undefined &&
        endpoints === undefined &&
        (model.endsWith(".gguf") || model.startsWith(".") || isAbsolute(model));
    return {
        name,
        ...(model !== undefined ? { model: isPath ? resolve(baseDir, model) : model } : {}),
        ...(endpoints !== undefined ? { endpoints: endpoints as string[] } : {}),
        ...(apiKeyEnv !== undefined ? { apiKeyEnv } : {}),
        ...(loraProfile ? { lora: loraProfile } : {}),
        ...(samplingProfile ? { sampling: samplingProfile } : {}),
        ...(candidates !== undefined ? { candidates } : {}),
        ...(thinkBudget !== undefined ? { thinkBudget } : {}),
        ...(expertsPerToken !== undefined ? { expertsPerToken } : {}),
        strength,
        ...(relativeCost !== undefined ? { relativeCost } : {}),
        ...(description !== undefined ? { description } : {})
    };
}

/** The experts in escalation order: weakest first, ties by name. */
export function byStrength(experts: readonly ExpertProfile[]): ExpertProfile[] {
    return [...experts].sort((a, b) => a.strength - b.strength || a.name.localeCompare(b.name));
}

/** The expert a job goes to when `current` ends unverified: the weakest of those stronger than it. */
export function nextStronger(
    experts: readonly ExpertProfile[],
    current: ExpertProfile,
    tried: ReadonlySet<string>
): ExpertProfile | undefined {
    return byStrength(experts).find((e) => e.strength > current.strength && !tried.has(e.name));
}

/** Merges user experts over the defaults: a user expert with a default's name replaces it. */
export function mergeExperts(
    defaults: readonly ExpertProfile[],
    settings: ExpertSettings | undefined
): ExpertProfile[] {
    if (!settings) return [...defaults];
    const user = new Map(settings.experts.map((e) => [e.name, e]));
    const kept = settings.includeDefaults ? defaults.filter((e) => !user.has(e.name)) : [];
    return [...kept, ...settings.experts];
}
