// Benchmarks of the verification sandbox: its overhead per run against the same command unsandboxed, a
// 50-test pytest file sandboxed and not, and a warm `cargo test` after a one-line change with the shared
// target folder.

import { spawn, spawnSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Sandbox } from "../../engine/sandbox/index.js";
import { runTests } from "../../engine/toolchains/index.js";
import type { BenchRow } from "./BenchRow.js";

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
    const started = performance.now();
    await action();
    return performance.now() - started;
}

function spawnAndWait(command: string, args: string[], cwd?: string): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: "ignore", ...(cwd ? { cwd } : {}) });
        child.once("error", reject);
        child.once("close", () => resolve());
    });
}

/** Median wall time of /bin/true through the sandbox (a scratch folder made once) against a plain spawn. */
async function overheadPerRun(): Promise<BenchRow[]> {
    const runs = 15;
    const rows: BenchRow[] = [];
    const plain: number[] = [];
    for (let index = 0; index < runs; index++) plain.push(await timed(() => spawnAndWait("/bin/true", [])));
    rows.push({
        name: "sandbox: /bin/true unsandboxed (spawn)",
        value: median(plain),
        unit: "ms",
        note: `median of ${runs}`
    });
    for (const cgroups of ["auto", "never"] as const) {
        const sandbox = await Sandbox.create({ workspaceTrusted: true, cgroups });
        const scratch = await sandbox.createScratch({});
        try {
            const times: number[] = [];
            const withScratch: number[] = [];
            for (let index = 0; index < runs; index++)
                times.push(await timed(() => sandbox.run(scratch, { command: "/bin/true" })));
            for (let index = 0; index < runs; index++)
                withScratch.push(
                    await timed(() => sandbox.runOnce({ contents: { "a.txt": "x" } }, { command: "/bin/true" }))
                );
            rows.push({
                name: `sandbox: /bin/true sandboxed (${sandbox.limitsBy})`,
                value: median(times),
                unit: "ms",
                note: `median of ${runs}`
            });
            rows.push({
                name: `sandbox: overhead per run (${sandbox.limitsBy})`,
                value: median(times) - median(plain),
                unit: "ms",
                note: "target ≤ 250 ms"
            });
            rows.push({
                name: `sandbox: run with a fresh scratch copy (${sandbox.limitsBy})`,
                value: median(withScratch),
                unit: "ms",
                note: "make, chown, run, remove"
            });
        } finally {
            await scratch.dispose();
        }
    }
    return rows;
}

/** A 50-test pytest file through the Python toolchain (sandboxed) and through pytest straight on the host. */
async function pytestFile(): Promise<BenchRow[]> {
    const project = await mkdtemp(join(tmpdir(), "ponder-bench-pytest-"));
    try {
        const tests = Array.from(
            { length: 50 },
            (_, index) => `def test_${index}():\n    assert sum(range(${index})) == ${(index * (index - 1)) / 2}\n`
        );
        await writeFile(join(project, "test_many.py"), `import pytest\n\n${tests.join("\n")}`);
        const sandbox = await Sandbox.create({ workspaceTrusted: true });
        const sandboxed: number[] = [];
        const direct: number[] = [];
        let passed = 0;
        for (let round = 0; round < 5; round++) {
            sandboxed.push(
                await timed(async () => {
                    const result = await runTests({ sandbox, workspaceRoot: project, toolchain: "python" });
                    passed =
                        result.kind === "ran" ? result.tests.filter((test) => test.outcome === "passed").length : 0;
                })
            );
            direct.push(
                await timed(() =>
                    spawnAndWait(
                        "/usr/bin/python3",
                        ["-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml=/dev/null", "test_many.py"],
                        project
                    )
                )
            );
        }
        return [
            {
                name: "pytest 50 tests: sandboxed (Ponder's Python toolchain)",
                value: median(sandboxed),
                unit: "ms",
                note: `median of 5; ${passed}/50 passed`
            },
            {
                name: "pytest 50 tests: unsandboxed (python3 -m pytest)",
                value: median(direct),
                unit: "ms",
                note: "median of 5"
            },
            { name: "pytest 50 tests: sandboxed / unsandboxed", value: median(sandboxed) / median(direct), unit: "×" }
        ];
    } finally {
        await rm(project, { recursive: true, force: true });
    }
}

/** cargo test on the fixture crate: cold, then warm after a one-line change, with the shared target folder. */
async function warmCargoRebuild(): Promise<BenchRow[]> {
    if (spawnSync("cargo", ["--version"]).status !== 0) return [{ name: "cargo: not installed", value: 0, unit: "-" }];
    const fixture = join(
        dirname(fileURLToPath(import.meta.url)),
        "..",
        "..",
        "..",
        "test",
        "fixtures",
        "toolchains",
        "rust-crate"
    );
    const project = await mkdtemp(join(tmpdir(), "ponder-bench-crate-"));
    const cacheDir = await mkdtemp(join(tmpdir(), "ponder-bench-cache-"));
    try {
        await cp(fixture, project, { recursive: true });
        const sandbox = await Sandbox.create({ workspaceTrusted: true });
        const rows: BenchRow[] = [];
        const measure = async (label: string, note: string) => {
            const result = await runTests({ sandbox, workspaceRoot: project, cacheDir, testTimeoutMs: 120_000 });
            if (result.kind !== "ran") throw new Error(`cargo bench run did not run: ${result.kind}`);
            rows.push({
                name: `cargo: ${label}, build`,
                value: result.durationMs - result.run.durationMs,
                unit: "ms",
                note
            });
            rows.push({
                name: `cargo: ${label}, build + tests`,
                value: result.durationMs,
                unit: "ms",
                note: "tests include compiling the doc-test"
            });
        };
        await measure("cold", "empty target folder, cfg-if from Debian's registry");
        const warm: number[] = [];
        for (let change = 1; change <= 3; change++) {
            const source = await readFile(join(project, "src", "lib.rs"), "utf8");
            await writeFile(
                join(project, "src", "lib.rs"),
                source.replace(/a \+ b(?: \+ 0)*/, `a + b${" + 0".repeat(change)}`)
            );
            const before = rows.length;
            await measure(`warm after a one-line change #${change}`, "target ≤ 3000 ms");
            warm.push(rows[before + 1]!.value);
        }
        rows.push({
            name: "cargo: warm rebuild + tests after a one-line change",
            value: median(warm),
            unit: "ms",
            note: "median of 3; target ≤ 3000 ms"
        });
        return rows;
    } finally {
        await rm(project, { recursive: true, force: true });
        await rm(cacheDir, { recursive: true, force: true });
    }
}

export async function runSandboxBenchmarks(): Promise<BenchRow[]> {
    return [...(await overheadPerRun()), ...(await pytestFile()), ...(await warmCargoRebuild())];
}
