// The models Ponder knows by name: the DeepSeek-R1 distills, R1-0528 and its 8B distill, the Qwen3 thinking
// models, QwQ, gpt-oss and the 2026 open models (Qwen3.5/3.6, Gemma 4, Devstral Small 2, GLM-4.7-Flash, Magistral
// Small 1.2, Nemotron 3 Nano), with where to download them, their sizes, how they think, the architecture facts the
// KV-cache estimate needs and the sampling settings their authors recommend. Data only; machineFit.ts decides.

export interface RecommendedSettings {
    temperature: number;
    topP: number;
    /** Top-k recommended by the model's authors, when they give one. */
    topK?: number;
    /** Min-p recommended by the model's authors, when they give one. */
    minP?: number;
    /** The January R1 distills sometimes skip thinking; their reply is forced to open with `<think>\n`. */
    forceThinkOpen: boolean;
    /** Ponder sends no system prompt to any catalog model (R1 distills want none; harmony builds its own). */
    systemPrompt: "";
    /** gpt-oss only: how long its analysis channel runs (`Reasoning: low | medium | high` in its system message). */
    reasoningEffort?: "low" | "medium" | "high";
}

/**
 * The attention facts (from each model's published config.json) that size its KV cache. A hybrid model counts only
 * its full-attention layers in `layers`: its sliding-window layers hold a window of tokens and its recurrent or
 * linear-attention layers (Gated DeltaNet, Mamba-2) a fixed state, neither growing with the context.
 */
export interface KvCacheShape {
    /** Layers whose keys and values grow with the context (every layer of a plain transformer). */
    layers: number;
    kvHeads: number;
    headDim: number;
    /** Sliding-window attention layers: each caches at most `window` tokens per sequence. */
    slidingWindow?: { layers: number; window: number; kvHeads: number; headDim: number };
    /** Recurrent or linear-attention layers: their whole fixed state per sequence, in bytes (f32, as llama.cpp keeps it). */
    recurrentStateBytes?: number;
    /**
     * Multi-head latent attention (DeepSeek V3/R1): llama.cpp caches one compressed latent of this width per token
     * and layer (kv_lora_rank 512 + rope dim 64) instead of separate keys and values.
     */
    latentWidth?: number;
}

export interface CatalogModel {
    /** Short id used on the command line and in settings, e.g. "r1-qwen-7b". */
    id: string;
    name: string;
    /** node-llama-cpp model URI (`hf:owner/repo:QUANT` or `hf:owner/repo/file.gguf`). */
    uri: string;
    /** File name the download is stored under; for a split GGUF the first part (`…-00001-of-0000N.gguf`). */
    fileName: string;
    quantization: string;
    /** Size of the GGUF file (all parts) in bytes, from the hub listing; approximate. */
    sizeBytes: number;
    parameters: number;
    /** Parameters used per token: equal to `parameters` for a dense model. */
    activeParameters: number;
    /** Longest context the model supports (with the RoPE scaling its authors document). */
    contextLength: number;
    /** Base model family, which decides the chat template. */
    family:
        | "qwen2"
        | "llama"
        | "qwen3"
        | "qwen3moe"
        | "gpt-oss"
        | "deepseek2"
        | "qwen35"
        | "qwen35moe"
        | "gemma4"
        | "mistral3"
        | "nemotron_h_moe";
    experts?: { count: number; usedPerToken: number };
    /** Bytes of routed-expert tensors in the file: what expert offload keeps in RAM. Estimated where noted. */
    expertBytes?: number;
    license: string;
    /**
     * LiveCodeBench pass@1 reported by the model's authors; used to rank models that fit. Absent when the authors
     * published none: such a model ranks below every scored one. The windows differ by source (see each entry).
     */
    liveCodeBench?: number;
    kvCache: KvCacheShape;
    /**
     * "llama-server" for models that need MoE expert offload (expert tensors in RAM, the rest on the GPU), which
     * node-llama-cpp 3.21.1 cannot do; absent means node-llama-cpp runs it.
     */
    backend?: "llama-server";
    /**
     * The model was trained with multi-token prediction heads that llama-server can draft with (`--spec-type
     * draft-mtp`), when the GGUF keeps them. speculativeDecoding.ts decides whether to use them.
     */
    multiTokenPrediction?: boolean;
    /**
     * A smaller catalog model of the same tokenizer that llama-server can draft with (`--spec-type draft-simple`),
     * once it is downloaded too. llama-server itself refuses a draft whose vocabulary differs, and Ponder then decodes
     * without it. The acceptance rate of each pairing is unmeasured (no machine here can run them).
     */
    draftModel?: string;
    settings: RecommendedSettings;
}

