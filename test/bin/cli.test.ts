// The ponder CLI end to end: ask, info and models on generated models, and every kind of bad input giving a
// clear message and exit code 2 without a stack trace.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { main } from "../../bin/main.js";
import { buildRandomModel, buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fakeIo } from "../support/fakeIo.js";

const dir = testModelDir();
const scripted = join(dir, "cli-scripted.gguf");
const unclosed = join(dir, "cli-unclosed.gguf");
const empty = join(dir, "cli-empty.gguf");
const moe = join(dir, "cli-moe.gguf");
const reply =
    "<think>\nThe update uses XOR, so n never reaches 0.\n</think>\n\nReplace `n ^= n - 1` with `n &= n - 1`.";

before(async () => {
    await buildScriptedModel(scripted, { replies: [reply] });
    await buildScriptedModel(unclosed, { replies: ["<think>\nstill thinking"] });
    await buildScriptedModel(empty, { replies: [""] });
    await buildRandomModel(moe, {
        embeddingLength: 64,
        blockCount: 2,
        feedForwardLength: 96,
        headCount: 4,
        experts: { count: 4, usedPerToken: 2 }
    });
});

async function run(...args: string[]) {
    const io = fakeIo();
    const code = await main(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
}

test("ask --json prints the model and each candidate's thought and answer exactly", async () => {
    const { code, stdout } = await run(
        "ask",
        "Why does bitcount hang?",
        "--model",
        scripted,
        "--json",
        "--seed",
        "5",
        "--threads",
        "1",
        "--context-size",
        "2048"
    );
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    assert.equal(result.model.chatTemplate, "deepseek");
    assert.equal(result.candidates.length, 1);
    const [candidate] = result.candidates;
    assert.deepEqual(Object.keys(candidate).slice(0, 5), ["index", "seed", "thought", "answer", "stopReason"]);
    assert.equal(candidate.thought, "\nThe update uses XOR, so n never reaches 0.\n");
    assert.equal(candidate.answer, "\n\nReplace `n ^= n - 1` with `n &= n - 1`.");
    assert.equal(candidate.stopReason, "endOfReply");
    assert.ok(candidate.usage.thoughtTokens > 0);
});

test("ask streams the thought and then the answer as plain text when piped", async () => {
    const { code, stdout } = await run(
        "ask",
        "hi",
        "--model",
        scripted,
        "--file",
        "examples/sample-bug/bitcount.py",
        "--threads",
        "1",
        "--context-size",
        "2048"
    );
    assert.equal(code, 0);
    assert.equal(stdout, "\nThe update uses XOR, so n never reaches 0.\n\nReplace `n ^= n - 1` with `n &= n - 1`.\n");
});

test("ask with several candidates prints each under its own heading", async () => {
    const { code, stdout } = await run(
        "ask",
        "hi",
        "--model",
        scripted,
        "--candidates",
        "3",
        "--seed",
        "1",
        "--threads",
        "1",
        "--context-size",
        "1024"
    );
    assert.equal(code, 0);
    for (const index of [0, 1, 2])
        assert.match(stdout, new RegExp(`── candidate ${index} \\(seed ${1 + index}, endOfReply\\) ──`));
});

test("a reply with no answer is a negative result (exit 1) with a note", async () => {
    const noAnswer = await run("ask", "hi", "--model", unclosed, "--threads", "1", "--context-size", "1024");
    assert.equal(noAnswer.code, 1);
    assert.match(noAnswer.stderr, /ended inside its thought/);
    const nothing = await run("ask", "hi", "--model", empty, "--threads", "1", "--context-size", "1024");
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /replied with nothing/);
});

test("info --json reports experts for a mixture-of-experts model", async () => {
    const { code, stdout } = await run("info", moe, "--json");
    assert.equal(code, 0);
    const info = JSON.parse(stdout);
    assert.equal(info.expertCount, 4);
    assert.equal(info.expertUsedCount, 2);
    assert.ok(info.activeParameters < info.parameters);
    assert.equal(
        info.promptSharing,
        "once",
        "an attention-only model gets its prompt evaluated once for all candidates"
    );
});

