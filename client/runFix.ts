// The `ponder.fix` command: sends `ponder/fix` for the cursor (or a code action's parameters), streams the trace
// to the panel, shows the proven patch in VS Code's diff editor and applies it as one WorkspaceEdit only when the
// user accepts. A job that fails (the server crashed, the user cancelled) leaves the file untouched.

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import type { FixParams, FixResponse } from "../protocol/index.js";
import { applyOffsetEdits } from "./patchedText.js";
import { CancelRequestType, FixRequestType } from "./ponderRequests.js";
import type { TracePanel } from "./TracePanel.js";

/** The scheme of the read-only documents holding a patched file's text for the diff editor. */
export const patchedScheme = "ponder-patched";

/** Holds patched texts by virtual URI for the diff editor. */
export class PatchedDocuments implements vscode.TextDocumentContentProvider {
    private readonly texts = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;

    put(original: vscode.Uri, jobId: string, text: string): vscode.Uri {
        const uri = vscode.Uri.from({ scheme: patchedScheme, path: original.path, query: `job=${jobId}` });
        this.texts.set(uri.toString(), text);
        this.changed.fire(uri);
        return uri;
    }

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.texts.get(uri.toString()) ?? "";
    }
}

/** Asks whether to apply a reviewed fix; tests replace it through the extension's exports. */
export type ApplyDecision = (response: FixResponse, document: vscode.TextDocument) => Promise<boolean>;

export const askToApply: ApplyDecision = async (response, document) => {
    const verdict = response.status === "verified" ? "proven by its tests" : `not proven: ${response.unverifiedReason ?? "no test showed it works"}`;
    const choice = await vscode.window.showInformationMessage(
        `Ponder's fix for ${vscode.workspace.asRelativePath(document.uri)} is ${verdict}. Apply it?`, { modal: true }, "Apply");
    return choice === "Apply";
};

/** What one run of `ponder.fix` ended with; returned by the command so tests can assert on it. */
export type FixOutcome =
    | { kind: "applied"; response: FixResponse }
    | { kind: "rejected"; response: FixResponse }
    | { kind: "noCandidate"; response: FixResponse }
    | { kind: "stale"; response: FixResponse }
    | { kind: "failed"; message: string }
    | { kind: "noEditor" };

export interface FixDependencies {
    client: LanguageClient;
    panel: TracePanel;
    patched: PatchedDocuments;
    log: vscode.LogOutputChannel;
    decide: () => ApplyDecision;
}

let jobCounter = 0;

export async function runFix(deps: FixDependencies, given?: FixParams): Promise<FixOutcome> {
    const { client, panel, patched, log } = deps;
    const editor = vscode.window.activeTextEditor;
    const uri = given ? vscode.Uri.parse(given.textDocument.uri) : editor?.document.uri;
    if (!uri) {
        void vscode.window.showInformationMessage("Ponder: open a file and put the cursor in the code to fix.");
        return { kind: "noEditor" };
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const jobId = `vscode-${process.pid}-${++jobCounter}`;
    const params: FixParams = given
        ? { ...given, jobId }
        : {
            textDocument: { uri: uri.toString() }, jobId,
            position: client.code2ProtocolConverter.asPosition(editor!.selection.active),
            ...(editor!.selection.isEmpty ? {} : { range: client.code2ProtocolConverter.asRange(editor!.selection) })
        };
    panel.startJob(jobId, vscode.workspace.asRelativePath(uri));
    const versionAtStart = document.version;

    let response: FixResponse;
    try {
        response = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: "Ponder: fixing with proof", cancellable: true },
            async (_progress, token) => {
                token.onCancellationRequested(() => void client.sendRequest(CancelRequestType, { jobId }).catch(() => undefined));
                return client.sendRequest(FixRequestType, params, token);
            });
    } catch (error) {
        const raw = error instanceof Error ? error.message : String(error);
        // vscode-languageclient rejects pending requests with this when the server process dies.
        const message = /connection got disposed|Connection is closed/i.test(raw) ? "Ponder's server stopped during the job" : raw;
        log.error(`Fix job ${jobId} failed: ${raw}`);
        panel.endJob(jobId, `failed: ${message}`);
        void vscode.window.showErrorMessage(`Ponder: the fix failed (${message}). Nothing was changed.`);
        return { kind: "failed", message };
    }

    if (!response.edit) {
        void vscode.window.showInformationMessage("Ponder found no patch for this code.");
        return { kind: "noCandidate", response };
    }
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(response.edit);
    const textEdits = edit.get(document.uri);
    const patchedText = applyOffsetEdits(document.getText(), textEdits.map((e) => ({
        start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end), newText: e.newText
    })));
    const patchedUri = patched.put(document.uri, jobId, patchedText);
    await vscode.commands.executeCommand("vscode.diff", document.uri, patchedUri,
        `Ponder fix (${response.status}): ${vscode.workspace.asRelativePath(document.uri)}`, { preview: true });

    if (!await deps.decide()(response, document)) return { kind: "rejected", response };
    if (document.version !== versionAtStart && response.documentVersion !== null && document.version !== response.documentVersion) {
        void vscode.window.showWarningMessage("Ponder: the file changed while the fix ran; run the fix again.");
        return { kind: "stale", response };
    }
    if (!await vscode.workspace.applyEdit(edit)) {
        void vscode.window.showErrorMessage("Ponder: VS Code refused the edit (the file changed?). Nothing was changed.");
        return { kind: "stale", response };
    }
    return { kind: "applied", response };
}