const GB = 1_000_000_000;
const r1Settings: RecommendedSettings = { temperature: 0.6, topP: 0.95, forceThinkOpen: true, systemPrompt: "" };
// DeepSeek's R1-0528 card: the 0528 models no longer need `<think>\n` forced at the start of the reply.
const r1_0528Settings: RecommendedSettings = { temperature: 0.6, topP: 0.95, forceThinkOpen: false, systemPrompt: "" };
// Qwen3 and Qwen3 2507 Thinking cards: thinking mode wants 0.6 / 0.95 / top-k 20 / min-p 0, never greedy decoding.
const qwenThinkingSettings: RecommendedSettings = {
    temperature: 0.6,
    topP: 0.95,
    topK: 20,
    minP: 0,
    forceThinkOpen: false,
    systemPrompt: ""
};
// Gemma 4: Google's 1.0 / 0.95 / top-k 64 as quantizers' guides repeat them (unverified).
const gemma4Settings: RecommendedSettings = {
    temperature: 1.0,
    topP: 0.95,
    topK: 64,
    forceThinkOpen: false,
    systemPrompt: ""
};

// Architecture facts from the published config.json of each base model.
const qwen25_1_5b: KvCacheShape = { layers: 28, kvHeads: 2, headDim: 128 };
const qwen25Math7b: KvCacheShape = { layers: 28, kvHeads: 4, headDim: 128 };
const llama31_8b: KvCacheShape = { layers: 32, kvHeads: 8, headDim: 128 };
const qwen25_14b: KvCacheShape = { layers: 48, kvHeads: 8, headDim: 128 };
const qwen25_32b: KvCacheShape = { layers: 64, kvHeads: 8, headDim: 128 };
const llama33_70b: KvCacheShape = { layers: 80, kvHeads: 8, headDim: 128 };
const qwen3_4b: KvCacheShape = { layers: 36, kvHeads: 8, headDim: 128 };
const qwen3_8b: KvCacheShape = { layers: 36, kvHeads: 8, headDim: 128 };
const qwen3_14b: KvCacheShape = { layers: 40, kvHeads: 8, headDim: 128 };
const qwen3_32b: KvCacheShape = { layers: 64, kvHeads: 8, headDim: 128 };
const qwen3_30bA3b: KvCacheShape = { layers: 48, kvHeads: 4, headDim: 128 };
// Hybrid models: only the full-attention layers grow with the context. A Gated DeltaNet layer's state is one
// 128 × 128 f32 matrix per value head plus a 4-wide convolution over its q, k and v channels (f32).
const deltaNetState = (layers: number, valueHeads: number, keyHeads: number) =>
    layers * (valueHeads * 128 * 128 * 4 + 3 * (2 * keyHeads * 128 + valueHeads * 128) * 4);
const qwen35_35bA3b: KvCacheShape = {
    layers: 10,
    kvHeads: 2,
    headDim: 256,
    recurrentStateBytes: deltaNetState(30, 32, 16)
};
const qwen35_27b: KvCacheShape = {
    layers: 16,
    kvHeads: 4,
    headDim: 256,
    recurrentStateBytes: deltaNetState(48, 48, 16)
};
// Gemma 4: sliding-window layers (window 1024) and a few global ones; the head counts are unverified (see entries).
const gemma4_26bA4b: KvCacheShape = {
    layers: 5,
    kvHeads: 2,
    headDim: 512,
    slidingWindow: { layers: 25, window: 1024, kvHeads: 8, headDim: 256 }
};
const gemma4_31b: KvCacheShape = {
    layers: 10,
    kvHeads: 4,
    headDim: 512,
    slidingWindow: { layers: 50, window: 1024, kvHeads: 16, headDim: 256 }
};
const mistralSmall24b: KvCacheShape = { layers: 40, kvHeads: 8, headDim: 128 };

