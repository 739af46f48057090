// How every handler's failure reaches the client: one clear ResponseError. A cancelled job becomes
// RequestCancelled (-32800), the user's own mistakes (a bad setting, an untrusted workspace, a file outside
// the workspace) keep the engine's message, and anything else is an internal error logged with its stack.

import { ErrorCodes, LSPErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import { PonderError } from "../engine/index.js";
import { JobCancelledError } from "./ModelLock.js";

export function cancelledError(): ResponseError<void> {
    return new ResponseError(LSPErrorCodes.RequestCancelled, "The request was cancelled.");
}

export function invalidParams(message: string): ResponseError<void> {
    return new ResponseError(ErrorCodes.InvalidParams, message);
}

export function isCancellation(error: unknown): boolean {
    if (error instanceof JobCancelledError) return true;
    const name = (error as { name?: unknown } | null)?.name;
    return name === "AbortError";
}

/** The response error for anything a handler threw; `log` gets the stack of unexpected faults. */
export function toResponseError(
    error: unknown,
    method: string,
    log: (message: string) => void
): ResponseError<unknown> {
    if (error instanceof ResponseError) return error;
    if (isCancellation(error)) return cancelledError();
    if (error instanceof PonderError) return new ResponseError(LSPErrorCodes.RequestFailed, error.message);
    const message = error instanceof Error ? error.message : String(error);
    log(`${method} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
    return new ResponseError(ErrorCodes.InternalError, `Ponder internal error in ${method}: ${message}`);
}
