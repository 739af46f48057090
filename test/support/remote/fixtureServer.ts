// An OpenAI-compatible server on loopback that replays scripted answers: recorded SSE streams written chunk by
// chunk, HTTP errors with headers, a connection that dies mid-stream, one that never answers. It records every
// request it gets and whether the client went away before the answer was complete.

import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What the server does with one chat completion request. */
export interface ScriptedAnswer {
    /** HTTP status; default 200. */
    status?: number;
    headers?: Record<string, string>;
    /** A whole (non-stream) body, e.g. an error's JSON. */
    body?: string;
    /** SSE text (or raw bytes) written one piece per write, so tags, events and characters can be split across network chunks. */
    chunks?: (string | Uint8Array)[];
    /** Pause before each chunk, in ms. */
    chunkDelayMs?: number;
    /** Destroy the connection after this many chunks (an endpoint that dies mid-stream). */
    dieAfterChunks?: number;
    /** Send the headers and then nothing, ever (an endpoint that hangs). */
    hang?: boolean;
}

export interface RecordedRequest {
    method: string;
    path: string;
    headers: IncomingHttpHeaders;
    body: Record<string, unknown> | undefined;
    /** Set when the client closed the connection before the answer was complete. */
    abandoned: boolean;
}

export interface FixtureServer {
    /** `http://127.0.0.1:PORT`. */
    url: string;
    requests: RecordedRequest[];
    chatRequests(): RecordedRequest[];
    close(): Promise<void>;
}

export interface FixtureServerOptions {
    /** What `GET /v1/models` lists. */
    models?: string[];
    /** The answer to the n-th chat completion request (n counts from 0). */
    answer: (n: number, body: Record<string, unknown>) => ScriptedAnswer;
    /** Answer `GET /v1/models` with this status instead (e.g. 401). */
    modelsStatus?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFixtureServer(options: FixtureServerOptions): Promise<FixtureServer> {
    const requests: RecordedRequest[] = [];
    const sockets = new Set<Socket>();
    let chatCount = 0;
    const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const recorded: RecordedRequest = {
                method: req.method ?? "",
                path: req.url ?? "",
                headers: req.headers,
                body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
                abandoned: false
            };
            requests.push(recorded);
            res.on("close", () => {
                if (!res.writableFinished) recorded.abandoned = true;
            });
            if (req.method === "GET" && /\/models$/.test(req.url ?? "")) {
                if (options.modelsStatus)
                    return void res
                        .writeHead(options.modelsStatus, { "content-type": "application/json" })
                        .end('{"error":{"message":"no"}}');
                const data = (options.models ?? ["fixture-model"]).map((id) => ({
                    id,
                    object: "model",
                    created: 1_700_000_000,
                    owned_by: "fixture"
                }));
                return void res
                    .writeHead(200, { "content-type": "application/json" })
                    .end(JSON.stringify({ object: "list", data }));
            }
            if (req.method === "POST" && /\/chat\/completions$/.test(req.url ?? "")) {
                void play(res, options.answer(chatCount++, recorded.body ?? {}));
                return;
            }
            res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
        });
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions")),
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            })
    };
}

async function play(res: ServerResponse, answer: ScriptedAnswer): Promise<void> {
    const status = answer.status ?? 200;
    if (answer.body !== undefined || status !== 200) {
        res.writeHead(status, { "content-type": "application/json", ...answer.headers }).end(answer.body ?? "");
        return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", ...answer.headers });
    res.flushHeaders();
    if (answer.hang) return;
    let written = 0;
    for (const chunk of answer.chunks ?? []) {
        if (answer.dieAfterChunks !== undefined && written >= answer.dieAfterChunks) {
            res.socket?.destroy();
            return;
        }
        if (answer.chunkDelayMs) await sleep(answer.chunkDelayMs);
        if (res.destroyed) return;
        res.write(chunk);
        written++;
    }
    if (answer.dieAfterChunks !== undefined && written >= answer.dieAfterChunks) {
        res.socket?.destroy();
        return;
    }
    res.end();
}
