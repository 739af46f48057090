// Benchmark of threads on a busy machine: decode speed with Ponder's default threads (chosen from the free CPU)
// against every fixed thread count, idle and with CPU-bound processes on half and on all of the cores, and the
// idle default against the old default (one thread per core). One run, interleaved rounds, ratios.

import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultThreadCount, LocalModelRuntime } from "../../engine/testing.js";
import { othersBusyCores, readCpuSample } from "../../engine/runtime/local/availableCpu.js";
import { buildRandomModel, testModelDir } from "../support/models/index.js";
import type { BenchRow } from "./BenchRow.js";

const prompt = [{ role: "user" as const, content: "Explain what this function does." }];
/** A decode that lost its cores can run at a fraction of a token a second: its speed is known well before 48 tokens. */
const measurementCapMs = 20_000;

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** CPU-bound processes, one per core asked for, until stopped. */
function startHogs(count: number): ChildProcess[] {
    return Array.from({ length: count }, () => spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }));
}

function stopHogs(hogs: ChildProcess[]): void {
    for (const hog of hogs) hog.kill("SIGKILL");
}

/** CPU seconds a process has used (utime + stime, 100 ticks a second on Linux). */
function cpuSecondsOf(pid: number | undefined): number {
    try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
            .replace(/^.*\) /, "")
            .split(" ");
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return 0;
    }
}

interface Measurement {
    tokensPerSecond: number;
    /** This process's CPU time per generated token: what the decode cost the machine, whatever the others did. */
    cpuMsPerToken: number;
    /** The threads llama.cpp ran the last batch with. */
    threads: number;
}

async function measure(runtime: LocalModelRuntime, seed: number): Promise<Measurement> {
    const before = process.cpuUsage();
    const request = { messages: prompt, maxTokens: 48, seed, loopGuard: false, thinkBudget: 48 };
    const reply = (await runtime.generate(request, { signal: AbortSignal.timeout(measurementCapMs) })).candidates[0]!;
    const cpu = process.cpuUsage(before);
    const tokens = Math.max(1, reply.usage.thoughtTokens + reply.usage.answerTokens);
    return {
        tokensPerSecond: reply.timings.tokensPerSecond,
        cpuMsPerToken: (cpu.user + cpu.system) / 1000 / tokens,
        threads: runtime.decodingThreads ?? 0
    };
}

/**
 * It is long because each scenario is one interleaved measurement loop whose rows and notes need all its figures.
 * The default's speed is compared with each fixed count's in the same round (paired), and the ratio is the median of
 * those per-round ratios: other users' load on a shared machine changes from minute to minute, not within a round.
 */
