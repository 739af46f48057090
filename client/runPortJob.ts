// The `ponder.port` command: sends `ponder/port` for a file (a code action's parameters, or the active file and
// a target picked from a list), streams each unit's trace to the panel, shows the equivalence table, and on
// accept creates the new files as one WorkspaceEdit and opens the port beside the original. The original file
// is never changed.

import * as vscode from "vscode";
import { portRequest, type PanelResult, type PortParams, type PortResponse } from "../protocol/index.js";
import { expertDetail, newJobId, reportAccepted, review, sendJob, type JobDependencies } from "./jobFlow.js";
import { acceptLabels } from "./acceptLabels.js";
import { sendPonderRequest } from "./ponderMessages.js";

export type PortOutcome =
    | { kind: "applied"; response: PortResponse }
    | { kind: "rejected"; response: PortResponse }
    | { kind: "stale"; response: PortResponse }
    | { kind: "failed"; message: string }
    | { kind: "noEditor" };

const targetNames = { rust: "Rust", typescript: "TypeScript" } as const;

export async function runPortJob(deps: JobDependencies, given?: PortParams): Promise<PortOutcome> {
    const { client, panel } = deps;
    const uri = given ? vscode.Uri.parse(given.textDocument.uri) : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
        void vscode.window.showInformationMessage("Ponder: open the file to port.");
        return { kind: "noEditor" };
    }
    let to = given?.to;
    if (!to) {
        const picked = await vscode.window.showQuickPick([{ label: "Rust", to: "rust" as const }, { label: "TypeScript", to: "typescript" as const }],
            { title: `Port ${vscode.workspace.asRelativePath(uri)} to…` });
        if (!picked) return { kind: "noEditor" };
        to = picked.to;
    }
    const jobId = newJobId();
    const params: PortParams = { ...(given ?? { textDocument: { uri: uri.toString() } }), to, jobId };
    panel.startJob(jobId, "port", `${vscode.workspace.asRelativePath(uri)} → ${targetNames[to]}`);
    const sent = await sendJob(deps, jobId, `Ponder: porting to ${targetNames[to]}`, (token) => sendPonderRequest(client, portRequest, params, token));
    if ("failed" in sent) return { kind: "failed", message: sent.failed };
    const response = sent.response;
    panel.showResult(jobId, portPanelResult(response));
    const main = response.outputs.find((o) => o.uri === response.mainUri) ?? response.outputs[0];
    if (!main || !response.edit) {
        panel.endJob(jobId, "The port produced no files to create; nothing was changed.");
        return { kind: "stale", response };
    }
    const verdict = response.status === "equivalent" ? "equivalent to the original on every case"
        : response.status === "differs" ? "not equivalent: differential testing found counterexamples (see the panel)" : "not compiling";
    const question = {
        kind: "port" as const, uri: vscode.Uri.parse(main.uri), proven: response.status === "equivalent",
        message: `Ponder's ${targetNames[to]} port of ${vscode.workspace.asRelativePath(uri)} is ${verdict}. Create its ${response.outputs.length} files in ${vscode.workspace.asRelativePath(vscode.Uri.parse(response.outDirUri))}?`
    };
    if (!await review(deps, jobId, question, main.text, false)) return { kind: "rejected", response };
    if (!await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(response.edit))) {
        panel.endJob(jobId, "VS Code refused to create the files (they exist?); nothing was changed.");
        return { kind: "stale", response };
    }
    await Promise.all(response.outputs.map(async (output) => (await vscode.workspace.openTextDocument(vscode.Uri.parse(output.uri))).save()));
    await vscode.window.showTextDocument(vscode.Uri.parse(main.uri), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    panel.endJob(jobId, `Created ${response.outputs.length} files; the original is unchanged.`);
    await reportAccepted(deps, jobId);
    return { kind: "applied", response };
}

/** The equivalence table: one row per unit with its cases and counterexamples. */
export function portPanelResult(response: PortResponse): PanelResult {
    const rows = response.units.map((unit) => ({
        label: unit.name,
        verified: unit.status === "equivalent",
        chosen: false,
        reward: unit.cases > 0 ? unit.equal / unit.cases : 0,
        why: !unit.compiled ? `does not compile${unit.notes[0] ? `: ${unit.notes[0].split("\n")[0]}` : ""}`
            : unit.status === "notTested" ? `not tested${unit.notes[0] ? `: ${unit.notes[0]}` : ""}`
            : `${unit.equal} of ${unit.cases} cases equal${unit.counterexamples.length > 0 ? `; ${unit.counterexamples[0]}` : ""}` +
              ` (rounds: ${unit.rounds.translation} translation, ${unit.rounds.compileRepair} repair, ${unit.rounds.counterexample} counterexample)`
    }));
    const headline = response.status === "equivalent" ? "Equivalent: every unit gave the original's result on every case."
        : response.status === "differs" ? "Differs: some inputs give a different result than the original."
        : "Does not compile.";
    const passed = response.tests.filter((t) => t.outcome === "passed").length;
    const details = [
        ...(response.expert ? [expertDetail(response.expert)] : []),
        ...(response.tests.length > 0 ? [`${passed} of ${response.tests.length} of the file's tests ported and passing.`] : []),
        ...response.units.flatMap((u) => u.counterexamples.slice(1, 4).map((c) => `Counterexample: ${c}`)),
        ...response.notes,
        `Model ${(response.timings.modelMs / 1000).toFixed(1)} s, build ${(response.timings.buildMs / 1000).toFixed(1)} s, differential testing ${(response.timings.differentialMs / 1000).toFixed(1)} s.`
    ];
    return {
        headline, rows, details, decision: response.edit !== undefined, acceptLabel: acceptLabels("port", response.status === "equivalent").panel,
        columns: ["Unit", "Equal share", "Equivalent", "Evidence"]
    };
}
