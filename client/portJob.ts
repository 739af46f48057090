// The port job in the editor's one job flow (`runClientJob`): its request for a file (a code action's parameters, or
// the active file and a target picked from a list), the panel's equivalence table, and what it offers: the port's
// main file in the diff editor, and on accept its new files as one WorkspaceEdit, saved and opened beside the
// original. The original file is never changed.

import * as vscode from "vscode";
import { portRequest, type PanelResult, type PortParams, type PortResponse } from "../protocol/index.js";
import { expertDetail, type JobDependencies } from "./jobFlow.js";
import { acceptLabels } from "./acceptLabels.js";
import type { ClientJobKind, JobOutcome, Proposal } from "./runClientJob.js";

export type PortOutcome = JobOutcome<PortResponse>;

const targetNames = { rust: "Rust", typescript: "TypeScript" } as const;

export const portJob: ClientJobKind<PortParams, PortResponse> = {
    kind: "port",
    request: portRequest,
    noEditorMessage: "Ponder: open the file to port.",
    async paramsFor(uri, _editor, _deps, given) {
        if (given?.to) return given;
        const picked = await vscode.window.showQuickPick(
            [
                { label: "Rust", to: "rust" as const },
                { label: "TypeScript", to: "typescript" as const }
            ],
            { title: `Port ${vscode.workspace.asRelativePath(uri)} to…` }
        );
        return picked ? { ...(given ?? { textDocument: { uri: uri.toString() } }), to: picked.to } : undefined;
    },
    titles: (params, uri) => ({
        panel: `${vscode.workspace.asRelativePath(uri)} → ${targetNames[params.to]}`,
        progress: `Ponder: porting to ${targetNames[params.to]}`
    }),
    panelResult: portPanelResult,
    proposal: portProposal,
    settled: openPort
};

function portProposal(response: PortResponse, start: { uri: vscode.Uri }, params: PortParams): Proposal {
    const main = response.outputs.find((o) => o.uri === response.mainUri) ?? response.outputs[0];
    if (!main || !response.edit)
        return { kind: "nothing", message: "The port produced no files to create; nothing was changed." };
    const verdict =
        response.status === "equivalent"
            ? "equivalent to the original on every case"
            : response.status === "differs"
              ? "not equivalent: differential testing found counterexamples (see the panel)"
              : "not compiling";
    const target = targetNames[params.to];
    const question = {
        kind: "port" as const,
        uri: vscode.Uri.parse(main.uri),
        proven: response.status === "equivalent",
        message:
            `Ponder's ${target} port of ${vscode.workspace.asRelativePath(start.uri)} is ${verdict}. ` +
            `Create its ${response.outputs.length} files in ${vscode.workspace.asRelativePath(vscode.Uri.parse(response.outDirUri))}?`
    };
    return {
        kind: "review",
        texts: [{ question, text: main.text, exists: false }],
        edit: response.edit,
        appliedMessage: `Created ${response.outputs.length} files; the original is unchanged.`,
        refusedMessage: "VS Code refused to create the files (they exist?); nothing was changed."
    };
}

/** Once created, the new files are saved and the port's main file opens beside the original. */
async function openPort(_deps: JobDependencies, response: PortResponse, applied: boolean): Promise<void> {
    if (!applied) return;
    const main = response.outputs.find((o) => o.uri === response.mainUri) ?? response.outputs[0];
    await Promise.all(
        response.outputs.map(async (output) =>
            (await vscode.workspace.openTextDocument(vscode.Uri.parse(output.uri))).save()
        )
    );
    if (main)
        await vscode.window.showTextDocument(vscode.Uri.parse(main.uri), {
            viewColumn: vscode.ViewColumn.Beside,
            preview: false
        });
}

/** The equivalence table: one row per unit with its cases and counterexamples. */
export function portPanelResult(response: PortResponse): PanelResult {
    const rows = response.units.map((unit) => ({
        label: unit.name,
        verified: unit.status === "equivalent",
        chosen: false,
        reward: unit.cases > 0 ? unit.equal / unit.cases : 0,
        why: !unit.compiled
            ? `does not compile${unit.notes[0] ? `: ${unit.notes[0].split("\n")[0]}` : ""}`
            : unit.status === "notTested"
              ? `not tested${unit.notes[0] ? `: ${unit.notes[0]}` : ""}`
              : `${unit.equal} of ${unit.cases} cases equal${unit.counterexamples[0] ? `; ${unit.counterexamples[0].text}` : ""}` +
                ` (rounds: ${unit.rounds.translation} translation, ${unit.rounds.compileRepair} repair, ${unit.rounds.counterexample} counterexample)`
    }));
    const headline =
        response.status === "equivalent"
            ? "Equivalent: every unit gave the original's result on every case."
            : response.status === "differs"
              ? "Differs: some inputs give a different result than the original."
              : "Does not compile.";
    const passed = response.tests.filter((t) => t.outcome === "passed").length;
    const details = [
        ...(response.expert ? [expertDetail(response.expert)] : []),
        ...(response.tests.length > 0
            ? [`${passed} of ${response.tests.length} of the file's tests ported and passing.`]
            : []),
        ...response.units.flatMap((u) => u.counterexamples.slice(1, 4).map((c) => `Counterexample: ${c.text}`)),
        ...response.notes,
        `Model ${(response.timings.modelMs / 1000).toFixed(1)} s, build ${(response.timings.buildMs / 1000).toFixed(1)} s, differential testing ${(response.timings.differentialMs / 1000).toFixed(1)} s.`
    ];
    return {
        headline,
        rows,
        details,
        decision: response.edit !== undefined,
        acceptLabel: acceptLabels("port", response.status === "equivalent").panel,
        columns: ["Unit", "Equal share", "Equivalent", "Evidence"]
    };
}
