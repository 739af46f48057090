// The VS Code extension's entry point: starts Ponder's language server, the reasoning panel, the status bar,
// the Test Explorer and the commands (fix, generate tests, port, load model, API key, log), and stops the server on
// deactivation. Bundled by esbuild to dist/extension.cjs.

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
    loadModelRequest,
    modelStatusNotification,
    modelStatusRequest,
    traceNotification,
    type TraceParams
} from "../protocol/index.js";
import { askToApply, PatchedDocuments, patchedScheme, type ApplyDecision, type JobDependencies } from "./jobFlow.js";
import { onPonderNotification, sendPonderRequest } from "./ponderMessages.js";
import { clientJobKinds } from "./clientJobKinds.js";
import type { JobOutcome } from "./runClientJob.js";
import { apiKeySecret, createPonderClient } from "./startServer.js";
import { StatusBar } from "./StatusBar.js";
import { TestExplorer } from "./TestExplorer.js";
import { fixTestCommand, ProjectTests } from "./ProjectTests.js";
import { projectUri } from "./repairJob.js";
import { TracePanel } from "./TracePanel.js";

/** What `activate` returns: hooks for the extension's own tests, which run inside VS Code. */
export interface PonderExtensionApi {
    /** Replaces the "Apply?" question, e.g. with one that always accepts. */
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
    panel: TracePanel;
    testExplorer: TestExplorer;
    /** The project's own tests (listed by its runner), with "Fix with proof" on each. */
    projectTests: ProjectTests;
    statusBar: StatusBar;
    /** Milliseconds from `activate` being called to the server running. */
    activationMs: Promise<number>;
}

let client: LanguageClient | undefined;

const restrictedMessage =
    "This workspace is in Restricted Mode: Ponder runs no generated code here, so it can neither prove a fix nor keep a test. Trust the workspace to use it.";

export function activate(context: vscode.ExtensionContext): PonderExtensionApi {
    const started = Date.now();
    const log = vscode.window.createOutputChannel("Ponder", { log: true });
    const panel = new TracePanel(context.extensionUri);
    const patched = new PatchedDocuments();
    const traces = new vscode.EventEmitter<TraceParams>();
    const statusBar = new StatusBar("ponder.showLog");
    let decide: ApplyDecision = askToApply;
    client = createPonderClient(context, log);
    const running = client;
    const testExplorer = new TestExplorer(running);
    const projectTests = new ProjectTests(running);
    const deps: JobDependencies = { client: running, panel, patched, tests: testExplorer, log, decide: () => decide };
    const trusted = (): boolean => {
        if (vscode.workspace.isTrusted) return true;
        void vscode.window.showWarningMessage(restrictedMessage, "Manage Workspace Trust").then((choice) => {
            if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
        });
        return false;
    };
    panel.setRestricted(vscode.workspace.isTrusted ? undefined : restrictedMessage);
    context.subscriptions.push(
        log,
        traces,
        statusBar,
        testExplorer,
        projectTests,
        vscode.window.registerWebviewViewProvider(TracePanel.viewType, panel, {
            webviewOptions: { retainContextWhenHidden: true }
        }),
        vscode.workspace.registerTextDocumentContentProvider(patchedScheme, patched),
        vscode.workspace.onDidGrantWorkspaceTrust(() => panel.setRestricted(undefined)),
        onPonderNotification(running, traceNotification, (params) => {
            panel.trace(params);
            statusBar.trace(params);
            traces.fire(params);
        }),
        onPonderNotification(running, modelStatusNotification, (status) => statusBar.setStatus(status)),
        // One command per job kind, each through the one job flow; its argument is the kind's request parameters.
        ...Object.values(clientJobKinds).map(({ command, run }) =>
            vscode.commands.registerCommand(command, async (params?: object): Promise<JobOutcome<unknown>> =>
                trusted() ? run(deps, params) : { kind: "failed", message: restrictedMessage }
            )
        ),
        vscode.commands.registerCommand("ponder.loadModel", () =>
            vscode.window.withProgress(
                {
                    location: vscode.ProgressLocation.Notification,
                    title: "Ponder: loading the model",
                    cancellable: true
                },
                async (_progress, token) => {
                    try {
                        statusBar.setStatus(await sendPonderRequest(running, loadModelRequest, {}, token));
                    } catch (error) {
                        void vscode.window.showErrorMessage(
                            `Ponder: the model did not load. ${error instanceof Error ? error.message : String(error)}`
                        );
                    }
                }
            )
        ),
        vscode.commands.registerCommand("ponder.setApiKey", async () => {
            const key = await vscode.window.showInputBox({
                prompt: "API key for Ponder's served-model endpoints (kept in VS Code's secret storage)",
                password: true,
                ignoreFocusOut: true
            });
            if (key === undefined) return;
            if (key === "") await context.secrets.delete(apiKeySecret);
            else await context.secrets.store(apiKeySecret, key);
            void vscode.window.showInformationMessage(
                key === "" ? "Ponder: API key removed." : "Ponder: API key stored in secret storage."
            );
        }),
        vscode.commands.registerCommand("ponder.showLog", () => log.show()),
        // A failing project test's "Fix with proof": a fix from that failure (`ponder/repair` with its id).
        vscode.commands.registerCommand(fixTestCommand, async (item?: vscode.TestItem) => {
            const params = item ? projectTests.repairParams(item) : undefined;
            if (!params) {
                void vscode.window.showInformationMessage("Ponder: choose one of the project's tests to fix.");
                return { kind: "noEditor" } satisfies JobOutcome<unknown>;
            }
            return trusted() ? clientJobKinds.repair.run(deps, params) : { kind: "failed", message: restrictedMessage };
        }),
        vscode.commands.registerCommand("ponder.fixFromDescription", async (description?: string) => {
            if (!trusted()) return { kind: "failed", message: restrictedMessage } satisfies JobOutcome<unknown>;
            const issue =
                description ??
                (await vscode.window.showInputBox({
                    title: "Ponder: fix from a description",
                    prompt: "What goes wrong, and what should happen instead? Ponder writes a test that shows it first.",
                    ignoreFocusOut: true
                }));
            if (!issue?.trim()) return { kind: "noEditor" } satisfies JobOutcome<unknown>;
            const folder = projectUri(vscode.window.activeTextEditor?.document.uri);
            return clientJobKinds.repair.run(deps, { textDocument: { uri: folder.toString() }, failure: { issue } });
        })
    );
    const ready = running
        .start()
        .then(async () => {
            statusBar.setStatus(await sendPonderRequest(running, modelStatusRequest, null));
        })
        .catch((error: unknown) => {
            const message = error instanceof Error ? error.message : String(error);
            log.error(`Ponder's server did not start: ${message}`);
            void vscode.window.showErrorMessage(`Ponder's server did not start: ${message}`);
            throw error;
        });
    return {
        ready,
        languageClient: running,
        onTrace: traces.event,
        panel,
        testExplorer,
        projectTests,
        statusBar,
        activationMs: ready.then(() => Date.now() - started),
        setApplyDecision: (given) => {
            decide = given ?? askToApply;
        }
    };
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}
