// What the fix, generate-tests and port commands share: sending a job with a cancellable progress notification (the panel's
// Cancel button cancels it too), turning a failure into one message that says nothing was changed, showing a
// proposed change in VS Code's diff editor, and asking to apply it (a notification or the panel's buttons,
// whichever answers first).

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import { acceptedRequest, cancelRequest, type ExpertEvidence, type JobKind } from "../protocol/index.js";
import { acceptLabels } from "./acceptLabels.js";
import { sendPonderRequest } from "./ponderMessages.js";
import type { TracePanel } from "./TracePanel.js";
import type { TestExplorer } from "./TestExplorer.js";

/** The scheme of the read-only documents holding a proposed file text for the diff editor. */
export const patchedScheme = "ponder-patched";

/** Holds proposed texts by virtual URI for the diff editor. */
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

/** A change offered for review. */
export interface ReviewQuestion {
    kind: JobKind;
    /** The question shown, e.g. "Ponder's fix for a.py is proven by its tests. Apply it?" */
    message: string;
    /** Whether the change is proven: an unproven one says so on the Apply button (see acceptLabels). */
    proven: boolean;
    uri: vscode.Uri;
    /** The change edits one of the project's tests (a fix from a failure that says the test is wrong). */
    changesTest?: boolean;
}

/** Decides whether to apply a reviewed change; tests replace it through the extension's exports. */
export type ApplyDecision = (question: ReviewQuestion) => Promise<boolean>;

/** Asks with a notification; the panel's Accept and Reject buttons answer too (see `review`). */
export const askToApply: ApplyDecision = async (question) => {
    const apply = acceptLabels(question.kind, question.proven, question.changesTest).notification;
    const ask = question.proven ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    return (await ask(question.message, apply, "Reject")) === apply;
};

export interface JobDependencies {
    client: LanguageClient;
    panel: TracePanel;
    patched: PatchedDocuments;
    tests: TestExplorer;
    log: vscode.LogOutputChannel;
    decide: () => ApplyDecision;
}

let jobCounter = 0;

export function newJobId(): string {
    return `vscode-${process.pid}-${++jobCounter}`;
}

/** Sends a job's request under a cancellable progress notification; a failure is reported and returned as its message. */
export async function sendJob<R>(
    deps: JobDependencies,
    jobId: string,
    title: string,
    send: (token: vscode.CancellationToken) => Promise<R>
): Promise<{ response: R } | { failed: string }> {
    const { client, panel, log } = deps;
    const cancel = () => void sendPonderRequest(client, cancelRequest, { jobId }).catch(() => undefined);
    const fromPanel = panel.onAction((action) => {
        if (action.jobId === jobId && action.action === "cancel") cancel();
    });
    try {
        const response = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title, cancellable: true },
            async (_progress, token) => {
                token.onCancellationRequested(cancel);
                return send(token);
            }
        );
        return { response };
    } catch (error) {
        const raw = error instanceof Error ? error.message : String(error);
        // vscode-languageclient rejects pending requests with this when the server process dies.
        const message = /connection got disposed|Connection is closed/i.test(raw)
            ? "Ponder's server stopped during the job"
            : /cancelled/i.test(raw)
              ? "cancelled"
              : raw;
        log.error(`Job ${jobId} failed: ${raw}`);
        panel.endJob(
            jobId,
            message === "cancelled" ? "Cancelled. Nothing was changed." : `Failed: ${message}. Nothing was changed.`
        );
        if (message !== "cancelled")
            void vscode.window.showErrorMessage(
                `Ponder: ${title.replace(/^Ponder: /, "")} failed (${message}). Nothing was changed.`
            );
        return { failed: message };
    } finally {
        fromPanel.dispose();
    }
}

/**
 * Shows `proposed` against the file in the diff editor (an empty left side for a new file) and asks whether to
 * apply it; the panel's Show diff button reopens the diff while the question is open.
 */
export async function review(
    deps: JobDependencies,
    jobId: string,
    question: ReviewQuestion,
    proposed: string,
    exists: boolean
): Promise<boolean> {
    const patchedUri = deps.patched.put(question.uri, jobId, proposed);
    const left = exists
        ? question.uri
        : deps.patched.put(question.uri.with({ path: `${question.uri.path}.empty` }), jobId, "");
    const showDiff = () =>
        vscode.commands.executeCommand(
            "vscode.diff",
            left,
            patchedUri,
            `Ponder ${question.kind}: ${vscode.workspace.asRelativePath(question.uri)}`,
            { preview: true }
        );
    await showDiff();
    const onShowDiff = deps.panel.onAction((action) => {
        if (action.jobId === jobId && action.action === "showDiff") void showDiff();
    });
    const stop = new vscode.CancellationTokenSource();
    try {
        const answers = [
            deps.decide()(question),
            deps.panel.decision(jobId, stop.token).then((answer) => answer ?? new Promise<boolean>(() => {}))
        ];
        const accepted = await Promise.race(answers);
        deps.panel.decided(jobId, accepted ? "Accepted." : "Rejected. Nothing was changed.");
        return accepted;
    } finally {
        stop.cancel();
        stop.dispose();
        onShowDiff.dispose();
    }
}

/** Tells the server the user applied the job's result (the training dataset keeps it when on); logs what it did. */
export async function reportAccepted(deps: JobDependencies, jobId: string): Promise<void> {
    try {
        const { message } = await sendPonderRequest(deps.client, acceptedRequest, { jobId });
        deps.log.info(`Job ${jobId}: ${message}`);
    } catch (error) {
        deps.log.warn(
            `Job ${jobId}: the server did not take note of the accepted result (${error instanceof Error ? error.message : String(error)}).`
        );
    }
}

/** The panel's line on which expert answered and why, with the experts that tried before it. */
export function expertDetail(expert: ExpertEvidence): string {
    const before = expert.attempts
        .slice(0, -1)
        .map((a) => `${a.expert} (${a.verified ? "verified" : "not verified"}, ${(a.durationMs / 1000).toFixed(1)} s)`);
    return `Expert ${expert.name} (${expert.model}): ${expert.why}.${before.length > 0 ? ` Tried before: ${before.join(", ")}.` : ""}`;
}
