// `ponder sandbox`: runs one command in the verification sandbox over a copy of the listed files of the
// current folder, and prints what happened. For users who want to see the sandbox, and for debugging
// verification itself.

import { isAbsolute, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
    InvalidRequestError,
    resolveInsideWorkspace,
    scratchRelativePath,
    UnsafeWriteError,
    type SandboxRunResult
} from "../../engine/index.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { sandboxFromFlags } from "../sandboxFlags.js";

export const sandboxUsage = `Usage: ponder sandbox [--timeout S] [--memory MB] [--files PATH…] [--trust-workspace] [--unsandboxed]
                      [--json] -- CMD ARGS…
`;

const sandboxHelp = `${sandboxUsage}
Runs CMD in Ponder's sandbox (bubblewrap: no network, read-only system, a scratch copy of the --files
of the current folder, a non-root user, limits on time, memory, processes and output).
  --timeout S          wall-clock limit in seconds (default 60)
  --memory MB          memory limit in MiB (default 1024)
  --files PATH…        files or folders of the current folder to copy into scratch (default none)
  --trust-workspace    required (or PONDER_TRUST_WORKSPACE=1): you trust the code in this folder to be run
  --unsandboxed        run without bubblewrap if it is missing (at your own risk)
  --json               print one JSON object: exitCode, signal, timedOut, oomKilled, stdout, stderr, durationMs, …
Exit code: 0 when CMD exited 0, 1 when it ran and failed (non-zero, signal, time or memory limit), 2 for bad usage
or an untrusted folder, 3 when this machine has no sandbox, 130 when stopped by Ctrl-C.
`;

export async function sandboxCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    const split = args.indexOf("--");
    const optionArgs = split === -1 ? args : args.slice(0, split);
    const commandLine = split === -1 ? [] : args.slice(split + 1);
    const { values, positionals } = parseArgs({
        args: optionArgs,
        allowPositionals: true,
        options: {
            timeout: { type: "string" },
            memory: { type: "string" },
            files: { type: "string", multiple: true },
            "trust-workspace": { type: "boolean" },
            unsandboxed: { type: "boolean" },
            json: { type: "boolean" },
            help: { type: "boolean", short: "h" }
        }
    });
    if (values.help) {
        io.out(sandboxHelp);
        return ExitCode.ok;
    }
    if (commandLine.length === 0)
        throw new InvalidRequestError(`sandbox needs a command after \`--\`.\n${sandboxUsage}`);
    if (positionals.length > 0 && values.files === undefined)
        throw new InvalidRequestError(
            `Unexpected argument "${positionals[0]}": put the command after \`--\`.\n${sandboxUsage}`
        );
    const timeoutSeconds = positiveNumber("timeout", values.timeout);
    const memoryMb = positiveNumber("memory", values.memory);
    const files: string[] = [];
    for (const file of [...(values.files ?? []), ...positionals]) {
        const inside = relative(io.cwd, resolve(io.cwd, file));
        if (inside === "" || inside.startsWith("..") || isAbsolute(inside))
            throw new InvalidRequestError(
                `--files ${file}: only files and folders inside the current folder can be copied into the sandbox.`
            );
        // Real paths: a symlinked folder on the way (DIR/x with DIR a link) must not bring an outside file in.
        await resolveInsideWorkspace(io.cwd, inside).catch((error: unknown) => {
            throw error instanceof UnsafeWriteError ? new UnsafeWriteError(`--files ${file}: ${error.message}`) : error;
        });
        files.push(scratchRelativePath(inside));
    }

    const sandbox = await sandboxFromFlags(values, io);
    try {
        if (sandbox.warning) io.err(`ponder: ${sandbox.warning}\n`);
        const result = await sandbox.runOnce(
            { from: io.cwd, paths: files },
            {
                command: commandLine[0]!,
                args: commandLine.slice(1),
                limits: {
                    ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
                    ...(memoryMb !== undefined ? { memoryMb } : {})
                }
            },
            signal ? { signal } : {}
        );
        if (values.json) {
            const {
                exitCode,
                signal: endSignal,
                timedOut,
                oomKilled,
                cancelled,
                stdout,
                stderr,
                stdoutTruncated,
                stderrTruncated,
                durationMs
            } = result;
            io.out(
                JSON.stringify(
                    {
                        exitCode,
                        signal: endSignal,
                        timedOut,
                        oomKilled,
                        cancelled,
                        stdout,
                        stderr,
                        stdoutTruncated,
                        stderrTruncated,
                        durationMs: Math.round(durationMs),
                        sandboxed: sandbox.mode === "bubblewrap",
                        limitsBy: sandbox.limitsBy
                    },
                    null,
                    2
                ) + "\n"
            );
        } else {
            io.out(result.stdout);
            io.err(result.stderr);
            io.err(
                `ponder sandbox: ${summary(result, timeoutSeconds, memoryMb)} (${(result.durationMs / 1000).toFixed(2)} s, ${sandbox.mode === "bubblewrap" ? "sandboxed" : "UNSANDBOXED"}, limits by ${sandbox.limitsBy})\n`
            );
        }
        const succeeded = result.exitCode === 0 && !result.timedOut && !result.oomKilled && !result.cancelled;
        return succeeded ? ExitCode.ok : ExitCode.negative;
    } finally {
        await sandbox.dispose();
    }
}

function summary(result: SandboxRunResult, timeoutSeconds: number | undefined, memoryMb: number | undefined): string {
    const parts: string[] = [];
    if (result.cancelled) parts.push("cancelled");
    else if (result.timedOut) parts.push(`timed out after ${timeoutSeconds ?? 60} s`);
    else if (result.oomKilled) parts.push(`out of memory (limit ${memoryMb ?? 1024} MiB)`);
    else if (result.signal) parts.push(`killed by ${result.signal}`);
    else parts.push(`exit code ${result.exitCode}`);
    if (result.stdoutTruncated) parts.push("stdout cut at the output limit");
    if (result.stderrTruncated) parts.push("stderr cut at the output limit");
    return parts.join("; ");
}

function positiveNumber(flag: string, text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0)
        throw new InvalidRequestError(`--${flag} must be a positive number; got "${text}".`);
    return value;
}
