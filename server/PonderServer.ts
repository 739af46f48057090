// The language server's behaviour: document sync, the code actions, and jobs (fix, generate tests, port) that run the
// engine's chains over the open documents through one JobRunner, stream their trace, wait their turn for the
// model and return the proven patch or kept tests as an edit. It never applies an edit itself; the client decides.

import {
    CodeActionKind,
    TextDocuments,
    TextDocumentSyncKind,
    type CancellationToken,
    type ClientCapabilities,
    type CodeAction,
    type DidChangeConfigurationParams,
    type CodeActionParams,
    type Connection,
    type ExecuteCommandParams,
    type InitializeParams,
    type InitializeResult
} from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";
import { pathToFileURL } from "node:url";
import {
    defaultMemoryFile,
    defaultSymbolicSources,
    expertReport,
    isSourceLanguage,
    languageListText,
    languageOfPath,
    languageSupportOf,
    runTests,
    Sandbox,
    SolutionMemory,
    toolchainOf,
    type ChainHelpers,
    type ExpertJobKind,
    type ExpertProfile,
    type ExpertJobResult,
    type FixRequest,
    type OverlayWorkspace
} from "../engine/index.js";
import {
    jobRequests,
    modelStatusNotification,
    type JobKind,
    type ParamsOf,
    type ResultOf,
    type AcceptedParams,
    type AcceptedResponse,
    type CancelParams,
    type CancelResponse,
    type FixParams,
    type FixResponse,
    type ModelStatus,
    type PonderInitializationOptions,
    type GenerateTestsParams,
    type GenerateTestsResponse,
    type LoadModelParams,
    type PonderNotification,
    type PortParams,
    type PortResponse,
    type RunTestsParams,
    type RunTestsResponse,
    type RepairParams,
    type RepairResponse,
    type ProjectTestsParams,
    type ProjectTestsResponse,
    type RunProjectTestsParams
} from "../protocol/index.js";
import { checkRepairParams, repairRequestOf, repairResponse, repairTraceEvents } from "./repairJob.js";
import { projectTests, runProjectTests } from "./projectTests.js";
import { generateTestsKind, ponderCodeActions, portKind } from "./codeActions.js";
import { documentWorkspace, folderPathOf } from "./documentWorkspace.js";
import { cancelledError, invalidParams, isCancellation } from "./responseErrors.js";
import { codeDiagnostic, fixResponse, offsetRange, traceEvent } from "./lspConversions.js";
import { checkWholeNumbers } from "./jobParams.js";
import { JobRunner } from "./JobRunner.js";
import { waitingLine } from "./ModelLock.js";
import {
    checkGenerateTestsParams,
    generateTestsRequestOf,
    generateTestsResponse,
    generateTestsTraceEvent
} from "./generateTestsJob.js";
import { runTestsResponse } from "./runTestsResponse.js";
import { checkPortParams, portRequestOf, portResponse, portTraceEvent } from "./portJob.js";
import { ModelHost, type ModelHostOptions } from "./ModelHost.js";
import { readSettings, runtimeSettingsOf, type JobSettings } from "./settings.js";
import { expertsOf, FinishedJobs, runServerExpertJob } from "./expertJob.js";
import type { JobContext } from "./JobRunner.js";

export interface PonderServerOptions {
    /** Base of relative model paths. */
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** Replaces how the model is loaded (tests). */
    loadRuntime?: ModelHostOptions["loadRuntime"];
}

export class PonderServer {
    readonly documents = new TextDocuments(TextDocument);
    private readonly models: ModelHost;
    private readonly jobs: JobRunner;
    private readonly finished = new FinishedJobs();
    private capabilities: ClientCapabilities = {};
    private folders: string[] = [];
    private initializationOptions: PonderInitializationOptions = {};
    private pushedSettings: object | undefined;
    private modelLoads = 0;

    constructor(
        private readonly connection: Connection,
        private readonly options: PonderServerOptions
    ) {
        this.models = new ModelHost({
            cwd: options.cwd,
            env: options.env,
            onStatus: (status) => this.notify(modelStatusNotification, status),
            ...(options.loadRuntime ? { loadRuntime: options.loadRuntime } : {})
        });
        this.jobs = new JobRunner({
            connection,
            documents: this.documents,
            models: this.models,
            folders: () => this.folders,
            capabilities: () => this.capabilities,
            settingsFor: (uri) => this.settingsFor(uri),
            notify: (type, params) => this.notify(type, params)
        });
    }

