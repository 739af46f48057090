// The life of one job (fix, tests, port), the same for every kind: registered for `ponder/cancel` before the
// first await, the editor's unsaved text laid over the disk, settings read, the sandbox created (refusing an
// untrusted workspace before anyone waits), work-done progress with a cancel button, turns at the model for
// each generation, the trace streamed, and exactly one `done` event however the job ends.

import { randomUUID } from "node:crypto";
import type {
    CancellationToken,
    Connection,
    TextDocuments,
    WorkDoneProgressParams,
    WorkDoneProgressReporter,
    ClientCapabilities
} from "vscode-languageserver/node.js";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { Sandbox, type ExpertProfile, type ModelRuntime, type OverlayWorkspace } from "../engine/index.js";
import {
    queueNotification,
    traceNotification,
    type JobStatus,
    type PonderNotification,
    type TraceEvent
} from "../protocol/index.js";
import { documentWorkspace } from "./documentWorkspace.js";
import { LentModelRuntime } from "./LentModelRuntime.js";
import type { HostedRuntimeSettings, ModelHost } from "./ModelHost.js";
import { waitingLine, type LockHolder } from "./ModelLock.js";
import { cancelledError, invalidParams, isCancellation } from "./responseErrors.js";
import { runtimeSettingsOf, type JobSettings } from "./settings.js";

/** What a job's body works with. */
export interface JobContext {
    jobId: string;
    signal: AbortSignal;
    workspace: OverlayWorkspace;
    /** The document's path relative to the workspace root. */
    file: string;
    /** The document's text as the job read it (unsaved edits included). */
    text: string;
    /** The open document's version, null when it was read from disk. */
    version: number | null;
    settings: JobSettings;
    sandbox: Sandbox;
    trace(event: TraceEvent): void;
    /** Shows a line on the progress notification. */
    report(message: string, percentage?: number): void;
    /**
     * The expert's model with the job's machine settings, loaded in a turn at the model and lent to the job: each of
     * its generations waits for a turn (the position is announced by `ponder/queue`) and releases the lock when it
     * ends, so the job's sandbox runs never hold the model.
     */
    model(expert: ExpertProfile): Promise<ModelRuntime>;
}

export interface JobParams extends WorkDoneProgressParams {
    textDocument: { uri: string };
    jobId?: string;
}

/** What the server shares with every job. */
export interface JobHost {
    connection: Connection;
    documents: TextDocuments<TextDocument>;
    models: ModelHost;
    folders(): readonly string[];
    capabilities(): ClientCapabilities;
    settingsFor(uri: string): Promise<JobSettings>;
    notify<Params>(type: PonderNotification<Params>, params: Params): void;
}

export interface JobProgress {
    report(message: string, percentage?: number): void;
    done(): void;
}

export class JobRunner {
    private readonly jobs = new Map<string, AbortController>();

    constructor(private readonly host: JobHost) {}

    /** Aborts a job by id; false when no such job is waiting or running. */
    cancel(jobId: string | undefined): boolean {
        const job = jobId !== undefined ? this.jobs.get(jobId) : undefined;
        job?.abort();
        return job !== undefined;
    }

    abortAll(): void {
        for (const job of this.jobs.values()) job.abort();
    }

