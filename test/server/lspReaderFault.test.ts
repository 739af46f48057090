// `ponder lsp --stdio` under a raw client that breaks framing: after a frame whose Content-Length is larger than its
// body, or a body that is not JSON, the server says why on stderr and the process ends (it used to stay deaf,
// ignoring even `shutdown`), so an editor sees it end and VS Code restarts it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

function frame(body: string, declaredLength = Buffer.byteLength(body)): string {
    return `Content-Length: ${declaredLength}\r\n\r\n${body}`;
}

const initialize = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { processId: null, rootUri: null, capabilities: {} }
});
const shutdown = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "shutdown" });

const cases: { name: string; bad: string; stderr: RegExp }[] = [
    {
        name: "a Content-Length larger than its body",
        bad: frame(shutdown, Buffer.byteLength(shutdown) + 200),
        stderr: /stayed incomplete for \d+ ms \(its Content-Length is larger than what was sent\)/
    },
    { name: "a body that is not JSON", bad: frame("{not json"), stderr: /could not read a message from the client/ }
];

for (const { name, bad, stderr } of cases) {
    test(`lsp --stdio exits with a message after ${name}`, async () => {
        const root = await mkdtemp(join(tmpdir(), "ponder-lsp-frame-"));
        const child = spawn(process.execPath, [resolve("bin/ponder.js"), "lsp", "--stdio"], {
            cwd: root,
            env: { ...process.env, PONDER_STATE_DIR: join(root, ".state") },
            stdio: ["pipe", "pipe", "pipe"]
        });
        let stdout = "";
        let errors = "";
        child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
        });
        child.stderr.on("data", (chunk: Buffer) => {
            errors += chunk.toString();
        });
        const ended = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
        child.stdin.write(frame(initialize));
        // The server answers a well-formed request first: the fault is the bad frame's alone.
        while (!stdout.includes('"id":1')) await new Promise((wait) => setTimeout(wait, 50));
        child.stdin.write(bad);
        // A well-formed shutdown after it is swallowed into the bad frame's body (or never read): only the exit ends the wait.
        child.stdin.write(frame(shutdown));
        const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
        const code = await ended;
        clearTimeout(timer);
        assert.equal(code, 1, errors);
        assert.match(errors, stderr);
        assert.match(errors, /the connection is out of step, so the server exits/);
    });
}
