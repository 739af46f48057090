// The language server's tests job and test runs, in-process over a stream pair: `ponder/tests` on the function
// around the cursor keeps the scripted model's good tests and returns them as one edit of the existing test
// file (never writing it), streams each test's verdict, and `ponder/runTests` runs a test file's tests in the
// sandbox, the unsaved or generated text included, for the Test Explorer.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TextDocumentEdit } from "vscode-languageserver-protocol";
import { applyTextEdits, offsetAt } from "../../engine/testing.js";
import type { GenerateTestsResponse, ModelStatus, RunTestsResponse, TraceParams } from "../../protocol/index.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { startLspClient, type LspTestClient } from "./lspTestClient.js";

const reply =
    "<think>\nclamp has three paths; the existing test covers only the inside one.\n</think>\n\n" +
    "```python\nfrom stats import clamp\n\n\ndef test_clamp_below_range():\n    assert clamp(-5, 0, 10) == 0\n\n\n" +
    "def test_clamp_above_range():\n    assert clamp(15, 0, 10) == 10\n\n\ndef test_clamp_no_assert():\n    clamp(1, 0, 10)\n```\n";
let client: LspTestClient;
let root: string;

before(async () => {
    const model = join(testModelDir(), "lsp-tests.gguf");
    await buildScriptedModel(model, { replies: [reply] });
    root = await mkdtemp(join(tmpdir(), "ponder-lsp-tests-"));
    await cp("test/fixtures/tests/py-stats", root, { recursive: true });
    client = await startLspClient(root, {
        model,
        candidates: 1,
        threads: 1,
        contextSize: 8192,
        trustedWorkspace: true
    });
});

after(async () => {
    await client.close();
});

test("ponder/tests keeps the tests that pass and add coverage, as one edit of the existing test file, and leaves the files alone", async () => {
    const uri = await client.open("stats.py");
    const testFileBefore = await readFile(join(root, "test_stats.py"), "utf8");
    const result = (await client.rpc.sendRequest("ponder/tests", {
        textDocument: { uri },
        position: { line: 2, character: 8 },
        jobId: "tests-1",
        seed: 1,
        runs: 2
    })) as GenerateTestsResponse;
    assert.equal(result.status, "kept");
    assert.equal(result.target, "clamp");
    assert.equal(result.framework, "pytest");
    assert.deepEqual(result.kept.map((k) => k.name).sort(), ["test_clamp_above_range", "test_clamp_below_range"]);
    assert.ok(
        result.dropped.some((d) => d.name === "test_clamp_no_assert" && /asserts nothing/.test(d.reason)),
        JSON.stringify(result.dropped)
    );
    assert.ok(result.coverage.after > result.coverage.before, JSON.stringify(result.coverage));
    const [change] = result.edit!.documentChanges! as TextDocumentEdit[];
    assert.equal(result.edit!.documentChanges!.length, 1);
    assert.equal(change!.textDocument.uri, client.uriOf("test_stats.py"));
    const applied = applyTextEdits(
        testFileBefore,
        change!.edits.map((e) => ({
            start: offsetAt(testFileBefore, e.range.start),
            end: offsetAt(testFileBefore, e.range.end),
            newText: e.newText
        }))
    );
    assert.equal(applied, result.testFiles[0]!.newText);
    assert.match(applied, /def test_clamp_inside\(\):[\s\S]*def test_clamp_below_range\(\):/);
    assert.equal(
        await readFile(join(root, "test_stats.py"), "utf8"),
        testFileBefore,
        "the server never writes the tests"
    );

    const traces = client.notifications
        .filter((n) => n.method === "ponder/trace")
        .map((n) => n.params as TraceParams)
        .filter((t) => t.jobId === "tests-1");
    assert.ok(traces.some((t) => t.event.kind === "thought"));
    assert.deepEqual(traces.filter((t) => t.event.kind === "test" && t.event.verdict === "kept").length, 2);
    assert.deepEqual(traces.at(-1)!.event, { kind: "done", status: "kept" });
});

