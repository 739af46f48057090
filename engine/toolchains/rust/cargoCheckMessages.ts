// `cargo check --message-format=json` in the sandbox, for rustc's structured diagnostics and suggestions.
// The same offline set-up as the test runs (packaged crates, the project's real cargo), with its own target
// folder so it never races a test build over the shared one.

import { access } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Sandbox, SandboxBind } from "../../sandbox/index.js";
import { bindsForExecutable } from "../hostTools.js";
import { projectFiles } from "../projectFiles.js";
import { defaultCacheDir, runFolder, toolchainLimits } from "../toolchainRun.js";
import { cargoTargetDir, resolveCargo } from "./rustToolchain.js";

export interface CargoCheckOptions {
    sandbox: Sandbox;
    workspaceRoot: string;
    /** Files under the root to copy into scratch; default the project's files (`projectFiles`). */
    files?: string[];
    /** Unsaved or generated texts by relative path; they win over the files. */
    contents?: Record<string, string>;
    cacheDir?: string;
    /** Time limit of the check. Default 120 s. */
    timeoutMs?: number;
    signal?: AbortSignal;
}

export type CargoCheckResult =
    | { kind: "checked"; exitCode: number | null; messages: CargoCompilerMessage[]; timedOut: boolean }
    | { kind: "cancelled" };

/** One `compiler-message` of cargo's JSON output: rustc's diagnostic, with its child notes and spans. */
export interface CargoCompilerMessage {
    message: string;
    level: string;
    code?: { code: string } | null;
    spans: CargoSpan[];
    children: CargoCompilerMessage[];
    rendered?: string | null;
}

export interface CargoSpan {
    file_name: string;
    byte_start: number;
    byte_end: number;
    line_start: number;
    is_primary: boolean;
    suggested_replacement?: string | null;
    suggestion_applicability?: "MachineApplicable" | "MaybeIncorrect" | "HasPlaceholders" | "Unspecified" | null;
}

const debianRegistry = "/usr/share/cargo/registry";
const targetInSandbox = "/sandbox/cache/cargo-check-target";

export async function cargoCheckMessages(options: CargoCheckOptions): Promise<CargoCheckResult> {
    const { sandbox } = options;
    const cargo = await resolveCargo(options.workspaceRoot);
    const bin = dirname(cargo);
    const registry = await access(debianRegistry).then(() => debianRegistry, () => undefined);
    const target: SandboxBind = { source: `${cargoTargetDir(options.cacheDir ?? defaultCacheDir(), options.workspaceRoot)}-check`, target: targetInSandbox, writable: true };
    const scratch = await sandbox.createScratch({ from: options.workspaceRoot, paths: options.files ?? await projectFiles(options.workspaceRoot), ...(options.contents ? { contents: options.contents } : {}) });
    try {
        const cargoHome = `${runFolder}/cargo-home`;
        await scratch.writeFile(`${cargoHome}/config.toml`, [
            "[net]", "offline = true", "[term]", "color = \"never\"", "progress.when = \"never\"",
            ...(registry ? ["[source.crates-io]", "replace-with = \"packaged-crates\"", "[source.packaged-crates]", `directory = ${JSON.stringify(registry)}`] : [])
        ].join("\n") + "\n");
        const inside = sandbox.pathInside(scratch);
        const tool = (name: string) => join(bin, name);
        const run = await sandbox.run(scratch, {
            command: cargo, args: ["check", "--offline", "--all-targets", "--message-format=json"],
            env: {
                PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`, CARGO_HOME: `${inside}/${cargoHome}`, CARGO_TARGET_DIR: sandbox.pathInside(scratch, target),
                CARGO_TERM_COLOR: "never",
                ...(await access(tool("rustc")).then(() => ({ RUSTC: tool("rustc") }), () => ({})))
            },
            binds: [...bindsForExecutable(cargo), target], memoryRlimit: "data",
            limits: toolchainLimits({ sandbox, workspaceRoot: options.workspaceRoot }, { timeoutMs: options.timeoutMs ?? 120_000 })
        }, options.signal ? { signal: options.signal } : {});
        if (run.cancelled) return { kind: "cancelled" };
        const messages: CargoCompilerMessage[] = [];
        for (const line of run.stdout.split("\n")) {
            if (!line.startsWith("{")) continue;
            try {
                const parsed = JSON.parse(line) as { reason?: string; message?: CargoCompilerMessage };
                if (parsed.reason === "compiler-message" && parsed.message) messages.push(parsed.message);
            } catch { /* a line cut at the output limit */ }
        }
        return { kind: "checked", exitCode: run.exitCode, messages, timedOut: run.timedOut };
    } finally {
        await scratch.dispose();
    }
}
