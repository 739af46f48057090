// The `ponder.tests` command, which generates tests (running them is the Test Explorer's `ponder/runTests`):
// sends `ponder/tests` for the function at the cursor (or a code action's parameters), streams the trace and each
// test's verdict to the panel, shows the test file with the kept tests in the diff editor and applies it as one
// WorkspaceEdit only when the user accepts; the kept tests go to the Test Explorer, runnable there.

import * as vscode from "vscode";
import { generateTestsRequest, type GenerateTestsParams, type GenerateTestsResponse, type PanelResult } from "../protocol/index.js";
import { expertDetail, newJobId, reportAccepted, review, sendJob, type JobDependencies } from "./jobFlow.js";
import { acceptLabels } from "./acceptLabels.js";
import { sendPonderRequest } from "./ponderMessages.js";

export type GenerateTestsOutcome =
    | { kind: "applied"; response: GenerateTestsResponse }
    | { kind: "rejected"; response: GenerateTestsResponse }
    | { kind: "noneKept"; response: GenerateTestsResponse }
    | { kind: "stale"; response: GenerateTestsResponse }
    | { kind: "failed"; message: string }
    | { kind: "noEditor" };

export async function generateTests(deps: JobDependencies, given?: GenerateTestsParams): Promise<GenerateTestsOutcome> {
    const { client, panel } = deps;
    const editor = vscode.window.activeTextEditor;
    const uri = given ? vscode.Uri.parse(given.textDocument.uri) : editor?.document.uri;
    if (!uri) {
        void vscode.window.showInformationMessage("Ponder: open a file and put the cursor in the function to test.");
        return { kind: "noEditor" };
    }
    const jobId = newJobId();
    const params: GenerateTestsParams = given ? { ...given, jobId } : {
        textDocument: { uri: uri.toString() }, jobId, position: client.code2ProtocolConverter.asPosition(editor!.selection.active)
    };
    const target = params.symbol ?? (params.wholeFile ? vscode.workspace.asRelativePath(uri) : `${vscode.workspace.asRelativePath(uri)} at the cursor`);
    panel.startJob(jobId, "tests", target);
    const sent = await sendJob(deps, jobId, "Ponder: generating tests", (token) => sendPonderRequest(client, generateTestsRequest, params, token));
    if ("failed" in sent) return { kind: "failed", message: sent.failed };
    const response = sent.response;
    panel.showResult(jobId, generateTestsPanelResult(response));
    if (response.status === "noneKept" || response.testFiles.length === 0) {
        panel.endJob(jobId, "No generated test proved its worth; nothing was changed.");
        void vscode.window.showInformationMessage(`Ponder kept none of the generated tests for ${response.target} (see the panel for why).`);
        return { kind: "noneKept", response };
    }
    let accepted = true;
    for (const file of response.testFiles) {
        const question = {
            kind: "tests" as const, uri: vscode.Uri.parse(file.uri), proven: response.proven,
            message: `Ponder kept ${response.kept.length} test${response.kept.length === 1 ? "" : "s"} for ${response.target} (coverage ${response.coverage.before.toFixed(0)}% → ${response.coverage.after.toFixed(0)}%). Add them to ${vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri))}?`
        };
        accepted &&= await review(deps, jobId, question, file.newText, !file.created);
    }
    if (!accepted) {
        addKeptTests(deps, response, false);
        return { kind: "rejected", response };
    }
    const applied = response.edit ? await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(response.edit)) : false;
    addKeptTests(deps, response, applied);
    if (!applied) {
        panel.endJob(jobId, "VS Code refused the edit (the test file changed?); nothing was changed.");
        return { kind: "stale", response };
    }
    panel.endJob(jobId, "Tests added. One undo in the test file removes them.");
    await reportAccepted(deps, jobId);
    return { kind: "applied", response };
}

export function generateTestsPanelResult(response: GenerateTestsResponse): PanelResult {
    const { coverage, mutation } = response;
    const headline = response.status === "kept"
        ? `Kept ${response.kept.length} ${response.framework} test${response.kept.length === 1 ? "" : "s"} for ${response.target}: each passed every run and covers new lines.`
        : `Kept no test for ${response.target}.`;
    const details = [
        ...(response.expert ? [expertDetail(response.expert)] : []),
        coverage.measured ? `Line coverage ${coverage.before.toFixed(1)}% → ${coverage.after.toFixed(1)}% of ${coverage.coverableLines} lines.` : "Coverage was not measured.",
        ...(mutation.total > 0 ? [`Mutation score ${mutation.score.toFixed(0)}% (${mutation.killed} of ${mutation.total} mutants caught)${mutation.survivors.length > 0 ? `; survivors: ${mutation.survivors.slice(0, 3).map((s) => `line ${s.line} ${s.description}`).join(", ")}` : ""}.`] : []),
        ...response.kept.map((k) => `Kept ${k.name}: +${k.coverageGain.toFixed(1)} points (lines ${k.newLines.join(", ")}).`),
        ...response.dropped.map((d) => `Dropped ${d.name}: ${d.reason}.`),
        ...response.possibleBugs.map((b) => `Possible bug, ${b.name} fails: ${b.failure.split("\n")[0]}`),
        ...response.notes
    ];
    return { headline, rows: [], details, decision: response.testFiles.length > 0 && response.status === "kept",
        acceptLabel: acceptLabels("tests", response.proven).panel };
}

function addKeptTests(deps: JobDependencies, response: GenerateTestsResponse, written: boolean): void {
    if (response.kept.length === 0) return;
    deps.tests.addGroup(`Tests for ${response.target}${written ? "" : " (not added)"}`, response.testFiles.map((file) => ({
        label: vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri)), uri: vscode.Uri.parse(file.uri),
        names: response.kept.filter((k) => k.uri === file.uri).map((k) => k.name),
        // Not written: run the proposed text; written: the file as it is now.
        ...(written ? {} : { text: file.newText })
    })));
}
