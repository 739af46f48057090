// The language server in-process, over a stream pair: the fix code actions on a Python function and on a
// diagnostic, `ponder/fix` proving a scripted model's patch of examples/sample-bug and returning it as a
// versioned WorkspaceEdit (never applying it), the queue and cancellation (-32800), and clear errors after
// which the server keeps serving.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { CancellationTokenSource, ResponseError } from "vscode-jsonrpc/node.js";
import { applyTextEdits, offsetAt } from "../../engine/testing.js";
import type { TextDocumentEdit } from "vscode-languageserver-protocol";
import type { FixResponse, ModelStatus, TraceParams } from "../../protocol/index.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { sampleBugWorkspace, startLspClient, type LspTestClient } from "./lspTestClient.js";

// The thought is long enough (a few seconds of decoding) that a second job asks for the model while the first generates.
const longThought = Array.from(
    { length: 40 },
    (_, i) => `Step ${i + 1}: n loses one set bit per loop when the update clears the lowest one.`
).join("\n");
const goodFix =
    `<think>\nThe update uses XOR, so n never reaches zero. Clearing the lowest set bit needs AND.\n${longThought}\n</think>\n\n` +
    '```python\ndef bitcount(n):\n    """Return the number of 1 bits in the binary form of a non-negative integer n."""\n    count = 0\n    while n:\n        n &= n - 1\n        count += 1\n    return count\n```\n\n' +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_three_has_two_bits():\n    assert bitcount(3) == 2\n```\n";
const model = join(testModelDir(), "lsp-fix.gguf");
let client: LspTestClient;

before(async () => {
    await buildScriptedModel(model, { replies: [goodFix] });
    client = await startLspClient(await sampleBugWorkspace(), {
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

const loopLine = { start: { line: 4, character: 8 }, end: { line: 4, character: 8 } };
const hang = {
    range: { start: { line: 4, character: 8 }, end: { line: 4, character: 18 } },
    message: "test_three hangs (timeout)",
    severity: 1
};

async function errorOf(promise: Promise<unknown>): Promise<ResponseError<unknown>> {
    try {
        await promise;
    } catch (error) {
        assert.ok(error instanceof ResponseError, String(error));
        return error;
    }
    assert.fail("expected an error response");
}

test("code actions: fix as a quick fix on a diagnostic and a rewrite on a function, tests for the function and the file, a port of the file; no fix outside functions", async () => {
    const uri = await client.open("bitcount.py");
    const check = async (range: typeof loopLine, diagnostics: unknown[], expected: [string, string, string][]) => {
        const actions = (await client.rpc.sendRequest("textDocument/codeAction", {
            textDocument: { uri },
            range,
            context: { diagnostics }
        })) as { title: string; kind: string; command: { command: string; arguments: unknown[] } }[];
        assert.deepEqual(
            actions.map((a) => [a.title, a.kind, a.command.command]),
            expected
        );
        return actions;
    };
    const testsForFunction = ["Ponder: generate tests for bitcount", "refactor.ponder.tests", "ponder.tests"] as [
        string,
        string,
        string
    ];
    const testsForFile = ["Ponder: generate tests for bitcount.py", "refactor.ponder.tests", "ponder.tests"] as [
        string,
        string,
        string
    ];
    const portToRust = ["Ponder: port to Rust", "refactor.ponder.port", "ponder.port"] as [string, string, string];
    const portToTypeScript = ["Ponder: port to TypeScript", "refactor.ponder.port", "ponder.port"] as [
        string,
        string,
        string
    ];
    const [quickFix] = await check(
        loopLine,
        [hang],
        [
            ["Ponder: fix with proof", "quickfix", "ponder.fix"],
            testsForFunction,
            testsForFile,
            portToRust,
            portToTypeScript
        ]
    );
    assert.deepEqual(quickFix!.command.arguments[0], { textDocument: { uri }, range: hang.range, diagnostic: hang });
    const [, functionTests, fileTests] = await check(
        loopLine,
        [],
        [
            ["Ponder: fix with proof", "refactor.rewrite", "ponder.fix"],
            testsForFunction,
            testsForFile,
            portToRust,
            portToTypeScript
        ]
    );
    assert.deepEqual(functionTests!.command.arguments[0], { textDocument: { uri }, symbol: "bitcount" });
    assert.deepEqual(fileTests!.command.arguments[0], { textDocument: { uri }, wholeFile: true });
    await check(
        { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } },
        [],
        [testsForFile, portToRust, portToTypeScript]
    );
    const onlyQuickFixes = await client.rpc.sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: loopLine,
        context: { diagnostics: [], only: ["quickfix"] }
    });
    assert.deepEqual(onlyQuickFixes, []);
});

test("ponder/fix proves the patch and returns it as a versioned edit with the diff and the evidence, leaving the file alone", async () => {
    const uri = await client.open("bitcount.py");
    const before = await readFile(join(client.root, "bitcount.py"), "utf8");
    const result = (await client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        diagnostic: hang,
        range: hang.range,
        jobId: "job-1",
        seed: 1
    })) as FixResponse;
    assert.equal(result.status, "verified", JSON.stringify(result.evidence));
    assert.equal(result.jobId, "job-1");
    assert.equal(result.documentVersion, 1);
    assert.deepEqual(Object.keys(result.edit!), ["documentChanges"]);
    assert.deepEqual(onlyDocumentEdit(result).textDocument, { uri, version: 1 });
    assert.equal(applyEdits(before, onlyDocumentEdit(result).edits), before.replace("n ^= n - 1", "n &= n - 1"));
    assert.match(result.diff!, /-        n \^= n - 1\n\+        n &= n - 1/);
    assert.equal(result.evidence.candidates.length, 1);
    assert.equal(result.evidence.candidates[0]!.verified, true);
    assert.equal(result.evidence.candidates[0]!.reproducingTests.length, 1);
    // What proves it, in words: the sample's own failing test, which no reply wrote.
    assert.match(
        result.evidence.summary,
        /^Verified: your test test_five_has_two_bits fails before and passes after; its own test passes; 1 existing test still passes$/
    );
    assert.deepEqual(
        result.evidence.sources.map((s) => s.kind),
        ["user", "own"]
    );
    assert.equal(result.evidence.candidates[0]!.status, "verified");
    assert.equal(await readFile(join(client.root, "bitcount.py"), "utf8"), before);

    const traces = client.notifications
        .filter((n) => n.method === "ponder/trace")
        .map((n) => n.params as TraceParams)
        .filter((t) => t.jobId === "job-1");
    const kinds = new Set(traces.map((t) => t.event.kind));
    for (const kind of ["model", "step", "thought", "answer", "candidateDone", "evidence", "done"])
        assert.ok(kinds.has(kind as never), `no ${kind} trace event`);
    const thought = traces.flatMap((t) => (t.event.kind === "thought" ? [t.event.text] : [])).join("");
    assert.match(thought, /XOR/);
    assert.deepEqual(traces.at(-1)!.event, { kind: "done", status: "verified" });
    assert.ok(
        client.notifications.some(
            (n) => n.method === "ponder/queue" && (n.params as { jobId: string }).jobId === "job-1"
        )
    );
    const progress = client.notifications
        .filter((n) => n.method === "$/progress")
        .map((n) => (n.params as { value: { kind: string } }).value);
    assert.equal(progress[0]!.kind, "begin");
    assert.equal(progress.at(-1)!.kind, "end");
    const status = (await client.rpc.sendRequest("ponder/modelStatus", null)) as ModelStatus;
    assert.equal(status.state, "loaded");
    assert.equal(status.waitingJobs, 0);
});

test("unsaved text wins over the disk: the patch is computed on the open document's text", async () => {
    const original = await readFile(join(client.root, "bitcount.py"), "utf8");
    const edited = "# unsaved comment\n" + original;
    const uri = client.uriOf("bitcount.py");
    await client.rpc.sendNotification("textDocument/didChange", {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: edited }]
    });
    const result = (await client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        position: { line: 5, character: 8 }
    })) as FixResponse;
    assert.equal(result.status, "verified");
    assert.deepEqual(onlyDocumentEdit(result).textDocument, { uri, version: 2 });
    assert.equal(applyEdits(edited, onlyDocumentEdit(result).edits), edited.replace("n ^= n - 1", "n &= n - 1"));
});

test("code actions are answered while a fix is generating: each answer arrives between the job's reasoning deltas", async () => {
    const uri = client.uriOf("bitcount.py");
    const jobId = "generating";
    // Client notifications and responses come off one stream in the server's send order, and the client handles
    // one message per macrotask, so the notification count when an answer resolves says which trace events it followed.
    const isReasoningDelta = (n: { method: string; params: unknown }) =>
        n.method === "ponder/trace" &&
        (n.params as TraceParams).jobId === jobId &&
        ["thought", "answer"].includes((n.params as TraceParams).event.kind);
    const deltasIn = (notifications: { method: string; params: unknown }[]) =>
        notifications.filter(isReasoningDelta).length;
    const isDone = (n: { method: string; params: unknown }) =>
        n.method === "ponder/trace" &&
        (n.params as TraceParams).jobId === jobId &&
        (n.params as TraceParams).event.kind === "done";
    const job = client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        position: { line: 5, character: 8 },
        jobId,
        seed: 1
    });
    const answeredAt: number[] = [];
    for (let asked = 0; asked < 3; asked++) {
        // Each request waits for a delta newer than the previous answer (or for the end, which the checks below report).
        const deltasSoFar = asked === 0 ? 0 : deltasIn(client.notifications.slice(0, answeredAt.at(-1)));
        await waitFor(() => deltasIn(client.notifications) > deltasSoFar || client.notifications.some(isDone));
        const actions = (await client.rpc.sendRequest("textDocument/codeAction", {
            textDocument: { uri },
            range: loopLine,
            context: { diagnostics: [] }
        })) as { title: string }[];
        answeredAt.push(client.notifications.length);
        assert.deepEqual(
            actions.map((a) => a.title),
            [
                "Ponder: fix with proof",
                "Ponder: generate tests for bitcount",
                "Ponder: generate tests for bitcount.py",
                "Ponder: port to Rust",
                "Ponder: port to TypeScript"
            ]
        );
    }
    assert.equal(((await job) as FixResponse).status, "verified");
    const done = client.notifications.findIndex(isDone);
    const totalDeltas = deltasIn(client.notifications);
    for (const [asked, at] of answeredAt.entries()) {
        assert.ok(at <= done, `code action ${asked} was answered after the job's done event`);
        const before = deltasIn(client.notifications.slice(0, at));
        assert.ok(
            before >= 1 && before < totalDeltas,
            `code action ${asked} was answered after ${before} of ${totalDeltas} reasoning deltas: not while generating`
        );
    }
});