test("ponder/runTests runs a test file in the sandbox, its unsaved text included, and reports each test", async () => {
    const uri = client.uriOf("test_stats.py");
    const text =
        "from stats import clamp, median\n\n\ndef test_clamp_inside():\n    assert clamp(5, 0, 10) == 5\n\n\n" +
        "def test_median_even():\n    assert median([1, 2, 3, 4]) == 2.5\n";
    const run = (await client.rpc.sendRequest("ponder/runTests", { textDocument: { uri }, text })) as RunTestsResponse;
    assert.equal(run.kind, "ran");
    const outcomes = Object.fromEntries(run.tests.map((t) => [t.name, t.outcome]));
    assert.deepEqual(outcomes, { test_clamp_inside: "passed", test_median_even: "failed" });
    assert.match(
        run.tests.find((t) => t.name === "test_median_even")!.message ?? "",
        /assert 3 == 2\.5|AssertionError/
    );
    const only = (await client.rpc.sendRequest("ponder/runTests", {
        textDocument: { uri },
        text,
        names: ["test_clamp_inside"]
    })) as RunTestsResponse;
    assert.deepEqual(
        only.tests.map((t) => t.name),
        ["test_clamp_inside"]
    );
    const broken = (await client.rpc.sendRequest("ponder/runTests", {
        textDocument: { uri },
        text: "from stats import nothing\n\ndef test_x():\n    pass\n"
    })) as RunTestsResponse;
    // pytest reports a module that does not import as an errored collection item, not as a pass; the test the file's
    // source holds never reported, so it is an error too (every test found must report).
    assert.equal(broken.kind, "ran", JSON.stringify(broken));
    assert.deepEqual(
        broken.tests.map((t) => [t.name, t.outcome]),
        [
            ["test_stats.py", "error"],
            ["test_x", "error"]
        ]
    );
    assert.match(broken.tests[0]!.message ?? "", /ImportError: cannot import name 'nothing' from 'stats'/);
    assert.equal(
        await readFile(join(root, "test_stats.py"), "utf8"),
        await readFile("test/fixtures/tests/py-stats/test_stats.py", "utf8")
    );
});

test("an untrusted workspace runs no generated code: ponder/tests and ponder/runTests refuse with the reason", async () => {
    client.settings = { ...client.settings, trustedWorkspace: false };
    try {
        const uri = await client.open("stats.py");
        await assert.rejects(
            client.rpc.sendRequest("ponder/tests", { textDocument: { uri }, wholeFile: true }),
            /trust/i
        );
        await assert.rejects(
            client.rpc.sendRequest("ponder/runTests", { textDocument: { uri: client.uriOf("test_stats.py") } }),
            /trust/i
        );
    } finally {
        client.settings = { ...client.settings, trustedWorkspace: true };
    }
});

test("ponder/loadModel loads the model ahead of a job with progress, and a missing model file fails with its path named", async () => {
    const loaded = (await client.rpc.sendRequest("ponder/loadModel", {})) as ModelStatus;
    assert.equal(loaded.state, "loaded");
    assert.equal(loaded.description?.backend, "cpu");
    const progress = client.notifications.filter((n) => n.method === "$/progress").map((n) => JSON.stringify(n.params));
    assert.ok(
        progress.some((p) => /loading the model/.test(p)),
        progress.join("\n")
    );
    const model = client.settings.model;
    client.settings = { ...client.settings, model: join(root, "missing.gguf") };
    try {
        await assert.rejects(client.rpc.sendRequest("ponder/loadModel", {}), /missing\.gguf/);
        const status = (await client.rpc.sendRequest("ponder/modelStatus", null)) as ModelStatus;
        assert.equal(status.state, "failed");
    } finally {
        client.settings = { ...client.settings, model };
    }
});
