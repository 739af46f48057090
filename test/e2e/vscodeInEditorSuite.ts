// The extension's own test suite, run inside a real VS Code (code-server) as its `extensionTestsPath`: runs
// `ponder.fix` on bitcount.py against the scripted model, checks the diff editor offered the patched text, accepts,
// and checks the file changed. Bundled to CommonJS by vscodeExtension.test.ts; writes its findings as JSON to
// $PONDER_VSCODE_REPORT because the extension host's console is not the test's.
import * as vscode from "vscode";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { PonderExtensionApi } from "../../out/client/extension.js";
import type { FixOutcome } from "../../out/client/fixJob.js";
import type { GenerateTestsOutcome } from "../../out/client/testsJob.js";
import type { PortOutcome } from "../../out/client/portJob.js";
import type { JobOutcome } from "../../out/client/runClientJob.js";
import type { RepairResponse } from "../../out/protocol/index.js";

/** What the suite saw, read by vscodeExtension.test.ts. */
export interface InEditorReport {
    steps: string[];
    error?: string;
    outcome?: FixOutcome;
    diffOffered?: { original: string; modified: string; modifiedText: string };
    textAfter?: string;
    /** The job whose server was killed mid-job: its outcome, and whether the file stayed as it was. */
    crashed?: { outcome: FixOutcome; fileUntouched: boolean; restarted: boolean };
    /** The job during which the user typed in the file: its outcome, whether the user was asked, and whether the file kept only the typing. */
    typedDuring?: { outcome: FixOutcome; asked: boolean; fileKeptTyping: boolean };
    /** The file's text after one undo of the applied fix, and after redoing it. */
    undone?: string;
    redone?: string;
    /** The Test Explorer's groups after the fix, and the outcomes of running them there. */
    explorerAfterFix?: { group: string; files: { label: string; tests: string[] }[] }[];
    reproductionRun?: Record<string, string>;
    testsOutcome?: GenerateTestsOutcome;
    testFileAfter?: string;
    keptRun?: Record<string, string>;
    statusBar?: string;
    activationMs?: number;
    /** Milliseconds from the server sending a thought or answer delta to the panel showing it. */
    panelLatencies?: number[];
    hostLatencies?: number[];
    portOutcome?: PortOutcome;
    /** The editor that opened beside the original after the port. */
    portOpened?: string;
    /** The project's tests as the Test Explorer listed them (runner ids), and the failing one's run there. */
    projectTestIds?: string[];
    projectRun?: Record<string, string>;
    /** "Fix with proof" on the failing project test, the two files after it, after one undo, and after redo. */
    repairOutcome?: JobOutcome<RepairResponse>;
    repairedTexts?: Record<string, string>;
    repairUndone?: Record<string, string>;
    repairRedone?: Record<string, string>;
}

/** The pid of the language server the extension host forked (its command line names out/server/main.js). */
function serverPid(): number | undefined {
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            if (parent === process.pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("out/server/main.js"))
                return Number(entry);
        } catch {
            /* the process ended */
        }
    }
    return undefined;
}

/** Kills the server at its first streamed thought, so the job dies mid-generation, and checks nothing was applied. */
async function crashMidJob(
    api: PonderExtensionApi,
    document: vscode.TextDocument
): Promise<NonNullable<InEditorReport["crashed"]>> {
    const client = api.languageClient;
    const before = document.getText();
    let killed = false;
    const listener = api.onTrace((params) => {
        const pid = serverPid();
        if (!killed && params.event.kind === "thought" && pid !== undefined) {
            killed = true;
            process.kill(pid, "SIGKILL");
        }
    });
    const restarted = new Promise<boolean>((done) => {
        let stopped = false;
        const watch = client.onDidChangeState((change) => {
            if (change.newState === 1 /* Stopped */) stopped = true;
            if (stopped && change.newState === 2 /* Running */) {
                watch.dispose();
                done(true);
            }
        });
        setTimeout(() => done(false), 60_000);
    });
    const outcome = await vscode.commands.executeCommand<FixOutcome>("ponder.fix");
    listener.dispose();
    return { outcome, fileUntouched: document.getText() === before, restarted: await restarted };
}

