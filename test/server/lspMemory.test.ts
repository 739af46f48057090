// The language server with the solution memory and symbolic candidates: a second fix of a bug like the first
// recalls the first verified fix (in the trace the panel shows, and in the response's evidence), the exact
// tools' outcome travels in the evidence, and ponder.memorySize 0 turns the memory off.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { FixResponse, TraceParams } from "../../protocol/index.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { sampleBugWorkspace, startLspClient, type LspTestClient } from "./lspTestClient.js";

const goodFix =
    "<think>\nXOR never clears the bit; AND with n - 1 does.\n</think>\n\n" +
    '```python\ndef bitcount(n):\n    """Return the number of 1 bits in the binary form of a non-negative integer n."""\n    count = 0\n    while n:\n        n &= n - 1\n        count += 1\n    return count\n```\n\n' +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_three_has_two_bits():\n    assert bitcount(3) == 2\n```\n";
const model = join(testModelDir(), "lsp-memory-fix.gguf");
const clients: LspTestClient[] = [];

before(async () => {
    await buildScriptedModel(model, { replies: [goodFix] });
});
after(async () => {
    for (const client of clients) await client.close();
});

async function fixTwice(memorySize?: number) {
    const client = await startLspClient(await sampleBugWorkspace(), {
        model,
        candidates: 1,
        extraRounds: 0,
        threads: 1,
        contextSize: 8192,
        trustedWorkspace: true,
        ...(memorySize !== undefined ? { memorySize } : {})
    });
    clients.push(client);
    const uri = await client.open("bitcount.py");
    const range = { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } };
    const first = (await client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        range,
        jobId: "first",
        seed: 1
    })) as FixResponse;
    const second = (await client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        range,
        jobId: "second",
        seed: 1
    })) as FixResponse;
    const steps = client.notifications
        .filter((n) => n.method === "ponder/trace")
        .map((n) => n.params as TraceParams)
        .filter((t) => t.jobId === "second" && t.event.kind === "step")
        .map((t) => (t.event as { detail: string }).detail);
    return { first, second, steps };
}

test("the second fix recalls the first from the workspace's memory; the evidence carries the recall and the tools", async () => {
    const { first, second, steps } = await fixTwice();
    assert.equal(first.status, "verified");
    assert.deepEqual(first.evidence.memory?.recalled, []);
    assert.ok(first.evidence.memory?.storedId, "the first verified fix was stored");
    assert.equal(second.status, "verified");
    assert.equal(second.evidence.memory?.recalled.length, 1);
    const recalled = second.evidence.memory!.recalled[0]!;
    assert.equal(recalled.target, "bitcount");
    assert.equal(recalled.inPrompt, true);
    assert.equal(recalled.patternInWinningPatch, true);
    assert.match(recalled.source, /ponder-test-state\/workspaces\/ponder-lsp-\w+-[0-9a-f]{12}\/memory\.json$/);
    assert.ok(
        steps.some((d) =>
            /^recalled 1 verified fix\(es\) from .*: bitcount in bitcount\.py \(similarity 1\.00\)/.test(d)
        ),
        steps.join("\n")
    );
    assert.deepEqual(second.evidence.symbolic, {
        sources: [
            {
                tool: "ruff",
                status: "unavailable",
                detail: "ruff is not on PATH, so Python has no linter fixes (install ruff to add them)"
            }
        ],
        modelCancelled: false
    });
});

test("ponder.memorySize 0 turns the memory off", async () => {
    const { second } = await fixTwice(0);
    assert.equal(second.status, "verified");
    assert.equal(second.evidence.memory, undefined);
});
