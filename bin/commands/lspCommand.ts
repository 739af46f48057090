// `ponder lsp --stdio`: the language server for editors other than VS Code (Neovim, Emacs, Helix), the same
// server the VS Code client starts over IPC. It serves until the client sends `exit` or closes the stream.

import { InvalidRequestError } from "../../engine/index.js";
import type { CliIo } from "../CliIo.js";

export const lspUsage = `Usage: ponder lsp --stdio | --node-ipc
`;

/** What this command uses of server/; loaded at run time so the CLI starts without the LSP libraries. */
interface ServerModule {
    transportFromArgs(args: readonly string[]): "stdio" | "node-ipc" | undefined;
    createServerConnection(transport: "stdio" | "node-ipc"): ServerConnection;
    keepServerAlive(connection: ServerConnection): void;
    serve(connection: ServerConnection, options: { cwd: string; env: NodeJS.ProcessEnv }): { dispose(): Promise<void> };
}

interface ServerConnection {
    dispose(): void;
}

const serverModule = new URL("../../server/index.js", import.meta.url).href;

export async function lspCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    const server = await import(serverModule) as ServerModule;
    const transport = server.transportFromArgs(args);
    const unknown = args.filter((arg) => arg !== "--stdio" && arg !== "--node-ipc" && !arg.startsWith("--clientProcessId"));
    if (!transport || unknown.length > 0) throw new InvalidRequestError(`lsp needs --stdio or --node-ipc.\n${lspUsage}`);
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
