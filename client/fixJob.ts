// The fix job in the editor's one job flow (`runClientJob`): its request for the cursor (or a code action's
// parameters), the evidence table for the panel, and what it offers: the engine's patched text in the diff editor
// and the server's edit, both only while the document is still the text the engine read. The reproduction tests go
// to the Test Explorer.

import * as vscode from "vscode";
import { fixRequest, type FixParams, type FixResponse, type PanelResult } from "../protocol/index.js";
import { expertDetail, type JobDependencies } from "./jobFlow.js";
import { acceptLabels } from "./acceptLabels.js";
import { documentChangedSince } from "./fixStaleness.js";
import type { ClientJobKind, JobOutcome, JobStart, Proposal } from "./runClientJob.js";

/** What one run of `ponder.fix` ended with. */
export type FixOutcome = JobOutcome<FixResponse>;

export const fixJob: ClientJobKind<FixParams, FixResponse> = {
    kind: "fix",
    request: fixRequest,
    noEditorMessage: "Ponder: open a file and put the cursor in the code to fix.",
    async paramsFor(uri, editor, deps, given) {
        // Open, so its version says later whether the result still fits it.
        await vscode.workspace.openTextDocument(uri);
        if (given) return given;
        const converter = deps.client.code2ProtocolConverter;
        return {
            textDocument: { uri: uri.toString() },
            position: converter.asPosition(editor!.selection.active),
            ...(editor!.selection.isEmpty ? {} : { range: converter.asRange(editor!.selection) })
        };
    },
    titles: (params, uri) => {
        const thinkBudget =
            params.thinkBudget ??
            vscode.workspace.getConfiguration("ponder", uri).get<number | null>("thinkBudget") ??
            undefined;
        return {
            panel: vscode.workspace.asRelativePath(uri),
            progress: "Ponder: fixing with proof",
            ...(thinkBudget !== undefined ? { thinkBudget } : {})
        };
    },
    panelResult: fixPanelResult,
    received: addReproductionTests,
    proposal: fixProposal
};

/** The engine's patched text and edit refer to the text it read: a document edited since gets neither a preview nor the edit. */
function fixProposal(response: FixResponse, start: JobStart): Proposal {
    if (!response.edit || response.patchedText === undefined)
        return {
            kind: "nothing",
            message: "No candidate gave a patch. Nothing was changed.",
            notice: "Ponder found no patch for this code."
        };
    const { document, versionAtStart } = start;
    const fits = () =>
        document === undefined ||
        versionAtStart === undefined ||
        !documentChangedSince({ versionAtStart, documentVersion: response.documentVersion }, document.version);
    if (!fits()) return { kind: "stale" };
    const verdict =
        response.status === "verified"
            ? "proven by its tests"
            : `not proven: ${response.unverifiedReason ?? "no test showed it works"}`;
    const question = {
        kind: "fix" as const,
        uri: start.uri,
        proven: response.status === "verified",
        message: `Ponder's fix for ${vscode.workspace.asRelativePath(start.uri)} is ${verdict}. Apply it?`
    };
    return {
        kind: "review",
        texts: [{ question, text: response.patchedText, exists: true }],
        edit: response.edit,
        stillFits: fits,
        appliedMessage: "Applied. One undo (Ctrl+Z) in the file restores it.",
        refusedMessage: "VS Code refused the edit (the file changed?). Nothing was changed."
    };
}

/** The evidence table: every candidate's reward, verification and why it won or lost. */
export function fixPanelResult(response: FixResponse): PanelResult {
    const { evidence } = response;
    const chosen = evidence.chosen;
    const rows = [...evidence.candidates]
        .sort((a, b) => b.reward - a.reward)
        .map((c) => {
            const isChosen = chosen !== undefined && chosen.round === c.round && chosen.candidate === c.index;
            const why =
                c.parseProblems.length > 0
                    ? c.parseProblems.join("; ")
                    : c.regressions.length > 0
                      ? `breaks ${c.regressions.join(", ")}`
                      : c.status === "verified" || c.status === "plausible"
                        ? `${c.summary}${c.clusterSize > 1 ? `; ${c.clusterSize} candidates agree` : ""}`
                        : c.reproducingTests.length === 0
                          ? "its tests did not reproduce the bug"
                          : "its patch did not pass its reproducing tests";
            const label = c.symbolic
                ? `${c.symbolic.tool} (symbolic): ${c.symbolic.title}`
                : `round ${c.round + 1}, #${c.index + 1}`;
            return { label, verified: c.verified, chosen: isChosen, reward: c.reward, why };
        });
    // The evidence's own sentence: what supports the chosen patch, by source ("Not proven: …" for a plausible one).
    const headline = `${evidence.summary}.`;
    const t = evidence.timings;
    const details = [
        ...(response.expert ? [expertDetail(response.expert)] : []),
        ...evidence.disagreements.map((d) => `Undecided: ${d}.`),
        ...(evidence.outvoted.length > 0
            ? [`Outvoted tests (from one other sample): ${evidence.outvoted.join(", ")}.`]
            : []),
        `${evidence.rounds} round${evidence.rounds === 1 ? "" : "s"}; model ${(t.modelMs / 1000).toFixed(1)} s, verification ${(t.verifyMs / 1000).toFixed(1)} s, total ${(t.totalMs / 1000).toFixed(1)} s.`,
        ...evidence.regressionTests.map((test) => `Reproduction test ${test.file} is in the Test Explorer.`),
        ...(evidence.memory?.recalled ?? []).map(
            (r) =>
                `Recalled from the solution memory: the fix of ${r.target} in ${r.file} (similarity ${r.similarity.toFixed(2)}${r.inPrompt ? "" : ", left out for the budget"}${r.patternInWinningPatch ? "; its pattern is in the chosen patch" : ""}).`
        ),
        ...(evidence.symbolic?.sources ?? []).map(
            (source) => `${source.tool}: ${source.status}${source.detail ? ` (${source.detail})` : ""}.`
        ),
        ...(evidence.symbolic?.modelCancelled ? ["A symbolic fix was verified first, so the model was stopped."] : []),
        ...(evidence.contextOmitted.length > 0
            ? [`Left out of the prompt for its budget: ${evidence.contextOmitted.join(", ")}.`]
            : [])
    ];
    return {
        headline,
        rows,
        details,
        decision: response.edit !== undefined,
        acceptLabel: acceptLabels("fix", response.status === "verified").panel
    };
}

function addReproductionTests(deps: JobDependencies, response: FixResponse, start: JobStart): void {
    const tests = response.evidence.regressionTests;
    if (tests.length === 0) return;
    deps.tests.addGroup(
        `Fix of ${vscode.workspace.asRelativePath(start.uri)}: reproduction tests`,
        tests.map((test) => ({
            label: test.file,
            uri: vscode.Uri.parse(test.uri),
            ...(test.appendTo ? { append: test.code } : { text: test.code })
        }))
    );
}
