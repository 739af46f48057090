// The one place a server connection is made: over stdio (`ponder lsp --stdio`, other editors), over Node IPC
// (the VS Code client starts the server module with `--node-ipc`), or over given streams (tests). A reader that
// fails or is left waiting inside a frame (a Content-Length larger than its body) is out of step for good, so the
// process then says why and exits: the VS Code client restarts it, and other editors see it end.

import type { Readable, Writable } from "node:stream";
import { format } from "node:util";
import {
    createConnection,
    IPCMessageReader,
    IPCMessageWriter,
    ProposedFeatures,
    StreamMessageReader,
    StreamMessageWriter,
    type Connection,
    type MessageReader
} from "vscode-languageserver/node.js";

export type ServerTransport = "stdio" | "node-ipc" | { input: Readable; output: Writable };

/** The transport named on a command line: `--stdio` or `--node-ipc`; undefined when neither is there. */
export function transportFromArgs(args: readonly string[]): "stdio" | "node-ipc" | undefined {
    if (args.includes("--stdio")) return "stdio";
    if (args.includes("--node-ipc")) return "node-ipc";
    return undefined;
}

/** What happens when the reader can no longer be trusted: by default the reason goes to stderr and the process exits 1. */
export type ReaderFaultHandler = (reason: string) => void;

export function exitOnReaderFault(reason: string): void {
    process.stderr.write(
        `ponder lsp: ${reason}; the connection is out of step, so the server exits (the editor may restart it).\n`
    );
    process.exit(1);
}

/** Only writes the reason to stderr: for in-process test connections, whose process must not exit. */
export function logReaderFault(reason: string): void {
    process.stderr.write(`ponder lsp: ${reason}.\n`);
}

export function createServerConnection(transport: ServerTransport, onReaderFault?: ReaderFaultHandler): Connection {
    let connection: Connection | undefined;
    const handler = onReaderFault ?? (typeof transport === "object" ? logReaderFault : exitOnReaderFault);
    // The client's log hears it too when it still can: the writer is unaffected by the reader's fault.
    const fault = (reason: string) => {
        connection?.console.error(`Ponder: ${reason}; the server exits so that it can be restarted.`);
        handler(reason);
    };
    connection = connectionOver(transport, fault);
    return connection;
}

function connectionOver(transport: ServerTransport, onReaderFault: ReaderFaultHandler): Connection {
    if (transport === "stdio") {
        const reader = watched(new StreamMessageReader(process.stdin), onReaderFault);
        const connection = createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
        // Stdout carries the protocol, so anything a library prints goes to the client's log instead.
        console.log = console.info = (...args: unknown[]) => connection.console.log(format(...args));
        console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
        console.error = (...args: unknown[]) => connection.console.error(format(...args));
        console.debug = (...args: unknown[]) => connection.console.debug(format(...args));
        return connection;
    }
    if (transport === "node-ipc")
        return createConnection(
            ProposedFeatures.all,
            watched(new IPCMessageReader(process), onReaderFault),
            new IPCMessageWriter(process)
        );
    return createConnection(
        ProposedFeatures.all,
        watched(new StreamMessageReader(transport.input), onReaderFault),
        new StreamMessageWriter(transport.output)
    );
}

/**
 * Reports a reader's error (a body that is not JSON, a header without Content-Length) and a frame left incomplete
 * for the reader's partial-message timeout (10 s): after either, every later byte would be read out of step.
 */
function watched<R extends MessageReader>(reader: R, onReaderFault: ReaderFaultHandler): R {
    let reported = false;
    const report = (reason: string) => {
        if (reported) return;
        reported = true;
        onReaderFault(reason);
    };
    reader.onError((error) => report(`could not read a message from the client (${error.message.split("\n")[0]})`));
    reader.onPartialMessage((info) =>
        report(
            `a message from the client stayed incomplete for ${info.waitingTime} ms (its Content-Length is larger than what was sent)`
        )
    );
    return reader;
}