test("a job waiting behind another learns its queue position and is cancelled with RequestCancelled (-32800)", async () => {
    const uri = client.uriOf("bitcount.py");
    const first = client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        position: { line: 5, character: 8 },
        jobId: "running"
    });
    // The lock is held only while a job generates: the second job must ask while the first is generating.
    await waitFor(() =>
        client.notifications.some(
            (n) =>
                n.method === "ponder/trace" &&
                (n.params as TraceParams).jobId === "running" &&
                (n.params as TraceParams).event.kind === "thought"
        )
    );
    const source = new CancellationTokenSource();
    const second = client.rpc.sendRequest(
        "ponder/fix",
        { textDocument: { uri }, position: { line: 5, character: 8 }, jobId: "waiting" },
        source.token
    );
    await waitFor(() =>
        client.notifications.some(
            (n) =>
                n.method === "ponder/queue" &&
                (n.params as { jobId: string; position: number }).jobId === "waiting" &&
                (n.params as { position: number }).position === 1
        )
    );
    source.cancel();
    const error = await errorOf(second);
    assert.equal(error.code, -32800);
    assert.equal(((await first) as FixResponse).status, "verified");

    const third = client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        position: { line: 5, character: 8 },
        jobId: "by-id"
    });
    const fourth = client.rpc.sendRequest("ponder/fix", {
        textDocument: { uri },
        position: { line: 5, character: 8 },
        jobId: "by-id-2"
    });
    assert.deepEqual(await client.rpc.sendRequest("ponder/cancel", { jobId: "by-id-2" }), { cancelled: true });
    assert.equal((await errorOf(fourth)).code, -32800);
    assert.equal(((await third) as FixResponse).status, "verified");
    assert.deepEqual(await client.rpc.sendRequest("ponder/cancel", { jobId: "gone" }), { cancelled: false });
});

