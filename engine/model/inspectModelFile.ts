// Reads a GGUF file's header without loading its weights: architecture, size, context length, chat
// template family and experts. Every later decision (does it run here, does it fit, how to prompt it) starts here.

import { stat } from "node:fs/promises";
import * as llamaCpp from "node-llama-cpp";
import { readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import {
    InvalidModelFileError,
    MissingModelPartError,
    ModelFileNotFoundError,
    UnsupportedArchitectureError
} from "../errors.js";
import { missingSplitParts, splitGgufParts } from "./splitGguf.js";

/** What the header of a model file says. */
export interface ModelFileFacts {
    path: string;
    /** Model name from `general.name`, else the file name. */
    name: string;
    architecture: string;
    fileSizeBytes: number;
    parameters: number;
    /** Parameters used per token; for a mixture of experts only `usedPerToken` of `count` experts run. */
    activeParameters: number;
    trainContextSize: number;
    /** "deepseek" for R1-style templates, else a coarse family name or "unknown". */
    chatTemplate: string;
    /** The template has Qwen3.6's `preserve_thinking` flag, which keeps earlier turns' thoughts in the history. */
    preservesThinking?: true;
    experts?: { count: number; usedPerToken: number };
    /** Tensor type most of the weights use, e.g. "Q4_K" or "F32". */
    quantization: string;
}

// `GgufArchitectureType` is a const enum in the typings but a real object at run time: the list llama.cpp knows.
const knownArchitectures = new Set<string>(
    Object.values((llamaCpp as unknown as { GgufArchitectureType: Record<string, string> }).GgufArchitectureType)
);

/** Whether this node-llama-cpp build's llama.cpp names the architecture (and so can load it). */
export function nodeLlamaCppKnowsArchitecture(architecture: string): boolean {
    return knownArchitectures.has(architecture);
}

export interface InspectModelFileOptions {
    /**
     * Refuse an architecture this node-llama-cpp build does not know (default true). The managed llama-server may be
     * built from a newer llama.cpp, so it reads the header without this check and lets the server decide.
     */
    requireKnownArchitecture?: boolean;
}

/** Reads the header of a local GGUF file; throws a named error a user can act on when it is missing or unusable. */
export async function inspectModelFile(path: string, options: InspectModelFileOptions = {}): Promise<ModelFileFacts> {
    const size = await stat(path).then(
        (s) => (s.isFile() ? s.size : -1),
        () => undefined
    );
    if (size === undefined) throw new ModelFileNotFoundError(path);
    if (size < 0) throw new InvalidModelFileError(path, "it is a directory, not a file");
    // node-llama-cpp's reader opens every part of a split set; a missing one would surface as a bare ENOENT.
    const missingParts = missingSplitParts(path);
    if (missingParts.length > 0) throw new MissingModelPartError(path, missingParts);

    let info: GgufFileInfo;
    try {
        info = await readGgufFileInfo(path, { readTensorInfo: true, logWarnings: false, sourceType: "filesystem" });
    } catch (error) {
        throw new InvalidModelFileError(path, describeReadFailure(error, size), { cause: error });
    }
    const facts = factsFromInfo(path, info, size);
    if (options.requireKnownArchitecture !== false && !knownArchitectures.has(facts.architecture))
        throw new UnsupportedArchitectureError(path, facts.architecture);
    checkTensorDataPresent(path, info, size);
    return facts;
}

function describeReadFailure(error: unknown, size: number): string {
    const message = error instanceof Error ? error.message : String(error);
    if (/magic|not a valid gguf|invalid gguf/i.test(message)) return "the file does not start with the GGUF signature";
    if (size < 1024 || /out of range|end of|RangeError|offset/i.test(message))
        return `the header is cut short (the file has only ${size} bytes; it may be a partial download)`;
    return `its header cannot be read (${message})`;
}

/** A download cut short keeps a readable header but loses tensor data; llama.cpp would then fail deep inside. */
function checkTensorDataPresent(path: string, info: GgufFileInfo, size: number): void {
    // A split set's tensor offsets are per part; the parts' presence was checked before the header was read.
    if (splitGgufParts(path).length > 1) return;
    const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
    let end = 0;
    for (const tensor of tensors) {
        const elements = tensor.dimensions.reduce<number>((product, d) => product * Number(d), 1);
        const bytes = approximateTensorBytes(elements, tensor.ggmlType);
        end = Math.max(end, Number(tensor.fileOffset) + bytes);
    }
    if (end > size) {
        throw new InvalidModelFileError(
            path,
            `the tensor data is cut short (${size} of at least ${Math.round(end)} bytes present; ` +
                "it may be a partial download)"
        );
    }
}

/** Bytes per element of the common ggml types; quantised types are counted from their block sizes. */
function approximateTensorBytes(elements: number, ggmlType: number): number {
    const bytesPerElement: Record<number, number> = {
        0: 4,
        1: 2,
        2: 18 / 32,
        3: 20 / 32,
        6: 22 / 32,
        7: 24 / 32,
        8: 34 / 32,
        9: 36 / 32,
        10: 84 / 256,
        11: 110 / 256,
        12: 144 / 256,
        13: 176 / 256,
        14: 210 / 256,
        15: 292 / 256,
        30: 2
    };
    // Unknown types are not checked: count them as empty rather than reject a valid file.
    return elements * (bytesPerElement[ggmlType] ?? 0);
}

function factsFromInfo(path: string, info: GgufFileInfo, size: number): ModelFileFacts {
    const architecture = String(info.metadata.general?.architecture ?? "unknown");
    const archMeta = info.architectureMetadata as {
        context_length?: number;
        expert_count?: number;
        expert_used_count?: number;
    };
    const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
    let parameters = 0;
    let expertParameters = 0;
    const typeCounts = new Map<number, number>();
    for (const tensor of tensors) {
        const elements = tensor.dimensions.reduce<number>((product, d) => product * Number(d), 1);
        parameters += elements;
        if (/_exps\./.test(tensor.name)) expertParameters += elements;
        typeCounts.set(tensor.ggmlType, (typeCounts.get(tensor.ggmlType) ?? 0) + elements);
    }
    const expertCount = Number(archMeta.expert_count ?? 0);
    const expertsUsed = Number(archMeta.expert_used_count ?? 0);
    const experts = expertCount > 0 ? { count: expertCount, usedPerToken: expertsUsed } : undefined;
    const activeParameters = experts
        ? Math.round(parameters - expertParameters + (expertParameters * experts.usedPerToken) / experts.count)
        : parameters;
    const dominantType = [...typeCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const template = String((info.metadata.tokenizer as { chat_template?: string } | undefined)?.chat_template ?? "");
    return {
        path,
        name: String(info.metadata.general?.name ?? path.split(/[\\/]/).pop()),
        architecture,
        fileSizeBytes: size,
        parameters,
        activeParameters,
        trainContextSize: Number(archMeta.context_length ?? 0),
        chatTemplate: chatTemplateFamily(template),
        ...(/\bpreserve_thinking\b/.test(template) ? { preservesThinking: true as const } : {}),
        ...(experts ? { experts } : {}),
        quantization: dominantType === undefined ? "unknown" : ggmlTypeName(dominantType)
    };
}

/** A coarse name for the chat template, enough to tell R1-style thinking templates from others. */
export function chatTemplateFamily(template: string): string {
    if (template === "") return "none";
    if (template.includes("<｜Assistant｜>")) return "deepseek";
    if (template.includes("<|im_start|>")) return template.includes("<think>") ? "qwen-thinking" : "chatml";
    if (template.includes("<|start_header_id|>")) return "llama3";
    if (template.includes("[INST]")) return "llama2";
    return "unknown";
}

function ggmlTypeName(type: number): string {
    const names: Record<number, string> = {
        0: "F32",
        1: "F16",
        2: "Q4_0",
        3: "Q4_1",
        6: "Q5_0",
        7: "Q5_1",
        8: "Q8_0",
        9: "Q8_1",
        10: "Q2_K",
        11: "Q3_K",
        12: "Q4_K",
        13: "Q5_K",
        14: "Q6_K",
        15: "Q8_K",
        30: "BF16"
    };
    return names[type] ?? `type ${type}`;
}
