// Rust tests: `cargo test --offline` with the real cargo of the project's toolchain (never rustup's shim), a
// target folder shared between runs of the same workspace (a cache, so rebuilds are incremental), and
// Debian's packaged crates as the registry when installed. Build first (errors as a value), then the tests.

import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { access } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { SandboxBind, SandboxRunResult } from "../../sandbox/index.js";
import { ToolchainUnavailableError } from "../errors.js";
import { bindsForExecutable, findExecutableOnHost, realPathOf } from "../hostTools.js";
import { projectFiles } from "../projectFiles.js";
import type { TestCaseResult, TestRunResult } from "../TestRunResult.js";
import {
    cancelledResult, defaultCacheDir, defaultTestTimeoutMs, runFolder, runOutput, tail, toolchainLimits,
    type PreparedTests, type ToolchainContext, type ToolchainDriver
} from "../toolchainRun.js";
import { parseLibtestList, parseLibtestOutput } from "./libtestOutput.js";

export interface RustToolchainOptions {
    /** cargo by full path. Default: the toolchain rustup picks for the project (`rustup which cargo`), else cargo on PATH. */
    cargoPath?: string;
    /** Registry folder of packaged crates used in place of crates.io; default /usr/share/cargo/registry when it exists. */
    packagedCrates?: string | false;
}

const cargoHome = `${runFolder}/cargo-home`;
const targetInSandbox = "/sandbox/cache/cargo-target";
const debianRegistry = "/usr/share/cargo/registry";
const resolved = new Map<string, Promise<string>>();

/** The real cargo binary for a project: rustup's proxy resolved to the toolchain's own cargo. */
export function resolveCargo(workspaceRoot: string, cargoPath?: string): Promise<string> {
    const key = `${workspaceRoot}\0${cargoPath ?? ""}`;
    let found = resolved.get(key);
    if (!found) {
        found = (async () => {
            const onPath = cargoPath ?? findExecutableOnHost("cargo") ?? findExecutableOnHost(join(process.env["HOME"] ?? "/root", ".cargo/bin/cargo"));
            if (!onPath) throw new ToolchainUnavailableError("rust", "cargo is not installed: install Rust with rustup (https://rustup.rs) or `sudo apt-get install cargo`.");
            const real = realPathOf(onPath);
            if (basename(real) !== "rustup") return real;
            // rustup's proxies are one binary; ask it which toolchain's cargo this project uses (rust-toolchain.toml).
            const { stdout } = await promisify(execFile)(real, ["which", "cargo"], { cwd: workspaceRoot, timeout: 30_000 }).catch((error: Error) => {
                throw new ToolchainUnavailableError("rust", `rustup could not name this project's cargo: ${error.message}`);
            });
            return realPathOf(stdout.trim());
        })();
        found.catch(() => resolved.delete(key));
        resolved.set(key, found);
    }
    return found;
}

/** The shared target folder of a workspace, under the cache folder. */
export function cargoTargetDir(cacheDir: string, workspaceRoot: string): string {
    return join(cacheDir, "cargo-target", createHash("sha256").update(realPathOf(workspaceRoot)).digest("hex").slice(0, 16));
}