/**
 * Types a line into the file at the job's first streamed thought, so the result the server returns refers to an
 * older text: the client must neither preview nor apply it. Takes the line out again afterwards.
 */
async function typeMidJob(
    api: PonderExtensionApi,
    document: vscode.TextDocument,
    report: InEditorReport
): Promise<NonNullable<InEditorReport["typedDuring"]>> {
    const before = document.getText();
    const typed = "# typed while the fix ran\n";
    let typing: Thenable<boolean> | undefined;
    const listener = api.onTrace((params) => {
        if (typing === undefined && params.event.kind === "thought") {
            const edit = new vscode.WorkspaceEdit();
            edit.insert(document.uri, new vscode.Position(0, 0), typed);
            typing = vscode.workspace.applyEdit(edit);
        }
    });
    const askedBefore = report.steps.filter((step) => step === "asked").length;
    const outcome = await vscode.commands.executeCommand<FixOutcome>("ponder.fix");
    listener.dispose();
    await typing;
    const asked = report.steps.filter((step) => step === "asked").length > askedBefore;
    const fileKeptTyping = document.getText() === typed + before;
    const undo = new vscode.WorkspaceEdit();
    undo.delete(document.uri, new vscode.Range(0, 0, 1, 0));
    await vscode.workspace.applyEdit(undo);
    return { outcome, asked, fileKeptTyping };
}

export async function run(): Promise<void> {
    const report: InEditorReport = { steps: [] };
    const save = () =>
        writeFileSync(process.env["PONDER_VSCODE_REPORT"] ?? "/dev/null", JSON.stringify(report, null, 1));
    try {
        const extension = vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === "ponder");
        if (!extension) throw new Error("The Ponder extension is not loaded.");
        const api = (await extension.activate()) as PonderExtensionApi;
        await api.ready;
        report.steps.push("serverReady");
        api.setApplyDecision(async () => {
            for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
                if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === "ponder-patched") {
                    const modified = await vscode.workspace.openTextDocument(tab.input.modified);
                    report.diffOffered ??= {
                        original: tab.input.original.toString(),
                        modified: tab.input.modified.toString(),
                        modifiedText: modified.getText()
                    };
                }
            }
            report.steps.push("asked");
            return true;
        });
        const folder = vscode.workspace.workspaceFolders?.[0];
        if (!folder) throw new Error("No workspace folder is open.");
        const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, "bitcount.py"));
        const editor = await vscode.window.showTextDocument(document);
        editor.selection = new vscode.Selection(4, 8, 4, 8);
        report.steps.push("crashing");
        report.crashed = await crashMidJob(api, document);
        report.steps.push("typing");
        report.typedDuring = await typeMidJob(api, document, report);
        report.diffOffered = undefined;
        editor.selection = new vscode.Selection(4, 8, 4, 8);
        report.steps.push("fixing");
        report.outcome = await vscode.commands.executeCommand<FixOutcome>("ponder.fix");
        report.textAfter = document.getText();
        report.statusBar = api.statusBar.text;
        report.activationMs = await api.activationMs;
        if (report.outcome.kind === "applied") {
            // One undo in the file restores it; redo puts the fix back.
            await vscode.window.showTextDocument(document);
            await vscode.commands.executeCommand("undo");
            report.undone = document.getText();
            await vscode.commands.executeCommand("redo");
            report.redone = document.getText();
            await document.save();
        }
        report.steps.push("fixed");
        report.explorerAfterFix = api.testExplorer.snapshot();
        report.reproductionRun = await api.testExplorer.runAll();
        report.steps.push("ranReproduction");

        // Tests for the fixed function, from a second scripted model. The project's test of the bug (the evidence that
        // proved the fix) runs every line of bitcount, so it is taken out first: otherwise no generated test could cover
        // anything new and the tests job rightly keeps none.
        const projectTests = await vscode.workspace.openTextDocument(
            vscode.Uri.joinPath(folder.uri, "test_bitcount.py")
        );
        const bugTest = projectTests.getText().indexOf("\n\ndef test_five_has_two_bits");
        if (bugTest >= 0) {
            const edit = new vscode.WorkspaceEdit();
            edit.delete(
                projectTests.uri,
                new vscode.Range(
                    projectTests.positionAt(bugTest),
                    projectTests.positionAt(projectTests.getText().length)
                )
            );
            await vscode.workspace.applyEdit(edit);
            await projectTests.save();
        }
        await vscode.workspace
            .getConfiguration("ponder")
            .update("model", process.env["PONDER_TESTS_MODEL"], vscode.ConfigurationTarget.Workspace);
        await vscode.window.showTextDocument(document);
        report.testsOutcome = await vscode.commands.executeCommand<GenerateTestsOutcome>("ponder.tests", {
            textDocument: { uri: document.uri.toString() },
            symbol: "bitcount",
            runs: 2
        });
        const testFile = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, "test_bitcount.py"));
        report.testFileAfter = testFile.getText();
        if (report.testsOutcome.kind === "applied") await testFile.save();
        const keptGroup: vscode.TestItem[] = [];
        api.testExplorer.controller.items.forEach((group) => {
            if (group.label.startsWith("Tests for")) keptGroup.push(group);
        });
        report.keptRun = await api.testExplorer.runAll(keptGroup);
        // A port of halve.py to Rust, from a third scripted model.
        await vscode.workspace
            .getConfiguration("ponder")
            .update("model", process.env["PONDER_PORT_MODEL"], vscode.ConfigurationTarget.Workspace);
        report.portOutcome = await vscode.commands.executeCommand<PortOutcome>("ponder.port", {
            textDocument: { uri: vscode.Uri.joinPath(folder.uri, "halve.py").toString() },
            to: "rust",
            cases: 40
        });
        report.portOpened = vscode.window.activeTextEditor?.document.uri.path;
        report.steps.push("ported");
        await fixFailingProjectTest(api, folder, report);
        report.steps.push("repaired");
        report.panelLatencies = api.panel.latencies;
        report.hostLatencies = api.panel.hostLatencies;
        report.steps.push("done");
    } catch (error) {
        report.error = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : String(error);
        throw error;
    } finally {
        save();
    }
}

