// `ponder/repair` (a fix from a failure) as the server sees it: the request checked and turned into the engine's,
// the chain's events as trace events, and the result as the engine's one report plus every patched file's URI, text
// and one WorkspaceEdit across the files (one undo in the editor).

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { TextDocuments, WorkspaceEdit } from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { repairReport, type RepairEvent, type RepairRequest, type RepairResult } from "../engine/index.js";
import type { RepairFileChange, RepairParams, RepairReport, RepairResponse, TraceEvent } from "../protocol/index.js";
import { checkWholeNumbers } from "./jobParams.js";
import { lspTextEdits, reasoningTraceEvent } from "./lspConversions.js";
import { invalidParams } from "./responseErrors.js";
import type { JobSettings } from "./settings.js";

const failureShape = "{ tests: [ids] }, { testOutput: text }, { issue: text } or { runAll: true }";

export function checkRepairParams(params: RepairParams): void {
    if (params === null || typeof params !== "object" || typeof params.textDocument?.uri !== "string")
        throw invalidParams(
            `ponder/repair needs { textDocument: { uri } } of the project's folder and a failure: ${failureShape}.`
        );
    const failure = params.failure as unknown;
    if (failure === null || typeof failure !== "object")
        throw invalidParams(`ponder/repair needs a failure: ${failureShape}.`);
    const given = failure as Record<string, unknown>;
    const ok =
        (Array.isArray(given["tests"]) &&
            given["tests"].length > 0 &&
            given["tests"].every((id) => typeof id === "string" && id.trim() !== "")) ||
        (typeof given["testOutput"] === "string" && given["testOutput"].trim() !== "") ||
        (typeof given["issue"] === "string" && given["issue"].trim() !== "") ||
        given["runAll"] === true;
    if (!ok) throw invalidParams(`ponder/repair's failure must be one of ${failureShape}, not empty.`);
}

/** The engine's request, the parameters over the settings. */
export function repairRequestOf(params: RepairParams, settings: JobSettings): RepairRequest {
    const candidates = params.candidates ?? settings.candidates;
    const extraRounds = params.extraRounds ?? settings.extraRounds;
    const thinkBudget = params.thinkBudget ?? settings.thinkBudget;
    checkWholeNumbers("ponder/repair", [
        ["candidates", candidates, 1, 16],
        ["extraRounds", extraRounds, 0, 10],
        ["thinkBudget", thinkBudget, 1, 1 << 20],
        ["seed", params.seed, 0, Number.MAX_SAFE_INTEGER]
    ]);
    const failure = params.failure;
    return {
        failure:
            "tests" in failure
                ? { tests: failure.tests.map((id) => id.trim()) }
                : "testOutput" in failure
                  ? { testOutput: failure.testOutput }
                  : "issue" in failure
                    ? { issue: failure.issue }
                    : { runAll: true },
        candidates,
        extraRounds,
        ...(thinkBudget !== undefined ? { thinkBudget } : {}),
        ...(params.seed !== undefined ? { seed: params.seed } : {}),
        ...(settings.testTimeoutMs !== undefined ? { testTimeoutMs: settings.testTimeoutMs } : {})
    };
}

/** The trace event of a repair-chain event; the localisation goes to the panel as a step line per suspect. */
export function repairTraceEvents(event: RepairEvent): TraceEvent[] {
    switch (event.kind) {
        case "step":
            return [{ kind: "step", round: event.round, step: event.step, detail: event.detail }];
        case "localised":
            return event.localisation.suspects.slice(0, 5).map((suspect) => ({
                kind: "step",
                round: 0,
                step: "localise",
                detail: `#${suspect.rank} ${suspect.file}:${suspect.startLine} ${suspect.name} (${suspect.score.toFixed(2)}): ${suspect.why}`
            }));
        case "evidence":
            return event.candidates.map((candidate) => ({
                kind: "step",
                round: event.round,
                step: "rank",
                detail: `#${candidate.index}: ${candidate.status}, ${candidate.summary}`
            }));
        case "reasoning":
            return [reasoningTraceEvent(event.event, event.round)];
    }
}

export interface RepairResponseInput {
    jobId: string;
    root: string;
    documents: TextDocuments<TextDocument>;
    /** The client can create files in a WorkspaceEdit. */
    createFiles: boolean;
}

export function repairResponse(result: RepairResult, input: RepairResponseInput): Omit<RepairResponse, "expert"> {
    // Fails to compile when the protocol's report drifts from the engine's.
    const report: RepairReport = repairReport(result);
    const files: RepairFileChange[] = [];
    const documentChanges: NonNullable<WorkspaceEdit["documentChanges"]> = [];
    for (const file of result.patch?.files ?? []) {
        const uri = pathToFileURL(join(input.root, file.file)).href;
        const open = input.documents.get(uri);
        // The chain read the open document's text (the overlay), so its edits fit that version.
        const documentVersion = !file.created && open && open.getText() === file.originalText ? open.version : null;
        files.push({
            uri,
            file: file.file,
            patchedText: file.patchedText,
            exists: !file.created,
            isTest: file.isTest,
            documentVersion
        });
        if (file.created) {
            documentChanges.push({ kind: "create", uri, options: { ignoreIfExists: false, overwrite: false } });
            documentChanges.push({
                textDocument: { uri, version: null },
                edits: [
                    {
                        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                        newText: file.patchedText
                    }
                ]
            });
        } else
            documentChanges.push({
                textDocument: { uri, version: documentVersion },
                edits: lspTextEdits(file.originalText, file.edits)
            });
    }
    const creates = files.some((f) => !f.exists);
    return {
        jobId: input.jobId,
        status: result.status,
        ...(documentChanges.length > 0 && (input.createFiles || !creates) ? { edit: { documentChanges } } : {}),
        files,
        report
    };
}
