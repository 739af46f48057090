// `ponder lsp --stdio`: the language server for editors other than VS Code (Neovim, Emacs, Helix), the same
// server the VS Code client starts over IPC. It serves until the client sends `exit` or closes the stream.

import { InvalidRequestError } from "../../engine/index.js";
import type { CliIo } from "../CliIo.js";

export const lspUsage = `Usage: ponder lsp --stdio | --node-ipc
`;

export async function lspCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    // Loaded when needed so the other commands start without the LSP libraries; server/index.ts is the one file of
    // server/ the CLI may import (test/layers.test.ts).
    const server = await import("../../server/index.js");
    const transport = server.transportFromArgs(args);
    const unknown = args.filter(
        (arg) => arg !== "--stdio" && arg !== "--node-ipc" && !arg.startsWith("--clientProcessId")
    );
    if (!transport || unknown.length > 0)
        throw new InvalidRequestError(`lsp needs --stdio or --node-ipc.\n${lspUsage}`);
    const connection = server.createServerConnection(transport);
    server.keepServerAlive(connection);
    const running = server.serve(connection, { cwd: io.cwd, env: io.env });
    // The protocol's `exit` notification and the end of stdin end the process from inside the LSP library; Ctrl-C ends it here.
    await new Promise<void>((resolve) => {
        if (signal?.aborted) resolve();
        signal?.addEventListener("abort", () => resolve(), { once: true });
    });
    await running.dispose();
    connection.dispose();
    if (transport === "stdio") process.stdin.destroy();
    return 0;
}
