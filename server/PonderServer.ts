// The language server's behaviour: document sync, the fix code actions, and fix jobs that run the engine's
// fix chain over the open documents, stream their trace, wait their turn for the model and return the
// proven patch as an edit. It never applies an edit itself; the client decides.

import { randomUUID } from "node:crypto";
import {
    CodeActionKind, TextDocuments, TextDocumentSyncKind,
    type CancellationToken, type ClientCapabilities, type CodeAction, type DidChangeConfigurationParams, type CodeActionParams, type Connection, type ExecuteCommandParams,
    type InitializeParams, type InitializeResult, type WorkDoneProgressReporter
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
    defaultMemoryFile, defaultSymbolicSources, runFixChain, Sandbox, SolutionMemory, type FixRequest, type FixResult
} from "../engine/index.js";
import {
    fixCommand, modelStatusNotification, queueNotification, traceNotification,
    type CancelParams, type CancelResponse, type FixParams, type FixResponse, type ModelStatus, type PonderInitializationOptions,
    type PonderNotification, type TraceEvent
} from "../protocol/index.js";
import { fixCodeActions } from "./codeActions.js";
import { documentWorkspace, folderPathOf } from "./documentWorkspace.js";
import { isCancellation, cancelledError, invalidParams } from "./responseErrors.js";
import { codeDiagnostic, fixResponse, offsetRange, traceEvent } from "./lspConversions.js";
import { ModelHost, type ModelHostOptions } from "./ModelHost.js";
import { readSettings, type JobSettings } from "./settings.js";

export interface PonderServerOptions {
    /** Base of relative model paths. */
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** Replaces how the model is loaded (tests). */
    loadRuntime?: ModelHostOptions["loadRuntime"];
}

/** What a job reports while it waits and works; ends once. */
interface JobProgress {
    report(message: string, percentage?: number): void;
    done(): void;
}

export class PonderServer {
    readonly documents = new TextDocuments(TextDocument);
    private readonly models: ModelHost;
    private readonly jobs = new Map<string, AbortController>();
    private capabilities: ClientCapabilities = {};
    private folders: string[] = [];
    private initializationOptions: PonderInitializationOptions = {};
    private pushedSettings: object | undefined;

    constructor(private readonly connection: Connection, private readonly options: PonderServerOptions) {
        this.models = new ModelHost({
            cwd: options.cwd, env: options.env,
            onStatus: (status) => this.notify(modelStatusNotification, status),
            ...(options.loadRuntime ? { loadRuntime: options.loadRuntime } : {})
        });
    }

    initialize(params: InitializeParams): InitializeResult {
        this.capabilities = params.capabilities;
        const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
        this.folders = folders.map(folderPathOf).filter((path): path is string => path !== undefined);
        const options = params.initializationOptions;
        this.initializationOptions = options !== null && typeof options === "object" ? options as PonderInitializationOptions : {};
        return {
            capabilities: {
                textDocumentSync: TextDocumentSyncKind.Incremental,
                codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
                ...(this.initializationOptions.clientRunsCommands ? {} : { executeCommandProvider: { commands: [fixCommand] } })
            },
            serverInfo: { name: "ponder" }
        };
    }