    /**
     * Runs `body` as job `title`; its result's `status` goes into the final `done` trace event. A cancelled job
     * rejects with RequestCancelled, any other failure is traced and rethrown for the handler's guard.
     */
    async run<R>(
        title: string,
        params: JobParams,
        token: CancellationToken,
        body: (job: JobContext) => Promise<{ status: JobStatus; response: R }>
    ): Promise<R> {
        const jobId = params.jobId ?? randomUUID();
        if (params.jobId !== undefined && typeof params.jobId !== "string")
            throw invalidParams(`${title}: jobId must be a string.`);
        if (this.jobs.has(jobId))
            throw invalidParams(`A job with id ${jobId} is already running; give each job its own id.`);
        const abort = new AbortController();
        this.jobs.set(jobId, abort);
        const onRequestCancel = token.onCancellationRequested(() => abort.abort());
        const trace = (event: TraceEvent) => this.host.notify(traceNotification, { jobId, event, sentAt: Date.now() });
        let progress: JobProgress | undefined;
        const holder = { jobId, order: this.host.models.lock.nextOrder() };
        try {
            const uri = params.textDocument.uri;
            const { workspace, file, document } = documentWorkspace(uri, this.host.folders(), this.host.documents);
            // A job on the project as a whole (a fix from a failure) names its folder: there is no document to read.
            const text = file === "" ? "" : await workspace.readText(file);
            const settings = await this.host.settingsFor(uri);
            if (abort.signal.aborted) throw cancelledError();
            // Refuses an untrusted workspace (or a machine without a sandbox) before anyone waits for the model.
            const sandbox = await Sandbox.create({
                workspaceTrusted: settings.trustedWorkspace,
                allowUnsandboxed: settings.allowUnsandboxed
            });
            try {
                progress = await this.beginProgress(title, params, abort);
                const jobProgress = progress;
                const job: JobContext = {
                    jobId,
                    signal: abort.signal,
                    workspace,
                    file,
                    text,
                    version: document?.version ?? null,
                    settings,
                    sandbox,
                    trace,
                    report: (message, percentage) => jobProgress.report(message, percentage),
                    model: (expert) =>
                        LentModelRuntime.borrow(
                            {
                                take: (signal) =>
                                    this.turnAtModel(
                                        holder,
                                        expert,
                                        runtimeSettingsOf(settings, workspace.root),
                                        signal,
                                        trace,
                                        jobProgress
                                    )
                            },
                            abort.signal
                        )
                };
                const { status, response } = await body(job);
                if (abort.signal.aborted) throw cancelledError();
                trace({ kind: "done", status });
                return response;
            } finally {
                await sandbox.dispose();
            }
        } catch (error) {
            const cancelled = abort.signal.aborted || isCancellation(error);
            trace({
                kind: "done",
                status: cancelled ? "cancelled" : "failed",
                ...(cancelled ? {} : { message: error instanceof Error ? error.message : String(error) })
            });
            throw cancelled ? cancelledError() : error;
        } finally {
            onRequestCancel.dispose();
            progress?.done();
            this.jobs.delete(jobId);
        }
    }

    /** Waits for the job's turn at the model, announcing its position, and loads the expert's model in that turn. */
    private turnAtModel(
        holder: LockHolder,
        expert: ExpertProfile,
        settings: HostedRuntimeSettings,
        signal: AbortSignal,
        trace: (event: TraceEvent) => void,
        progress: JobProgress
    ): Promise<{ runtime: ModelRuntime; release(): void }> {
        return this.host.models.takeTurn(holder, expert, settings, {
            signal,
            onPosition: (position) => {
                this.host.notify(queueNotification, { jobId: holder.jobId, position });
                const waiting = waitingLine(position);
                if (waiting) progress.report(waiting);
            },
            onProgress: (detail, fraction) => {
                trace({ kind: "model", detail, ...(fraction !== undefined ? { fraction } : {}) });
                progress.report(detail, fraction !== undefined ? Math.round(fraction * 100) : undefined);
            }
        });
    }

    /** Progress on the client's token, else on one the server creates when the client supports it; its cancel button aborts the job. */
    async beginProgress(title: string, params: WorkDoneProgressParams, abort: AbortController): Promise<JobProgress> {
        const { connection } = this.host;
        let reporter: WorkDoneProgressReporter | undefined;
        if (params.workDoneToken !== undefined)
            reporter = connection.window.attachWorkDoneProgress(params.workDoneToken);
        else if (this.host.capabilities().window?.workDoneProgress) {
            const created = await connection.window.createWorkDoneProgress();
            created.token.onCancellationRequested(() => abort.abort());
            reporter = created;
        }
        if (!reporter) return { report: () => {}, done: () => {} };
        const active = reporter;
        active.begin(title, undefined, "Starting", true);
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
}
