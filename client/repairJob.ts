// The fix from a failure in the editor's one job flow (`runClientJob`): its request (a failing project test from the
// Test Explorer, a bug report, a test run's output, or the project's failing tests), the localisation and verdict for
// the panel, and what it offers: every patched file in the diff editor and one WorkspaceEdit across the files, so one
// undo restores them all. A patch that changes a test is asked about with its own words.

import * as vscode from "vscode";
import { repairRequest, type PanelResult, type RepairParams, type RepairResponse } from "../protocol/index.js";
import { acceptLabels } from "./acceptLabels.js";
import { expertDetail } from "./jobFlow.js";
import type { ClientJobKind, JobStart, Proposal, ProposedText } from "./runClientJob.js";

export const repairJob: ClientJobKind<RepairParams, RepairResponse> = {
    kind: "repair",
    request: repairRequest,
    noEditorMessage: "Ponder: open a folder whose tests fail to fix from a failure.",
    async paramsFor(uri, _editor, _deps, given) {
        if (given) return given;
        return askFailure(projectUri(uri));
    },
    titles: (params) => ({
        panel:
            "tests" in params.failure
                ? params.failure.tests.join(", ")
                : "issue" in params.failure
                  ? "a bug report"
                  : "testOutput" in params.failure
                    ? "a test run's output"
                    : "the project's failing tests",
        progress: "Ponder: fixing from a failure"
    }),
    panelResult: repairPanelResult,
    proposal: repairProposal
};

/** The workspace folder holding `uri` (the project whose tests fail); the first folder when none holds it. */
export function projectUri(uri: vscode.Uri | undefined): vscode.Uri {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error("Open the project's folder first: a fix from a failure works on a workspace folder.");
    return folder.uri;
}

/** Asks what failed: the project's failing tests, a bug report, or a test run's output. */
async function askFailure(folder: vscode.Uri): Promise<RepairParams | undefined> {
    const choice = await vscode.window.showQuickPick(
        [
            { label: "Run the project's tests and fix what fails", failure: "runAll" as const },
            { label: "Describe the bug", failure: "issue" as const },
            { label: "Paste a failing test run's output", failure: "testOutput" as const }
        ],
        { title: "Ponder: fix from a failure" }
    );
    if (!choice) return undefined;
    const textDocument = { uri: folder.toString() };
    if (choice.failure === "runAll") return { textDocument, failure: { runAll: true } };
    const text = await vscode.window.showInputBox({
        title: choice.label,
        prompt:
            choice.failure === "issue" ? "What goes wrong, and what should happen instead?" : "The test run's output",
        ignoreFocusOut: true
    });
    if (!text?.trim()) return undefined;
    return { textDocument, failure: choice.failure === "issue" ? { issue: text } : { testOutput: text } };
}

function repairProposal(response: RepairResponse, start: JobStart): Proposal {
    if (!response.edit || response.files.length === 0)
        return {
            kind: "nothing",
            message:
                response.status === "nothingFails"
                    ? "Nothing fails: the tests pass today. Nothing was changed."
                    : `${response.report.evidence.summary} Nothing was changed.`,
            notice:
                response.status === "nothingFails" ? "Ponder: the tests pass today." : "Ponder found no patch to offer."
        };
    const proven = response.status === "verified";
    const changesTest = response.status === "changesTest";
    const verdict = changesTest
        ? `CHANGES YOUR TEST (${response.report.evidence.testChange?.files.join(", ") ?? "a test file"}): ${response.report.evidence.testChange?.reason ?? "the reply says the test is wrong"}`
        : proven
          ? "proven by the project's tests"
          : `not proven: ${response.report.evidence.summary}`;
    const texts: ProposedText[] = response.files.map((file) => ({
        question: {
            kind: "repair",
            uri: vscode.Uri.parse(file.uri),
            proven,
            changesTest,
            message: `Ponder's fix from a failure changes ${response.files.length} file(s); ${file.file} is ${file.isTest ? "a test file; " : ""}part of it. The patch is ${verdict}. Apply it?`
        },
        text: file.patchedText,
        exists: file.exists
    }));
    const fits = () =>
        response.files.every((file) => {
            if (file.documentVersion === null) return true;
            const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.uri);
            return open === undefined || open.version === file.documentVersion;
        });
    void start;
    return {
        kind: "review",
        texts,
        edit: response.edit,
        stillFits: fits,
        appliedMessage: `Applied to ${response.files.length} file(s). One undo (Ctrl+Z) restores them all.`,
        refusedMessage: "VS Code refused the edit (a file changed?). Nothing was changed."
    };
}

/** The localisation table, then the candidates, then the verdict's sentence. */
export function repairPanelResult(response: RepairResponse): PanelResult {
    const { report } = response;
    const rows = [
        ...report.localisation.suspects.slice(0, 5).map((s) => ({
            label: `suspect #${s.rank}: ${s.name} (${s.file}:${s.startLine})`,
            verified: false,
            chosen: report.patch?.files.some((f) => f.file === s.file) ?? false,
            reward: s.score,
            why: s.why
        })),
        ...report.candidates.map((c) => ({
            label: `round ${c.round + 1}, #${c.index + 1}: ${c.files.join(", ") || "no patch"}`,
            verified: c.status === "verified",
            chosen: report.patch !== null && report.patch.round === c.round && report.patch.candidate === c.index,
            reward: c.reward,
            why:
                c.parseProblems.length > 0 && c.files.length === 0
                    ? c.parseProblems.join("; ")
                    : c.changesTests.length > 0
                      ? `changes your test ${c.changesTests.join(", ")}`
                      : c.summary
        }))
    ];
    const t = report.timings;
    const details = [
        `Failing: ${report.failing.map((f) => `${f.id}${f.origin === "reproduction" ? " (Ponder's reproduction test)" : ""}`).join(", ") || "none"}.`,
        `Localised by ${report.localisation.sources.join(", ") || "no evidence"}${report.localisation.modelChoice ? `; the model chose ${report.localisation.modelChoice.name}: ${report.localisation.modelChoice.reason}` : ""}.`,
        ...(report.evidence.flaky.length > 0 ? [`Flaky (not counted): ${report.evidence.flaky.join(", ")}.`] : []),
        `Tests that passed before, run with the patch: ${report.evidence.passToPass.run} of ${report.evidence.passToPass.total}.`,
        ...report.notes,
        ...(response.expert ? [expertDetail(response.expert)] : []),
        `${report.rounds} round(s); localisation ${(t.localiseMs / 1000).toFixed(1)} s, model ${(t.modelMs / 1000).toFixed(1)} s, verification ${(t.verifyMs / 1000).toFixed(1)} s, regressions ${(t.regressionMs / 1000).toFixed(1)} s.`
    ];
    return {
        headline: report.evidence.summary,
        rows,
        columns: ["Suspect or candidate", "Score", "Verified", "Why"],
        details,
        decision: response.edit !== undefined,
        acceptLabel: acceptLabels("repair", response.status === "verified", response.status === "changesTest").panel
    };
}
