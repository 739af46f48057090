// Benchmarks of the tests chain on the py-stats fixture (G = 2, N = 3): wall time per kept test outside the
// model and its split between the stability runs, coverage and mutation; the coverage and mutation score reached.

import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskWorkspace, LocalModelRuntime, Sandbox } from "../../engine/testing.js";
import { runTestsChain, type TestsResult } from "../../engine/chains/tests/index.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import type { BenchRow } from "./BenchRow.js";
import { withDefaults } from "../../engine/testing.js";

export async function runTestsBenchmarks(): Promise<BenchRow[]> {
    const reply = await readFile("test/fixtures/tests/py-stats.reply.md", "utf8");
    const { path } = await buildScriptedModel(join(testModelDir(), "bench-tests.gguf"), { replies: [reply] });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 2
    });
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    const results: TestsResult[] = [];
    try {
        for (let round = 0; round < 3; round++) {
            const root = await mkdtemp(join(tmpdir(), "ponder-tests-bench-"));
            await cp("test/fixtures/tests/py-stats", root, { recursive: true });
            results.push(
                await runTestsChain(withDefaults("tests", { file: "stats.py", candidates: 2, seed: 1 }), {
                    runtime,
                    sandbox,
                    workspace: new DiskWorkspace(root)
                })
            );
        }
    } finally {
        await runtime.dispose();
        await sandbox.dispose();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const perKept = (pick: (r: TestsResult) => number) =>
        median(results.map((r) => pick(r) / Math.max(1, r.kept.length)));
    const last = results.at(-1)!;
    const note = `py-stats, G=2, N=3, ${last.kept.length} kept of ${last.kept.length + last.dropped.length + last.possibleBugs.length}`;
    return [
        {
            name: "tests chain outside the model, per kept test",
            value: perKept((r) => r.timings.totalMs - r.timings.modelMs),
            unit: "ms",
            note
        },
        { name: "  of which stability runs (N=3, batched)", value: perKept((r) => r.timings.runsMs), unit: "ms" },
        {
            name: "  of which coverage (baseline, per test, together)",
            value: perKept((r) => r.timings.coverageMs),
            unit: "ms"
        },
        {
            name: "  of which mutation",
            value: perKept((r) => r.timings.mutationMs),
            unit: "ms",
            note: `${last.mutation.total} mutants`
        },
        {
            name: "tests chain line coverage before",
            value: last.coverage.before,
            unit: "%",
            note: "stats.py, existing tests"
        },
        {
            name: "tests chain line coverage after",
            value: last.coverage.after,
            unit: "%",
            note: "existing + kept tests"
        },
        {
            name: "tests chain mutation score",
            value: last.mutation.score,
            unit: "%",
            note: `${last.mutation.killed} of ${last.mutation.total} killed`
        }
    ];
}
