// Starts Ponder's language server as a child process over IPC and keeps it running: the client never hosts the
// model, so a model crash or an out-of-memory kills only the server, which is restarted here and the user told.

import * as vscode from "vscode";
import {
    CloseAction,
    ErrorAction,
    LanguageClient,
    TransportKind,
    type CloseHandlerResult,
    type ErrorHandler,
    type ErrorHandlerResult,
    type LanguageClientOptions,
    type ServerOptions
} from "vscode-languageclient/node.js";
import type { PonderInitializationOptions } from "../protocol/index.js";

/** Restarts allowed within `restartWindowMs` before the client gives up and says so. */
const maxRestarts = 5;
const restartWindowMs = 3 * 60_000;

/** Restarts the server after a crash, at most `maxRestarts` times in `restartWindowMs`, and tells the user each time. */
class RestartingErrorHandler implements ErrorHandler {
    private readonly restarts: number[] = [];

    constructor(private readonly log: vscode.LogOutputChannel) {}

    error(): ErrorHandlerResult {
        return { action: ErrorAction.Continue };
    }

    closed(): CloseHandlerResult {
        const now = Date.now();
        this.restarts.push(now);
        while (this.restarts.length > 0 && this.restarts[0]! < now - restartWindowMs) this.restarts.shift();
        if (this.restarts.length > maxRestarts) {
            const message = `Ponder's server stopped ${this.restarts.length} times in three minutes; it will not be restarted. Run "Developer: Reload Window" to try again.`;
            this.log.error(message);
            return { action: CloseAction.DoNotRestart, message };
        }
        this.log.warn("Ponder's server stopped; restarting it.");
        void vscode.window.showWarningMessage(
            "Ponder's server stopped (a model crash or out of memory?). It has been restarted; a running job was reported failed and nothing was applied."
        );
        return { action: CloseAction.Restart, handled: true };
    }
}

/**
 * The `ponder` section the server asks for, with `trustedWorkspace` taken from VS Code's workspace trust rather
 * than from a setting, so a restricted window never runs generated code, and the API key from secret storage.
 */
function withWorkspaceTrust(section: unknown, apiKey: string | undefined): unknown {
    const settings = section !== null && typeof section === "object" ? { ...(section as Record<string, unknown>) } : {};
    settings["trustedWorkspace"] = vscode.workspace.isTrusted;
    // The key lives in secret storage, never in settings; only the server process gets it.
    delete settings["apiKey"];
    if (apiKey) settings["apiKey"] = apiKey;
    return settings;
}

/** The secret storage key of the served-model API key. */
export const apiKeySecret = "ponder.apiKey";

export function createPonderClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
    const module = context.asAbsolutePath("out/server/main.js");
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--enable-source-maps"] } }
    };
    const initializationOptions: PonderInitializationOptions = { clientRunsCommands: true };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: "file", language: "python" },
            { scheme: "file", language: "rust" },
            { scheme: "file", language: "typescript" },
            { scheme: "file", language: "javascript" },
            { scheme: "file", language: "go" },
            { scheme: "untitled", language: "python" }
        ],
        initializationOptions,
        outputChannel: log,
        errorHandler: new RestartingErrorHandler(log),
        synchronize: { configurationSection: "ponder" },
        middleware: {
            workspace: {
                configuration: async (params, token, next) => {
                    const result = await next(params, token);
                    if (!Array.isArray(result)) return result;
                    const apiKey = await context.secrets.get(apiKeySecret);
                    return result.map((value: unknown, index) =>
                        params.items[index]?.section === "ponder" ? withWorkspaceTrust(value, apiKey) : value
                    );
                }
            }
        }
    };
    return new LanguageClient("ponder", "Ponder", serverOptions, clientOptions);
}