export async function threadRows(rounds = 5): Promise<BenchRow[]> {
    const path = join(testModelDir(), "bench-threads.gguf");
    await buildRandomModel(path, {
        embeddingLength: 512,
        blockCount: 6,
        feedForwardLength: 1280,
        headCount: 8,
        vocabularySize: 12000,
        contextLength: 4096
    });
    const cores = defaultThreadCount();
    const fixedCounts = Array.from({ length: cores }, (_, i) => i + 1);
    const load = (threads?: number) =>
        LocalModelRuntime.load({
            model: path,
            gpu: false,
            contextSize: 512,
            expectedCandidates: 1,
            ...(threads !== undefined ? { threads } : {})
        });
    const chosen = await load();
    const fixed = await Promise.all(fixedCounts.map((threads) => load(threads)));
    const rows: BenchRow[] = [];
    try {
        const scenarios = [
            { name: "idle", hogs: 0 },
            { name: "load on half the cores", hogs: Math.max(1, Math.floor(cores / 2)) },
            { name: "load on all cores", hogs: cores }
        ];
        for (const scenario of scenarios) {
            const hogs = startHogs(scenario.hogs);
            const ours: Measurement[] = [];
            const theirs: Measurement[][] = fixedCounts.map(() => []);
            const startSample = readCpuSample();
            let background = 0;
            try {
                await new Promise((resolve) => setTimeout(resolve, 500));
                for (let round = 0; round < rounds; round++) {
                    // The default goes first in even rounds and last in odd ones, so neither gains from its place.
                    if (round % 2 === 0) ours.push(await measure(chosen, round));
                    for (const [i, runtime] of fixed.entries()) theirs[i]!.push(await measure(runtime, round));
                    if (round % 2 === 1) ours.push(await measure(chosen, round));
                }
            } finally {
                // Other users' share: every other process's busy cores over the scenario less what our hogs used.
                const endSample = readCpuSample();
                const seconds = (endSample.atMs - startSample.atMs) / 1000;
                const hogCores = hogs.reduce((sum, hog) => sum + cpuSecondsOf(hog.pid), 0) / seconds;
                background = Math.max(0, othersBusyCores(startSample, endSample) - hogCores);
                stopHogs(hogs);
            }
            const fixedSpeeds = theirs.map((runs) => median(runs.map((m) => m.tokensPerSecond)));
            const best = Math.max(...fixedSpeeds);
            const bestIndex = fixedSpeeds.indexOf(best);
            const pairedRatio = (index: number) =>
                median(
                    ours.map((m, round) => m.tokensPerSecond / Math.max(1e-9, theirs[index]![round]!.tokensPerSecond))
                );
            const cpuNote = (runs: Measurement[]) => median(runs.map((m) => m.cpuMsPerToken)).toFixed(1);
            const note =
                `${scenario.hogs} busy process(es) + other users' ${background.toFixed(2)} busy cores, ${cores} cores; default ran ${ours.map((m) => m.threads).join(",")} thread(s), ` +
                `${cpuNote(ours)} CPU ms/token; fixed ${fixedCounts.map((t, i) => `${t}: ${fixedSpeeds[i]!.toFixed(1)} tokens/s, ${cpuNote(theirs[i]!)} CPU ms/token`).join("; ")}`;
            rows.push({
                name: `decode, ${scenario.name}, default threads`,
                value: median(ours.map((m) => m.tokensPerSecond)),
                unit: "tokens/s",
                note
            });
            rows.push({
                name: `decode, ${scenario.name}, default / best fixed (${fixedCounts[bestIndex]})`,
                value: pairedRatio(bestIndex),
                unit: "ratio",
                note: "goal ≥ 0.9; median of per-round ratios"
            });
            // On a shared machine the wall-time ratio of two runs with the same thread count is the other users' noise;
            // CPU time per token is not, and compares the two fairly whenever they ran the same threads.
            const sameThreads = ours.every((m) => m.threads === fixedCounts[bestIndex]);
            rows.push({
                name: `decode, ${scenario.name}, CPU time per token, best fixed / default`,
                value:
                    median(theirs[bestIndex]!.map((m) => m.cpuMsPerToken)) /
                    Math.max(1e-9, median(ours.map((m) => m.cpuMsPerToken))),
                unit: "ratio",
                note: sameThreads
                    ? "both ran the same threads: comparable"
                    : "different threads: CPU time is not speed here"
            });
            // Free of the noise: in how many rounds the default ran the count that was fastest over the scenario.
            rows.push({
                name: `decode, ${scenario.name}, rounds the default ran the best fixed count`,
                value: ours.filter((m) => m.threads === fixedCounts[bestIndex]).length / ours.length,
                unit: "share",
                note: `of ${ours.length}`
            });
            if (scenario.hogs === 0)
                rows.push({
                    name: "decode, idle, default / one thread per core (before)",
                    value: pairedRatio(fixedCounts.length - 1),
                    unit: "ratio",
                    note: "goal ≥ 0.97; median of per-round ratios"
                });
            else
                rows.push({
                    name: `decode, ${scenario.name}, one thread per core (before) / best fixed`,
                    value: fixedSpeeds.at(-1)! / best,
                    unit: "ratio"
                });
        }
    } finally {
        await chosen.dispose();
        for (const runtime of fixed) await runtime.dispose();
    }
    return rows;
}
