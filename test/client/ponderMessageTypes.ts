// Compile-time checks of client/ponderMessages.ts, run by `tsc -b` rather than at test time: a request's
// parameters and result follow from its protocol descriptor, so each `@ts-expect-error` below fails the build
// if a mismatched call starts to type-check.

import type { LanguageClient } from "vscode-languageclient/node.js";
import type { onPonderNotification, sendPonderRequest } from "../../client/ponderMessages.js";
import {
    cancelRequest,
    generateTestsRequest,
    modelStatusRequest,
    runTestsRequest,
    traceNotification,
    type CancelResponse,
    type FixResponse,
    type GenerateTestsResponse,
    type ModelStatus,
    type RunTestsResponse
} from "../../protocol/index.js";

declare const send: typeof sendPonderRequest;
declare const listen: typeof onPonderNotification;

export function typedCalls(client: LanguageClient): Promise<unknown>[] {
    const status: Promise<ModelStatus> = send(client, modelStatusRequest, null);
    const cancelled: Promise<CancelResponse> = send(client, cancelRequest, { jobId: "job-1" });
    const generated: Promise<GenerateTestsResponse> = send(client, generateTestsRequest, {
        textDocument: { uri: "file:///a.py" },
        symbol: "median"
    });
    const ran: Promise<RunTestsResponse> = send(client, runTestsRequest, {
        textDocument: { uri: "file:///test_a.py" }
    });
    listen(client, traceNotification, (params) => void params.event.kind);
    return [status, cancelled, generated, ran];
}

export function mismatchedCalls(client: LanguageClient): Promise<unknown>[] {
    // @ts-expect-error: ponder/cancel takes { jobId }.
    const wrongParams = send(client, cancelRequest, { id: "job-1" });
    // @ts-expect-error: ponder/cancel answers a CancelResponse, not a FixResponse.
    const wrongResult: Promise<FixResponse> = send(client, cancelRequest, { jobId: "job-1" });
    // @ts-expect-error: running tests needs the test file.
    const missingDocument = send(client, runTestsRequest, { names: ["test_a"] });
    // @ts-expect-error: a trace notification's params have no `status`.
    listen(client, traceNotification, (params) => void params.status);
    return [wrongParams, wrongResult, missingDocument];
}