test("models --json lists this machine's backend and memory, and per model whether it fits, its context and estimated speed", async () => {
    const { code, stdout } = await run("models", "--json");
    assert.equal(code, 0);
    const listing = JSON.parse(stdout);
    assert.equal(listing.machine.backend, "cpu");
    assert.ok(listing.machine.freeRam > 0 && listing.machine.freeRam <= listing.machine.totalRam);
    assert.equal(listing.machine.freeVram, 0);
    assert.ok(listing.catalog.length >= 17);
    const chosen = listing.catalog.filter((m: { default: boolean }) => m.default);
    assert.equal(chosen.length, 1);
    assert.equal(chosen[0].fits, true);
    for (const model of listing.catalog) {
        if (model.fits) assert.ok(model.contextSize >= 4096 && model.estimatedTokensPerSecond >= 4, model.id);
        else assert.match(model.whyNot, /needs|decode/, model.id);
    }
    const r1 = listing.catalog.find((m: { id: string }) => m.id === "r1-0528");
    assert.deepEqual({ fits: r1.fits, backend: r1.backend }, { fits: false, backend: "llama-server" });
    assert.deepEqual(listing.local, []);
});

test("models prints the backend, free memory and speeds labelled as estimates", async () => {
    const { code, stdout } = await run("models");
    assert.equal(code, 0);
    assert.match(stdout, /This machine: cpu backend \(no GPU\), [\d.]+ \w+ of [\d.]+ \w+ RAM free/);
    assert.match(stdout, /r1-0528-qwen3-8b .* yes \(cpu\) .*4×\d+ +~\d+ tok\/s/);
    assert.match(stdout, /SPEED is an estimate/);
});

test("bad input: a clear message and exit code 2, never a stack trace", async () => {
    const notGguf = join(dir, "cli-not-gguf.gguf");
    await writeFile(notGguf, "hello\n".repeat(500));
    const cases: { args: string[]; message: RegExp }[] = [
        { args: ["ask", "hi", "--model", join(dir, "missing.gguf")], message: /Model file not found/ },
        { args: ["ask", "hi", "--model", notGguf], message: /not a usable GGUF model/ },
        {
            args: ["ask", "hi", "--model", scripted, "--candidates", "17"],
            message: /--candidates must be a whole number from 1 to 16/
        },
        { args: ["ask", "hi", "--model", scripted, "--temperature", "hot"], message: /--temperature must be a number/ },
        {
            args: ["ask", "word ".repeat(300), "--model", scripted, "--context-size", "128", "--threads", "1"],
            message: /needs a context of at least \d+ tokens/
        },
        {
            args: ["ask", "hi", "--model", scripted, "--experts-per-token", "2"],
            message: /not a mixture-of-experts model/
        },
        { args: ["ask", "hi", "--bogus"], message: /Unknown option '--bogus'/ },
        { args: ["ask"], message: /ask needs a prompt/ },
        { args: ["frobnicate"], message: /Unknown command "frobnicate"/ },
        { args: ["info", join(dir, "missing.gguf")], message: /Model file not found/ }
    ];
    for (const { args, message } of cases) {
        const { code, stderr } = await run(...args);
        assert.equal(code, 2, `${args.join(" ").slice(0, 60)}: ${stderr}`);
        assert.match(stderr, message);
        assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
    }
});

test("the installed command runs as a process with the same exit codes", () => {
    const result = spawnSync(process.execPath, ["bin/ponder.js", "info", join(dir, "missing.gguf")], {
        encoding: "utf8"
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^ponder: Model file not found/);
    const help = spawnSync(process.execPath, ["bin/ponder.js", "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: ponder ask PROMPT/);
});
