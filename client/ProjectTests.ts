// The project's own tests in VS Code's Test Explorer, beside Ponder's: listed by the project's runner through the
// server (`ponder/projectTests`), run in the sandbox (`ponder/runProjectTests`), and a failing one offers "Fix with
// proof", which starts a fix from that failure (`ponder/repair` with the test's id).

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
    projectTestsRequest,
    runProjectTestsRequest,
    type ProjectTestsResponse,
    type RepairParams,
    type RunTestsResponse
} from "../protocol/index.js";
import { sendPonderRequest } from "./ponderMessages.js";

/** The command on a test item's context menu that fixes the test's failure. */
export const fixTestCommand = "ponder.fixTest";

export class ProjectTests implements vscode.Disposable {
    readonly controller = vscode.tests.createTestController("ponder-project", "Project tests (Ponder)");
    /** A test item's runner id and project folder, by item id. */
    private readonly tests = new Map<string, { id: string; folder: vscode.Uri }>();
    /** Why the last listing found nothing, by folder (missing dependencies, no runner). */
    readonly problems = new Map<string, string>();

    constructor(private readonly client: LanguageClient) {
        this.controller.createRunProfile(
            "Run in Ponder's sandbox",
            vscode.TestRunProfileKind.Run,
            (request, token) => this.run(request, token),
            true
        );
        this.controller.resolveHandler = async (item) => {
            if (!item) await this.refresh();
        };
        this.controller.refreshHandler = async (token) => {
            await this.refresh(token);
        };
    }

    /** Lists every workspace folder's tests again; returns how many it found. */
    async refresh(token?: vscode.CancellationToken): Promise<number> {
        let found = 0;
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
            let response: ProjectTestsResponse;
            try {
                response = await sendPonderRequest(
                    this.client,
                    projectTestsRequest,
                    { textDocument: { uri: folder.uri.toString() } },
                    token
                );
            } catch (error) {
                this.problems.set(folder.uri.toString(), error instanceof Error ? error.message : String(error));
                continue;
            }
            if (response.kind !== "found") this.problems.set(folder.uri.toString(), response.message ?? response.kind);
            else this.problems.delete(folder.uri.toString());
            found += this.show(folder, response);
        }
        return found;
    }

    private show(folder: vscode.WorkspaceFolder, response: ProjectTestsResponse): number {
        const root = this.controller.createTestItem(folder.uri.toString(), folder.name, folder.uri);
        const files = new Map<string, vscode.TestItem>();
        for (const test of response.tests) {
            let file = files.get(test.file);
            if (!file) {
                file = this.controller.createTestItem(`${root.id}/${test.file}`, test.file, vscode.Uri.parse(test.uri));
                files.set(test.file, file);
                root.children.add(file);
            }
            const item = this.controller.createTestItem(
                `${root.id}//${test.id}`,
                test.name,
                vscode.Uri.parse(test.uri)
            );
            if (test.line !== undefined) item.range = new vscode.Range(test.line - 1, 0, test.line - 1, 0);
            this.tests.set(item.id, { id: test.id, folder: folder.uri });
            file.children.add(item);
        }
        if (response.kind !== "found" && response.message) root.error = response.message;
        this.controller.items.add(root);
        return response.tests.length;
    }

    /** The runner id and folder of a test item (for "Fix with proof"). */
    testOf(item: vscode.TestItem): { id: string; folder: vscode.Uri } | undefined {
        return this.tests.get(item.id);
    }

    /** The `ponder/repair` parameters that fix a test item's failure. */
    repairParams(item: vscode.TestItem): RepairParams | undefined {
        const test = this.testOf(item);
        return test ? { textDocument: { uri: test.folder.toString() }, failure: { tests: [test.id] } } : undefined;
    }

    /** Every test item by its runner id, for tests of the extension. */
    itemsById(): Map<string, vscode.TestItem> {
        const items = new Map<string, vscode.TestItem>();
        const visit = (item: vscode.TestItem) => {
            const test = this.tests.get(item.id);
            if (test) items.set(test.id, item);
            item.children.forEach(visit);
        };
        this.controller.items.forEach(visit);
        return items;
    }

    /** Runs the given items (default all) as the run button does, and returns each test's outcome by runner id. */
    async runAll(items?: readonly vscode.TestItem[]): Promise<Record<string, string>> {
        const outcomes: Record<string, string> = {};
        const source = new vscode.CancellationTokenSource();
        await this.run(new vscode.TestRunRequest(items), source.token, outcomes);
        source.dispose();
        return outcomes;
    }

    private chosenTests(request: vscode.TestRunRequest): vscode.TestItem[] {
        const chosen: vscode.TestItem[] = [];
        const collect = (item: vscode.TestItem) => {
            if (this.tests.has(item.id)) chosen.push(item);
            else item.children.forEach(collect);
        };
        if (request.include) request.include.forEach(collect);
        else this.controller.items.forEach(collect);
        return chosen.filter((item) => !request.exclude?.includes(item));
    }

    private async run(
        request: vscode.TestRunRequest,
        token: vscode.CancellationToken,
        outcomes: Record<string, string> = {}
    ): Promise<void> {
        const run = this.controller.createTestRun(request, "Project tests", false);
        try {
            const byFolder = new Map<string, vscode.TestItem[]>();
            for (const item of this.chosenTests(request)) {
                const folder = this.tests.get(item.id)!.folder.toString();
                byFolder.set(folder, [...(byFolder.get(folder) ?? []), item]);
            }
            for (const [folder, items] of byFolder) {
                if (token.isCancellationRequested) break;
                for (const item of items) run.started(item);
                let response: RunTestsResponse;
                try {
                    response = await sendPonderRequest(
                        this.client,
                        runProjectTestsRequest,
                        { textDocument: { uri: folder }, ids: items.map((item) => this.tests.get(item.id)!.id) },
                        token
                    );
                } catch (error) {
                    const message = new vscode.TestMessage(error instanceof Error ? error.message : String(error));
                    for (const item of items) run.errored(item, message);
                    continue;
                }
                this.report(run, items, response, outcomes);
            }
        } finally {
            run.end();
        }
    }

    private report(
        run: vscode.TestRun,
        items: vscode.TestItem[],
        response: RunTestsResponse,
        outcomes: Record<string, string>
    ): void {
        if (response.kind !== "ran") {
            const message = new vscode.TestMessage(response.message ?? "The run was cancelled.");
            for (const item of items) run.errored(item, message);
            return;
        }
        for (const item of items) {
            const id = this.tests.get(item.id)!.id;
            const result = response.tests.find(
                (test) => test.id === id || test.id.endsWith(id) || id.endsWith(test.id)
            );
            if (!result) {
                run.skipped(item);
                continue;
            }
            outcomes[id] = result.outcome;
            const message = new vscode.TestMessage(result.message ?? result.outcome);
            if (result.outcome === "passed") run.passed(item, result.durationMs);
            else if (result.outcome === "skipped") run.skipped(item);
            else if (result.outcome === "failed") run.failed(item, message, result.durationMs);
            else run.errored(item, message, result.durationMs);
        }
    }

    dispose(): void {
        this.controller.dispose();
    }
}
