// The server's workspace is the editor's open buffers over the disk: a test file that exists only as an unsaved
// buffer is listed, copied into the sandbox and run as an existing test, exactly like one on disk.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { access } from "node:fs/promises";
import { join } from "node:path";
import type { FixResponse, TraceParams } from "../../protocol/index.js";
import { startBitcountClient, type LspTestClient } from "./lspTestClient.js";

let client: LspTestClient;

before(async () => {
    client = await startBitcountClient("lsp-unsaved");
});

after(async () => {
    await client.close();
});

/** How many existing tests passed on the original code, as the job's verify step says. */
async function existingTestsOfFix(jobId: string): Promise<number> {
    const uri = await client.open("bitcount.py");
    const response = (await client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        position: { line: 5, character: 8 },
        jobId
    })) as FixResponse;
    assert.equal(response.status, "verified");
    const verify = client.notifications
        .filter((n) => n.method === "ponder/trace")
        .map((n) => n.params as TraceParams)
        .find((t) => t.jobId === jobId && t.event.kind === "step" && t.event.step === "verify");
    const detail = verify?.event.kind === "step" ? verify.event.detail : "";
    const match = /(\d+) existing/.exec(detail);
    assert.ok(match, `no count of existing tests in "${detail}"`);
    return Number(match[1]);
}

test("an unsaved new test file is seen by the fix chain and runs in the sandbox", async () => {
    assert.equal(await existingTestsOfFix("saved-only"), 1, "test_bitcount.py's one test");
    const unsaved = "from bitcount import bitcount\n\n\ndef test_zero_again():\n    assert bitcount(0) == 0\n";
    await client.open("test_unsaved.py", unsaved);
    await assert.rejects(access(join(client.root, "test_unsaved.py")), "the buffer was never saved");
    assert.equal(await existingTestsOfFix("with-unsaved"), 2, "test_bitcount.py's test and the unsaved buffer's");
});
