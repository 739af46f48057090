// The model lock is held only while tokens are generated: of two fix jobs sent back to back, the one that takes
// the model second has its first thought before the other one's verification ends (its "rank" step), because the
// other runs its reproduction tests in the sandbox meanwhile. Both are still proven.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { FixResponse, TraceParams } from "../../protocol/index.js";
import { startBitcountClient, type LspTestClient } from "./lspTestClient.js";

let client: LspTestClient;

before(async () => {
    client = await startBitcountClient("lsp-model-lock");
});

after(async () => {
    await client.close();
});

test("the second of two back-to-back fix jobs generates while the first verifies", async () => {
    const uri = await client.open("bitcount.py");
    const fix = (jobId: string) =>
        client.rpc.sendRequest("ponder/fix", {
            textDocument: { uri },
            position: { line: 5, character: 8 },
            jobId
        }) as Promise<FixResponse>;
    const [first, second] = await Promise.all([fix("first"), fix("second")]);
    assert.equal(first.status, "verified");
    assert.equal(second.status, "verified");
    const traces = client.notifications.flatMap((n, index) =>
        n.method === "ponder/trace" ? [{ index, trace: n.params as TraceParams }] : []
    );
    const at = (jobId: string, match: (event: TraceParams["event"]) => boolean) =>
        traces.find(({ trace }) => trace.jobId === jobId && match(trace.event))?.index ?? Number.POSITIVE_INFINITY;
    // Whichever job took the model first is "A"; the other, "B", must think while A still verifies.
    const thinks = (jobId: string) => at(jobId, (event) => event.kind === "thought");
    const [a, b] = thinks("first") < thinks("second") ? ["first", "second"] : ["second", "first"];
    const aVerified = at(a, (event) => event.kind === "step" && event.step === "rank");
    assert.ok(Number.isFinite(thinks(b)) && Number.isFinite(aVerified));
    assert.ok(
        thinks(b) < aVerified,
        `job ${b}'s first thought (#${thinks(b)}) came after job ${a}'s verification ended (#${aVerified})`
    );
});
