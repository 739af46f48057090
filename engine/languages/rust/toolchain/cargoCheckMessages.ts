// `cargo check --message-format=json` in the sandbox, for rustc's structured diagnostics and suggestions.
// The same offline set-up as the test runs (`cargoInSandbox`), with its own target folder so it never races a
// test build over the shared one.

import type { Sandbox } from "../../../sandbox/index.js";
import { projectFiles } from "../../../toolchains/projectFiles.js";
import { toolchainLimits } from "../../../toolchains/toolchainRun.js";
import { cargoInSandbox } from "./cargoInSandbox.js";

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

export async function cargoCheckMessages(options: CargoCheckOptions): Promise<CargoCheckResult> {
    const { sandbox } = options;
    const scratch = await sandbox.createScratch({
        from: options.workspaceRoot,
        paths: options.files ?? (await projectFiles(options.workspaceRoot)),
        ...(options.contents ? { contents: options.contents } : {})
    });
    try {
        const { cargo, env, binds } = await cargoInSandbox({
            sandbox,
            scratch,
            workspaceRoot: options.workspaceRoot,
            ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
            separateTarget: "check"
        });
        const run = await sandbox.run(
            scratch,
            {
                command: cargo,
                args: ["check", "--offline", "--all-targets", "--message-format=json"],
                env,
                binds,
                memoryRlimit: "data",
                limits: toolchainLimits(
                    { sandbox, workspaceRoot: options.workspaceRoot },
                    { timeoutMs: options.timeoutMs ?? 120_000 }
                )
            },
            options.signal ? { signal: options.signal } : {}
        );
        if (run.cancelled) return { kind: "cancelled" };
        const messages: CargoCompilerMessage[] = [];
        for (const line of run.stdout.split("\n")) {
            if (!line.startsWith("{")) continue;
            try {
                const parsed = JSON.parse(line) as { reason?: string; message?: CargoCompilerMessage };
                if (parsed.reason === "compiler-message" && parsed.message) messages.push(parsed.message);
            } catch {
                /* a line cut at the output limit */
            }
        }
        return { kind: "checked", exitCode: run.exitCode, messages, timedOut: run.timedOut };
    } finally {
        await scratch.dispose();
    }
}
