// The flags Ponder starts llama-server with: the model and its alias, one slot per candidate, the context, threads,
// the GGUF's own chat template through jinja, reasoning split out as `reasoning_content`, and the expert offload.

import type { SpeculativeDecoding } from "../../model/speculativeDecoding.js";
import type { ExpertOffloadPlan } from "./expertOffload.js";

export interface LlamaServerArgsSettings {
    /** The GGUF file. */
    modelPath: string;
    /** The name `/v1/models` lists and requests use. */
    alias: string;
    /** Slots that decode at once: the candidates G of one call, each its own request with its own seed. */
    parallel: number;
    /** Tokens each candidate may use (prompt and reply). */
    contextSize: number;
    /** Decoding and prompt threads. */
    threads: number;
    /** Where the experts go; its flags are passed as they are. */
    offload: ExpertOffloadPlan;
    /** `<arch>.expert_used_count` override, when the user changes experts per token. */
    expertsPerToken?: { architecture: string; count: number };
    /** A LoRA adapter and its scale. */
    lora?: { path: string; scale: number };
    /** Speculative decoding: the model's MTP heads or a draft model (flags of the bundled llama.cpp's server). */
    speculative?: SpeculativeDecoding;
}

/**
 * Why each flag: `--kv-unified` with a context of G × contextSize lets every slot use a whole candidate's context
 * from one shared cache; seeds need nothing beyond the request's own `seed` (each slot has its own sampler, seeded
 * per request; the end-to-end test checks a seed repeats its reply in another slot); `--jinja` renders the file's
 * chat template; `--fit off` when a GPU is used, so llama.cpp does not move layers behind the plan's back;
 * `--metrics` (on loopback only) counts the prompt tokens the server evaluated, which shows a shared prompt.
 */
export function llamaServerArgs(settings: LlamaServerArgsSettings): string[] {
    const threads = String(settings.threads);
    const onGpu = settings.offload.kind !== "cpuOnly";
    return [
        "--model",
        settings.modelPath,
        "--alias",
        settings.alias,
        "--parallel",
        String(settings.parallel),
        "--kv-unified",
        "--ctx-size",
        String(settings.contextSize * settings.parallel),
        "--threads",
        threads,
        "--threads-batch",
        threads,
        "--jinja",
        "--reasoning-format",
        "deepseek",
        "--no-webui",
        "--metrics",
        ...(onGpu ? ["--n-gpu-layers", "all", "--fit", "off"] : ["--n-gpu-layers", "0"]),
        ...settings.offload.flags,
        ...(settings.expertsPerToken
            ? [
                  "--override-kv",
                  `${settings.expertsPerToken.architecture}.expert_used_count=int:${settings.expertsPerToken.count}`
              ]
            : []),
        ...(settings.lora ? ["--lora-scaled", `${settings.lora.path}:${settings.lora.scale}`] : []),
        ...speculativeArgs(settings.speculative)
    ];
}

/** The bundled llama.cpp renamed `--draft-max` to `--spec-draft-n-max` (the old flags now fail); these are the new ones. */
function speculativeArgs(speculative: SpeculativeDecoding | undefined): string[] {
    if (!speculative) return [];
    if (speculative.kind === "mtp")
        return ["--spec-type", "draft-mtp", "--spec-draft-n-max", String(speculative.draftMax)];
    return [
        "--spec-type",
        "draft-simple",
        "--spec-draft-model",
        speculative.draftModelPath,
        "--spec-draft-n-max",
        String(speculative.draftMax),
        "--spec-draft-n-min",
        String(speculative.draftMin)
    ];
}
