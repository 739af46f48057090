// The language server on a served model: with `ponder.endpoints` set, a fix job runs on an OpenAI-compatible
// endpoint (a real HTTP server on loopback streaming a recorded reply, reasoning in `reasoning_content`), with
// the API key the client passed from its secret storage, and the model status says "remote".
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FixResponse, ModelStatus, TraceParams } from "../../protocol/index.js";
import { sampleBugWorkspace, startLspClient, type LspTestClient } from "./lspTestClient.js";

const thought = "The update uses XOR, so n never reaches zero. Clearing the lowest set bit needs AND.";
const answer =
    '```python\ndef bitcount(n):\n    """Return the number of 1 bits in the binary form of a non-negative integer n."""\n    count = 0\n    while n:\n        n &= n - 1\n        count += 1\n    return count\n```\n\n' +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_three_has_two_bits():\n    assert bitcount(3) == 2\n```\n";
let http: Server;
let client: LspTestClient;
const authorizations: (string | undefined)[] = [];

function chunks(text: string, size: number): string[] {
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
    return parts;
}

before(async () => {
    http = createServer((request, response) => {
        authorizations.push(request.headers.authorization);
        if (request.url === "/v1/models") {
            response.writeHead(200, { "content-type": "application/json" });
            response.end(JSON.stringify({ object: "list", data: [{ id: "r1-served", object: "model" }] }));
            return;
        }
        response.writeHead(200, { "content-type": "text/event-stream" });
        const send = (delta: object, finish: string | null = null) =>
            response.write(
                `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
            );
        for (const part of chunks(thought, 7)) send({ reasoning_content: part });
        for (const part of chunks(answer, 11)) send({ content: part });
        send({}, "stop");
        response.end("data: [DONE]\n\n");
    });
    await new Promise<void>((done) => http.listen(0, "127.0.0.1", done));
    const { port } = http.address() as AddressInfo;
    client = await startLspClient(await sampleBugWorkspace(), {
        endpoints: [`http://127.0.0.1:${port}`],
        model: "r1-served",
        apiKey: "sk-from-secret-storage",
        candidates: 2,
        extraRounds: 0,
        trustedWorkspace: true
    });
});

after(async () => {
    await client.close();
    http.close();
});

test("a fix job on a served model: verified, the key sent as a bearer token, the status says remote", async () => {
    const uri = await client.open("bitcount.py");
    const result = (await client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        position: { line: 4, character: 8 }
    })) as FixResponse;
    assert.equal(result.status, "verified", JSON.stringify(result.evidence));
    assert.ok(authorizations.length >= 3, "models list and two candidates");
    assert.ok(authorizations.every((a) => a === "Bearer sk-from-secret-storage"));
    const status = (await client.rpc.sendRequest("ponder/modelStatus", null)) as ModelStatus;
    assert.equal(status.state, "loaded");
    assert.equal(status.description?.backend, "remote");
    assert.equal(status.description?.id, "r1-served");
    const traces = client.notifications.filter((n) => n.method === "ponder/trace").map((n) => n.params as TraceParams);
    const firstThought = traces
        .map((t) => t.event)
        .filter((e) => e.kind === "thought" && e.candidate === 0)
        .map((e) => (e.kind === "thought" ? e.text : ""))
        .join("");
    assert.equal(firstThought, thought, "the served reasoning streams into the trace");
    assert.ok(traces.filter((t) => t.event.kind === "thought").length > 10, "in many deltas");
    assert.ok(
        !traces.some((t) => JSON.stringify(t).includes("sk-from-secret-storage")),
        "the key never appears in a trace"
    );
});

test("a bad endpoint setting is refused with the setting named", async () => {
    const saved = client.settings;
    client.settings = { ...saved, endpoints: ["127.0.0.1:8080"] };
    try {
        const uri = await client.open("bitcount.py");
        await assert.rejects(
            client.rpc.sendRequest("ponder/fix", { textDocument: { uri }, position: { line: 4, character: 8 } }),
            /ponder\.endpoints must be a list of http\(s\) URLs/
        );
    } finally {
        client.settings = saved;
    }
});