export function rustToolchain(toolchainOptions: RustToolchainOptions = {}): ToolchainDriver {
    return {
        name: "rust",
        defaultFiles: projectFiles,
        async prepare(context: ToolchainContext): Promise<PreparedTests | TestRunResult> {
            const { options, sandbox, scratch, started } = context;
            const cargo = await resolveCargo(options.workspaceRoot, toolchainOptions.cargoPath);
            const bin = dirname(cargo);
            const registry = toolchainOptions.packagedCrates === false ? undefined
                : toolchainOptions.packagedCrates ?? (await access(debianRegistry).then(() => debianRegistry, () => undefined));
            const target: SandboxBind = { source: cargoTargetDir(options.cacheDir ?? defaultCacheDir(), options.workspaceRoot), target: targetInSandbox, writable: true };
            const binds: SandboxBind[] = [...bindsForExecutable(cargo), target];
            if (registry && !registry.startsWith("/usr/")) binds.push({ source: registry, target: registry });
            await scratch.writeFile(`${cargoHome}/config.toml`, [
                "[net]", "offline = true", "[term]", "color = \"never\"", "progress.when = \"never\"",
                ...(registry ? ["[source.crates-io]", "replace-with = \"packaged-crates\"", "[source.packaged-crates]", `directory = ${JSON.stringify(registry)}`] : [])
            ].join("\n") + "\n");
            const inside = sandbox.pathInside(scratch);
            const tool = (name: string) => join(bin, name);
            const env: Record<string, string> = {
                PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
                CARGO_HOME: `${inside}/${cargoHome}`,
                CARGO_TARGET_DIR: sandbox.pathInside(scratch, target),
                CARGO_TERM_COLOR: "never",
                RUST_BACKTRACE: "0",
                ...(await access(tool("rustc")).then(() => ({ RUSTC: tool("rustc") }), () => ({}))),
                ...(await access(tool("rustdoc")).then(() => ({ RUSTDOC: tool("rustdoc") }), () => ({})))
            };
            const testTimeoutMs = options.testTimeoutMs ?? defaultTestTimeoutMs;
            const cargoRun = (args: string[], timeoutMs?: number, signal?: AbortSignal) => sandbox.run(scratch, {
                // stderr into stdout keeps cargo's "Running <file>" lines in order with libtest's results.
                command: "/bin/sh", args: ["-c", 'exec "$@" 2>&1', "sh", cargo, ...args], env, binds, memoryRlimit: "data",
                limits: toolchainLimits(options, timeoutMs ? { timeoutMs } : {})
            }, signal ? { signal } : {});

            const build = await cargoRun(["test", "--offline", "--no-run"], undefined, options.signal);
            if (build.cancelled) return cancelledResult("rust", "cargo", started);
            if (build.exitCode !== 0) {
                return { kind: "buildFailed", stage: "build", toolchain: "rust", runner: "cargo", message: tail(runOutput(build)), run: build, durationMs: performance.now() - started, notes: build.timedOut ? ["The build was stopped at its time limit."] : [] };
            }
            const filters = (options.tests ?? []).map((id) => id.includes("::") && /\.rs::/.test(id) ? id.slice(id.indexOf(".rs::") + 5) : id);
            const notes = options.coverage ? ["Coverage is not measured for Rust (it needs llvm-tools, which Ponder does not install)."] : [];

            return {
                runner: "cargo",
                async runOnce(signal?: AbortSignal): Promise<TestRunResult> {
                    const runStarted = performance.now();
                    const run = await cargoRun(["test", "--offline", "--no-fail-fast", ...(filters.length ? ["--", "--exact", ...filters] : [])],
                        options.limits?.timeoutMs ?? testTimeoutMs, signal);
                    const durationMs = performance.now() - runStarted;
                    if (run.cancelled) return cancelledResult("rust", "cargo", runStarted);
                    const parsed = parseLibtestOutput(run.stdout);
                    const runNotes = [...notes];
                    const incomplete = parsed.binaries.some((binary) => binary.reported < binary.announced) || run.timedOut;
                    let tests: TestCaseResult[] = parsed.tests;
                    if (incomplete) {
                        tests = [...tests, ...await unreported(parsed.tests, run, parsed.crashes, signal)];
                        if (run.stdoutTruncated) runNotes.push("cargo's output was cut at the output limit; some results may be missing.");
                    }
                    if (tests.length === 0 && run.exitCode !== 0) {
                        return { kind: "buildFailed", stage: "collect", toolchain: "rust", runner: "cargo", message: tail(runOutput(run)), run, durationMs, notes: runNotes };
                    }
                    return { kind: "ran", toolchain: "rust", runner: "cargo", tests, run, durationMs, notes: runNotes };
                }
            };

            /** Tests the run never reported (time limit, a crashed binary), named by `cargo test -- --list`. */
            async function unreported(reported: TestCaseResult[], run: SandboxRunResult, crashes: string[], signal?: AbortSignal): Promise<TestCaseResult[]> {
                const list = await cargoRun(["test", "--offline", "--", "--list", ...(filters.length ? ["--exact", ...filters] : [])], 120_000, signal);
                if (list.exitCode !== 0) return [];
                const seen = new Set(reported.map((test) => test.id));
                return parseLibtestList(list.stdout).filter((test) => !seen.has(test.id)).map((test) => ({
                    ...test,
                    outcome: run.timedOut ? "timedOut" as const : "error" as const,
                    message: run.timedOut ? `did not finish within the run's time limit (${Math.round((options.limits?.timeoutMs ?? testTimeoutMs) / 1000)} s)`
                        : `its test binary stopped before reporting it${crashes.length ? `: ${crashes.join("; ")}` : ""}`
                }));
            }
        }
    };
}
