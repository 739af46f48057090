// The one place a server connection is made: over stdio (`ponder lsp --stdio`, other editors), over Node IPC
// (the VS Code client starts the server module with `--node-ipc`), or over given streams (tests).

import type { Readable, Writable } from "node:stream";
import { format } from "node:util";
import {
    createConnection, IPCMessageReader, IPCMessageWriter, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Connection
} from "vscode-languageserver/node.js";

export type ServerTransport = "stdio" | "node-ipc" | { input: Readable; output: Writable };

/** The transport named on a command line: `--stdio` or `--node-ipc`; undefined when neither is there. */
export function transportFromArgs(args: readonly string[]): "stdio" | "node-ipc" | undefined {
    if (args.includes("--stdio")) return "stdio";
    if (args.includes("--node-ipc")) return "node-ipc";
    return undefined;
}

export function createServerConnection(transport: ServerTransport): Connection {
    if (transport === "stdio") {
        const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
        // Stdout carries the protocol, so anything a library prints goes to the client's log instead.
        console.log = console.info = (...args: unknown[]) => connection.console.log(format(...args));
        console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
        console.error = (...args: unknown[]) => connection.console.error(format(...args));
        console.debug = (...args: unknown[]) => connection.console.debug(format(...args));
        return connection;
    }
    if (transport === "node-ipc") return createConnection(ProposedFeatures.all, new IPCMessageReader(process), new IPCMessageWriter(process));
    return createConnection(ProposedFeatures.all, new StreamMessageReader(transport.input), new StreamMessageWriter(transport.output));
}
