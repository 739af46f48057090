// The managed llama-server for real (the binary scripts/buildLlamaServer.sh caches) serving a generated MoE model
// with scripted replies: chosen by `backend: "llama-server"`, on a free 127.0.0.1 port, a real fix through the fix
// chain and the sandbox, a server killed mid-job (the job fails with a named error, the file is unchanged, the server
// is back for the next job), and no llama-server left after dispose or after the Ponder process is killed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFile, cp, mkdtemp, readFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
    DiskWorkspace,
    LlamaServerNotFoundError,
    ManagedServerCrashedError,
    ManagedServerRuntime,
    openModelRuntime,
    runFixChain,
    Sandbox
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { fixReplies } from "../../support/fixReplies.js";
import { fakeIo } from "../../support/fakeIo.js";
import { main } from "../../../bin/main.js";
import { findLlamaServer } from "../../support/remote/LlamaServerProcess.js";
import { withDefaults } from "../../../engine/testing.js";

const binary = findLlamaServer();

test("--backend takes auto, node-llama-cpp or llama-server; anything else is bad input", async () => {
    const io = fakeIo();
    assert.equal(await main(["ask", "why?", "--model", "/nonexistent.gguf", "--backend", "llama-serve"], io), 2);
    assert.match(io.stderr, /--backend must be auto, node-llama-cpp, llama-server; got "llama-serve"/);
});

if (binary.kind === "absent") {
    // FIXME: the real-server checks need the cached llama-server binary; until scripts/buildLlamaServer.sh has built it,
    // this asserts what the build script says and that the managed runtime passes it on.
    test("without a cached llama-server, the build script says how to build it and the managed runtime says so too", async () => {
        assert.equal(binary.exitCode, 1);
        assert.match(binary.message, /no cached llama-server at \S+\/llama-server; run scripts\/buildLlamaServer\.sh/);
        const { path } = await buildScriptedModel(join(testModelDir(), "managed-absent.gguf"), {
            replies: ["<think>\nx\n</think>\n\ny"]
        });
        await assert.rejects(
            ManagedServerRuntime.start({ model: path, gpu: false, env: { PATH: "/nonexistent" } }),
            (error: unknown) =>
                error instanceof LlamaServerNotFoundError &&
                /no cached llama-server at .*run scripts\/buildLlamaServer\.sh/.test(error.message)
        );
    });
} else {
    realServerTests();
}

/** The real fix with a long thought (about 2,600 tokens), so a kill at its first token lands mid-stream. */
function longFix(): string {
    const answer = fixReplies.realFix.slice(fixReplies.realFix.indexOf("\n</think>"));
    const checks = Array.from({ length: 60 }, (_, i) => `Check ${i}: the loop bound is n, not n + 1.`).join("\n");
    return `<think>\nrange(n) stops at n - 1 and starts at 0, so n itself is never added. It must run from 1 to n.\n${checks}${answer}`;
}

/** Alive and not a zombie: a server reparented to a PID 1 that does not reap would otherwise look alive. */
function isRunning(pid: number): boolean {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
    } catch {
        return false;
    }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
        if (condition()) return true;
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return condition();
}

