// Ponder's tests in VS Code's Test Explorer: each job adds a group (a fix's reproduction tests, a tests job's
// kept tests) with one item per test file, runnable there. A run sends `ponder/runTests` for the file (with its
// text when it is not written yet, or the module to append for Rust) and shows each test's outcome, creating
// the test items the run found.

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import { runTestsRequest, type RunTestsResponse } from "../protocol/index.js";
import { sendPonderRequest } from "./ponderMessages.js";

/** How to run one file item. */
interface FileSource {
    uri: vscode.Uri;
    /** The text to run as this file when it is not on disk (a generated test under review). */
    text?: string;
    /** A test module to append to the file's current text (Rust reproduction tests). */
    append?: string;
    /** Only these tests of the file (the kept tests of a tests job), by name. */
    names?: string[];
}

export interface TestGroupFile extends FileSource {
    label: string;
}

export class TestExplorer implements vscode.Disposable {
    readonly controller = vscode.tests.createTestController("ponder", "Ponder");
    private readonly sources = new Map<string, FileSource>();
    private groups = 0;

    constructor(private readonly client: LanguageClient) {
        this.controller.createRunProfile(
            "Run in Ponder's sandbox",
            vscode.TestRunProfileKind.Run,
            (request, token) => this.run(request, token),
            true
        );
    }

    /** Adds a group of test files; returns its id. */
    addGroup(label: string, files: TestGroupFile[]): string {
        const id = `group-${++this.groups}`;
        const group = this.controller.createTestItem(id, label);
        for (const [index, file] of files.entries()) {
            const fileItem = this.controller.createTestItem(`${id}/${index}`, file.label, file.uri);
            this.sources.set(fileItem.id, file);
            for (const name of file.names ?? [])
                fileItem.children.add(this.controller.createTestItem(`${fileItem.id}/${name}`, name, file.uri));
            group.children.add(fileItem);
        }
        this.controller.items.add(group);
        return id;
    }

    /** Every test item's label by group, for tests of the extension. */
    snapshot(): { group: string; files: { label: string; tests: string[] }[] }[] {
        const groups: { group: string; files: { label: string; tests: string[] }[] }[] = [];
        this.controller.items.forEach((group) => {
            const files: { label: string; tests: string[] }[] = [];
            group.children.forEach((file) => {
                const tests: string[] = [];
                file.children.forEach((test) => void tests.push(test.label));
                files.push({ label: file.label, tests });
            });
            groups.push({ group: group.label, files });
        });
        return groups;
    }

    /** Runs the given items (default all) as the run button does, and returns each test's outcome by label. */
    async runAll(items?: readonly vscode.TestItem[]): Promise<Record<string, string>> {
        const outcomes: Record<string, string> = {};
        const source = new vscode.CancellationTokenSource();
        await this.run(new vscode.TestRunRequest(items), source.token, outcomes);
        source.dispose();
        return outcomes;
    }

    private fileItems(request: vscode.TestRunRequest): vscode.TestItem[] {
        const chosen: vscode.TestItem[] = [];
        const collect = (item: vscode.TestItem) => {
            if (this.sources.has(item.id)) chosen.push(item);
            else if (item.parent && this.sources.has(item.parent.id)) chosen.push(item.parent);
            else item.children.forEach(collect);
        };
        if (request.include) request.include.forEach(collect);
        else this.controller.items.forEach(collect);
        return [...new Set(chosen)].filter((item) => !request.exclude?.includes(item));
    }

    private async run(
        request: vscode.TestRunRequest,
        token: vscode.CancellationToken,
        outcomes: Record<string, string> = {}
    ): Promise<void> {
        const run = this.controller.createTestRun(request, "Ponder", false);
        try {
            for (const fileItem of this.fileItems(request)) {
                if (token.isCancellationRequested) break;
                const source = this.sources.get(fileItem.id)!;
                run.started(fileItem);
                let response: RunTestsResponse;
                try {
                    response = await sendPonderRequest(
                        this.client,
                        runTestsRequest,
                        {
                            textDocument: { uri: source.uri.toString() },
                            ...(await textOf(source)),
                            ...(source.names ? { names: source.names } : {})
                        },
                        token
                    );
                } catch (error) {
                    run.errored(
                        fileItem,
                        new vscode.TestMessage(error instanceof Error ? error.message : String(error))
                    );
                    outcomes[fileItem.label] = "error";
                    continue;
                }
                if (response.kind !== "ran") {
                    run.errored(fileItem, new vscode.TestMessage(response.message ?? "The run was cancelled."));
                    outcomes[fileItem.label] = response.kind;
                    continue;
                }
                let failed = false;
                for (const test of response.tests) {
                    const id = `${fileItem.id}/${test.name}`;
                    let item = fileItem.children.get(id);
                    if (!item) {
                        item = this.controller.createTestItem(id, test.name, source.uri);
                        fileItem.children.add(item);
                    }
                    outcomes[test.name] = test.outcome;
                    const message = new vscode.TestMessage(test.message ?? test.outcome);
                    if (test.outcome === "passed") run.passed(item, test.durationMs);
                    else if (test.outcome === "skipped") run.skipped(item);
                    else if (test.outcome === "failed") {
                        failed = true;
                        run.failed(item, message, test.durationMs);
                    } else {
                        failed = true;
                        run.errored(item, message, test.durationMs);
                    }
                }
                if (failed) run.failed(fileItem, new vscode.TestMessage("Some tests failed."));
                else run.passed(fileItem, response.durationMs);
            }
        } finally {
            run.end();
        }
    }

    dispose(): void {
        this.controller.dispose();
    }
}

/** The text to send for a file: given, or the current document with a module appended, or none (the saved or open file). */
async function textOf(source: FileSource): Promise<{ text?: string }> {
    if (source.text !== undefined) return { text: source.text };
    if (source.append === undefined) return {};
    const document = await vscode.workspace.openTextDocument(source.uri);
    return { text: document.getText() + source.append };
}