test("bad requests get clear errors and the server keeps serving", async () => {
    const uri = client.uriOf("bitcount.py");
    const outside = await sampleBugWorkspace();
    await writeFile(
        join(outside, "conftest.py"),
        `open(${JSON.stringify(join(outside, "canary"))}, "w").write("ran")\n`
    );
    const cases: [unknown, number, RegExp][] = [
        [{}, -32602, /needs \{ textDocument/],
        [{ textDocument: { uri } }, -32602, /position, a range or a diagnostic/],
        [
            { textDocument: { uri: "untitled:Untitled-1" }, position: { line: 0, character: 0 } },
            -32602,
            /not a file: URI/
        ],
        [
            { textDocument: { uri }, position: { line: 5, character: 8 }, candidates: 0 },
            -32602,
            /candidates must be a whole number/
        ],
        [
            { textDocument: { uri: client.uriOf("notes.txt") }, position: { line: 0, character: 0 } },
            -32803,
            /Cannot read notes.txt|fixes work on Python/
        ],
        // A file outside the workspace folders: once fixed with its own folder as the workspace (running that folder's conftest.py).
        [
            {
                textDocument: { uri: pathToFileURL(join(outside, "bitcount.py")).href },
                position: { line: 5, character: 8 }
            },
            -32602,
            /bitcount\.py is outside the workspace folders \(.+\); Ponder works only on files inside them/
        ]
    ];
    for (const [params, code, message] of cases) {
        const error = await errorOf(client.rpc.sendRequest("ponder/fix", params));
        assert.equal(error.code, code, JSON.stringify(params));
        assert.match(error.message, message);
    }
    assert.equal(existsSync(join(outside, "canary")), false, "nothing ran in the outside folder");
    const refused = await errorOf(
        client.rpc.sendRequest("ponder/fix", {
            textDocument: { uri: pathToFileURL(join(outside, "bitcount.py")).href },
            position: { line: 5, character: 8 }
        })
    );
    assert.ok(refused.message.includes(`(${client.root})`), refused.message);
    client.settings = { ...client.settings, trustedWorkspace: false };
    const untrusted = await errorOf(
        client.rpc.sendRequest("ponder/fix", { textDocument: { uri }, position: { line: 5, character: 8 } })
    );
    assert.equal(untrusted.code, -32803);
    assert.match(untrusted.message, /not trusted/);
    client.settings = { ...client.settings, trustedWorkspace: true, candidates: "four" as never };
    assert.match(
        (
            await errorOf(
                client.rpc.sendRequest("ponder/fix", { textDocument: { uri }, position: { line: 5, character: 8 } })
            )
        ).message,
        /ponder\.candidates must be a whole number/
    );
    client.settings = { ...client.settings, candidates: 1 };
    const unknown = await errorOf(
        client.rpc.sendRequest("workspace/executeCommand", { command: "ponder.nothing", arguments: [] })
    );
    assert.match(unknown.message, /no command ponder\.nothing/);
    const actions = await client.rpc.sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: loopLine,
        context: { diagnostics: [] }
    });
    assert.equal((actions as unknown[]).length, 5);
});

/** The one document edit of a fix's WorkspaceEdit. */
function onlyDocumentEdit(result: FixResponse): TextDocumentEdit {
    assert.equal(result.edit!.documentChanges!.length, 1);
    return result.edit!.documentChanges![0] as TextDocumentEdit;
}

/** The text after LSP edits (as a client applies them): ranges refer to the original text. */
function applyEdits(
    text: string,
    edits: {
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
        newText: string;
    }[]
): string {
    return applyTextEdits(
        text,
        edits.map((edit) => ({
            start: offsetAt(text, edit.range.start),
            end: offsetAt(text, edit.range.end),
            newText: edit.newText
        }))
    );
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) assert.fail("timed out waiting");
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}
