// The language server with experts: a weak expert's fix does not verify, so the job escalates to the strong one
// (the trace says so as it happens, the response's `expert` says who answered and why), the router's state of the
// workspace records both outcomes, and `ponder/accepted` keeps the verified result as a training example only when
// ponder.keepDataset is on.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { tmpdir } from "node:os";
import type { AcceptedResponse, FixResponse, TraceEvent, TraceParams } from "../../protocol/index.js";
import { workspaceStateDir } from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { sampleBugWorkspace, startLspClient, type LspTestClient } from "./lspTestClient.js";

const goodFix =
    "<think>\nXOR never clears the bit; AND with n - 1 does.\n</think>\n\n" +
    '```python\ndef bitcount(n):\n    """Return the number of 1 bits in the binary form of a non-negative integer n."""\n    count = 0\n    while n:\n        n &= n - 1\n        count += 1\n    return count\n```\n\n' +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_three_has_two_bits():\n    assert bitcount(3) == 2\n```\n";
// Shifting counts every bit position, not the ones: its own test (4 has one bit) fails on the patch.
const wrongFix =
    "<think>\nShift the number right until it is zero.\n</think>\n\n" +
    '```python\ndef bitcount(n):\n    """Return the number of 1 bits in the binary form of a non-negative integer n."""\n    count = 0\n    while n:\n        n >>= 1\n        count += 1\n    return count\n```\n\n' +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_four_has_one_bit():\n    assert bitcount(4) == 1\n```\n";
const strongModel = join(testModelDir(), "lsp-experts-strong.gguf");
const weakModel = join(testModelDir(), "lsp-experts-weak.gguf");
const clients: LspTestClient[] = [];
// The strong expert is guessed to cost far more, so the router tries the weak one first.
const experts = {
    includeDefaults: false,
    experts: [
        { name: "weak", model: weakModel, strength: 1, relativeCost: 1 },
        { name: "strong", model: strongModel, strength: 2, relativeCost: 40 }
    ]
};

before(async () => {
    await buildScriptedModel(strongModel, { replies: [goodFix] });
    await buildScriptedModel(weakModel, { replies: [wrongFix] });
});
after(async () => {
    for (const client of clients) await client.close();
});

async function fix(settings: Record<string, unknown>, jobId: string) {
    const client = await startLspClient(await sampleBugWorkspace(), {
        experts,
        candidates: 1,
        extraRounds: 0,
        threads: 1,
        contextSize: 8192,
        trustedWorkspace: true,
        memorySize: 0,
        testTimeoutSeconds: 3,
        ...settings
    });
    clients.push(client);
    const uri = await client.open("bitcount.py");
    const range = { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } };
    const response = (await client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        range,
        jobId,
        seed: 1
    })) as FixResponse;
    const events = client.notifications
        .filter((n) => n.method === "ponder/trace")
        .map((n) => (n.params as TraceParams).event);
    return { client, response, events };
}

test("an unverified fix escalates to the stronger expert; the trace and the response say who answered and why; the router keeps both outcomes", async () => {
    const { client, response, events } = await fix({ keepDataset: true }, "escalate");
    assert.equal(response.status, "verified");
    assert.equal(response.expert.name, "strong");
    assert.equal(response.expert.model, "ponder-test-scripted", "the model id the GGUF names");
    assert.equal(response.expert.escalatedFrom, "weak");
    assert.match(response.expert.why, /weak did not verify it, so the next stronger expert took over/);
    assert.deepEqual(
        response.expert.attempts.map((a) => [a.expert, a.verified]),
        [
            ["weak", false],
            ["strong", true]
        ]
    );
    const expertEvents = events.filter((e): e is Extract<TraceEvent, { kind: "expert" }> => e.kind === "expert");
    assert.deepEqual(
        expertEvents.map((e) => [e.name, e.escalatedFrom]),
        [
            ["weak", undefined],
            ["strong", "weak"]
        ]
    );
    assert.ok(expertEvents[0]!.estimatedSuccessRate > 0 && expertEvents[0]!.estimatedSuccessRate < 1);
    // The expert events come before the chain's steps of their attempt.
    assert.ok(events.findIndex((e) => e.kind === "expert") < events.findIndex((e) => e.kind === "step"));

    const stateDir = workspaceStateDir(client.root, { PONDER_STATE_DIR: join(tmpdir(), "ponder-test-state") });
    const router = JSON.parse(await readFile(join(stateDir, "router.json"), "utf8")) as {
        experts: Record<string, Record<string, { verified: number; unverified: number }>>;
    };
    assert.deepEqual(router.experts["weak"]!["kind=fix|lang=python"], {
        ...router.experts["weak"]!["kind=fix|lang=python"],
        verified: 0,
        unverified: 1
    });
    assert.deepEqual(router.experts["strong"]!["kind=fix|lang=python"], {
        ...router.experts["strong"]!["kind=fix|lang=python"],
        verified: 1,
        unverified: 0
    });

    const accepted = (await client.rpc.sendRequest("ponder/accepted", { jobId: "escalate" })) as AcceptedResponse;
    assert.equal(accepted.kept, true, accepted.message);
    const lines = (await readFile(join(stateDir, "dataset", "examples.jsonl"), "utf8")).trim().split("\n");
    assert.equal(lines.length, 1);
    const example = JSON.parse(lines[0]!) as {
        kind: string;
        thought: string;
        answer: string;
        metadata: { expert: string; model: string };
    };
    assert.equal(example.kind, "fix");
    assert.equal(example.metadata.expert, "strong");
    assert.match(example.thought, /AND with n - 1/);
    assert.match(example.answer, /n &= n - 1/);
    // A job is accepted once.
    const again = (await client.rpc.sendRequest("ponder/accepted", { jobId: "escalate" })) as AcceptedResponse;
    assert.equal(again.kept, false);
    assert.match(again.message, /not among the last 32 finished jobs/);
});

test("ponder.expert starts with the named expert; with the dataset off an accepted result is not kept", async () => {
    const { client, response, events } = await fix({ expert: "strong" }, "chosen");
    assert.equal(response.status, "verified");
    assert.equal(response.expert.name, "strong");
    assert.equal(response.expert.escalatedFrom, undefined);
    assert.match(response.expert.why, /^chosen by the user/);
    assert.equal(response.expert.attempts.length, 1);
    assert.equal(events.filter((e) => e.kind === "expert").length, 1);
    const accepted = (await client.rpc.sendRequest("ponder/accepted", { jobId: "chosen" })) as AcceptedResponse;
    assert.deepEqual(accepted, {
        kept: false,
        message: "Not kept as a training example: the dataset is off (ponder.keepDataset)."
    });
});

test("bad expert settings fail the job with a message naming the setting; an unknown expert lists the known ones", async () => {
    const client = await startLspClient(await sampleBugWorkspace(), {
        experts: [{ name: "x", strength: 1 }],
        trustedWorkspace: true
    });
    clients.push(client);
    const uri = await client.open("bitcount.py");
    const range = { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } };
    await assert.rejects(client.rpc.sendRequest("ponder/fix", { textDocument: { uri }, range }), /ponder\.experts/);
    client.settings = { experts, expert: "nobody", trustedWorkspace: true };
    await assert.rejects(
        client.rpc.sendRequest("ponder/fix", { textDocument: { uri }, range }),
        /There is no expert named "nobody"\. Experts: weak, strong\./
    );
});