function realServerTests(): void {
    let sandbox: Sandbox;
    let runtime: ManagedServerRuntime;
    let modelPath: string;
    before(async () => {
        sandbox = await Sandbox.create({ workspaceTrusted: true });
        // A MoE GGUF: 8 blocks of 8 experts (2 per token) whose zero weights leave the scripted reply as it is.
        modelPath = (
            await buildScriptedModel(join(testModelDir(), "managed-moe.gguf"), {
                replies: [longFix()],
                blockCount: 8,
                feedForwardLength: 256,
                experts: { count: 8, usedPerToken: 2 }
            })
        ).path;
        const opened = await openModelRuntime({
            model: modelPath,
            backend: "llama-server",
            gpu: false,
            threads: 1,
            contextSize: 8192,
            expectedCandidates: 2
        });
        assert.ok(opened instanceof ManagedServerRuntime, "backend: llama-server gives the managed runtime");
        runtime = opened;
    });
    after(async () => {
        await runtime?.dispose();
        await sandbox?.dispose();
    });

    async function fix() {
        const root = await mkdtemp(join(tmpdir(), "ponder-managed-fix-"));
        await cp("test/fixtures/fix/sum-to", root, { recursive: true });
        // The project's own failing test: evidence the reply did not write, so the right fix is verified.
        await appendFile(join(root, "test_series.py"), "\n\ndef test_sum_to_four():\n    assert sum_to(4) == 10\n");
        const original = await readFile(join(root, "series.py"));
        return {
            root,
            original,
            run: (onFirstThought?: () => void) =>
                runFixChain(
                    withDefaults("fix", {
                        file: "series.py",
                        target: { line: 4 },
                        candidates: 2,
                        extraRounds: 0,
                        seed: 1,
                        testTimeoutMs: 3000
                    }),
                    {
                        runtime,
                        sandbox,
                        workspace: new DiskWorkspace(root),
                        onEvent: (event) => {
                            if (event.kind === "reasoning" && onFirstThought) {
                                onFirstThought();
                                onFirstThought = undefined;
                            }
                        }
                    }
                )
        };
    }

    test("it listens on 127.0.0.1 at a free port, says it is llama-server with the experts on the CPU, and fixes for real", async () => {
        assert.match(runtime.serverUrl!, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.notEqual(new URL(runtime.serverUrl!).port, "0");
        assert.equal(runtime.description.backend, "llama-server (managed), all on CPU");
        assert.deepEqual(runtime.description.experts, { count: 8, usedPerToken: 2, defaultUsedPerToken: 2 });
        assert.ok(runtime.serverArgs.includes("--jinja") && runtime.serverArgs.join(" ").includes("--parallel 2"));
        assert.equal((await fetch(`${runtime.serverUrl}/health`)).status, 200);
        const { root, original, run } = await fix();
        const result = await run();
        assert.equal(result.status, "verified", JSON.stringify(result.candidates.map((c) => c.answer.slice(0, 80))));
        assert.match(result.patch!.diff, /\+    for i in range\(1, n \+ 1\):/);
        assert.deepEqual(await readFile(join(root, "series.py")), original, "the engine never writes the user's file");
    });

    test("G candidates are one request with n: the server evaluates the prompt once, and each candidate equals its seed asked alone", async () => {
        const replies = ["Alpha one.", "Bravo two.", "Charlie three.", "Delta four.", "Echo five.", "Foxtrot six."].map(
            (text) => `<think>\n${text}\n</think>\n\n${text.split(" ")[0]}`
        );
        const shared = await ManagedServerRuntime.start({
            model: (await buildScriptedModel(join(testModelDir(), "managed-share.gguf"), { replies })).path,
            gpu: false,
            threads: 1,
            contextSize: 4096,
            expectedCandidates: 4
        });
        try {
            // A prompt of about 1,800 tokens, so evaluating it four times would be plain in the server's count.
            const ask = {
                messages: [{ role: "user" as const, content: `Fix this.\n${"x = 1\n".repeat(300)}` }],
                loopGuard: false
            };
            const before = await shared.evaluatedPromptTokens();
            const together = await shared.generate({ ...ask, candidates: 4, seed: 40 });
            const evaluated = (await shared.evaluatedPromptTokens()) - before;
            const promptTokens = together.candidates[0]!.usage.promptTokens;
            assert.ok(promptTokens > 1500, `prompt of ${promptTokens} tokens`);
            assert.ok(
                evaluated < 1.2 * promptTokens,
                `4 candidates evaluated ${evaluated} prompt tokens for a prompt of ${promptTokens}`
            );
            for (const candidate of together.candidates) {
                const alone = (await shared.generate({ ...ask, candidates: 1, seed: candidate.seed })).candidates[0]!;
                assert.deepEqual(
                    [candidate.thought, candidate.answer],
                    [alone.thought, alone.answer],
                    `seed ${candidate.seed}`
                );
            }
            assert.deepEqual(
                together.candidates.map((c) => c.seed),
                [40, 41, 42, 43]
            );
            assert.ok(new Set(together.candidates.map((c) => c.answer)).size > 1, "the seeds chose different replies");
            // A thought budget cuts each choice of the one request on its own; the call ends without waiting for the cut ones.
            const cut = await shared.generate({ ...ask, candidates: 4, seed: 40, thinkBudget: 3 });
            for (const [index, candidate] of cut.candidates.entries()) {
                assert.equal(candidate.thoughtClosedBy, "budget", `candidate ${index}`);
                assert.ok(
                    together.candidates[index]!.thought.startsWith(candidate.thought) &&
                        candidate.thought.length < together.candidates[index]!.thought.length,
                    `candidate ${index}: ${JSON.stringify(candidate.thought)} is the start of its seed's thought`
                );
            }
        } finally {
            await shared.dispose();
        }
    });

    test("a server killed mid-job: the job fails with ManagedServerCrashedError, the file is unchanged, the next job works", async () => {
        const first = runtime.serverProcessId!;
        const { root, original, run } = await fix();
        await assert.rejects(
            run(() => process.kill(first, "SIGKILL")),
            (error: unknown) =>
                error instanceof ManagedServerCrashedError &&
                /was killed \(SIGKILL\)/.test(error.message) &&
                /restarts the server/.test(error.message)
        );
        assert.deepEqual(await readFile(join(root, "series.py")), original);
        assert.ok(await waitUntil(() => !isRunning(first), 5000), "the killed server is gone");
        const again = await fix();
        const result = await again.run();
        assert.equal(result.status, "verified");
        assert.equal(runtime.restarts, 1);
        assert.notEqual(runtime.serverProcessId, first, "a new server took its place");
        assert.deepEqual(await readFile(join(again.root, "series.py")), again.original);
    });

    test("a server that stops answering /health is killed and restarted", async () => {
        const stalled = await ManagedServerRuntime.start({
            model: modelPath,
            gpu: false,
            threads: 1,
            contextSize: 4096,
            parallel: 1,
            healthIntervalMs: 100
        });
        try {
            const pid = stalled.serverProcessId!;
            process.kill(pid, "SIGSTOP");
            assert.ok(
                await waitUntil(
                    () =>
                        stalled.restarts === 1 &&
                        stalled.serverProcessId !== undefined &&
                        stalled.serverProcessId !== pid,
                    20_000
                ),
                "restarted after three failed health checks"
            );
            assert.ok(await waitUntil(() => !isRunning(pid), 5000));
            const [reply] = (
                await stalled.generate({ messages: [{ role: "user", content: "fix" }], seed: 1, loopGuard: false })
            ).candidates;
            assert.match(
                reply!.answer,
                /range\(1, n \+ 1\)/,
                `the whole scripted reply: ${reply!.stopReason}, ${JSON.stringify(reply!.usage)}`
            );
        } finally {
            await stalled.dispose();
        }
    });

    test("ponder ask --backend llama-server answers through the managed server and names it as the backend", async () => {
        const io = fakeIo();
        const code = await main(
            [
                "ask",
                "Fix sum_to.",
                "--model",
                modelPath,
                "--backend",
                "llama-server",
                "--threads",
                "1",
                "--context-size",
                "4096",
                "--seed",
                "1",
                "--json"
            ],
            io
        );
        assert.equal(code, 0, io.stderr);
        const output = JSON.parse(io.stdout) as { model: { backend: string }; candidates: { answer: string }[] };
        assert.equal(output.model.backend, "llama-server (managed), all on CPU");
        assert.match(output.candidates[0]!.answer, /range\(1, n \+ 1\)/);
    });

    test("dispose stops the server: no llama-server process remains", async () => {
        const own = await ManagedServerRuntime.start({
            model: modelPath,
            gpu: false,
            threads: 1,
            contextSize: 2048,
            parallel: 1
        });
        const pid = own.serverProcessId!;
        assert.ok(isRunning(pid));
        await own.dispose();
        assert.equal(isRunning(pid), false);
        assert.equal(own.serverProcessId, undefined);
    });

    for (const signal of ["SIGKILL", "SIGTERM", "SIGINT"] as const) {
        test(`a Ponder process ended by ${signal} takes its llama-server with it`, async () => {
            const ponder = spawn(process.execPath, ["out/test/support/managed/holdManagedServer.js", modelPath], {
                stdio: ["ignore", "pipe", "inherit"]
            });
            const exited = new Promise<NodeJS.Signals | null>((resolve) =>
                ponder.once("exit", (_code, how) => resolve(how))
            );
            const line = await new Promise<string>((resolve) =>
                createInterface({ input: ponder.stdout! }).once("line", resolve)
            );
            const { serverPid, url } = JSON.parse(line) as { serverPid: number; url: string };
            assert.ok(isRunning(serverPid));
            assert.equal((await fetch(`${url}/health`)).status, 200);
            ponder.kill(signal);
            assert.equal(await exited, signal, "the signal still ends the process (its default is kept)");
            assert.ok(await waitUntil(() => !isRunning(serverPid), 5000), `llama-server ${serverPid} is gone`);
        });
    }
}