    async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
        const document = this.documents.get(params.textDocument.uri);
        return document ? fixCodeActions(document, params) : [];
    }

    async executeCommand(params: ExecuteCommandParams, token: CancellationToken): Promise<FixResponse> {
        const [fix] = params.arguments ?? [];
        if (params.command !== fixCommand) throw invalidParams(`Ponder has no command ${params.command}.`);
        return this.fix(fix as FixParams, token);
    }

    cancel(params: CancelParams): CancelResponse {
        const job = params?.jobId !== undefined ? this.jobs.get(params.jobId) : undefined;
        job?.abort();
        return { cancelled: job !== undefined };
    }

    modelStatus(): ModelStatus {
        return this.models.status();
    }

    async fix(params: FixParams, token: CancellationToken): Promise<FixResponse> {
        checkFixParams(params);
        const uri = params.textDocument.uri;
        const jobId = params.jobId ?? randomUUID();
        if (this.jobs.has(jobId)) throw invalidParams(`A job with id ${jobId} is already running; give each job its own id.`);
        // Registered before the first await, so `ponder/cancel` reaches the job in every phase.
        const abort = new AbortController();
        this.jobs.set(jobId, abort);
        const onRequestCancel = token.onCancellationRequested(() => abort.abort());
        const trace = (event: TraceEvent) => this.notify(traceNotification, { jobId, event });
        let progress: JobProgress | undefined;
        let ticket: { release(): void } | undefined;
        try {
            const { workspace, file, document } = documentWorkspace(uri, this.folders, this.documents);
            const text = await workspace.readText(file);
            const version = document?.version ?? null;
            const settings = await this.settingsFor(uri);
            const request = fixRequestOf(params, file, text, settings);
            if (abort.signal.aborted) throw cancelledError();
            // Refuses an untrusted workspace (or a machine without a sandbox) before anyone waits for the model.
            const sandbox = await Sandbox.create({ workspaceTrusted: settings.trustedWorkspace, allowUnsandboxed: settings.allowUnsandboxed });
            try {
                progress = await this.beginProgress(params, abort);
                const jobProgress = progress;
                ticket = await this.models.queue.enter(jobId, abort.signal, (position) => {
                    this.notify(queueNotification, { jobId, position });
                    if (position > 0) jobProgress.report(`Waiting for ${position} job${position === 1 ? "" : "s"} ahead`);
                });
                const runtime = await this.models.runtimeFor(settings, {
                    signal: abort.signal,
                    onProgress: (detail, fraction) => {
                        trace({ kind: "model", detail, ...(fraction !== undefined ? { fraction } : {}) });
                        jobProgress.report(detail, fraction !== undefined ? Math.round(fraction * 100) : undefined);
                    }
                });
                // The workspace's solution memory (ponder.memorySize, 0 turns it off) and the exact tools' candidates.
                const memory = settings.memorySize > 0
                    ? await SolutionMemory.open({ file: defaultMemoryFile(workspace.root, this.options.env), maxEntries: settings.memorySize }) : undefined;
                const result: FixResult = await runFixChain(request, {
                    runtime, sandbox, workspace, signal: abort.signal, ...(memory ? { memory } : {}), symbolic: defaultSymbolicSources(),
                    onEvent: (event) => {
                        trace(traceEvent(event));
                        if (event.kind === "step") jobProgress.report(`Round ${event.round + 1}: ${event.detail}`);
                    }
                });
                if (abort.signal.aborted) throw cancelledError();
                trace({ kind: "done", status: result.status });
                return fixResponse(result, {
                    jobId, uri, text, version, documentChanges: this.capabilities.workspace?.workspaceEdit?.documentChanges === true
                });
            } finally {
                await sandbox.dispose();
            }
        } catch (error) {
            const cancelled = abort.signal.aborted || isCancellation(error);
            trace({ kind: "done", status: cancelled ? "cancelled" : "failed", ...(cancelled ? {} : { message: error instanceof Error ? error.message : String(error) }) });
            throw cancelled ? cancelledError() : error;
        } finally {
            ticket?.release();
            onRequestCancel.dispose();
            progress?.done();
            this.jobs.delete(jobId);
        }
    }

    async dispose(): Promise<void> {
        for (const job of this.jobs.values()) job.abort();
        await this.models.dispose();
    }

    /** Settings a client pushed (Neovim sends them this way without announcing `workspace/configuration`). */
    settingsChanged(params: DidChangeConfigurationParams): void {
        const settings = (params?.settings as { ponder?: unknown } | null | undefined)?.ponder;
        if (settings !== null && typeof settings === "object") this.pushedSettings = settings;
    }

    /** Pulled per document when the client supports it, else the last pushed settings, else the initialization options. */
    private async settingsFor(uri: string): Promise<JobSettings> {
        if (this.capabilities.workspace?.configuration) {
            return readSettings(await this.connection.workspace.getConfiguration({ scopeUri: uri, section: "ponder" }));
        }
        return readSettings(this.pushedSettings ?? this.initializationOptions.settings);
    }

    /** Progress on the client's token, else on one the server creates when the client supports it; its cancel button aborts the job. */
    private async beginProgress(params: FixParams, abort: AbortController): Promise<JobProgress> {
        let reporter: WorkDoneProgressReporter | undefined;
        if (params.workDoneToken !== undefined) reporter = this.connection.window.attachWorkDoneProgress(params.workDoneToken);
        else if (this.capabilities.window?.workDoneProgress) {
            const created = await this.connection.window.createWorkDoneProgress();
            created.token.onCancellationRequested(() => abort.abort());
            reporter = created;
        }
        if (!reporter) return { report: () => {}, done: () => {} };
        const active = reporter;
        active.begin("Ponder: fix with proof", undefined, "Starting", true);
        let ended = false;
        return {
            report: (message, percentage) => {
                if (ended) return;
                if (percentage !== undefined) active.report(percentage, message);
                else active.report(message);
            },
            done: () => {
                if (ended) return;
                ended = true;
                active.done();
            }
        };
    }

    private notify<P>(type: PonderNotification<P>, params: P): void {
        void this.connection.sendNotification(type.method, params).catch(() => {});
    }
}

function checkFixParams(params: FixParams): void {
    if (params === null || typeof params !== "object" || typeof params.textDocument?.uri !== "string")
        throw invalidParams("ponder/fix needs { textDocument: { uri }, and a position, a range or a diagnostic }.");
    if (!params.position && !params.range && !params.diagnostic)
        throw invalidParams("ponder/fix needs a position, a range or a diagnostic to say where the bug is.");
    if (params.jobId !== undefined && typeof params.jobId !== "string") throw invalidParams("ponder/fix: jobId must be a string.");
}

/** The engine's request: the diagnostic wins over a range, a range over a position. */
function fixRequestOf(params: FixParams, file: string, text: string, settings: JobSettings): FixRequest {
    const target: FixRequest["target"] = params.diagnostic ? { diagnostic: codeDiagnostic(text, params.diagnostic) }
        : params.range ? { range: offsetRange(text, params.range) }
        : { range: offsetRange(text, { start: params.position!, end: params.position! }) };
    const candidates = params.candidates ?? settings.candidates;
    const extraRounds = params.extraRounds ?? settings.extraRounds;
    const thinkBudget = params.thinkBudget ?? settings.thinkBudget;
    for (const [name, value, min, max] of [["candidates", candidates, 1, 16], ["extraRounds", extraRounds, 0, 10], ["thinkBudget", thinkBudget, 1, 1 << 20],
        ["seed", params.seed, 0, Number.MAX_SAFE_INTEGER]] as const) {
        if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
            throw invalidParams(`ponder/fix: ${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`);
    }
    return {
        file, target, candidates, extraRounds,
        ...(thinkBudget !== undefined ? { thinkBudget } : {}),
        ...(params.seed !== undefined ? { seed: params.seed } : {})
    };
}
