// The one job flow of the editor, for every job kind: build the request for the active file (or take a code
// action's), send it under a cancellable progress notification while the panel streams its trace, show the result,
// offer its changes in the diff editor, and apply them as one WorkspaceEdit (one undo) only when the user accepts,
// and only while they still fit the document. Each kind says only what differs (`ClientJobKind`, in `clientJobKinds.ts`).

import * as vscode from "vscode";
import type { TextDocumentIdentifier, WorkspaceEdit } from "vscode-languageclient/node.js";
import type { JobKind, PanelResult, PonderRequest } from "../protocol/index.js";
import { newJobId, reportAccepted, review, sendJob, type JobDependencies, type ReviewQuestion } from "./jobFlow.js";
import { sendPonderRequest } from "./ponderMessages.js";

/** A proposed file text, shown against the file in the diff editor and asked about. */
export interface ProposedText {
    question: ReviewQuestion;
    text: string;
    /** The file exists (a new file is shown against an empty one). */
    exists: boolean;
}

/** What a job's response offers the user. */
export type Proposal =
    /** Nothing to apply: `message` goes to the panel, `notice` (when given) to a notification. */
    | { kind: "nothing"; message: string; notice?: string }
    /** The document changed since the server read it: the result no longer fits it, so it is neither shown nor applied. */
    | { kind: "stale" }
    | {
          kind: "review";
          texts: ProposedText[];
          edit: WorkspaceEdit;
          /** Checked again after the user accepted; false when the document changed while the question was open. */
          stillFits?: () => boolean;
          /** The panel's last line once the edit is applied. */
          appliedMessage: string;
          /** The panel's last line when VS Code refuses the edit. */
          refusedMessage: string;
      };

/** What one run of a job command ended with; returned by the command so tests can assert on it. */
export type JobOutcome<Response> =
    | { kind: "applied"; response: Response }
    | { kind: "rejected"; response: Response }
    /** The job answered with nothing to apply (no patch, no kept test, no file). */
    | { kind: "nothing"; response: Response }
    /** The result no longer fits the document, or VS Code refused the edit. */
    | { kind: "stale"; response: Response }
    | { kind: "failed"; message: string }
    | { kind: "noEditor" };

/** Where a job runs and what it knew when it was sent. */
export interface JobStart {
    uri: vscode.Uri;
    /** The document's version when the job was sent (undefined when it is not open). */
    versionAtStart?: number;
    document?: vscode.TextDocument;
}

/** What a job kind adds to the one flow. */
export interface ClientJobKind<Params extends { jobId?: string; textDocument: TextDocumentIdentifier }, Response> {
    kind: JobKind;
    request: PonderRequest<Params, Response>;
    /** Said when no file is open. */
    noEditorMessage: string;
    /** The request for the active editor (the cursor, a picked target); undefined when the user cancelled a choice. */
    paramsFor(
        uri: vscode.Uri,
        editor: vscode.TextEditor | undefined,
        deps: JobDependencies,
        given?: Params
    ): Promise<Params | undefined>;
    /** The panel's title, the progress notification's title and the panel's thinking budget. */
    titles(params: Params, uri: vscode.Uri): { panel: string; progress: string; thinkBudget?: number };
    panelResult(response: Response): PanelResult;
    /** What the user is offered; called after the panel shows the result. */
    proposal(response: Response, start: JobStart, params: Params): Proposal;
    /** Called once the job's response is in and still fits the document (the fix's reproduction tests go to the Test Explorer). */
    received?(deps: JobDependencies, response: Response, start: JobStart): void;
    /** Called once the user decided: `applied` false when rejected or refused (the tests job lists its tests either way). */
    settled?(deps: JobDependencies, response: Response, applied: boolean): Promise<void> | void;
}

/** Runs one job of `kind`, for `given` parameters (a code action's) or the active editor. */
export async function runClientJob<Params extends { jobId?: string; textDocument: TextDocumentIdentifier }, Response>(
    deps: JobDependencies,
    kind: ClientJobKind<Params, Response>,
    given?: Params
): Promise<JobOutcome<Response>> {
    const { client, panel } = deps;
    const editor = vscode.window.activeTextEditor;
    const uri = given ? vscode.Uri.parse(given.textDocument.uri) : editor?.document.uri;
    if (!uri) {
        void vscode.window.showInformationMessage(kind.noEditorMessage);
        return { kind: "noEditor" };
    }
    const asked = await kind.paramsFor(uri, editor, deps, given);
    if (!asked) return { kind: "noEditor" };
    const jobId = newJobId();
    const params: Params = { ...asked, jobId };
    const titles = kind.titles(params, uri);
    panel.startJob(jobId, kind.kind, titles.panel, titles.thinkBudget);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const start: JobStart = { uri, ...(document ? { document, versionAtStart: document.version } : {}) };

    const sent = await sendJob(deps, jobId, titles.progress, (token) =>
        sendPonderRequest(client, kind.request, params, token)
    );
    if ("failed" in sent) return { kind: "failed", message: sent.failed };
    const response = sent.response;
    panel.showResult(jobId, kind.panelResult(response));
    const proposal = kind.proposal(response, start, params);
    if (proposal.kind === "stale") return stale(deps, jobId, response);
    kind.received?.(deps, response, start);
    if (proposal.kind === "nothing") {
        panel.endJob(jobId, proposal.message);
        if (proposal.notice) void vscode.window.showInformationMessage(proposal.notice);
        await kind.settled?.(deps, response, false);
        return { kind: "nothing", response };
    }
    let accepted = true;
    for (const proposed of proposal.texts)
        accepted &&= await review(deps, jobId, proposed.question, proposed.text, proposed.exists);
    if (!accepted) {
        await kind.settled?.(deps, response, false);
        return { kind: "rejected", response };
    }
    if (proposal.stillFits && !proposal.stillFits()) return stale(deps, jobId, response);
    // One WorkspaceEdit: one undo step; a versioned edit is refused by VS Code when the document moved on.
    const applied = await vscode.workspace.applyEdit(
        await client.protocol2CodeConverter.asWorkspaceEdit(proposal.edit)
    );
    await kind.settled?.(deps, response, applied);
    if (!applied) {
        panel.endJob(jobId, proposal.refusedMessage);
        void vscode.window.showErrorMessage(`Ponder: ${proposal.refusedMessage}`);
        return { kind: "stale", response };
    }
    panel.endJob(jobId, proposal.appliedMessage);
    await reportAccepted(deps, jobId);
    return { kind: "applied", response };
}

function stale<Response>(deps: JobDependencies, jobId: string, response: Response): JobOutcome<Response> {
    deps.panel.endJob(jobId, "The file changed while the job ran; nothing was changed. Run it again.");
    void vscode.window.showWarningMessage("Ponder: the file changed while the job ran; run it again.");
    return { kind: "stale", response };
}
