// Benchmarks of the fix chain: its time outside the model (context, parsing, verification) for one fix in a
// 40-function Python file with G = 4 (the project has a failing test, so the right fix is verified by it), and
// verification of the candidates on both cores against one at a time.

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DiskWorkspace, LocalModelRuntime, runFixChain, Sandbox } from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fixReplies } from "../support/fixReplies.js";
import type { BenchRow } from "./BenchRow.js";
import { withDefaults } from "../../engine/testing.js";

/** A module of 40 small functions; `sum_to` (the buggy one) is the 20th. */
function fortyFunctions(): string {
    const functions: string[] = [];
    for (let i = 0; i < 40; i++) {
        if (i === 19)
            functions.push(
                'def sum_to(n):\n    """Return 1 + 2 + ... + n."""\n    total = 0\n    for i in range(n):\n        total += i\n    return total\n'
            );
        else
            functions.push(
                `def helper_${i}(values):\n    """Scale and filter values (${i})."""\n    result = []\n    for value in values:\n        if value % ${i + 2} != 0:\n            result.append(value * ${i + 1})\n    return result\n`
            );
    }
    return functions.join("\n\n");
}

export async function runFixBenchmarks(): Promise<BenchRow[]> {
    const root = await mkdtemp(join(tmpdir(), "ponder-fix-bench-"));
    await writeFile(join(root, "series.py"), fortyFunctions());
    await writeFile(
        join(root, "test_series.py"),
        "from series import sum_to\n\n\ndef test_sum_to_zero():\n    assert sum_to(0) == 0\n\n\ndef test_sum_to_three():\n    assert sum_to(3) == 6\n"
    );
    const { path } = await buildScriptedModel(join(testModelDir(), "bench-fix.gguf"), {
        replies: [fixReplies.realFix, fixReplies.specialCase]
    });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 4
    });
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    const outside: number[] = [];
    const verifyBoth: number[] = [];
    const verifyOne: number[] = [];
    try {
        const line =
            fortyFunctions()
                .split("\n")
                .findIndex((l) => l.includes("for i in range(n)")) + 1;
        for (let round = 0; round < 3; round++) {
            for (const parallelRuns of [2, 1]) {
                const started = performance.now();
                const result = await runFixChain(
                    withDefaults("fix", {
                        file: "series.py",
                        target: { line },
                        candidates: 4,
                        extraRounds: 0,
                        seed: 7,
                        parallelRuns
                    }),
                    { runtime, sandbox, workspace: new DiskWorkspace(root) }
                );
                const total = performance.now() - started;
                if (result.status !== "verified")
                    throw new Error(`the benchmark's fix was not verified: ${result.unverifiedReason}`);
                if (parallelRuns === 2) {
                    outside.push(total - result.timings.modelMs);
                    verifyBoth.push(result.timings.verifyMs);
                } else verifyOne.push(result.timings.verifyMs);
            }
        }
    } finally {
        await runtime.dispose();
        await sandbox.dispose();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    return [
        {
            name: "fix chain outside the model, 40-function file, G=4",
            value: median(outside),
            unit: "ms",
            note: "context + parsing + reproduction + verification"
        },
        { name: "fix verification, 2 runs at once", value: median(verifyBoth), unit: "ms" },
        { name: "fix verification, 1 run at a time", value: median(verifyOne), unit: "ms" },
        { name: "fix verification speed-up on 2 cores", value: median(verifyOne) / median(verifyBoth), unit: "×" }
    ];
}
