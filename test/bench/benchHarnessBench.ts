// Benchmarks of `ponder bench` itself on the test suite (scripted models, real chains, real sandbox): the time per
// task spent outside the model (chain verification, judging, the harness's copying and bookkeeping) for the Python
// fix and tests tasks and for the port tasks (to Rust and to TypeScript), and the throughput of the Python fix and
// tests tasks with two tasks at once against one.

import { loadSuite, runBench, Sandbox, type BenchReport, type TaskOutcome } from "../../engine/testing.js";
import { benchSuiteRuntime } from "../support/benchSuiteRuntime.js";
import type { BenchRow } from "./BenchRow.js";

export async function runBenchHarnessBenchmarks(): Promise<BenchRow[]> {
    const suite = await loadSuite("test/fixtures/bench/suite");
    const tasks = suite.filter((t) => t.language === "python" && t.job !== "port");
    const ports = suite.filter((t) => t.job === "port");
    const runtime = await benchSuiteRuntime();
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    const reports: Record<1 | 2, BenchReport[]> = { 1: [], 2: [] };
    const portOutcomes: TaskOutcome[] = [];
    try {
        const options = {
            suite: "bench",
            tasks,
            runtime,
            sandbox,
            model: "scripted",
            candidates: 2,
            extraRounds: 0,
            seed: 1,
            maxMutants: 6
        };
        // Warm the toolchains and caches once, then alternate so drift on this shared machine hits both alike.
        await runBench({ ...options, limit: 1 });
        for (let round = 0; round < 2; round++) {
            for (const jobs of [1, 2] as const) reports[jobs].push(await runBench({ ...options, jobs }));
            portOutcomes.push(...(await runBench({ ...options, tasks: ports })).tasks);
        }
    } finally {
        await runtime.dispose();
        await sandbox.dispose();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const serial = reports[1].flatMap((r) => r.tasks);
    const outsideModel = (outcomes: TaskOutcome[]) =>
        median(outcomes.map((t) => t.timings.totalMs - t.timings.modelMs));
    const judging = (outcomes: TaskOutcome[]) => median(outcomes.map((t) => t.timings.judgeMs));
    const harness = (outcomes: TaskOutcome[]) =>
        median(outcomes.map((t) => t.timings.totalMs - t.timings.chainMs - t.timings.judgeMs));
    const model = median(serial.map((t) => t.timings.modelMs));
    const wall = (jobs: 1 | 2) => median(reports[jobs].map((r) => r.wallMs));
    const perMinute = (jobs: 1 | 2) => (tasks.length * 60_000) / wall(jobs);
    const toRust = portOutcomes.filter((t) => t.to === "rust");
    const toTypeScript = portOutcomes.filter((t) => t.to === "typescript");
    return [
        {
            name: `bench: time per task outside the model (${tasks.length} Python fix/tests tasks, G=2)`,
            value: outsideModel(serial),
            unit: "ms",
            note: "chain verification + judging + harness"
        },
        { name: "bench: hidden-check judging per task", value: judging(serial), unit: "ms" },
        {
            name: "bench: harness bookkeeping per task",
            value: harness(serial),
            unit: "ms",
            note: "copy, hidden checks read, state"
        },
        { name: "bench: model time per task (scripted model)", value: model, unit: "ms" },
        {
            name: `bench: port to Rust, time per task outside the model (${toRust.length / 2} tasks)`,
            value: outsideModel(toRust),
            unit: "ms",
            note: "cargo builds, differential cases, judging, harness"
        },
        {
            name: "bench: port to Rust, hidden-check judging per task",
            value: judging(toRust),
            unit: "ms",
            note: "cargo test of the port with the hidden cases"
        },
        {
            name: `bench: port to TypeScript, time per task outside the model (${toTypeScript.length / 2} task)`,
            value: outsideModel(toTypeScript),
            unit: "ms"
        },
        {
            name: "bench: port task harness bookkeeping",
            value: harness(portOutcomes),
            unit: "ms",
            note: "copy, hidden checks read, state"
        },
        { name: "bench: suite throughput, --jobs 1", value: perMinute(1), unit: "tasks/min" },
        { name: "bench: suite throughput, --jobs 2", value: perMinute(2), unit: "tasks/min" },
        { name: "bench: --jobs 2 speed-up", value: wall(1) / wall(2), unit: "×" }
    ];
}