    initialize(params: InitializeParams): InitializeResult {
        this.capabilities = params.capabilities;
        const folders =
            params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
        this.folders = folders.map(folderPathOf).filter((path): path is string => path !== undefined);
        const options = params.initializationOptions;
        this.initializationOptions =
            options !== null && typeof options === "object" ? (options as PonderInitializationOptions) : {};
        return {
            capabilities: {
                textDocumentSync: TextDocumentSyncKind.Incremental,
                codeActionProvider: {
                    codeActionKinds: [
                        CodeActionKind.QuickFix,
                        CodeActionKind.RefactorRewrite,
                        generateTestsKind,
                        portKind
                    ]
                },
                ...(this.initializationOptions.clientRunsCommands
                    ? {}
                    : { executeCommandProvider: { commands: Object.values(jobRequests).map((job) => job.command) } })
            },
            serverInfo: { name: "ponder" }
        };
    }

    async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
        const document = this.documents.get(params.textDocument.uri);
        return document ? ponderCodeActions(document, params) : [];
    }

    async executeCommand(
        params: ExecuteCommandParams,
        token: CancellationToken
    ): Promise<FixResponse | GenerateTestsResponse | PortResponse | RepairResponse> {
        const [argument] = params.arguments ?? [];
        const kind = (Object.keys(jobRequests) as JobKind[]).find((k) => jobRequests[k].command === params.command);
        if (kind === undefined) throw invalidParams(`Ponder has no command ${params.command}.`);
        // A command's argument is untyped; each handler checks the parameters it gets.
        return this.jobHandlers[kind](argument as never, token);
    }

    /** Each job kind's request handler; `serve` wires them to `jobRequests`, `executeCommand` runs them for a command. */
    readonly jobHandlers: {
        [K in JobKind]: (
            params: ParamsOf<(typeof jobRequests)[K]["request"]>,
            token: CancellationToken
        ) => Promise<ResultOf<(typeof jobRequests)[K]["request"]>>;
    } = {
        fix: (params, token) => this.fix(params, token),
        tests: (params, token) => this.generateTests(params, token),
        port: (params, token) => this.port(params, token),
        repair: (params, token) => this.repair(params, token)
    };

    cancel(params: CancelParams): CancelResponse {
        return { cancelled: this.jobs.cancel(params?.jobId) };
    }

    modelStatus(): ModelStatus {
        return this.models.status();
    }

    async fix(params: FixParams, token: CancellationToken): Promise<FixResponse> {
        checkFixParams(params);
        return this.jobs.run("Ponder: fix with proof", params, token, async (job) => {
            const request = fixRequestOf(params, job.file, job.text, job.settings);
            // The workspace's solution memory and the exact tools' candidates.
            const memory = await this.memoryFor(job);
            const expertJob = await this.runExpertJob(
                "fix",
                request,
                job,
                (event) => {
                    job.trace(traceEvent(event));
                    if (event.kind === "step") job.report(`Round ${event.round + 1}: ${event.detail}`);
                },
                { ...memory, symbolic: defaultSymbolicSources() }
            );
            const result = expertJob.result;
            return {
                status: result.status,
                response: {
                    ...fixResponse(result, {
                        jobId: job.jobId,
                        uri: params.textDocument.uri,
                        root: job.workspace.root,
                        text: job.text,
                        version: job.version,
                        documentChanges: this.capabilities.workspace?.workspaceEdit?.documentChanges === true
                    }),
                    expert: expertReport(expertJob)
                }
            };
        });
    }

    async generateTests(params: GenerateTestsParams, token: CancellationToken): Promise<GenerateTestsResponse> {
        checkGenerateTestsParams(params);
        return this.jobs.run("Ponder: generate tests", params, token, async (job) => {
            const request = await generateTestsRequestOf(params, job.file, job.text, job.settings);
            const expertJob = await this.runExpertJob(
                "tests",
                request,
                job,
                (event) => {
                    const traced = generateTestsTraceEvent(event);
                    if (traced) job.trace(traced);
                    if (event.kind === "step") job.report(event.detail);
                },
                await this.memoryFor(job)
            );
            const result = expertJob.result;
            const existingTexts: Record<string, string> = {};
            for (const edit of result.edits)
                if (!edit.created) existingTexts[edit.file] = await job.workspace.readText(edit.file);
            const workspaceEdit = this.capabilities.workspace?.workspaceEdit;
            const response = generateTestsResponse(result, {
                jobId: job.jobId,
                root: job.workspace.root,
                existingTexts,
                createFiles:
                    workspaceEdit?.documentChanges === true &&
                    (workspaceEdit.resourceOperations ?? []).includes("create")
            });
            return { status: response.status, response: { ...response, expert: expertReport(expertJob) } };
        });
    }

    async port(params: PortParams, token: CancellationToken): Promise<PortResponse> {
        checkPortParams(params);
        return this.jobs.run(
            `Ponder: port to ${isSourceLanguage(params.to) ? languageSupportOf(params.to).displayName : params.to}`,
            params,
            token,
            async (job) => {
                const { request, overwrite } = await portRequestOf(params, job.workspace.root, job.file, job.settings);
                const expertJob = await this.runExpertJob(
                    "port",
                    request,
                    job,
                    (event) => {
                        const traced = portTraceEvent(event);
                        if (traced) job.trace(traced);
                        if (event.kind === "step")
                            job.report(event.unit !== undefined ? `${event.unit}: ${event.detail}` : event.detail);
                    },
                    await this.memoryFor(job)
                );
                const result = expertJob.result;
                const workspaceEdit = this.capabilities.workspace?.workspaceEdit;
                const response = portResponse(result, {
                    jobId: job.jobId,
                    root: job.workspace.root,
                    overwrite,
                    createFiles:
                        workspaceEdit?.documentChanges === true &&
                        (workspaceEdit.resourceOperations ?? []).includes("create")
                });
                return { status: response.status, response: { ...response, expert: expertReport(expertJob) } };
            }
        );
    }

    /** A fix from a failure: localised across the repository and proven against the project's own tests. */
    async repair(params: RepairParams, token: CancellationToken): Promise<RepairResponse> {
        checkRepairParams(params);
        return this.jobs.run("Ponder: fix from a failure", params, token, async (job) => {
            const expertJob = await this.runExpertJob(
                "repair",
                repairRequestOf(params, job.settings),
                job,
                (event) => {
                    for (const traced of repairTraceEvents(event)) job.trace(traced);
                    if (event.kind === "step") job.report(`Round ${event.round + 1}: ${event.detail}`);
                },
                (await this.memoryFor(job)) ?? {}
            );
            const workspaceEdit = this.capabilities.workspace?.workspaceEdit;
            const response = repairResponse(expertJob.result, {
                jobId: job.jobId,
                root: job.workspace.root,
                documents: this.documents,
                createFiles:
                    workspaceEdit?.documentChanges === true &&
                    (workspaceEdit.resourceOperations ?? []).includes("create")
            });
            return { status: response.status, response: { ...response, expert: expertReport(expertJob) } };
        });
    }

    /** Lists the project's own tests through its runner, in the sandbox (the Test Explorer); never waits for the model. */
    async projectTests(params: ProjectTestsParams, token: CancellationToken): Promise<ProjectTestsResponse> {
        return this.inProjectSandbox("ponder/projectTests", params, token, (workspace, sandbox, signal) =>
            projectTests(workspace, sandbox, signal)
        );
    }

    /** Runs the project's own tests by id (all when none are named) in the sandbox; never waits for the model. */
    async runProjectTests(params: RunProjectTestsParams, token: CancellationToken): Promise<RunTestsResponse> {
        if (params !== null && typeof params === "object" && !Array.isArray(params.ids ?? []))
            throw invalidParams("ponder/runProjectTests's ids must be a list of test ids.");
        return this.inProjectSandbox("ponder/runProjectTests", params, token, (workspace, sandbox, signal) =>
            runProjectTests(workspace, sandbox, params.ids ?? [], signal)
        );
    }

    /** The workspace of a folder (or a file in it) and a sandbox for one request, disposed after it. */
    private async inProjectSandbox<R>(
        method: string,
        params: { textDocument: { uri: string } },
        token: CancellationToken,
        body: (workspace: OverlayWorkspace, sandbox: Sandbox, signal: AbortSignal) => Promise<R>
    ): Promise<R> {
        if (params === null || typeof params !== "object" || typeof params.textDocument?.uri !== "string")
            throw invalidParams(`${method} needs { textDocument: { uri } } of the project's folder or a file in it.`);
        const abort = new AbortController();
        const onCancel = token.onCancellationRequested(() => abort.abort());
        try {
            const { workspace } = documentWorkspace(params.textDocument.uri, this.folders, this.documents);
            const settings = await this.settingsFor(params.textDocument.uri);
            const sandbox = await Sandbox.create({
                workspaceTrusted: settings.trustedWorkspace,
                allowUnsandboxed: settings.allowUnsandboxed
            });
            try {
                return await body(workspace, sandbox, abort.signal);
            } finally {
                await sandbox.dispose();
            }
        } finally {
            onCancel.dispose();
        }
    }

    /** The user applied a job's result: keeps it as a training example when verified and `ponder.keepDataset` is on. */
    async accepted(params: AcceptedParams): Promise<AcceptedResponse> {
        if (params === null || typeof params !== "object" || typeof params.jobId !== "string")
            throw invalidParams("ponder/accepted needs { jobId }.");
        return this.finished.accepted(params.jobId);
    }

    /** The workspace's solution memory as a chain dependency (`ponder.memorySize`; 0 turns it off). */
    private async memoryFor(job: JobContext): Promise<{ memory: SolutionMemory } | undefined> {
        if (job.settings.memorySize <= 0) return undefined;
        return {
            memory: await SolutionMemory.open({
                file: defaultMemoryFile(job.workspace.root, this.options.env),
                maxEntries: job.settings.memorySize
            })
        };
    }

    /** Runs a job's chain with the workspace's experts and remembers the result for `ponder/accepted`. */
    private async runExpertJob<K extends ExpertJobKind>(
        kind: K,
        request: Parameters<typeof runServerExpertJob<K>>[1],
        job: JobContext,
        onEvent: Parameters<typeof runServerExpertJob<K>>[3]["onEvent"],
        helpers: ChainHelpers = {}
    ): Promise<ExpertJobResult<K>> {
        const result = await runServerExpertJob(kind, request, job, {
            env: this.options.env,
            onEvent,
            helpers,
            log: (message) => this.connection.console.warn(message)
        });
        this.finished.remember(job.jobId, result, job.workspace.root, job.settings, this.options.env);
        return result;
    }

    /** Runs a test file's tests in the sandbox for the Test Explorer; never waits for the model. */
    async runTests(params: RunTestsParams, token: CancellationToken): Promise<RunTestsResponse> {
        if (params === null || typeof params !== "object" || typeof params.textDocument?.uri !== "string")
            throw invalidParams("ponder/runTests needs { textDocument: { uri } } of a test file.");
        const abort = new AbortController();
        const onCancel = token.onCancellationRequested(() => abort.abort());
        try {
            const { workspace, file } = documentWorkspace(params.textDocument.uri, this.folders, this.documents);
            const language = languageOfPath(file);
            if (!language) throw invalidParams(`Ponder runs ${languageListText()} tests; ${file} is none of these.`);
            const settings = await this.settingsFor(params.textDocument.uri);
            const sandbox = await Sandbox.create({
                workspaceTrusted: settings.trustedWorkspace,
                allowUnsandboxed: settings.allowUnsandboxed
            });
            try {
                const seed = await workspace.scratchSeed();
                const contents = {
                    ...seed.contents,
                    ...(typeof params.text === "string" ? { [file]: params.text } : {})
                };
                const result = await runTests({
                    sandbox,
                    workspaceRoot: workspace.root,
                    files: seed.files,
                    contents,
                    toolchain: toolchainOf(language),
                    signal: abort.signal,
                    ...(languageSupportOf(language).toolchain.runsNamedFiles ? { tests: [file] } : {})
                });
                return runTestsResponse(result, params.names);
            } finally {
                await sandbox.dispose();
            }
        } finally {
            onCancel.dispose();
        }
    }

    /** Downloads and loads the model of the settings ahead of a job, in its turn at the model, with cancellable progress. */
    async loadModel(params: LoadModelParams | null, token: CancellationToken): Promise<ModelStatus> {
        const abort = new AbortController();
        const onCancel = token.onCancellationRequested(() => abort.abort());
        const scope =
            params?.scopeUri ?? (this.folders[0] !== undefined ? pathToFileURL(this.folders[0]).href : undefined);
        const settings =
            scope !== undefined
                ? await this.settingsFor(scope)
                : readSettings(this.pushedSettings ?? this.initializationOptions.settings);
        const root = this.folders[0] ?? this.options.cwd;
        const progress = await this.jobs.beginProgress("Ponder: loading the model", params ?? {}, abort);
        try {
            const expert = await this.expertToLoad(settings, root);
            const holder = { jobId: `load-model-${++this.modelLoads}`, order: this.models.lock.nextOrder() };
            const turn = await this.models.takeTurn(holder, expert, runtimeSettingsOf(settings, root), {
                signal: abort.signal,
                onPosition: (position) => {
                    const waiting = waitingLine(position);
                    if (waiting) progress.report(waiting);
                },
                onProgress: (detail, fraction) =>
                    progress.report(detail, fraction !== undefined ? Math.round(fraction * 100) : undefined)
            });
            turn.release();
            return this.models.status();
        } catch (error) {
            throw abort.signal.aborted || isCancellation(error) ? cancelledError() : error;
        } finally {
            progress.done();
            onCancel.dispose();
        }
    }

    /** The expert a job would start with when the user named one (`ponder.expert`), else the first of the settings' experts. */
    private async expertToLoad(settings: JobSettings, root: string): Promise<ExpertProfile> {
        const experts = await expertsOf(settings, root, this.options.env);
        return experts.find((expert) => expert.name === settings.expert) ?? experts[0]!;
    }

    async dispose(): Promise<void> {
        this.jobs.abortAll();
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

    private notify<P>(type: PonderNotification<P>, params: P): void {
        void this.connection.sendNotification(type.method, params).catch(() => {});
    }
}

