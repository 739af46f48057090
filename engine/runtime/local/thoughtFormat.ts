// Decides, from the loaded model's own chat template (never from a catalog id, so a user's own GGUF works), which
// node-llama-cpp chat wrapper renders the prompt and splits thought from answer, who opens the thought, which markers
// delimit it (`<think>`, harmony's channels, Mistral's `[THINK]`, Gemma 4's thought channel), and how a request's
// thinking settings reach the wrapper (harmony's reasoning effort).

import {
    DeepSeekChatWrapper,
    Gemma4ChatWrapper,
    HarmonyChatWrapper,
    JinjaTemplateChatWrapper,
    LlamaText,
    QwenChatWrapper,
    resolveChatWrapper,
    type ChatWrapper,
    type ChatWrapperSettings,
    type LlamaModel
} from "node-llama-cpp";
import type { GenerationRequest, ReasoningEffort, ThoughtFormatFacts } from "../ModelRuntime.js";

/** How one loaded model writes its thought, and the wrapper for each request. */
export interface ThoughtFormat {
    facts: ThoughtFormatFacts;
    /** Ponder writes `<think>\n` at the start of the reply itself. */
    forceThinkOpen: boolean;
    /** The wrapper for a request: the same one for every request, except harmony's, which carries the effort. */
    wrapperFor(request: GenerationRequest): ChatWrapper;
}

/**
 * Reads the thought format off the model. R1 templates get the DeepSeek wrapper and a thought Ponder opens (the
 * distills sometimes skip thinking). A wrapper that opens the thought when the reply starts, as the template does
 * (Qwen3 2507 Thinking, QwQ: node-llama-cpp's Jinja wrapper with `openOnResponseStart`), must not be opened again, or
 * `<think>` would be doubled. A template that opens the thought behind a wrapper that would not (a specialised
 * wrapper chosen by name) gets Ponder's opening, so the prompt is still the template's. Harmony's analysis channel is
 * opened by the model, and so is a Qwen3 hybrid's `<think>`.
 */
export function chooseThoughtFormat(model: LlamaModel, templateFamily: string): ThoughtFormat {
    const template = model.fileInfo.metadata.tokenizer?.chat_template ?? "";
    const resolved = resolveChatWrapper(model);
    const wrapper =
        templateFamily === "deepseek" && !(resolved instanceof DeepSeekChatWrapper)
            ? new DeepSeekChatWrapper()
            : resolved;
    const fixed = (
        facts: ThoughtFormatFacts,
        forceThinkOpen: boolean,
        chosen: ChatWrapper = wrapper
    ): ThoughtFormat => ({
        facts,
        forceThinkOpen,
        wrapperFor: () => chosen
    });

    if (wrapper instanceof HarmonyChatWrapper) return harmonyFormat();
    const thought = wrapper.settings.segments?.thought;
    const wrapperOpensThought =
        thought?.openOnResponseStart === true ||
        (thought !== undefined &&
            typeof thought.prefix === "object" &&
            "type" in thought.prefix &&
            thought.prefix.type === "openedOnStart");
    const wrapperName = wrapper.wrapperName;
    const tags = thoughtTags(wrapper);
    if (wrapper instanceof QwenChatWrapper && templatePreservesThinking(template))
        return fixed(
            {
                wrapper: wrapperName,
                thoughtOpenedBy: wrapperOpensThought ? "template" : "model",
                tags,
                preservesThinking: true
            },
            false,
            new QwenChatWrapper({
                keepOnlyLastThought: false,
                variation: wrapper.variation,
                thoughts: wrapper.thoughts
            })
        );
    if (wrapper instanceof DeepSeekChatWrapper)
        return fixed({ wrapper: wrapperName, thoughtOpenedBy: "ponder", tags }, true);
    if (wrapperOpensThought) return fixed({ wrapper: wrapperName, thoughtOpenedBy: "template", tags }, false);
    if (templateOpensThought(template) && wrapper instanceof JinjaTemplateChatWrapper)
        return fixed({ wrapper: wrapperName, thoughtOpenedBy: "template", tags }, false, thoughtOpenedOnStart(wrapper));
    if (templateOpensThought(template)) return fixed({ wrapper: wrapperName, thoughtOpenedBy: "ponder", tags }, true);
    if (thought !== undefined) return fixed({ wrapper: wrapperName, thoughtOpenedBy: "model", tags }, false);
    return fixed({ wrapper: wrapperName, thoughtOpenedBy: "none", tags: "none" }, false);
}

/**
 * node-llama-cpp's Jinja wrapper, told that the template opens the thought in its generation prompt (GLM-4.7-Flash's
 * `<|assistant|><think>`, Nemotron 3 Nano's `<|im_start|>assistant\n<think>\n`), which its template probe misses.
 * With the thought's prefix "opened on start", it renders the reply being written as the current turn's
 * `reasoning_content`, so the template writes its own opening; otherwise the reply renders as a past turn without a
 * thought, which these templates close at once (`</think>`, `<think></think>`), and the thought came out empty.
 */
