// Errors of a remote model endpoint, each with a message that says what to do about it.

import { PonderError, type FaultKind } from "../../errors.js";

/** An HTTP error answer from the server; the runtime decides whether to retry it. */
export class RemoteRequestError extends Error {
    constructor(
        readonly status: number,
        readonly body: string,
        readonly retryAfter: string | null
    ) {
        super(`HTTP ${status}: ${body.split("\n")[0]}`);
    }

    get retryable(): boolean {
        return this.status === 429 || this.status >= 500;
    }

    /** Milliseconds the server asked to wait (Retry-After in seconds or as a date), if it did. */
    retryAfterMs(): number | undefined {
        if (!this.retryAfter) return undefined;
        const seconds = Number(this.retryAfter);
        if (Number.isFinite(seconds)) return seconds * 1000;
        const date = Date.parse(this.retryAfter);
        return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
    }
}

/** A reply stream that broke off: the connection dropped, the server sent an error event, or the stream ended
 * without `[DONE]` or a finish reason. Retryable: the candidate starts again, on another endpoint if there is one. */
export class RemoteStreamError extends Error {
    readonly retryable = true;
}

/** An endpoint URL as it may be shown or recorded: without user, password or query (where keys sometimes go). */
export function displayUrl(url: string): string {
    try {
        const parsed = new URL(url);
        parsed.username = "";
        parsed.password = "";
        parsed.search = "";
        return parsed.toString().replace(/\/+$/, "");
    } catch {
        return url;
    }
}

/**
 * An endpoint that cannot serve the job. Whose fault follows the cause: a refused API key or a model the endpoint does
 * not serve is the user's configuration (bad input); nothing listening, a server error or a broken stream is the
 * environment's.
 */
export class RemoteEndpointError extends PonderError {
    override readonly fault: FaultKind;

    constructor(message: string, options: { cause?: unknown; fault?: FaultKind } = {}) {
        super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
        this.fault = options.fault ?? endpointFault(options.cause);
    }
}

/** The user's configuration is at fault for a refused key (401, 403) and an unknown model (404); else the environment. */
export function endpointFault(cause: unknown): FaultKind {
    return cause instanceof RemoteRequestError && [401, 403, 404].includes(cause.status) ? "badInput" : "environment";
}

/** Turns a failure of one endpoint into the message a user can act on. */
export function describeEndpointFailure(
    url: string,
    model: string,
    error: unknown,
    apiKeyEnv?: string,
    served?: string[]
): string {
    const endpoint = url.split(", ").map(displayUrl).join(", ");
    if (error instanceof RemoteStreamError) return `${endpoint} broke off the reply mid-stream (${error.message}).`;
    if (error instanceof RemoteRequestError) {
        if (error.status === 401 || error.status === 403)
            return `${endpoint} refused the API key (HTTP ${error.status}). ${apiKeyEnv ? `Check the key in $${apiKeyEnv}.` : "Pass one with --api-key-env NAME."}`;
        if (error.status === 404) {
            const list =
                served && served.length > 0
                    ? `it serves ${served.map((id) => `"${id}"`).join(", ")}`
                    : `list what it serves with \`ponder models --endpoint ${endpoint}\``;
            return `${endpoint} does not serve the model "${model}" (HTTP 404); ${list}.`;
        }
        return `${endpoint} answered HTTP ${error.status}: ${error.body.split("\n")[0]?.slice(0, 200)}`;
    }
    const cause = (error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } } | undefined)
        ?.cause;
    const text = [
        error instanceof Error ? error.message : String(error),
        cause?.code ?? "",
        cause?.message ?? "",
        ...(cause?.errors ?? []).map((e) => e.code ?? "")
    ].join(" ");
    if (/ECONNREFUSED/.test(text))
        return `Nothing is listening at ${endpoint} (connection refused). Start the server or check the URL.`;
    if (/ECONNRESET|UND_ERR_SOCKET|other side closed/.test(text))
        return `${endpoint} closed the connection before answering; it may be restarting or overloaded.`;
    if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `The host of ${endpoint} cannot be resolved.`;
    if (/timed? ?out|ETIMEDOUT|UND_ERR_.*TIMEOUT/i.test(text)) return `${endpoint} did not answer in time.`;
    return `${endpoint} failed: ${text.trim().split("\n")[0]}`;
}