function checkFixParams(params: FixParams): void {
    if (params === null || typeof params !== "object" || typeof params.textDocument?.uri !== "string")
        throw invalidParams("ponder/fix needs { textDocument: { uri }, and a position, a range or a diagnostic }.");
    if (!params.position && !params.range && !params.diagnostic)
        throw invalidParams("ponder/fix needs a position, a range or a diagnostic to say where the bug is.");
}

/** The engine's request: the diagnostic wins over a range, a range over a position. */
function fixRequestOf(params: FixParams, file: string, text: string, settings: JobSettings): FixRequest {
    const target: FixRequest["target"] = params.diagnostic
        ? { diagnostic: codeDiagnostic(text, params.diagnostic) }
        : params.range
          ? { range: offsetRange(text, params.range) }
          : { range: offsetRange(text, { start: params.position!, end: params.position! }) };
    const candidates = params.candidates ?? settings.candidates;
    const extraRounds = params.extraRounds ?? settings.extraRounds;
    const thinkBudget = params.thinkBudget ?? settings.thinkBudget;
    checkWholeNumbers("ponder/fix", [
        ["candidates", candidates, 1, 16],
        ["extraRounds", extraRounds, 0, 10],
        ["thinkBudget", thinkBudget, 1, 1 << 20],
        ["seed", params.seed, 0, Number.MAX_SAFE_INTEGER]
    ]);
    return {
        file,
        target,
        candidates,
        extraRounds,
        ...(thinkBudget !== undefined ? { thinkBudget } : {}),
        ...(params.seed !== undefined ? { seed: params.seed } : {}),
        ...(settings.testTimeoutMs !== undefined ? { testTimeoutMs: settings.testTimeoutMs } : {}),
        ...(settings.parallelRuns !== undefined ? { parallelRuns: settings.parallelRuns } : {})
    };
}