function thoughtOpenedOnStart(wrapper: JinjaTemplateChatWrapper): JinjaTemplateChatWrapper {
    const suffix = wrapper.settings.segments?.thought?.suffix ?? "</think>";
    const settings: ChatWrapperSettings = {
        ...wrapper.settings,
        segments: {
            ...wrapper.settings.segments,
            thought: {
                prefix: { type: "openedOnStart" },
                suffix,
                openOnResponseStart: true,
                reopenAfterFunctionCalls: true
            }
        }
    };
    // The wrapper has no option for this prefix, only its template probe sets it; its settings are a plain field.
    (wrapper as { settings: ChatWrapperSettings }).settings = settings;
    // The wrapper stops generation at what the template writes after the turn's content, which for GLM is the
    // thought's closing `</think>` alone: the reply would end where its answer starts. That trigger is dropped.
    const closing = LlamaText(suffix).toString().trim();
    const render = wrapper.generateContextState.bind(wrapper);
    wrapper.generateContextState = (options) => {
        const state = render(options);
        const stopGenerationTriggers = state.stopGenerationTriggers.filter(
            (trigger) => LlamaText(trigger).toString().trim() !== closing
        );
        return { ...state, stopGenerationTriggers };
    };
    return wrapper;
}

/**
 * Which markers delimit the thought, read off the wrapper: Gemma 4's thought channel, Mistral's `[THINK]` special
 * tokens (node-llama-cpp's Jinja wrapper finds them in the template), else `<think>` tags.
 */
function thoughtTags(wrapper: ChatWrapper): ThoughtFormatFacts["tags"] {
    if (wrapper instanceof Gemma4ChatWrapper) return "gemma4";
    const suffix = wrapper.settings.segments?.thought?.suffix;
    const closing = suffix === undefined ? "" : LlamaText(suffix).toString();
    return closing.includes("[/THINK]") ? "mistral" : "think";
}

/**
 * Harmony (gpt-oss): node-llama-cpp's HarmonyChatWrapper turns the analysis channel into thought segments and the
 * final channel into the answer. Its only thinking control is the effort sentence in the system message, so each
 * effort gets its own wrapper; resolveChatWrapper would give the same wrapper with default settings.
 */
function harmonyFormat(): ThoughtFormat {
    const wrappers = new Map<ReasoningEffort, HarmonyChatWrapper>();
    return {
        facts: { wrapper: "Harmony", thoughtOpenedBy: "model", tags: "harmony" },
        forceThinkOpen: false,
        wrapperFor(request) {
            const effort = reasoningEffortFor(request);
            let wrapper = wrappers.get(effort);
            if (!wrapper) {
                wrapper = new HarmonyChatWrapper({ reasoningEffort: effort });
                wrappers.set(effort, wrapper);
            }
            return wrapper;
        }
    };
}

/** Thinking budgets up to this many tokens ask gpt-oss for low effort; up to `mediumEffortBudget`, medium. */
export const lowEffortBudget = 1024;
export const mediumEffortBudget = 8192;

/**
 * The reasoning effort a request asks for: its own `reasoningEffort`, else one that fits its thinking budget (a
 * small budget would cut a high-effort analysis short), else gpt-oss's default, medium.
 */
export function reasoningEffortFor(
    request: Pick<GenerationRequest, "reasoningEffort" | "thinkBudget">
): ReasoningEffort {
    if (request.reasoningEffort) return request.reasoningEffort;
    if (request.thinkBudget === undefined) return "medium";
    if (request.thinkBudget <= lowEffortBudget) return "low";
    return request.thinkBudget <= mediumEffortBudget ? "medium" : "high";
}

/**
 * Whether the template can keep earlier turns' thoughts in the history (Qwen3.6's `preserve_thinking` flag). Ponder
 * then keeps them: the reasoning of earlier feedback rounds stays in the model's context, as the template allows,
 * instead of being cut to the answers. node-llama-cpp's Qwen wrapper does it with `keepOnlyLastThought: false`.
 */
export function templatePreservesThinking(template: string): boolean {
    return /\bpreserve_thinking\b/.test(template);
}

/**
 * Whether the template's generation prompt ends inside an opened thought: a string it writes after its last
 * `add_generation_prompt` ends with `<think>` or `<think>\n` (R1's `<｜Assistant｜><think>\n`, QwQ's and Qwen3 2507's
 * `<|im_start|>assistant\n<think>\n`). Qwen3's `<think>\n\n</think>\n\n`, written only with thinking disabled, does not.
 */
export function templateOpensThought(template: string): boolean {
    const generationPrompt = template.slice(template.lastIndexOf("add_generation_prompt"));
    return /<think>(\\n|\n)?['"]/.test(generationPrompt);
}
