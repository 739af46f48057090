// The `ponder` command line: dispatches to one command, turns failures into a clear message and an exit code
// (0 success, 1 negative result, 2 bad input, 3 environment fault, 4 internal error, 130 stopped by Ctrl-C), and
// stops a running job on Ctrl-C.

import { PonderError, type FaultKind } from "../engine/index.js";
import { ExitCode, processIo, type CliIo } from "./CliIo.js";
import { askCommand, askUsage } from "./commands/askCommand.js";
import { benchCommand, benchUsage } from "./commands/benchCommand.js";
import { downloadCommand } from "./commands/downloadCommand.js";
import { fixCommand, fixUsage } from "./commands/fixCommand.js";
import { infoCommand, infoUsage } from "./commands/infoCommand.js";
import { modelsCommand } from "./commands/modelsCommand.js";
import { sandboxCommand, sandboxUsage } from "./commands/sandboxCommand.js";
import { testsCommand, testsUsage } from "./commands/testsCommand.js";
import { lspCommand, lspUsage } from "./commands/lspCommand.js";
import { portCommand, portUsage } from "./commands/portCommand.js";
import { datasetCommand, datasetUsage } from "./commands/datasetCommand.js";
import { memoryCommand, memoryUsage } from "./commands/memoryCommand.js";

type Command = (args: string[], io: CliIo, signal: AbortSignal) => Promise<number>;

const commands: Record<string, Command> = {
    fix: fixCommand,
    tests: testsCommand,
    port: portCommand,
    ask: askCommand,
    sandbox: sandboxCommand,
    lsp: lspCommand,
    info: infoCommand,
    models: modelsCommand,
    download: downloadCommand,
    dataset: datasetCommand,
    bench: benchCommand,
    memory: memoryCommand
};

export const usage = `Ponder: a reasoning coding assistant that proves its answers, on your own machine.

${fixUsage}${memoryUsage}${testsUsage}${portUsage}${benchUsage}${askUsage}${infoUsage}${sandboxUsage}${lspUsage}${datasetUsage}Usage: ponder models [--json] [--endpoint URL [--api-key-env NAME]]
Usage: ponder download ID|hf:URI

Exit codes: 0 success, 1 ran but the result is negative, 2 bad input or usage, 3 the machine cannot do it
(no sandbox or toolchain, a failed download, too little memory), 4 internal error, 130 stopped by Ctrl-C.
`;

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
    const [name, ...args] = argv;
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
        io.out(usage);
        return name === undefined ? ExitCode.badInput : ExitCode.ok;
    }
    const command = commands[name];
    if (!command) {
        io.err(`Unknown command "${name}".\n\n${usage}`);
        return ExitCode.badInput;
    }
    const abort = new AbortController();
    const onInterrupt = () => {
        if (abort.signal.aborted) process.exit(130);
        io.err("\nStopping… (press Ctrl-C again to quit at once)\n");
        abort.abort();
    };
    process.on("SIGINT", onInterrupt);
    try {
        const code = await command(args, io, abort.signal);
        // A job stopped by Ctrl-C returns its partial result; the exit code still says it was stopped.
        return abort.signal.aborted ? ExitCode.cancelled : code;
    } catch (error) {
        const code = reportError(error, io);
        return abort.signal.aborted ? ExitCode.cancelled : code;
    } finally {
        process.off("SIGINT", onInterrupt);
    }
}

const exitCodeOfFault: Record<FaultKind, number> = {
    badInput: ExitCode.badInput,
    environment: ExitCode.environment,
    internal: ExitCode.internal
};

/** Whose fault a thrown error is, as an exit code: the user's input (2), the machine's (3), or Ponder's (4). */
export function exitCodeOf(error: unknown): number {
    if (error instanceof PonderError) return exitCodeOfFault[error.fault];
    return isUsageError(error) ? ExitCode.badInput : ExitCode.internal;
}

/** parseArgs reports unknown or malformed flags with these codes. */
function isUsageError(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

function reportError(error: unknown, io: CliIo): number {
    const code = exitCodeOf(error);
    if (error instanceof PonderError && error.fault !== "internal") io.err(`ponder: ${error.message}\n`);
    else if (isUsageError(error)) io.err(`ponder: ${(error as Error).message}\n\n${usage}`);
    else {
        io.err(`ponder: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        if (io.env["PONDER_DEBUG"] && error instanceof Error) io.err(`${error.stack}\n`);
        else io.err("Set PONDER_DEBUG=1 for the stack trace, and please report it.\n");
    }
    return code;
}
