// Turns what the user named (a path, an `hf:` URI, a catalog id, or nothing) into a local GGUF path,
// downloading through node-llama-cpp's downloader with progress and cancellation when needed.

import { lookup } from "node:dns/promises";
import { existsSync, readdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { resolveModelFile } from "node-llama-cpp";
import { MissingModelPartError, ModelDownloadError, ModelFileNotFoundError, ModelTooBigError } from "../errors.js";
import { tooBigForMachine, type MachineMemory } from "./machineFit.js";
import { findCatalogModel, type CatalogModel } from "./ModelCatalog.js";
import { firstPartLike, missingSplitParts } from "./splitGguf.js";

export interface DownloadProgress {
    downloadedBytes: number;
    totalBytes: number;
}

export interface ResolveModelSourceOptions {
    /** Where downloads are kept. Default: `$PONDER_MODELS_DIR` or `~/.cache/ponder/models`. */
    modelsDir?: string;
    /** Base for relative paths. Default: the process's working directory. */
    cwd?: string;
    /** Never download; fail with a message naming the file to fetch instead. */
    offline?: boolean;
    /** The machine the model is for: a catalog model bigger than all its memory is refused before any download. */
    machine?: MachineMemory;
    signal?: AbortSignal;
    onProgress?: (progress: DownloadProgress) => void;
}

export interface ResolvedModelSource {
    path: string;
    /** The catalog entry when the user named one (or the default was used). */
    catalogModel?: CatalogModel;
    /** True when this call downloaded the file. */
    downloaded: boolean;
}

export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
    return env["PONDER_MODELS_DIR"] ?? join(homedir(), ".cache", "ponder", "models");
}

/** Where a catalog model is stored once downloaded (a split model: its first part, by the part count on disk). */
export function catalogModelPath(model: CatalogModel, modelsDir = defaultModelsDir()): string {
    const names = existsSync(modelsDir) ? readdirSync(modelsDir) : [];
    return firstPartLike(modelsDir, model.fileName, names) ?? join(modelsDir, model.fileName);
}

export async function resolveModelSource(
    source: string,
    options: ResolveModelSourceOptions = {}
): Promise<ResolvedModelSource> {
    const modelsDir = options.modelsDir ?? defaultModelsDir();
    const catalogModel = findCatalogModel(source);
    if (catalogModel) {
        const tooBig = options.machine ? tooBigForMachine(catalogModel, options.machine) : undefined;
        if (tooBig) throw new ModelTooBigError(catalogModel.id, tooBig);
        const localPath = catalogModelPath(catalogModel, modelsDir);
        const missingParts = existsSync(localPath) ? missingSplitParts(localPath) : [];
        if (existsSync(localPath) && missingParts.length === 0)
            return { path: localPath, catalogModel, downloaded: false };
        // A split download cut short keeps its first parts: offline that is named part by part, online it resumes.
        if (missingParts.length > 0 && options.offline) throw new MissingModelPartError(localPath, missingParts);
        const path = await download(catalogModel.uri, catalogModel.fileName, modelsDir, catalogModel, options);
        return { path, catalogModel, downloaded: true };
    }
    if (source.startsWith("hf:") || /^https?:\/\//.test(source)) {
        const path = await download(source, undefined, modelsDir, undefined, options);
        return { path, downloaded: true };
    }
    const path = isAbsolute(source) ? source : resolve(options.cwd ?? process.cwd(), source);
    if (!existsSync(path)) throw new ModelFileNotFoundError(path);
    const missingParts = missingSplitParts(path);
    if (missingParts.length > 0) throw new MissingModelPartError(path, missingParts);
    return { path, downloaded: false };
}

async function download(
    uri: string,
    fileName: string | undefined,
    modelsDir: string,
    catalogModel: CatalogModel | undefined,
    options: ResolveModelSourceOptions
): Promise<string> {
    const what = catalogModel ? `${catalogModel.name} (${uri})` : uri;
    if (options.offline)
        throw new ModelDownloadError(
            `${what} is not downloaded and downloads are off. ${localFileAdvice(catalogModel)}`
        );
    await mkdir(modelsDir, { recursive: true });
    // node-llama-cpp retries a file URI's download for minutes when the hub's name does not resolve: ask DNS first.
    const unreachable = await hubUnreachable(uri);
    if (unreachable)
        throw new ModelDownloadError(describeDownloadFailure(unreachable, what, catalogModel), { cause: unreachable });
    try {
        return await resolveModelFile(uri, {
            directory: modelsDir,
            ...(fileName ? { fileName } : {}),
            cli: false,
            deleteTempFileOnCancel: false,
            ...(options.signal ? { signal: options.signal } : {}),
            onProgress: ({ totalSize, downloadedSize }) =>
                options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize })
        });
    } catch (error) {
        if (options.signal?.aborted)
            throw new ModelDownloadError(
                `Download of ${what} was cancelled; run the same command again to resume it.`,
                { cause: error }
            );
        throw new ModelDownloadError(describeDownloadFailure(error, what, catalogModel), { cause: error });
    }
}

/** The DNS failure for the host a download needs (`hf:` URIs: the Hugging Face hub, or HF_ENDPOINT's), else undefined. */
async function hubUnreachable(uri: string): Promise<Error | undefined> {
    let host: string;
    try {
        host = new URL(uri.startsWith("hf:") ? process.env["HF_ENDPOINT"] || "https://huggingface.co" : uri).hostname;
    } catch {
        return undefined;
    }
    return lookup(host).then(
        () => undefined,
        (error: Error) => error
    );
}

function describeDownloadFailure(error: unknown, what: string, catalogModel: CatalogModel | undefined): string {
    const text = errorText(error);
    if (
        /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|fetch failed|network|socket/i.test(
            text
        )
    )
        return `Cannot download ${what}: the model hub is unreachable (this machine seems to be offline). ${localFileAdvice(catalogModel)}`;
    if (/401|403|unauthori[sz]ed|forbidden/i.test(text))
        return `Cannot download ${what}: the hub refused access (a gated model needs a token in HF_TOKEN). ${localFileAdvice(catalogModel)}`;
    if (/404|not found/i.test(text))
        return `Cannot download ${what}: the hub has no such model or file. Check the URI, or list the catalog with \`ponder models\`.`;
    return `Cannot download ${what}: ${text.split("\n")[0]}. ${localFileAdvice(catalogModel)}`;
}

function errorText(error: unknown): string {
    const parts: string[] = [];
    for (let current: unknown = error, depth = 0; current != null && depth < 5; depth++) {
        if (current instanceof Error) {
            parts.push(current.message, String((current as { code?: unknown }).code ?? ""));
            current = current.cause;
        } else {
            parts.push(String(current));
            break;
        }
    }
    return parts.filter(Boolean).join(" ");
}

function localFileAdvice(catalogModel: CatalogModel | undefined): string {
    const file = catalogModel
        ? ` (${catalogModel.fileName}, from huggingface.co/${catalogModel.uri.slice(3).split(":")[0]})`
        : "";
    return (
        `To use a model file you already have${file}, pass its path: \`--model /path/to/model.gguf\` on the command line, ` +
        "or the `ponder.model` setting in the editor."
    );
}
