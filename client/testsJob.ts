// The test-generation job in the editor's one job flow (`runClientJob`), which generates tests (running them is the
// Test Explorer's `ponder/runTests`): its request for the function at the cursor (or a code action's parameters),
// the panel's report of each test's verdict, and what it offers: each test file with the kept tests in the diff
// editor, applied as one WorkspaceEdit. The kept tests go to the Test Explorer either way, runnable there.

import * as vscode from "vscode";
import {
    generateTestsRequest,
    type GenerateTestsParams,
    type GenerateTestsResponse,
    type PanelResult
} from "../protocol/index.js";
import { expertDetail, type JobDependencies } from "./jobFlow.js";
import { acceptLabels } from "./acceptLabels.js";
import type { ClientJobKind, JobOutcome, Proposal } from "./runClientJob.js";

export type GenerateTestsOutcome = JobOutcome<GenerateTestsResponse>;

export const testsJob: ClientJobKind<GenerateTestsParams, GenerateTestsResponse> = {
    kind: "tests",
    request: generateTestsRequest,
    noEditorMessage: "Ponder: open a file and put the cursor in the function to test.",
    paramsFor: async (uri, editor, deps, given) =>
        given ?? {
            textDocument: { uri: uri.toString() },
            position: deps.client.code2ProtocolConverter.asPosition(editor!.selection.active)
        },
    titles: (params, uri) => ({
        panel:
            params.symbol ??
            (params.wholeFile
                ? vscode.workspace.asRelativePath(uri)
                : `${vscode.workspace.asRelativePath(uri)} at the cursor`),
        progress: "Ponder: generating tests"
    }),
    panelResult: generateTestsPanelResult,
    proposal: testsProposal,
    settled: addKeptTests
};

function testsProposal(response: GenerateTestsResponse): Proposal {
    if (response.status === "noneKept" || response.testFiles.length === 0) {
        return {
            kind: "nothing",
            message: "No generated test proved its worth; nothing was changed.",
            notice: `Ponder kept none of the generated tests for ${response.target} (see the panel for why).`
        };
    }
    if (!response.edit)
        return { kind: "nothing", message: "This editor cannot create the test files; nothing was changed." };
    const count = `${response.kept.length} test${response.kept.length === 1 ? "" : "s"}`;
    const coverage = `coverage ${response.coverage.before.toFixed(0)}% → ${response.coverage.after.toFixed(0)}%`;
    return {
        kind: "review",
        edit: response.edit,
        texts: response.testFiles.map((file) => ({
            question: {
                kind: "tests" as const,
                uri: vscode.Uri.parse(file.uri),
                proven: response.proven,
                message: `Ponder kept ${count} for ${response.target} (${coverage}). Add them to ${vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri))}?`
            },
            text: file.newText,
            exists: !file.created
        })),
        appliedMessage: "Tests added. One undo in the test file removes them.",
        refusedMessage: "VS Code refused the edit (the test file changed?); nothing was changed."
    };
}

export function generateTestsPanelResult(response: GenerateTestsResponse): PanelResult {
    const { coverage, mutation } = response;
    const headline =
        response.status === "kept"
            ? `Kept ${response.kept.length} ${response.framework} test${response.kept.length === 1 ? "" : "s"} for ${response.target}: each passed every run and covers new lines.`
            : `Kept no test for ${response.target}.`;
    const details = [
        ...(response.expert ? [expertDetail(response.expert)] : []),
        coverage.measured
            ? `Line coverage ${coverage.before.toFixed(1)}% → ${coverage.after.toFixed(1)}% of ${coverage.coverableLines} lines.`
            : "Coverage was not measured.",
        ...(mutation.total > 0
            ? [
                  `Mutation score ${mutation.score.toFixed(0)}% (${mutation.killed} of ${mutation.total} mutants caught)${
                      mutation.survivors.length > 0
                          ? `; survivors: ${mutation.survivors
                                .slice(0, 3)
                                .map((s) => `line ${s.line} ${s.description}`)
                                .join(", ")}`
                          : ""
                  }.`
              ]
            : []),
        ...response.kept.map(
            (k) => `Kept ${k.name}: +${k.coverageGain.toFixed(1)} points (lines ${k.newLines.join(", ")}).`
        ),
        ...response.dropped.map((d) => `Dropped ${d.name}: ${d.reason}.`),
        ...response.possibleBugs.map((b) => `Possible bug, ${b.name} fails: ${b.failure.split("\n")[0]}`),
        ...response.notes
    ];
    return {
        headline,
        rows: [],
        details,
        decision: response.testFiles.length > 0 && response.status === "kept",
        acceptLabel: acceptLabels("tests", response.proven).panel
    };
}

function addKeptTests(deps: JobDependencies, response: GenerateTestsResponse, written: boolean): void {
    if (response.kept.length === 0) return;
    deps.tests.addGroup(
        `Tests for ${response.target}${written ? "" : " (not added)"}`,
        response.testFiles.map((file) => ({
            label: vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri)),
            uri: vscode.Uri.parse(file.uri),
            names: response.kept.filter((k) => k.uri === file.uri).map((k) => k.name),
            // Not written: run the proposed text; written: the file as it is now.
            ...(written ? {} : { text: file.newText })
        }))
    );
}
