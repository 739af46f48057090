// Threads that fit a busy machine: the rule from free cores to llama.cpp threads, the load measure that leaves our own
// use out, and the governor under real CPU-bound processes (one thread when every core is taken; the user's count kept).
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { defaultThreadCount, loadLlama, LocalModelRuntime } from "../../../engine/testing.js";
import {
    nextThreadCount,
    othersBusyCores,
    threadsForLoad,
    type CpuSample
} from "../../../engine/runtime/local/availableCpu.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";

const hogs: ChildProcess[] = [];
const runtimes: LocalModelRuntime[] = [];
after(async () => {
    for (const hog of hogs) hog.kill("SIGKILL");
    for (const runtime of runtimes) await runtime.dispose();
});

/** One CPU-bound process per core this process may use, as a busy machine (or a job's sandbox runs) would have. */
async function takeEveryCore(): Promise<void> {
    for (let i = 0; i < defaultThreadCount(); i++)
        hogs.push(spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
    await new Promise((resolve) => setTimeout(resolve, 300));
}

test("the rule: a thread per core others leave free (less than a quarter busy), at least one and at most the limit", () => {
    // Half a core busy is not a free core: a second thread there shares its core and stalls the first at every barrier.
    const table: [limit: number, others: number, threads: number][] = [
        [2, 0, 2],
        [2, 0.2, 2],
        [2, 0.4, 1],
        [2, 0.5, 1],
        [2, 1, 1],
        [2, 2, 1],
        [2, 17, 1],
        [8, 3.2, 5],
        [8, 0.6, 7],
        [8, 0.8, 7],
        [1, 0, 1],
        [4, -1, 4]
    ];
    for (const [limit, others, threads] of table)
        assert.equal(threadsForLoad(limit, others), threads, `limit ${limit}, others ${others}`);
});

test("threads fall at once and rise only when two windows in a row allow it", () => {
    const table: [current: number, allowedNow: number, allowedBefore: number, next: number][] = [
        [2, 1, 2, 1],
        [4, 1, 4, 1],
        [1, 2, 1, 1],
        [1, 2, 2, 2],
        [1, 4, 3, 3],
        [2, 2, 1, 2],
        [3, 3, 3, 3]
    ];
    for (const [current, now, before, next] of table)
        assert.equal(nextThreadCount(current, now, before), next, `${current} ← now ${now}, before ${before}`);
});

test("other processes' load is the busy share of our CPUs less our own use", () => {
    const from: CpuSample = { atMs: 0, busyTicks: 1000, totalTicks: 4000, cpus: 2, ownMicros: 0 };
    // Over one second: 150 of 200 ticks busy on 2 CPUs is 1.5 cores; we used half a core of it.
    const to: CpuSample = { atMs: 1000, busyTicks: 1150, totalTicks: 4200, cpus: 2, ownMicros: 500_000 };
    assert.equal(othersBusyCores(from, to), 1);
    assert.equal(othersBusyCores(from, { ...to, ownMicros: 2_000_000 }), 0, "never below zero");
});

test("with every core busy, a generation decodes on one thread; the user's thread count is kept", async () => {
    const { path } = await buildScriptedModel(join(testModelDir(), "threads.gguf"), {
        replies: ["<think>\nBusy.\n</think>\nOK."]
    });
    const chosen = await LocalModelRuntime.load({ model: path, gpu: false, contextSize: 1024, expectedCandidates: 1 });
    const fixed = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 2,
        contextSize: 1024,
        expectedCandidates: 1
    });
    runtimes.push(chosen, fixed);
    assert.equal(chosen.description.threads, defaultThreadCount());
    await takeEveryCore();
    const ask = { messages: [{ role: "user" as const, content: "Say OK." }], seed: 1 };
    assert.equal((await chosen.generate(ask)).candidates[0]!.answer, "\nOK.");
    assert.equal(chosen.threadDecision.threads, 1, `chose ${JSON.stringify(chosen.threadDecision)}`);
    assert.ok(chosen.threadDecision.othersBusyCores >= defaultThreadCount() - 0.5);
    assert.equal((await loadLlama(false)).llama.maxThreads, 1, "the decision caps node-llama-cpp's threads");
    // What llama.cpp decoded with, not only what was asked: the context was created asking for every core.
    assert.equal(chosen.decodingThreads, 1, "the context's last batch ran on one thread");

    await fixed.generate(ask);
    assert.deepEqual(fixed.threadDecision, { threads: 2, othersBusyCores: 0, limit: 2 });
    assert.equal(fixed.decodingThreads, 2, "the user's count reaches llama.cpp even on a busy machine");
    assert.equal((await loadLlama(false, 2)).llama.maxThreads, 2);
});
