// The one declaration of Ponder's settings: name, type, default, range, description and command-line flag.
// package.json's `contributes.configuration` is generated from it (scripts/generateSettings.js, checked by a test), the
// language server's reader and the CLI's flags read their ranges and defaults here, and the engine's defaults are these.

/** One setting under `ponder.` in an editor, and its command-line flag when it has one. */
export interface SettingSpec {
    /**
     * "integer" and "string" may be null (unset) when `default` is null; "urls" is a list of http(s) URLs; "json" is
     * read by its own parser.
     */
    type: "integer" | "boolean" | "string" | "choice" | "urls" | "json";
    /** The value when unset; null: unset means "Ponder decides" (the description says how). */
    default: number | boolean | string | readonly string[] | null;
    /** For the editor's settings page. Markdown when `markdown` is true. */
    description: string;
    markdown?: boolean;
    minimum?: number;
    maximum?: number;
    /** The allowed values of a "choice". */
    choices?: readonly string[];
    /** The command-line flag that sets the same thing (`--candidates`), when there is one. */
    flag?: string;
    /** VS Code's scope, for settings that belong to the machine rather than the workspace. */
    scope?: "machine" | "machine-overridable";
    /** JSON schema types of a "json" setting, as package.json lists them. */
    jsonTypes?: readonly string[];
    /** False for a value the client passes (workspace trust, the secret-storage key): read by the server, not a setting. */
    userSetting?: false;
}

