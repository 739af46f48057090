// Benchmarks of the language server: code-action latency idle and while a fix job generates and verifies
// (code actions must never wait behind a generation), the server's resident memory with no model loaded, and two
// fix jobs back to back against one after the other (the model lock).

import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { sampleBugWorkspace, startLspClient } from "../server/lspTestClient.js";
import type { BenchRow } from "./BenchRow.js";
import { backToBackFixes } from "./modelLockBench.js";

const reply =
    "<think>\nXOR never clears the low bit.\n</think>\n\n```python\ndef bitcount(n):\n    count = 0\n    while n:\n        n &= n - 1\n        count += 1\n    return count\n```\n\n" +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_three():\n    assert bitcount(3) == 2\n```\n";

function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function codeActionLatency(): Promise<BenchRow[]> {
    const model = join(testModelDir(), "bench-lsp.gguf");
    await buildScriptedModel(model, { replies: [reply] });
    const client = await startLspClient(await sampleBugWorkspace(), {
        model,
        candidates: 4,
        extraRounds: 0,
        threads: 1,
        contextSize: 8192,
        trustedWorkspace: true
    });
    const uri = await client.open("bitcount.py");
    const range = { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } };
    const measure = async () => {
        const started = performance.now();
        const actions = (await client.rpc.sendRequest("textDocument/codeAction", {
            textDocument: { uri },
            range,
            context: { diagnostics: [] }
        })) as unknown[];
        if (!Array.isArray(actions) || actions.length === 0)
            throw new Error("the server offered no code action for bitcount");
        return performance.now() - started;
    };
    try {
        const idle: number[] = [];
        for (let i = 0; i < 40; i++) idle.push(await measure());
        const busy: number[] = [];
        let done = false;
        const job = client.rpc
            .sendRequest("ponder/fix", { textDocument: { uri }, position: range.start, seed: 1 })
            .finally(() => {
                done = true;
            });
        // Pace the requests like an editor does (one per cursor move), so the job still gets the event loop.
        while (!done) {
            busy.push(await measure());
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await job;
        return [
            {
                name: "code action latency p95, idle",
                value: percentile(idle, 95),
                unit: "ms",
                note: `p50 ${percentile(idle, 50).toFixed(1)} ms`
            },
            {
                name: "code action latency p95, during a fix job",
                value: percentile(busy, 95),
                unit: "ms",
                note: `${busy.length} requests, p50 ${percentile(busy, 50).toFixed(1)} ms`
            }
        ];
    } finally {
        await client.close();
    }
}

/** Starts `ponder lsp --stdio`, initializes it, and reads its resident memory from /proc. */
async function serverMemory(): Promise<BenchRow[]> {
    const child = spawn(process.execPath, ["bin/ponder.js", "lsp", "--stdio"], { stdio: ["pipe", "pipe", "ignore"] });
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    rpc.listen();
    try {
        const root = await sampleBugWorkspace();
        await rpc.sendRequest("initialize", { processId: null, rootUri: pathToFileURL(root).href, capabilities: {} });
        await rpc.sendNotification("initialized", {});
        await rpc
            .sendRequest("textDocument/codeAction", {
                textDocument: { uri: pathToFileURL(join(root, "bitcount.py")).href },
                range: { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } },
                context: { diagnostics: [] }
            })
            .catch(() => undefined);
        const status = await readFile(`/proc/${child.pid}/status`, "utf8");
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        return [
            {
                name: "language server resident memory, no model",
                value: kb / 1024,
                unit: "MB",
                note: "after initialize and one code action"
            }
        ];
    } finally {
        rpc.dispose();
        child.kill();
    }
}

export async function runServerBenchmarks(): Promise<BenchRow[]> {
    return [...(await serverMemory()), ...(await codeActionLatency()), ...(await backToBackFixes())];
}
