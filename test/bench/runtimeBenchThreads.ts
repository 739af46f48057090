// Benchmark of threads on a busy machine: decode speed with Ponder's default threads (chosen from the free CPU)
// against every fixed thread count, idle and with CPU-bound processes on half and on all of the cores, and the
// idle default against the old default (one thread per core). One run, interleaved rounds, ratios.

import { spawn, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { defaultThreadCount, LocalModelRuntime } from "../../engine/testing.js";
import { buildRandomModel, testModelDir } from "../support/models/index.js";
import type { BenchRow } from "./BenchRow.js";

const prompt = [{ role: "user" as const, content: "Explain what this function does." }];

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

export async function threadRows(rounds = 3): Promise<BenchRow[]> {
    const path = join(testModelDir(), "bench-threads.gguf");
    await buildRandomModel(path, { embeddingLength: 512, blockCount: 6, feedForwardLength: 1280, headCount: 8, vocabularySize: 12000, contextLength: 4096 });
    const cores = defaultThreadCount();
    const fixedCounts = Array.from({ length: cores }, (_, i) => i + 1);
    const load = (threads?: number) => LocalModelRuntime.load({
        model: path, gpu: false, contextSize: 512, expectedCandidates: 1, ...(threads !== undefined ? { threads } : {})
    });
    const chosen = await load();
    const fixed = await Promise.all(fixedCounts.map((threads) => load(threads)));
    const rows: BenchRow[] = [];
    try {
        const scenarios = [{ name: "idle", hogs: 0 }, { name: "load on half the cores", hogs: Math.max(1, Math.floor(cores / 2)) }, { name: "load on all cores", hogs: cores }];
        for (const scenario of scenarios) {
            const hogs = startHogs(scenario.hogs);
            const speeds = { chosen: [] as number[], fixed: fixedCounts.map(() => [] as number[]) };
            const decided: number[] = [];
            try {
                await new Promise((resolve) => setTimeout(resolve, 500));
                for (let round = 0; round < rounds; round++) {
                    const request = { messages: prompt, maxTokens: 48, seed: round, loopGuard: false, thinkBudget: 48 };
                    // The default goes first in even rounds and last in odd ones, so neither gains from its place.
                    const measureChosen = async () => {
                        speeds.chosen.push((await chosen.generate(request)).candidates[0]!.timings.tokensPerSecond);
                        decided.push(chosen.threadDecision.threads);
                    };
                    if (round % 2 === 0) await measureChosen();
                    for (const [i, runtime] of fixed.entries()) speeds.fixed[i]!.push((await runtime.generate(request)).candidates[0]!.timings.tokensPerSecond);
                    if (round % 2 === 1) await measureChosen();
                }
            } finally {
                stopHogs(hogs);
            }
            const fixedSpeeds = speeds.fixed.map(median);
            const best = Math.max(...fixedSpeeds);
            const bestThreads = fixedCounts[fixedSpeeds.indexOf(best)]!;
            const note = `${scenario.hogs} busy process(es), ${cores} cores, load average ${loadavg()[0]!.toFixed(1)}; chose ${decided.join(",")} thread(s); ` +
                `fixed ${fixedCounts.map((t, i) => `${t}: ${fixedSpeeds[i]!.toFixed(1)}`).join(", ")} tokens/s`;
            rows.push({ name: `decode, ${scenario.name}, default threads`, value: median(speeds.chosen), unit: "tokens/s", note });
            rows.push({ name: `decode, ${scenario.name}, default / best fixed (${bestThreads})`, value: median(speeds.chosen) / best, unit: "ratio", note: "goal ≥ 0.9" });
            if (scenario.hogs === 0)
                rows.push({ name: "decode, idle, default / one thread per core (before)", value: median(speeds.chosen) / fixedSpeeds.at(-1)!, unit: "ratio", note: "goal ≥ 0.97" });
            else
                rows.push({ name: `decode, ${scenario.name}, one thread per core (before) / best fixed`, value: fixedSpeeds.at(-1)! / best, unit: "ratio" });
        }
    } finally {
        await chosen.dispose();
        for (const runtime of fixed) await runtime.dispose();
    }
    return rows;
}
