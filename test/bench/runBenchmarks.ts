// `npm run bench`: runs every benchmark and prints one table. Figures, not pass/fail: they go in issue notes.
// Usage: npm run bench [-- runtime|sandbox …]  (default: all groups but `verdicts` and `repo`; `gpu` takes `--gpu cuda` and `--model PATH`;
// `repo` runs the repository-level suite (PONDER_REPO_BENCH_TASK=ID runs the tasks whose id contains ID);
// `verdicts` takes `--engine PATH` (repeatable), `--seeds N`, `--language python|typescript`, `--program NAME`, `--kind KIND`; see verdictsBench.ts)

import type { BenchRow } from "./BenchRow.js";
import { runRuntimeBenchmarks } from "./runtimeBench.js";
import { runSandboxBenchmarks } from "./sandboxBench.js";
import { runFixBenchmarks } from "./fixBench.js";
import { runTestsBenchmarks } from "./testsBench.js";
import { runServerBenchmarks } from "./serverBench.js";
import { runPortBenchmarks } from "./portBench.js";
import { runRouterBenchmarks } from "./routerBench.js";
import { runBenchHarnessBenchmarks } from "./benchHarnessBench.js";
import { runMemoryBenchmarks } from "./memoryBench.js";
import { runRemoteBenchmarks } from "./remoteBench.js";
import { runGpuBenchmarks } from "./gpuBench.js";
import { runVerdictBenchmarks } from "./verdictsBench.js";
import { runRepoBenchmarks } from "./repo/repoBench.js";

const groups: Record<string, () => Promise<BenchRow[]>> = {
    runtime: runRuntimeBenchmarks,
    sandbox: runSandboxBenchmarks,
    fix: runFixBenchmarks,
    tests: runTestsBenchmarks,
    server: runServerBenchmarks,
    port: runPortBenchmarks,
    router: runRouterBenchmarks,
    bench: runBenchHarnessBenchmarks,
    memory: runMemoryBenchmarks,
    remote: runRemoteBenchmarks,
    gpu: runGpuBenchmarks,
    verdicts: runVerdictBenchmarks,
    repo: runRepoBenchmarks
};
/** Groups that run only when named: the verdict suite takes tens of minutes, the repository suite minutes. */
const onlyWhenNamed = new Set(["verdicts", "repo"]);

const chosen = process.argv.slice(2).filter((name) => name in groups);
const rows: BenchRow[] = [];
for (const name of chosen.length > 0 ? chosen : Object.keys(groups).filter((group) => !onlyWhenNamed.has(group))) {
    process.stderr.write(`running ${name} benchmarks…\n`);
    rows.push(...(await groups[name]!()));
}
const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 3));
const cells = rows.map((row) => [row.name, format(row.value), row.unit, row.note ?? ""]);
const widths = [0, 1, 2, 3].map((column) => Math.max(...cells.map((cell) => cell[column]!.length), 6));
for (const cell of [["benchmark", "value", "unit", "note"], ...cells])
    console.log(
        cell
            .map((text, column) => (column === 1 ? text.padStart(widths[column]!) : text.padEnd(widths[column]!)))
            .join("  ")
            .trimEnd()
    );
process.exit(0);