export const settingsSchema = {
    model: {
        type: "string",
        default: "",
        flag: "model",
        markdown: true,
        description: "A `.gguf` path, a catalog id or an `hf:` URI. Empty: the catalog model that fits this machine."
    },
    candidates: {
        type: "integer",
        default: 4,
        minimum: 1,
        maximum: 16,
        flag: "candidates",
        description: "Candidate patches sampled per round."
    },
    extraRounds: {
        type: "integer",
        default: 2,
        minimum: 0,
        maximum: 10,
        flag: "rounds",
        description: "Feedback rounds after the first when no candidate is verified."
    },
    thinkBudget: {
        type: "integer",
        default: null,
        minimum: 1,
        flag: "think-budget",
        description: "Thinking budget per candidate, in tokens. Empty: none."
    },
    expertsPerToken: {
        type: "integer",
        default: null,
        minimum: 1,
        maximum: 1024,
        flag: "experts-per-token",
        description: "Experts per token for a mixture-of-experts model."
    },
    allowUnsandboxed: {
        type: "boolean",
        default: false,
        scope: "machine",
        flag: "unsandboxed",
        description: "Run generated code without bubblewrap when it is missing."
    },
    trustedWorkspace: {
        type: "boolean",
        default: false,
        userSetting: false,
        flag: "trust-workspace",
        description: "The user trusts this workspace (VS Code's workspace trust, passed by the client)."
    },
    threads: {
        type: "integer",
        default: null,
        minimum: 1,
        maximum: 256,
        flag: "threads",
        description: "Decoding threads. Empty: one per core."
    },
    contextSize: {
        type: "integer",
        default: null,
        minimum: 64,
        maximum: 1 << 20,
        flag: "context-size",
        description: "Tokens per sequence. Empty: the model’s, at most 8192."
    },
    gpu: {
        type: "choice",
        choices: ["auto", "cpu", "cuda", "vulkan", "metal"],
        default: "auto",
        flag: "gpu",
        description: "Which backend runs the model."
    },
    backend: {
        type: "choice",
        choices: ["auto", "node-llama-cpp", "llama-server"],
        default: "auto",
        flag: "backend",
        markdown: true,
        description:
            "What runs a local model: `auto` (node-llama-cpp in the language server, or a llama-server Ponder " +
            "starts and stops itself for catalog models that need MoE expert offload, such as `r1-0528`), " +
            "`node-llama-cpp`, or `llama-server` (managed; built by `scripts/buildLlamaServer.sh`, or " +
            "`PONDER_LLAMA_SERVER`)."
    },
    offline: {
        type: "boolean",
        default: false,
        flag: "offline",
        description: "Never download a model."
    },
    endpoints: {
        type: "urls",
        default: [],
        scope: "machine-overridable",
        flag: "endpoint",
        markdown: true,
        description:
            "Served-model endpoints (OpenAI-compatible: vLLM, SGLang, llama.cpp's `llama-server`, " +
            "Ollama), e.g. " +
            "`http://127.0.0.1:8080`. Candidates are spread over them. Empty: the local model. `ponder.model` " +
            "then names the served model. Store the API key with **Ponder: Set API key for served models**."
    },
    apiKeyEnv: {
        type: "string",
        default: null,
        scope: "machine-overridable",
        flag: "api-key-env",
        description: "The environment variable holding the endpoints' API key, when it is not in secret storage."
    },
    apiKey: {
        type: "string",
        default: null,
        userSetting: false,
        description: "The endpoints' API key, from the client's secret storage; never logged."
    },
    testTimeoutSeconds: {
        type: "integer",
        default: null,
        minimum: 1,
        maximum: 3600,
        description:
            "Time limit of one test run in the sandbox, in seconds. Empty: 4 s per Python or " +
            "JavaScript test; for" +
            " Rust, 30 s (fix) or 60 s (tests) for the whole build and run."
    },
    parallelRuns: {
        type: "integer",
        default: null,
        minimum: 1,
        maximum: 64,
        description: "Sandbox runs at once. Empty: one per core."
    },
    memorySize: {
        type: "integer",
        default: 500,
        minimum: 0,
        maximum: 1_000_000,
        flag: "memory-size",
        description:
            "Verified fixes the workspace's solution memory keeps (a local file, never sent anywhere; " +
            "0 turns it " +
            "off). `ponder memory clear` empties it."
    },
    experts: {
        type: "json",
        jsonTypes: ["object", "array", "null"],
        default: null,
        flag: "experts",
        markdown: true,
        description:
            'Experts the router chooses from, as `{ "experts": [{ "name": "strong", "model": ' +
            '"/models/r1-7b.gguf", "strength": 2 }], "includeDefaults": false }` (fields: name, model or ' +
            "endpoints, apiKeyEnv, lora, sampling, candidates, thinkBudget, expertsPerToken, strength, " +
            "relativeCost, description). A job that ends unverified goes to the next stronger expert. Empty: one " +
            "expert of `ponder.model` (or `ponder.endpoints`) when set, else the default experts for this " +
            "machine, as on the command line."
    },
    expert: {
        type: "string",
        default: null,
        flag: "expert",
        description:
            "The expert every job starts with, by name. Empty: the router chooses from what it learnt in this " +
            "workspace."
    },
    keepDataset: {
        type: "boolean",
        default: false,
        flag: "keep-dataset",
        markdown: true,
        description:
            "Keep verified results you accept as training examples (prompt, thought, answer, rewards) in this " +
            "workspace's local dataset. `ponder dataset export` writes them as JSONL for fine-tuning."
    },
    record: {
        type: "string",
        default: null,
        scope: "machine-overridable",
        flag: "record",
        markdown: true,
        description:
            "Append every model call (prompt, seed, replies, timings) to this JSONL file; a relative " +
            "path starts " +
            "at the workspace folder. Empty: nothing is recorded."
    }
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof settingsSchema;

/** The defaults the engine and both front ends use when a value is not given. */
export const settingDefaults = {
    candidates: settingsSchema.candidates.default,
    extraRounds: settingsSchema.extraRounds.default,
    memorySize: settingsSchema.memorySize.default
} as const;

/** Defaults of request fields that are not user settings. */
export const requestDefaults = {
    /** Tokens the code context may take in a fix or tests prompt. */
    contextTokens: 3000,
    /** Runs of each decisive test on a repair's patched code, to find flaky tests. */
    reruns: 2,
    /** Wall-time budget of a repair's regression runs, in milliseconds. */
    regressionBudgetMs: 300_000
} as const;

/** The range of a whole-number setting; without a maximum, any safe integer. */
export function settingRange(name: SettingName): { minimum: number; maximum: number } {
    const spec: SettingSpec = settingsSchema[name];
    return { minimum: spec.minimum ?? 0, maximum: spec.maximum ?? Number.MAX_SAFE_INTEGER };
}