// LiveCodeBench sources, one per window (scores from different windows are not strictly comparable):
// - R1 paper (arXiv 2501.12948), table 5, LiveCodeBench 2024-08..2025-01: the January distills.
// - DeepSeek-R1-0528 model card, LiveCodeBench 2024-08..2025-05: R1-0528 73.3, R1-0528-Qwen3-8B 60.5.
// - Qwen3 Technical Report (arXiv 2505.09388), thinking mode, LiveCodeBench v5 2024-10..2025-02. The dense figures
//   (4B 54.2, 8B 57.5, 14B 63.5, 32B 65.7) are as we recall the report's tables; the search tool found the report
//   but not its tables, so they are unchecked here. 30B-A3B's 62.6 was in the catalog before.
// - Qwen3 2507 Thinking model cards, LiveCodeBench v6 2025-02..2025-05: 30B-A3B 66.0 (checked), 4B 55.2 (unchecked).
// - QwQ-32B release blog: 63.4 (unchecked here).
// - gpt-oss: OpenAI's model card reports Codeforces and SWE-bench, no LiveCodeBench, so the entry has no score.
export const modelCatalog: readonly CatalogModel[] = [
    {
        id: "r1-qwen-1.5b",
        name: "DeepSeek-R1-Distill-Qwen-1.5B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 1.12 * GB,
        parameters: 1.78e9,
        activeParameters: 1.78e9,
        contextLength: 131072,
        family: "qwen2",
        license: "MIT (base Qwen2.5: Apache-2.0)",
        liveCodeBench: 16.9,
        kvCache: qwen25_1_5b,
        settings: r1Settings
    },
    {
        id: "r1-qwen-7b",
        name: "DeepSeek-R1-Distill-Qwen-7B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 4.68 * GB,
        parameters: 7.62e9,
        activeParameters: 7.62e9,
        contextLength: 131072,
        family: "qwen2",
        license: "MIT (base Qwen2.5: Apache-2.0)",
        liveCodeBench: 37.6,
        kvCache: qwen25Math7b,
        settings: r1Settings
    },
    {
        id: "r1-llama-8b",
        name: "DeepSeek-R1-Distill-Llama-8B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Llama-8B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Llama-8B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 4.92 * GB,
        parameters: 8.03e9,
        activeParameters: 8.03e9,
        contextLength: 131072,
        family: "llama",
        license: "MIT (base: Llama 3.1 Community License)",
        liveCodeBench: 39.6,
        kvCache: llama31_8b,
        settings: r1Settings
    },
    {
        id: "r1-qwen-14b",
        name: "DeepSeek-R1-Distill-Qwen-14B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Qwen-14B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Qwen-14B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 8.99 * GB,
        parameters: 14.8e9,
        activeParameters: 14.8e9,
        contextLength: 131072,
        family: "qwen2",
        license: "MIT (base Qwen2.5: Apache-2.0)",
        liveCodeBench: 53.1,
        kvCache: qwen25_14b,
        // Draft: the 1.5B distill shares the Qwen2.5 tokenizer and R1's template (same GGUF vocabulary unverified).
        draftModel: "r1-qwen-1.5b",
        settings: r1Settings
    },
    {
        id: "r1-qwen-32b",
        name: "DeepSeek-R1-Distill-Qwen-32B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Qwen-32B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Qwen-32B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 19.9 * GB,
        parameters: 32.8e9,
        activeParameters: 32.8e9,
        contextLength: 131072,
        family: "qwen2",
        license: "MIT (base Qwen2.5: Apache-2.0)",
        liveCodeBench: 57.2,
        kvCache: qwen25_32b,
        // Draft: the 1.5B distill shares the Qwen2.5 tokenizer and R1's template (same GGUF vocabulary unverified).
        draftModel: "r1-qwen-1.5b",
        settings: r1Settings
    },
    {
        id: "r1-llama-70b",
        name: "DeepSeek-R1-Distill-Llama-70B",
        uri: "hf:bartowski/DeepSeek-R1-Distill-Llama-70B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-Distill-Llama-70B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 42.5 * GB,
        parameters: 70.6e9,
        activeParameters: 70.6e9,
        contextLength: 131072,
        family: "llama",
        license: "MIT (base: Llama 3.3 Community License)",
        liveCodeBench: 57.5,
        kvCache: llama33_70b,
        settings: r1Settings
    },
    {
        // Size: the usual Q4_K_M of a Qwen3-8B (about 5.03 GB); not checked against the hub listing here.
        // Context: config.json's 131072 (YaRN over 32768); DeepSeek generated with up to 64K tokens.
        id: "r1-0528-qwen3-8b",
        name: "DeepSeek-R1-0528-Qwen3-8B",
        uri: "hf:unsloth/DeepSeek-R1-0528-Qwen3-8B-GGUF:Q4_K_M",
        fileName: "DeepSeek-R1-0528-Qwen3-8B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 5.03 * GB,
        parameters: 8.19e9,
        activeParameters: 8.19e9,
        contextLength: 131072,
        family: "qwen3",
        license: "MIT",
        liveCodeBench: 60.5,
        kvCache: qwen3_8b,
        settings: r1_0528Settings
    },
    {
        id: "qwen3-4b",
        name: "Qwen3-4B (thinking mode)",
        uri: "hf:unsloth/Qwen3-4B-GGUF:Q4_K_M",
        fileName: "Qwen3-4B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 2.5 * GB,
        parameters: 4.02e9,
        activeParameters: 4.02e9,
        contextLength: 32768,
        family: "qwen3",
        license: "Apache-2.0",
        liveCodeBench: 54.2,
        kvCache: qwen3_4b,
        settings: qwenThinkingSettings
    },
    {
        id: "qwen3-8b",
        name: "Qwen3-8B (thinking mode)",
        uri: "hf:unsloth/Qwen3-8B-GGUF:Q4_K_M",
        fileName: "Qwen3-8B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 5.03 * GB,
        parameters: 8.19e9,
        activeParameters: 8.19e9,
        contextLength: 32768,
        family: "qwen3",
        license: "Apache-2.0",
        liveCodeBench: 57.5,
        kvCache: qwen3_8b,
        settings: qwenThinkingSettings
    },
    {
        id: "qwen3-14b",
        name: "Qwen3-14B (thinking mode)",
        uri: "hf:unsloth/Qwen3-14B-GGUF:Q4_K_M",
        fileName: "Qwen3-14B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 9.0 * GB,
        parameters: 14.8e9,
        activeParameters: 14.8e9,
        contextLength: 32768,
        family: "qwen3",
        license: "Apache-2.0",
        liveCodeBench: 63.5,
        kvCache: qwen3_14b,
        // Draft: Qwen3-4B shares the Qwen3 tokenizer (a 0.6B is not in the catalog; speed-up unverified).
        draftModel: "qwen3-4b",
        settings: qwenThinkingSettings
    },
    {
        id: "qwen3-32b",
        name: "Qwen3-32B (thinking mode)",
        uri: "hf:unsloth/Qwen3-32B-GGUF:Q4_K_M",
        fileName: "Qwen3-32B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 19.8 * GB,
        parameters: 32.8e9,
        activeParameters: 32.8e9,
        contextLength: 32768,
        family: "qwen3",
        license: "Apache-2.0",
        liveCodeBench: 65.7,
        kvCache: qwen3_32b,
        // Draft: Qwen3-4B shares the Qwen3 tokenizer (a 0.6B is not in the catalog; speed-up unverified).
        draftModel: "qwen3-4b",
        settings: qwenThinkingSettings
    },
    {
        id: "qwen3-4b-thinking-2507",
        name: "Qwen3-4B-Thinking-2507",
        uri: "hf:unsloth/Qwen3-4B-Thinking-2507-GGUF:Q4_K_M",
        fileName: "Qwen3-4B-Thinking-2507-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 2.5 * GB,
        parameters: 4.02e9,
        activeParameters: 4.02e9,
        contextLength: 262144,
        family: "qwen3",
        license: "Apache-2.0",
        liveCodeBench: 55.2,
        kvCache: qwen3_4b,
        settings: qwenThinkingSettings
    },
    {
        // QwQ-32B's card recommends top-k 20 to 40; its template opens <think> like the 2507 Thinking models.
        id: "qwq-32b",
        name: "QwQ-32B",
        uri: "hf:bartowski/Qwen_QwQ-32B-GGUF:Q4_K_M",
        fileName: "Qwen_QwQ-32B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 19.9 * GB,
        parameters: 32.8e9,
        activeParameters: 32.8e9,
        contextLength: 131072,
        family: "qwen2",
        license: "Apache-2.0",
        liveCodeBench: 63.4,
        kvCache: qwen25_32b,
        settings: { temperature: 0.6, topP: 0.95, topK: 40, minP: 0, forceThinkOpen: false, systemPrompt: "" }
    },
    {
        // A mixture of experts that thinks in <think> tags like R1: 128 experts, 8 used per token.
        id: "qwen3-30b-a3b",
        name: "Qwen3-30B-A3B (mixture of experts)",
        uri: "hf:unsloth/Qwen3-30B-A3B-GGUF:Q4_K_M",
        fileName: "Qwen3-30B-A3B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 18.6 * GB,
        parameters: 30.5e9,
        activeParameters: 3.3e9,
        contextLength: 32768,
        family: "qwen3moe",
        experts: { count: 128, usedPerToken: 8 },
        license: "Apache-2.0",
        liveCodeBench: 62.6,
        kvCache: qwen3_30bA3b,
        settings: qwenThinkingSettings
    },
    {
        id: "qwen3-30b-a3b-thinking-2507",
        name: "Qwen3-30B-A3B-Thinking-2507 (mixture of experts)",
        uri: "hf:unsloth/Qwen3-30B-A3B-Thinking-2507-GGUF:Q4_K_M",
        fileName: "Qwen3-30B-A3B-Thinking-2507-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 18.6 * GB,
        parameters: 30.5e9,
        activeParameters: 3.3e9,
        contextLength: 262144,
        family: "qwen3moe",
        experts: { count: 128, usedPerToken: 8 },
        license: "Apache-2.0",
        liveCodeBench: 66.0,
        kvCache: qwen3_30bA3b,
        settings: qwenThinkingSettings
    },
    {
        // OpenAI's MXFP4 release as converted by ggml-org (about 12.1 GB per bartowski's listing of the same weights).
        // config.json: 24 layers, 8 KV heads of 64; every other layer attends over a 128-token window, which the
        // estimate ignores (it overstates the cache). OpenAI recommends temperature 1.0 and top-p 1.0.
        id: "gpt-oss-20b",
        name: "gpt-oss-20b (mixture of experts, harmony)",
        uri: "hf:ggml-org/gpt-oss-20b-GGUF/gpt-oss-20b-mxfp4.gguf",
        fileName: "gpt-oss-20b-mxfp4.gguf",
        quantization: "MXFP4",
        sizeBytes: 12.1 * GB,
        parameters: 20.9e9,
        activeParameters: 3.6e9,
        contextLength: 131072,
        family: "gpt-oss",
        experts: { count: 32, usedPerToken: 4 },
        license: "Apache-2.0",
        kvCache: { layers: 24, kvHeads: 8, headDim: 64 },
        settings: { temperature: 1.0, topP: 1.0, forceThinkOpen: false, systemPrompt: "", reasoningEffort: "high" }
    },
    {
        // The full R1-0528 (671B, 37B active: 256 routed experts, 8 per token) in unsloth's 1.78-bit dynamic quant.
        // Size 185 GB and four parts are from unsloth's R1-0528 guide as we recall it; the search tool found the repo
        // but not this folder's listing, so both are unchecked (the download finds the real part count itself).
        // expertBytes: routed experts are 654B of the 671B parameters; unsloth keeps the other ~17B at 4 to 6 bits
        // (about 12 GB), so the experts are estimated at 185 − 12 GB.
        id: "r1-0528",
        name: "DeepSeek-R1-0528 (671B mixture of experts, 1.78-bit)",
        uri: "hf:unsloth/DeepSeek-R1-0528-GGUF:UD-IQ1_S",
        fileName: "DeepSeek-R1-0528-UD-IQ1_S-00001-of-00004.gguf",
        quantization: "UD-IQ1_S",
        sizeBytes: 185 * GB,
        parameters: 671e9,
        activeParameters: 37e9,
        contextLength: 163840,
        family: "deepseek2",
        experts: { count: 256, usedPerToken: 8 },
        expertBytes: 173 * GB,
        license: "MIT",
        liveCodeBench: 73.3,
        kvCache: { layers: 61, kvHeads: 1, headDim: 576, latentWidth: 576 },
        backend: "llama-server",
        settings: r1_0528Settings
    },
    // The 2026 open models. Unless a line says "checked", a figure is from a secondary source found with the search
    // tool (a model card copy, a quantizer's README, a review) or our own arithmetic, and is unverified against the
    // authors' files. GGUF file sizes are the Q4_K_M listings where found, else parameters × 4.85 bits (estimate).
    // expertBytes: the routed-expert share of the file, from (total − active) / (1 − used/count) parameters
    // (estimate). Qwen3.5/3.6's template opens `<think>\n` in its generation prompt, as Qwen3 2507's does.
    // multiTokenPrediction: Qwen3.6's cards say it was trained with multi-step prediction; whether a given GGUF keeps
    // the MTP heads is unverified (quantizers publish separate "-MTP-GGUF" repos), so llama-server may refuse it.
    // Neither the MTP speed-up nor any catalog draft pairing was measured (no machine here runs these models): each
    // stays off until `measureSpeculation` on the user's machine finds it 10 % faster with unchanged replies.
    // Qwen3.6's `preserve_thinking` template flag is from public clients and model-card summaries (unverified: the
    // template itself was not available offline); Ponder keeps earlier thoughts wherever a template has the flag.
    {
        // Qwen3.6-35B-A3B: Apache-2.0, 35B total / 3B active, 256 experts (8 routed + 1 shared), 40 layers as
        // 10 × (3 Gated DeltaNet + 1 gated attention), attention 2 KV heads of 256, DeltaNet 32 V heads of 128,
        // context 262,144 (transformers' qwen3_5_moe docs and several copies of the model card: checked against two
        // sources). LiveCodeBench v6 80.4 and the Q4_K_M size 21.2 GB are unverified (SWE-bench Verified 73.4 is in
        // every review). GGUF architecture `qwen35moe`.
        id: "qwen3.6-35b-a3b",
        name: "Qwen3.6-35B-A3B (mixture of experts, hybrid attention)",
        uri: "hf:unsloth/Qwen3.6-35B-A3B-GGUF:Q4_K_M",
        fileName: "Qwen3.6-35B-A3B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 21.2 * GB,
        parameters: 35e9,
        activeParameters: 3e9,
        contextLength: 262144,
        family: "qwen35moe",
        experts: { count: 256, usedPerToken: 8 },
        expertBytes: 19.5 * GB,
        license: "Apache-2.0",
        liveCodeBench: 80.4,
        kvCache: qwen35_35bA3b,
        multiTokenPrediction: true,
        settings: qwenThinkingSettings
    },
    {
        // Qwen3.6-27B: dense, Apache-2.0, 64 layers as 16 × (3 Gated DeltaNet + 1 gated attention), attention 4 KV
        // heads of 256, DeltaNet 48 V heads of 128, context 262,144, trained with multi-token prediction (model card
        // copies: checked against two). Q4_K_M 16.0 GB (a benchmark's listing). LiveCodeBench v6 83.9 unverified;
        // SWE-bench Verified 77.2 (a review citing the blog). GGUF architecture `qwen35`.
        id: "qwen3.6-27b",
        name: "Qwen3.6-27B (hybrid attention)",
        uri: "hf:unsloth/Qwen3.6-27B-GGUF:Q4_K_M",
        fileName: "Qwen3.6-27B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 16.0 * GB,
        parameters: 27.8e9,
        activeParameters: 27.8e9,
        contextLength: 262144,
        family: "qwen35",
        license: "Apache-2.0",
        liveCodeBench: 83.9,
        kvCache: qwen35_27b,
        multiTokenPrediction: true,
        settings: qwenThinkingSettings
    },
    {
        // Qwen3.5-27B: the same architecture as Qwen3.6-27B (transformers: Qwen3.6 shares Qwen3.5's model_type).
        // LiveCodeBench v6 80.7 unverified.
        id: "qwen3.5-27b",
        name: "Qwen3.5-27B (hybrid attention)",
        uri: "hf:unsloth/Qwen3.5-27B-GGUF:Q4_K_M",
        fileName: "Qwen3.5-27B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 16.0 * GB,
        parameters: 27.8e9,
        activeParameters: 27.8e9,
        contextLength: 262144,
        family: "qwen35",
        license: "Apache-2.0",
        liveCodeBench: 80.7,
        kvCache: qwen35_27b,
        settings: qwenThinkingSettings
    },
    {
        // Qwen3.5-35B-A3B: 10 attention layers of 40 (a llama-server benchmark post), the same shape as Qwen3.6-35B-A3B.
        // LiveCodeBench v6 74.6 unverified.
        id: "qwen3.5-35b-a3b",
        name: "Qwen3.5-35B-A3B (mixture of experts, hybrid attention)",
        uri: "hf:unsloth/Qwen3.5-35B-A3B-GGUF:Q4_K_M",
        fileName: "Qwen3.5-35B-A3B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 21.2 * GB,
        parameters: 35e9,
        activeParameters: 3e9,
        contextLength: 262144,
        family: "qwen35moe",
        experts: { count: 256, usedPerToken: 8 },
        expertBytes: 19.5 * GB,
        license: "Apache-2.0",
        liveCodeBench: 74.6,
        kvCache: qwen35_35bA3b,
        settings: qwenThinkingSettings
    },
    {
        // Gemma 4 26B-A4B: Apache-2.0, 25.2B total / 3.8B active, 128 experts with 8 used plus 1 shared, 30 layers
        // (a mixed quant's per-layer table), sliding window 1024 with the last layer global, context 262,144 (256K),
        // LiveCodeBench v6 77.1 as reported by Google (unsloth's card copy; unverified against Google's). The KV heads
        // and head sizes and the 5:1 local:global pattern are unverified. Google recommends 1.0 / 0.95 / top-k 64
        // (unverified here). GGUF architecture `gemma4`, chat wrapper Gemma4ChatWrapper.
        id: "gemma-4-26b-a4b",
        name: "Gemma 4 26B-A4B (mixture of experts, sliding-window attention)",
        uri: "hf:unsloth/gemma-4-26B-A4B-it-GGUF:Q4_K_M",
        fileName: "gemma-4-26B-A4B-it-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 15.6 * GB,
        parameters: 25.2e9,
        activeParameters: 3.8e9,
        contextLength: 262144,
        family: "gemma4",
        experts: { count: 128, usedPerToken: 8 },
        expertBytes: 14.1 * GB,
        license: "Apache-2.0",
        liveCodeBench: 77.1,
        kvCache: gemma4_26bA4b,
        settings: gemma4Settings
    },
    {
        // Gemma 4 31B: dense, Apache-2.0. 60 layers, the layer pattern, heads and LiveCodeBench v6 80.0 are unverified.
        id: "gemma-4-31b",
        name: "Gemma 4 31B (sliding-window attention)",
        uri: "hf:unsloth/gemma-4-31B-it-GGUF:Q4_K_M",
        fileName: "gemma-4-31B-it-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 18.8 * GB,
        parameters: 31e9,
        activeParameters: 31e9,
        contextLength: 262144,
        family: "gemma4",
        license: "Apache-2.0",
        liveCodeBench: 80.0,
        kvCache: gemma4_31b,
        settings: gemma4Settings
    },
    {
        // Devstral Small 2 (24B, 2512): Apache-2.0, dense, from Mistral-Small-3.1-24B-Base: 40 layers, 8 KV heads of
        // 128 (a llama.cpp recipe quoting the card), Q4_K_M 14.33 GB, SWE-bench Verified 68.0 (Mistral's figure as
        // several sources quote it). Context 262,144 per one host's limits (another says 131,072): unverified. It does
        // not think and has no LiveCodeBench figure, so it ranks below every scored model and is never a default.
        // GGUF architecture `mistral3` (unverified). Mistral recommends a low temperature for it (unverified).
        id: "devstral-small-2",
        name: "Devstral Small 2 (24B, coding agent, no thought)",
        uri: "hf:unsloth/Devstral-Small-2-24B-Instruct-2512-GGUF:Q4_K_M",
        fileName: "Devstral-Small-2-24B-Instruct-2512-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 14.33 * GB,
        parameters: 23.6e9,
        activeParameters: 23.6e9,
        contextLength: 262144,
        family: "mistral3",
        license: "Apache-2.0",
        kvCache: mistralSmall24b,
        settings: { temperature: 0.15, topP: 0.95, forceThinkOpen: false, systemPrompt: "" }
    },
    {
        // GLM-4.7-Flash: 30B-A3B, 64 routed experts + 1 shared with 4 used, multi-head latent attention (a 576-wide
        // latent per token and layer, 47 layers: a quantizer's README), which llama.cpp runs as `deepseek2`. Q4_K_M
        // 18.31 GB (the same README). Licence: MIT per a setup guide and Apache-2.0 per a quant's README: marked
        // unverified as MIT, Z.ai's usual licence. Context 202,752 (200K, unverified). LiveCodeBench v6 64.0 and
        // SWE-bench Verified 59.2 from a copy of Z.ai's card. Thinks in `<think>`.
        id: "glm-4.7-flash",
        name: "GLM-4.7-Flash (30B-A3B mixture of experts)",
        uri: "hf:unsloth/GLM-4.7-Flash-GGUF:Q4_K_M",
        fileName: "GLM-4.7-Flash-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 18.31 * GB,
        parameters: 30e9,
        activeParameters: 3e9,
        contextLength: 202752,
        family: "deepseek2",
        experts: { count: 64, usedPerToken: 4 },
        expertBytes: 17.5 * GB,
        license: "MIT (unverified)",
        liveCodeBench: 64.0,
        kvCache: { layers: 47, kvHeads: 1, headDim: 576, latentWidth: 576 },
        settings: { temperature: 1.0, topP: 0.95, forceThinkOpen: false, systemPrompt: "" }
    },
    {
        // Magistral Small 1.2 (2509): Apache-2.0, 24B, from Mistral Small 3.2 (40 layers, 8 KV heads of 128),
        // context 128K with degradation past 40K, thought in `[THINK]…[/THINK]` special tokens, sampling 0.7 / 0.95
        // (Mistral's card, checked in two copies). Mistral ships no official chat template with its GGUF; unsloth's
        // GGUF carries one (unverified). LiveCodeBench v5 70.9 unverified. Q4_K_M 14.3 GB (estimate).
        id: "magistral-small-1.2",
        name: "Magistral Small 1.2 (24B, [THINK])",
        uri: "hf:unsloth/Magistral-Small-2509-GGUF:Q4_K_M",
        fileName: "Magistral-Small-2509-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 14.3 * GB,
        parameters: 23.6e9,
        activeParameters: 23.6e9,
        contextLength: 131072,
        family: "llama",
        license: "Apache-2.0",
        liveCodeBench: 70.9,
        kvCache: mistralSmall24b,
        settings: { temperature: 0.7, topP: 0.95, forceThinkOpen: false, systemPrompt: "" }
    },
    {
        // Nemotron 3 Nano (30B-A3B): 31.6B total / 3.2B active; 52 layers: 23 Mamba-2, 23 MoE, 6 grouped-query
        // attention with 2 KV heads of 128; 128 routed experts with 6 used (plus shared ones); context 262,144 by
        // default, 1M at most; LiveCodeBench v6 68.3 and SWE-bench (OpenHands) 38.8 (NVIDIA's card as LM Studio
        // copies it). Licence: the NVIDIA Open Model License, which allows commercial use but is not an OSI licence
        // and must be passed on with the weights (checked in three sources). NVIDIA recommends 1.0 / 1.0. The Mamba-2
        // state (64 heads × 64 × 128 f32 per layer) and the file size are estimates. GGUF architecture `nemotron_h_moe`.
        id: "nemotron-3-nano",
        name: "Nemotron 3 Nano (31.6B-A3.2B, hybrid Mamba mixture of experts)",
        uri: "hf:unsloth/Nemotron-3-Nano-30B-A3B-GGUF:Q4_K_M",
        fileName: "Nemotron-3-Nano-30B-A3B-Q4_K_M.gguf",
        quantization: "Q4_K_M",
        sizeBytes: 19.2 * GB,
        parameters: 31.6e9,
        activeParameters: 3.2e9,
        contextLength: 262144,
        family: "nemotron_h_moe",
        experts: { count: 128, usedPerToken: 6 },
        expertBytes: 18.1 * GB,
        license: "NVIDIA Open Model License (commercial use allowed; not OSI-approved)",
        liveCodeBench: 68.3,
        kvCache: { layers: 6, kvHeads: 2, headDim: 128, recurrentStateBytes: 23 * 64 * 64 * 128 * 4 },
        settings: { temperature: 1.0, topP: 1.0, forceThinkOpen: false, systemPrompt: "" }
    }
];

export function findCatalogModel(id: string): CatalogModel | undefined {
    return modelCatalog.find((model) => model.id === id);
}
