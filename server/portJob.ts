// The port job's conversions: `ponder/port` parameters into the engine's PortRequest (the default output folder
// beside the file, checked so no user file is overwritten), the chain's events into trace events naming their
// unit, and its PortResult (the engine's one `portReport`) into the protocol's response with the new files as one edit that creates them.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { WorkspaceEdit } from "vscode-languageserver/node.js";
import {
    checkPortOutFolder,
    defaultPortOutDir,
    languageOfPath,
    languagePairOf,
    portTargetLanguages,
    portReport,
    type PortEvent,
    type PortRequest,
    type PortResult
} from "../engine/index.js";
import type { PortParams, PortResponse, TraceEvent } from "../protocol/index.js";
import { checkWholeNumbers } from "./jobParams.js";
import { reasoningTraceEvent } from "./lspConversions.js";
import { invalidParams } from "./responseErrors.js";
import type { JobSettings } from "./settings.js";

export function checkPortParams(params: PortParams): void {
    if (params === null || typeof params !== "object" || typeof params.textDocument?.uri !== "string")
        throw invalidParams(
            `ponder/port needs { textDocument: { uri }, to: ${portTargetLanguages()
                .map((t) => JSON.stringify(t))
                .join(" | ")} }.`
        );
    if (!portTargetLanguages().some((target) => target === params.to))
        throw invalidParams(
            `ponder/port: to must be ${portTargetLanguages()
                .map((t) => JSON.stringify(t))
                .join(" or ")}; got ${JSON.stringify(params.to)}.`
        );
}

/** The engine's request, after checking the pair is supported and the output folder holds no user files. */
export async function portRequestOf(
    params: PortParams,
    root: string,
    file: string,
    settings: JobSettings
): Promise<{ request: PortRequest; overwrite: boolean }> {
    checkWholeNumbers("ponder/port", [
        ["cases", params.cases, 0, 100_000],
        ["seed", params.seed, 0, Number.MAX_SAFE_INTEGER],
        ["thinkBudget", params.thinkBudget, 1, 1 << 20]
    ]);
    const language = languageOfPath(file);
    const pair = language ? languagePairOf(language, params.to) : undefined;
    if (!pair) throw invalidParams(`Ponder cannot port ${file} to ${params.to} yet.`);
    const outDir = defaultPortOutDir(file, pair);
    const { earlierPort } = await checkPortOutFolder(root, outDir);
    const thinkBudget = params.thinkBudget ?? settings.thinkBudget;
    return {
        overwrite: earlierPort,
        request: {
            file,
            to: params.to,
            outDir,
            ...(params.cases !== undefined ? { cases: params.cases } : {}),
            ...(params.seed !== undefined ? { seed: params.seed } : {}),
            ...(thinkBudget !== undefined ? { thinkBudget } : {})
        }
    };
}

export function portTraceEvent(event: PortEvent): TraceEvent | undefined {
    if (event.kind === "step")
        return {
            kind: "step",
            round: event.round,
            step: event.step,
            detail: event.detail,
            ...(event.unit !== undefined ? { unit: event.unit } : {})
        };
    if (event.kind === "reasoning") return reasoningTraceEvent(event.event, event.round, event.unit);
    return undefined;
}

export function portResponse(
    result: PortResult,
    input: { jobId: string; root: string; createFiles: boolean; overwrite: boolean }
): Omit<PortResponse, "expert"> {
    const uriOf = (path: string) => pathToFileURL(join(input.root, path)).href;
    const outputs = result.outputs.map((output) => ({ uri: uriOf(output.path), text: output.text }));
    let edit: WorkspaceEdit | undefined;
    if (input.createFiles && outputs.length > 0) {
        const documentChanges: NonNullable<WorkspaceEdit["documentChanges"]> = [];
        for (const output of outputs) {
            documentChanges.push({
                kind: "create",
                uri: output.uri,
                options: { overwrite: input.overwrite, ignoreIfExists: false }
            });
            documentChanges.push({
                textDocument: { uri: output.uri, version: null },
                edits: [
                    {
                        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                        newText: output.text
                    }
                ]
            });
        }
        edit = { documentChanges };
    }
    const main = result.outputs.find((o) => /(^|\/)src\/lib\.rs$|\.ts$/.test(o.path));
    return {
        jobId: input.jobId,
        ...portReport(result),
        outDirUri: uriOf(result.outDir),
        ...(edit ? { edit } : {}),
        outputs,
        ...(main ? { mainUri: uriOf(main.path) } : {})
    };
}
