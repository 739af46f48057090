// The `ponder.fix` command: sends `ponder/fix` for the cursor (or a code action's parameters), streams the trace
// to the panel, shows the evidence and the engine's patched text in VS Code's diff editor (unless the document
// changed meanwhile), and applies the server's edit as one WorkspaceEdit (one undo) only when the user accepts. The reproduction tests go to the Test Explorer. A job
// that fails (the server crashed, the user cancelled) leaves the file untouched.

import * as vscode from "vscode";
import { fixRequest, type FixParams, type FixResponse, type PanelResult } from "../protocol/index.js";
import { expertDetail, newJobId, reportAccepted, review, sendJob, type JobDependencies } from "./jobFlow.js";
import { documentChangedSince } from "./fixStaleness.js";
import { acceptLabels } from "./acceptLabels.js";
import { sendPonderRequest } from "./ponderMessages.js";

/** What one run of `ponder.fix` ended with; returned by the command so tests can assert on it. */
export type FixOutcome =
    | { kind: "applied"; response: FixResponse }
    | { kind: "rejected"; response: FixResponse }
    | { kind: "noCandidate"; response: FixResponse }
    | { kind: "stale"; response: FixResponse }
    | { kind: "failed"; message: string }
    | { kind: "noEditor" };

export async function runFix(deps: JobDependencies, given?: FixParams): Promise<FixOutcome> {
    const { client, panel } = deps;
    const editor = vscode.window.activeTextEditor;
    const uri = given ? vscode.Uri.parse(given.textDocument.uri) : editor?.document.uri;
    if (!uri) {
        void vscode.window.showInformationMessage("Ponder: open a file and put the cursor in the code to fix.");
        return { kind: "noEditor" };
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const jobId = newJobId();
    const params: FixParams = given
        ? { ...given, jobId }
        : {
            textDocument: { uri: uri.toString() }, jobId,
            position: client.code2ProtocolConverter.asPosition(editor!.selection.active),
            ...(editor!.selection.isEmpty ? {} : { range: client.code2ProtocolConverter.asRange(editor!.selection) })
        };
    const thinkBudget = params.thinkBudget ?? vscode.workspace.getConfiguration("ponder", uri).get<number | null>("thinkBudget") ?? undefined;
    panel.startJob(jobId, "fix", vscode.workspace.asRelativePath(uri), thinkBudget);
    const versionAtStart = document.version;

    const sent = await sendJob(deps, jobId, "Ponder: fixing with proof", (token) => sendPonderRequest(client, fixRequest, params, token));
    if ("failed" in sent) return { kind: "failed", message: sent.failed };
    const response = sent.response;
    addReproductionTests(deps, response, uri);
    panel.showResult(jobId, fixPanelResult(response));
    if (!response.edit || response.patchedText === undefined) {
        panel.endJob(jobId, "No candidate gave a patch. Nothing was changed.");
        void vscode.window.showInformationMessage("Ponder found no patch for this code.");
        return { kind: "noCandidate", response };
    }
    // The engine's patched text and edit refer to the text it read: a document edited since gets neither a preview nor the edit.
    const basis = { versionAtStart, documentVersion: response.documentVersion };
    if (documentChangedSince(basis, document.version)) return stale(deps, jobId, response);
    const verdict = response.status === "verified" ? "proven by its tests" : `not proven: ${response.unverifiedReason ?? "no test showed it works"}`;
    const question = { kind: "fix" as const, uri, proven: response.status === "verified", message: `Ponder's fix for ${vscode.workspace.asRelativePath(uri)} is ${verdict}. Apply it?` };
    if (!await review(deps, jobId, question, response.patchedText, true)) return { kind: "rejected", response };
    // The user may have typed while the question was open.
    if (documentChangedSince(basis, document.version)) return stale(deps, jobId, response);
    // The server's edit, as one WorkspaceEdit: one undo step, and VS Code refuses it when the document's version moved on.
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(response.edit);
    if (!await vscode.workspace.applyEdit(edit)) {
        panel.endJob(jobId, "VS Code refused the edit; nothing was changed.");
        void vscode.window.showErrorMessage("Ponder: VS Code refused the edit (the file changed?). Nothing was changed.");
        return { kind: "stale", response };
    }
    panel.endJob(jobId, "Applied. One undo (Ctrl+Z) in the file restores it.");
    await reportAccepted(deps, jobId);
    return { kind: "applied", response };
}

function stale(deps: JobDependencies, jobId: string, response: FixResponse): FixOutcome {
    deps.panel.endJob(jobId, "The file changed while the fix ran; nothing was changed. Run the fix again.");
    void vscode.window.showWarningMessage("Ponder: the file changed while the fix ran; run the fix again.");
    return { kind: "stale", response };
}

/** The evidence table: every candidate's reward, verification and why it won or lost. */
export function fixPanelResult(response: FixResponse): PanelResult {
    const { evidence } = response;
    const chosen = evidence.chosen;
    const rows = [...evidence.candidates].sort((a, b) => b.reward - a.reward).map((c) => {
        const isChosen = chosen !== undefined && chosen.round === c.round && chosen.candidate === c.index;
        const why = c.parseProblems.length > 0 ? c.parseProblems.join("; ")
            : c.regressions.length > 0 ? `breaks ${c.regressions.join(", ")}`
            : c.status === "verified" || c.status === "plausible" ? `${c.summary}${c.clusterSize > 1 ? `; ${c.clusterSize} candidates agree` : ""}`
            : c.reproducingTests.length === 0 ? "its tests did not reproduce the bug" : "its patch did not pass its reproducing tests";
        const label = c.symbolic ? `${c.symbolic.tool} (symbolic): ${c.symbolic.title}` : `round ${c.round + 1}, #${c.index + 1}`;
        return { label, verified: c.verified, chosen: isChosen, reward: c.reward, why };
    });
    // The evidence's own sentence: what supports the chosen patch, by source ("Not proven: …" for a plausible one).
    const headline = `${evidence.summary}.`;
    const t = evidence.timings;
    const details = [
        ...(response.expert ? [expertDetail(response.expert)] : []),
        ...evidence.disagreements.map((d) => `Undecided: ${d}.`),
        ...(evidence.outvoted.length > 0 ? [`Outvoted tests (from one other sample): ${evidence.outvoted.join(", ")}.`] : []),
        `${evidence.rounds} round${evidence.rounds === 1 ? "" : "s"}; model ${(t.modelMs / 1000).toFixed(1)} s, verification ${(t.verifyMs / 1000).toFixed(1)} s, total ${(t.totalMs / 1000).toFixed(1)} s.`,
        ...evidence.regressionTests.map((test) => `Reproduction test ${test.file} is in the Test Explorer.`),
        ...(evidence.recalled ?? []).map((r) => `Recalled from the solution memory: the fix of ${r.target} in ${r.file} (similarity ${r.similarity.toFixed(2)}${r.inPrompt ? "" : ", left out for the budget"}${r.patternInWinningPatch ? "; its pattern is in the chosen patch" : ""}).`),
        ...(evidence.symbolic?.sources ?? []).map((source) => `${source.tool}: ${source.status}${source.detail ? ` (${source.detail})` : ""}.`),
        ...(evidence.symbolic?.modelCancelled ? ["A symbolic fix was verified first, so the model was stopped."] : []),
        ...(evidence.contextOmitted.length > 0 ? [`Left out of the prompt for its budget: ${evidence.contextOmitted.join(", ")}.`] : [])
    ];
    return { headline, rows, details, decision: response.edit !== undefined, acceptLabel: acceptLabels("fix", response.status === "verified").panel };
}

function addReproductionTests(deps: JobDependencies, response: FixResponse, uri: vscode.Uri): void {
    const tests = response.evidence.regressionTests;
    if (tests.length === 0) return;
    deps.tests.addGroup(`Fix of ${vscode.workspace.asRelativePath(uri)}: reproduction tests`, tests.map((test) => ({
        label: test.file, uri: vscode.Uri.parse(test.uri), ...(test.appendTo ? { append: test.code } : { text: test.code })
    })));
}
