// The language server's port job, in-process: `ponder/port` on a Python file with a scripted model whose Rust
// port floors the wrong way proves nothing: the response says "differs", names the counterexample, offers the
// crate as one edit that creates new files (never touching the original), and streams a trace naming the unit.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CreateFile } from "vscode-languageserver-protocol";
import type { PortResponse, TraceParams } from "../../protocol/index.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { portReplies } from "../support/portReplies.js";
import { startLspClient, type LspTestClient } from "./lspTestClient.js";

let client: LspTestClient;
let root: string;

before(async () => {
    const model = join(testModelDir(), "lsp-port.gguf");
    await buildScriptedModel(model, { replies: [portReplies.halveTruncating] });
    root = await mkdtemp(join(tmpdir(), "ponder-lsp-port-"));
    await cp("test/fixtures/port/halve", root, { recursive: true });
    client = await startLspClient(root, { model, threads: 1, contextSize: 8192, trustedWorkspace: true });
});

after(async () => {
    await client.close();
});

test("ponder/port reports the counterexample of a port that differs and offers the crate as new files only", async () => {
    const uri = await client.open("halve.py");
    const original = await readFile(join(root, "halve.py"), "utf8");
    const result = (await client.rpc.sendRequest("ponder/port", {
        textDocument: { uri },
        to: "rust",
        cases: 50,
        jobId: "port-1"
    })) as PortResponse;
    assert.equal(result.status, "differs");
    const halve = result.units.find((u) => u.name === "halve")!;
    assert.equal(halve.compiled, true);
    assert.ok(halve.counterexamples.length > 0 && halve.equal < halve.cases, JSON.stringify(halve));
    const [first] = halve.counterexamples;
    assert.match(first!.text, /^halve\(-\d+\): the original gives -\d+, the port -?\d+$/);
    // The same counterexample as values: the CLI's --json and this response are one report (portReport).
    assert.equal(first!.expected.kind, "value");
    assert.equal(typeof first!.args[0], "number");
    assert.equal(result.outDir.length > 0 && result.outDirUri.endsWith(result.outDir), true);
    const creates = result.edit!.documentChanges!.filter((c): c is CreateFile => "kind" in c && c.kind === "create");
    assert.ok(
        creates.some((c) => c.uri.endsWith("/src/lib.rs")),
        JSON.stringify(creates.map((c) => c.uri))
    );
    assert.ok(
        creates.every((c) => c.uri.startsWith(client.uriOf("")) && c.uri !== uri),
        "only new files, never the original"
    );
    assert.equal(result.mainUri, creates.find((c) => c.uri.endsWith("/src/lib.rs"))!.uri);
    assert.equal(await readFile(join(root, "halve.py"), "utf8"), original);
    assert.deepEqual((await readdir(root)).sort(), ["halve.py"], "the server writes nothing");
    const traces = client.notifications
        .filter((n) => n.method === "ponder/trace")
        .map((n) => n.params as TraceParams)
        .filter((t) => t.jobId === "port-1");
    assert.ok(traces.some((t) => t.event.kind === "thought" && t.event.unit === "halve"));
    assert.ok(traces.some((t) => t.event.kind === "step" && t.event.step === "differential"));
    assert.deepEqual(traces.at(-1)!.event, { kind: "done", status: "differs" });
});

test("ponder/port refuses a pair it does not support and a folder that holds the user's files", async () => {
    const uri = await client.open("halve.py");
    await assert.rejects(
        client.rpc.sendRequest("ponder/port", { textDocument: { uri }, to: "cobol" }),
        /to must be "rust" or "typescript"/
    );
    const ts = client.uriOf("x.ts");
    await client.rpc.sendNotification("textDocument/didOpen", {
        textDocument: { uri: ts, languageId: "typescript", version: 1, text: "export const a = 1;\n" }
    });
    await assert.rejects(
        client.rpc.sendRequest("ponder/port", { textDocument: { uri: ts }, to: "rust" }),
        /cannot port x\.ts to rust/
    );
});
