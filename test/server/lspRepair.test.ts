// The language server's fix from a failure, in-process over a stream pair: `ponder/projectTests` lists the project's
// own tests through pytest in the sandbox, `ponder/runProjectTests` runs the failing one by id, and `ponder/repair`
// with that id localises the bug in a helper of another module, proves a scripted model's patch against the project's
// tests and returns it as one WorkspaceEdit across files (never applying it). Bad parameters get clear errors.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ResponseError } from "vscode-jsonrpc/node.js";
import type { TextDocumentEdit } from "vscode-languageserver-protocol";
import { applyTextEdits, offsetAt } from "../../engine/testing.js";
import type { ProjectTestsResponse, RepairResponse, RunTestsResponse } from "../../protocol/index.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { startLspClient, type LspTestClient } from "./lspTestClient.js";

const failingTest = "tests/test_cart.py::test_total_with_code";
const fix =
    "<think>\napply_discount keeps the discount instead of the rest.\n</think>\n\nIn `shop/pricing.py`:\n\n```python\n" +
    "def apply_discount(amount, code):\n    rate = discount_rate(code)\n    return round(amount * (1 - rate), 2)\n```\n";
const model = join(testModelDir(), "lsp-repair.gguf");
let client: LspTestClient;
let root: string;

before(async () => {
    await buildScriptedModel(model, { replies: [fix] });
    root = await mkdtemp(join(tmpdir(), "ponder-lsp-repair-"));
    await cp("test/fixtures/repair/python-cart", root, { recursive: true });
    client = await startLspClient(root, {
        model,
        candidates: 1,
        extraRounds: 0,
        threads: 1,
        contextSize: 8192,
        trustedWorkspace: true
    });
});

after(async () => {
    await client.close();
});

test("ponder/projectTests lists the project's tests by pytest's ids; ponder/runProjectTests runs the failing one", async () => {
    const folder = client.uriOf("");
    const listed = (await client.rpc.sendRequest("ponder/projectTests", {
        textDocument: { uri: folder }
    })) as ProjectTestsResponse;
    assert.equal(listed.kind, "found", listed.message);
    assert.ok(
        listed.tests.some(
            (t) => t.id === failingTest && t.file === "tests/test_cart.py" && t.uri.endsWith("test_cart.py")
        ),
        JSON.stringify(listed.tests)
    );
    assert.ok(listed.tests.every((t) => t.file.startsWith("tests/")));
    const ran = (await client.rpc.sendRequest("ponder/runProjectTests", {
        textDocument: { uri: folder },
        ids: [failingTest]
    })) as RunTestsResponse;
    assert.equal(ran.kind, "ran", ran.message);
    assert.deepEqual(
        ran.tests.map((t) => [t.id, t.outcome]),
        [[failingTest, "failed"]]
    );
});

test("ponder/repair with a failing test's id: the helper in the other module is fixed, verified, and returned as an edit, not applied", async () => {
    const before = await readFile(join(root, "shop/pricing.py"), "utf8");
    const response = (await client.rpc.sendRequest("ponder/repair", {
        textDocument: { uri: client.uriOf("") },
        failure: { tests: [failingTest] }
    })) as RepairResponse;
    assert.equal(response.status, "verified", JSON.stringify(response.report.evidence));
    assert.deepEqual(
        response.report.failing.map((f) => [f.id, f.origin]),
        [[failingTest, "project"]]
    );
    assert.ok(response.report.localisation.suspects.some((s) => s.file === "shop/pricing.py"));
    assert.deepEqual(
        response.files.map((f) => [f.file, f.exists, f.isTest]),
        [["shop/pricing.py", true, false]]
    );
    assert.match(response.files[0]!.patchedText, /return round\(amount \* \(1 - rate\), 2\)/);
    // One WorkspaceEdit; applying its text edits to the file as read gives the patched text.
    const changes = response.edit!.documentChanges as TextDocumentEdit[];
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.textDocument.uri, client.uriOf("shop/pricing.py"));
    const edits = changes[0]!.edits.map((e) => ({
        start: offsetAt(before, e.range.start),
        end: offsetAt(before, e.range.end),
        newText: e.newText
    }));
    assert.equal(applyTextEdits(before, edits), response.files[0]!.patchedText);
    assert.match(response.report.patch!.files[0]!.diff, /^--- a\/shop\/pricing\.py/m);
    assert.equal(await readFile(join(root, "shop/pricing.py"), "utf8"), before, "the server never writes the file");
    // The trace streamed the localisation and the step lines.
    const steps = client.notifications
        .filter((n) => n.method === "ponder/trace")
        .map((n) => (n.params as { event: { kind: string; step?: string } }).event)
        .filter((e) => e.kind === "step")
        .map((e) => e.step);
    assert.ok(steps.includes("localise"), JSON.stringify(steps));
});

test("ponder/repair refuses a request without a failure, with the shapes it takes", async () => {
    const error = await client.rpc
        .sendRequest("ponder/repair", { textDocument: { uri: client.uriOf("") }, failure: { tests: [] } })
        .then(
            () => assert.fail("expected an error"),
            (e: unknown) => e
        );
    assert.ok(error instanceof ResponseError);
    assert.match(
        error.message,
        /\{ tests: \[ids\] \}, \{ testOutput: text \}, \{ issue: text \} or \{ runAll: true \}/
    );
});
