// The Rust side of a port: `cargo build --offline` of the assembled crate in the sandbox, set up by
// `cargoInSandbox` with the workspace's shared target folder (rebuilds after one unit changes stay incremental),
// compiler errors read per unit, and the harness binary answering cases as JSON lines.

import type { Sandbox, SandboxRunResult } from "../../../sandbox/index.js";
import { cargoInSandbox, type CargoInSandboxOptions } from "../../../toolchains/index.js";
import { runCaseLines, type CaseLine, type HarnessOutcome } from "../../../chains/port/harnessRuns.js";
import { harnessBinaryOf, type AssembledCrate } from "./rustCrate.js";

export interface CrateBuild {
    ok: boolean;
    /** cargo's output when the build failed. */
    output: string;
    /** Compiler errors by unit name (errors in no unit's lines are under ""). */
    errorsByUnit: Map<string, string[]>;
    durationMs: number;
    run: SandboxRunResult;
}

export interface RustCrateOptions {
    sandbox: Sandbox;
    /** The workspace whose shared cargo target folder the port uses. */
    workspaceRoot: string;
    cacheDir?: string;
    signal?: AbortSignal;
}

function cargoOptionsOf(options: RustCrateOptions): Omit<CargoInSandboxOptions, "scratch"> {
    return {
        sandbox: options.sandbox,
        workspaceRoot: options.workspaceRoot,
        ...(options.cacheDir ? { cacheDir: options.cacheDir } : {})
    };
}

/** Builds the crate (library, harness and, with `tests`, the integration tests) and reads its errors per unit. */
export async function buildCrate(crate: AssembledCrate, options: RustCrateOptions, tests = false): Promise<CrateBuild> {
    const scratch = await options.sandbox.createScratch({ contents: crate.files });
    try {
        const { cargo, env, binds } = await cargoInSandbox({ ...cargoOptionsOf(options), scratch });
        const run = await options.sandbox.run(
            scratch,
            {
                command: "/bin/sh",
                args: ["-c", 'exec "$@" 2>&1', "sh", cargo, "build", "--offline", ...(tests ? ["--tests"] : [])],
                env,
                binds,
                memoryRlimit: "data",
                limits: {
                    timeoutMs: 300_000,
                    cpuSeconds: 600,
                    memoryMb: 2048,
                    maxProcesses: 512,
                    maxOutputBytes: 4 * 1024 * 1024
                }
            },
            options.signal ? { signal: options.signal } : {}
        );
        const output = run.stdout;
        return {
            ok: run.exitCode === 0,
            output,
            errorsByUnit: errorsByUnit(output, crate),
            durationMs: run.durationMs,
            run
        };
    } finally {
        await scratch.dispose();
    }
}

/** Each `error` block of cargo's output, filed under the unit whose lines of src/lib.rs it points at. */
export function errorsByUnit(output: string, crate: AssembledCrate): Map<string, string[]> {
    const byUnit = new Map<string, string[]>();
    const blocks = output.split(/\n(?=(?:error|warning)(?:\[\w+\])?:)/);
    for (const block of blocks) {
        if (!/^error(\[\w+\])?:/.test(block.trimStart()) || /^error: could not compile/.test(block.trimStart()))
            continue;
        const text = block.split(/\n\s*\n(?=\S)/)[0]!.trim();
        const location = /-->\s*src\/lib\.rs:(\d+):\d+/.exec(text);
        const line = location ? Number(location[1]) : undefined;
        const unit =
            line === undefined
                ? ""
                : (crate.unitLines.find((range) => line >= range.first && line <= range.last)?.unit ?? "");
        byUnit.set(unit, [...(byUnit.get(unit) ?? []), text]);
    }
    return byUnit;
}

/** Runs the cases on the built harness binary in one sandboxed process (resumed after a case that stops it). */
export async function runRustCases(
    crate: AssembledCrate,
    cases: CaseLine[],
    caseTimeoutMs: number,
    options: RustCrateOptions
): Promise<Map<number, HarnessOutcome>> {
    const scratch = await options.sandbox.createScratch({});
    try {
        const { binds, targetInside } = await cargoInSandbox({ ...cargoOptionsOf(options), scratch });
        const binary = `${targetInside}/debug/${harnessBinaryOf(crate.name)}`;
        return await runCaseLines(cases, (stdin) =>
            options.sandbox.run(
                scratch,
                {
                    command: binary,
                    stdin,
                    binds,
                    env: { PONDER_CASE_TIMEOUT_MS: String(caseTimeoutMs), RUST_BACKTRACE: "0" },
                    limits: {
                        timeoutMs: 60_000 + cases.length * caseTimeoutMs,
                        maxOutputBytes: 64 * 1024 * 1024,
                        memoryMb: 2048,
                        maxProcesses: 64
                    }
                },
                options.signal ? { signal: options.signal } : {}
            )
        );
    } finally {
        await scratch.dispose();
    }
}
