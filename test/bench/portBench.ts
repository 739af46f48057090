// Benchmarks of the port chain's proof: differential testing of 1,000 cases, Python against the Rust harness
// (one long-lived sandboxed process per side, against one process per case), and the rebuild of a port's
// crate after one unit changes with the shared cargo target folder against a cold one.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Sandbox } from "../../engine/testing.js";
import { generateCases } from "../../engine/chains/port/caseGeneration.js";
import type { CaseLine } from "../../engine/chains/port/harnessRuns.js";
import { runPythonCases } from "../../engine/languages/python/port/pythonHarness.js";
import { readPortedItem } from "../../engine/languages/rust/port/readPortedItem.js";
import { assembleCrate, type CrateUnit } from "../../engine/languages/rust/port/rustCrate.js";
import { buildCrate, runRustCases, type RustCrateOptions } from "../../engine/languages/rust/port/rustHarness.js";
import { sameOutcome } from "../../engine/chains/port/compareOutcomes.js";
import type { RustFunctionSignature } from "../../engine/languages/rust/port/rustSignature.js";
import { portReplies } from "../support/portReplies.js";
import type { BenchRow } from "./BenchRow.js";

const pythonSource = `def square(x: int) -> int:
    return x * x


def sum_of_squares(xs: list[int]) -> int:
    total = 0
    for x in xs:
        total += square(x)
    return total
`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function runPortBenchmarks(): Promise<BenchRow[]> {
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    const workspaceRoot = await mkdtemp(join(tmpdir(), "ponder-port-bench-"));
    const cacheDir = await mkdtemp(join(tmpdir(), "ponder-port-bench-cache-"));
    const rows: BenchRow[] = [];
    try {
        const units: CrateUnit[] = [];
        const signatures: RustFunctionSignature[] = [];
        for (const name of ["square", "sum_of_squares"]) {
            const item = (await readPortedItem(portReplies.squares, name, "function")).item!;
            units.push({ name, code: item.code, uses: item.uses });
            signatures.push(item.signature!);
        }
        const crateOf = (unitList: CrateUnit[]) =>
            assembleCrate({
                crateName: "squares_rs",
                sourceFile: "squares.py",
                units: unitList,
                harnessFunctions: signatures,
                portedTests: "",
                counterexampleTests: ""
            });
        const options: RustCrateOptions = { sandbox, workspaceRoot, cacheDir };
        const crate = crateOf(units);
        const first = await buildCrate(crate, options);
        if (!first.ok) throw new Error(`the benchmark crate does not build: ${first.output}`);

        // 1. Differential testing of 1,000 cases.
        const cases: CaseLine[] = generateCases([{ kind: "list", of: { kind: "int" } }], 1000, 1).map((args, id) => ({
            id,
            fn: "sum_of_squares",
            args
        }));
        const pythonMs: number[] = [];
        const rustMs: number[] = [];
        let equal = 0;
        for (let round = 0; round < 3; round++) {
            let started = performance.now();
            const expected = await runPythonCases(sandbox, { name: "squares", text: pythonSource }, cases, 1000);
            pythonMs.push(performance.now() - started);
            started = performance.now();
            const actual = await runRustCases(crate, cases, 1000, options);
            rustMs.push(performance.now() - started);
            equal = cases.filter((c) => sameOutcome(expected.get(c.id)!, actual.get(c.id)!)).length;
        }
        const perCase = cases.slice(0, 20);
        const started = performance.now();
        for (const single of perCase) await runRustCases(crate, [single], 1000, options);
        const perProcessMs = (performance.now() - started) / perCase.length;
        rows.push(
            {
                name: "port differential, 1,000 cases: Python side",
                value: median(pythonMs),
                unit: "ms",
                note: "one sandboxed python3, JSON lines, median of 3"
            },
            {
                name: "port differential, 1,000 cases: Rust side",
                value: median(rustMs),
                unit: "ms",
                note: "one sandboxed harness process, one worker thread"
            },
            {
                name: "port differential, 1,000 cases: both sides",
                value: median(pythonMs) + median(rustMs),
                unit: "ms",
                note: `${equal} of 1000 equal`
            },
            {
                name: "port differential, one process per case (Rust)",
                value: perProcessMs * 1000,
                unit: "ms per 1,000",
                note: `extrapolated from ${perCase.length} runs`
            }
        );

        // 2. Rebuild after one unit changes: shared target folder (warm) against a cold one.
        const changed = (n: number) =>
            crateOf([{ ...units[0]!, code: units[0]!.code.replace(/x \* x(\s\+ \d+)?/, `x * x + ${n}`) }, units[1]!]);
        const warm: number[] = [];
        const cold: number[] = [];
        for (let round = 1; round <= 3; round++) {
            const rebuilt = await buildCrate(changed(round), options);
            if (!rebuilt.ok) throw new Error(rebuilt.output);
            warm.push(rebuilt.durationMs);
            const coldCache = await mkdtemp(join(tmpdir(), "ponder-port-bench-cold-"));
            const coldBuild = await buildCrate(changed(round + 10), { ...options, cacheDir: coldCache });
            cold.push(coldBuild.durationMs);
            await rm(coldCache, { recursive: true, force: true });
        }
        rows.push(
            {
                name: "port crate rebuild after one unit changes, shared target",
                value: median(warm),
                unit: "ms",
                note: "cargo build in the sandbox, median of 3"
            },
            {
                name: "port crate rebuild after one unit changes, cold target",
                value: median(cold),
                unit: "ms",
                note: `${(median(cold) / median(warm)).toFixed(1)}× the shared one`
            }
        );
    } finally {
        await sandbox.dispose();
        await rm(workspaceRoot, { recursive: true, force: true });
        await rm(cacheDir, { recursive: true, force: true });
    }
    return rows;
}