/**
 * The project's own failing test in the Test Explorer: listed, run (it fails), then "Fix with proof" on it, which
 * applies the two-file patch; one undo restores both files (the outer test answers VS Code's "undo in all files?").
 */
async function fixFailingProjectTest(
    api: PonderExtensionApi,
    folder: vscode.WorkspaceFolder,
    report: InEditorReport
): Promise<void> {
    await vscode.workspace
        .getConfiguration("ponder")
        .update("model", process.env["PONDER_REPAIR_MODEL"], vscode.ConfigurationTarget.Workspace);
    await api.projectTests.refresh();
    const items = api.projectTests.itemsById();
    report.projectTestIds = [...items.keys()];
    const failing = items.get("tests/test_invoice.py::test_light_parcel_with_tax");
    if (!failing)
        throw new Error(`The failing project test is not in the Test Explorer: ${report.projectTestIds.join(", ")}`);
    report.projectRun = await api.projectTests.runAll([failing]);
    report.steps.push("ranProjectTest");
    const files = ["shop/fees.py", "shop/tax.py"];
    const texts = async () => {
        const found: Record<string, string> = {};
        for (const file of files)
            found[file] = (await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, file))).getText();
        return found;
    };
    report.repairOutcome = await vscode.commands.executeCommand<JobOutcome<RepairResponse>>("ponder.fixTest", failing);
    report.repairedTexts = await texts();
    if (report.repairOutcome.kind === "applied") {
        await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, files[0]!));
        await vscode.commands.executeCommand("undo");
        report.repairUndone = await texts();
        await vscode.commands.executeCommand("redo");
        report.repairRedone = await texts();
        await vscode.workspace.saveAll(false);
    }
}
