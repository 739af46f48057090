// The test-generation job's conversions: `ponder/tests` parameters into the engine's TestsRequest (the symbol
// around the cursor, or the whole file), the chain's events into trace events, and its TestsResult into the
// protocol's response with the test files as one edit that creates or extends them.

import { pathToFileURL } from "node:url";
import { join } from "node:path";
import type { WorkspaceEdit } from "vscode-languageserver/node.js";
import {
    findEnclosingFunction,
    languageOfPath,
    testsReport,
    type TestsEvent,
    type TestsRequest,
    type TestsResult
} from "../engine/index.js";
import type { GenerateTestsParams, GenerateTestsResponse, TraceEvent } from "../protocol/index.js";
import { lspTextEdits, offsetRange, reasoningTraceEvent } from "./lspConversions.js";
import { invalidParams } from "./responseErrors.js";
import type { JobSettings } from "./settings.js";
import { checkWholeNumbers } from "./jobParams.js";

export function checkGenerateTestsParams(params: GenerateTestsParams): void {
    if (params === null || typeof params !== "object" || typeof params.textDocument?.uri !== "string")
        throw invalidParams(
            "ponder/tests needs { textDocument: { uri } } and a position, a range, a symbol or wholeFile."
        );
    if (params.symbol !== undefined && (typeof params.symbol !== "string" || params.symbol.trim() === ""))
        throw invalidParams("ponder/tests: symbol must be a function, method or class name of the file.");
}

/** The engine's request: the symbol wins, then the function around the range or position, else the whole file. */
export async function generateTestsRequestOf(
    params: GenerateTestsParams,
    file: string,
    text: string,
    settings: JobSettings
): Promise<TestsRequest> {
    const candidates = params.candidates ?? settings.candidates;
    checkWholeNumbers("ponder/tests", [
        ["candidates", candidates, 1, 16],
        ["runs", params.runs, 1, 20],
        ["thinkBudget", params.thinkBudget ?? settings.thinkBudget, 1, 1 << 20],
        ["seed", params.seed, 0, Number.MAX_SAFE_INTEGER]
    ]);
    let symbol = params.wholeFile ? undefined : params.symbol;
    const where = params.range ?? (params.position ? { start: params.position, end: params.position } : undefined);
    const language = languageOfPath(file);
    if (!params.wholeFile && symbol === undefined && where && language) {
        symbol = (await findEnclosingFunction(text, language, offsetRange(text, where)))?.qualifiedName;
    }
    const thinkBudget = params.thinkBudget ?? settings.thinkBudget;
    return {
        file,
        candidates,
        ...(symbol !== undefined ? { symbol } : {}),
        ...(params.runs !== undefined ? { runs: params.runs } : {}),
        ...(thinkBudget !== undefined ? { thinkBudget } : {}),
        ...(params.seed !== undefined ? { seed: params.seed } : {}),
        ...(settings.testTimeoutMs !== undefined ? { testTimeoutMs: settings.testTimeoutMs } : {}),
        ...(settings.parallelRuns !== undefined ? { parallelRuns: settings.parallelRuns } : {})
    };
}

/** The trace event of a test-generation chain event (one round: the tests chain samples once). */
export function generateTestsTraceEvent(event: TestsEvent): TraceEvent {
    if (event.kind === "step") return { kind: "step", round: 0, step: event.step, detail: event.detail };
    if (event.kind === "test") return { kind: "test", name: event.name, verdict: event.verdict, reason: event.reason };
    return reasoningTraceEvent(event.event, 0);
}

export interface GenerateTestsResponseInput {
    jobId: string;
    root: string;
    /** Current texts of the test files that exist (the edits' offsets refer to them). */
    existingTexts: Record<string, string>;
    /** The client can create files in a WorkspaceEdit. */
    createFiles: boolean;
}

export function generateTestsResponse(
    result: TestsResult,
    input: GenerateTestsResponseInput
): Omit<GenerateTestsResponse, "expert"> {
    const uriOf = (file: string) => pathToFileURL(join(input.root, file)).href;
    const testFiles = result.edits.map((edit) => ({
        uri: uriOf(edit.file),
        created: edit.created,
        newText: edit.newText
    }));
    let edit: WorkspaceEdit | undefined;
    if (result.kept.length > 0 && (input.createFiles || result.edits.every((e) => !e.created))) {
        const documentChanges: NonNullable<WorkspaceEdit["documentChanges"]> = [];
        for (const change of result.edits) {
            const uri = uriOf(change.file);
            if (change.created) {
                documentChanges.push({ kind: "create", uri, options: { ignoreIfExists: false, overwrite: false } });
                documentChanges.push({
                    textDocument: { uri, version: null },
                    edits: [
                        {
                            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                            newText: change.newText
                        }
                    ]
                });
            } else {
                documentChanges.push({
                    textDocument: { uri, version: null },
                    edits: lspTextEdits(input.existingTexts[change.file] ?? "", change.edits)
                });
            }
        }
        edit = { documentChanges };
    }
    // The engine's one report; the server adds the job id, the edit and the test files, and turns paths into URIs.
    const { file, kept, ...report } = testsReport(result);
    return {
        jobId: input.jobId,
        ...report,
        fileUri: uriOf(file),
        ...(edit ? { edit } : {}),
        testFiles,
        kept: kept.map(({ file, ...test }) => ({ ...test, uri: uriOf(file) }))
    };
}
