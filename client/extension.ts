// The VS Code extension's entry point: starts Ponder's language server, the trace panel and the `ponder.fix`
// command, and stops the server on deactivation. Bundled by esbuild to dist/extension.cjs.

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import { fixCommand, type FixParams, type TraceParams } from "../protocol/index.js";
import { TraceNotificationType } from "./ponderRequests.js";
import { askToApply, PatchedDocuments, patchedScheme, runFix, type ApplyDecision, type FixOutcome } from "./runFix.js";
import { createPonderClient } from "./startServer.js";
import { TracePanel } from "./TracePanel.js";

/** What `activate` returns: hooks for the extension's own tests, which run inside VS Code. */
export interface PonderExtensionApi {
    /** Replaces the "Apply?" prompt, e.g. with one that always accepts. */
    setApplyDecision(decide: ApplyDecision | undefined): void;
    /** Resolves when the language server is running. */
    ready: Promise<void>;
    /** The language client, so tests can watch its state. */
    languageClient: LanguageClient;
    /**
     * Every `ponder/trace` notification, after the panel got it. The client keeps one handler per method, so
     * anyone else who wants the trace listens here rather than calling `onNotification` again.
     */
    onTrace: vscode.Event<TraceParams>;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): PonderExtensionApi {
    const log = vscode.window.createOutputChannel("Ponder", { log: true });
    const panel = new TracePanel(context.extensionUri);
    const patched = new PatchedDocuments();
    const traces = new vscode.EventEmitter<TraceParams>();
    let decide: ApplyDecision = askToApply;
    client = createPonderClient(context, log);
    const running = client;
    context.subscriptions.push(
        log, traces,
        vscode.window.registerWebviewViewProvider(TracePanel.viewType, panel, { webviewOptions: { retainContextWhenHidden: true } }),
        vscode.workspace.registerTextDocumentContentProvider(patchedScheme, patched),
        running.onNotification(TraceNotificationType, (params) => {
            panel.trace(params);
            traces.fire(params);
        }),
        vscode.commands.registerCommand(fixCommand, (params?: FixParams): Promise<FixOutcome> =>
            runFix({ client: running, panel, patched, log, decide: () => decide }, params))
    );
    const ready = running.start().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        log.error(`Ponder's server did not start: ${message}`);
        void vscode.window.showErrorMessage(`Ponder's server did not start: ${message}`);
        throw error;
    });
    return { ready, languageClient: running, onTrace: traces.event, setApplyDecision: (given) => { decide = given ?? askToApply; } };
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}
