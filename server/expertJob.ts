// How the server runs a job: the settings made into the engine's expert choice and pool (the same as the CLI's), each
// expert's model opened by the engine's one path and lent by the model host under its lock, the expert's trace event
// and the `expert` evidence the panel shows. A job's result is remembered briefly so `ponder/accepted` can keep it.

import {
    expertPoolFor,
    expertsFor,
    keepTrainingExamples,
    runJob,
    trainingExamplesOf,
    workspaceStateDir,
    readMachine,
    type ChainHelpers,
    type ExpertChoice,
    type ExpertJobKind,
    type ExpertJobResult,
    type ExpertProfile,
    type ExpertReport,
    type JobTypes
} from "../engine/index.js";
import type { AcceptedResponse, TraceEvent } from "../protocol/index.js";
import type { JobContext } from "./JobRunner.js";
import { gpuPreferenceOf, type JobSettings } from "./settings.js";

/** What the settings configure, in the shape the CLI makes of its flags (`expertChoiceFromFlags`). */
export function expertChoiceOf(
    settings: JobSettings,
    root: string,
    env: NodeJS.ProcessEnv
): ExpertChoice & { env: NodeJS.ProcessEnv } {
    const configured = settings.experts !== undefined && settings.experts !== null;
    const served = settings.endpoints.length > 0;
    return {
        ...(configured
            ? { settings: { value: settings.experts, origin: "the setting ponder.experts", baseDir: root } }
            : {}),
        ...(served ? { endpoints: settings.endpoints } : {}),
        ...(settings.model ? { model: settings.model } : {}),
        ...(settings.apiKeyEnv !== undefined ? { apiKeyEnv: settings.apiKeyEnv } : {}),
        ...(settings.expertsPerToken !== undefined ? { expertsPerToken: settings.expertsPerToken } : {}),
        modelOrigin: served ? "the served model of ponder.endpoints" : "the model of ponder.model",
        env
    };
}

/** The experts a job may use: the same decision as the CLI's (`expertsFor`), from `ponder.experts`, `ponder.endpoints`, `ponder.model`. */
export function expertsOf(settings: JobSettings, root: string, env: NodeJS.ProcessEnv): Promise<ExpertProfile[]> {
    return expertsFor(expertChoiceOf(settings, root, env), () => readMachine({ gpu: gpuPreferenceOf(settings) }));
}

export interface ServerJobOptions<K extends ExpertJobKind> {
    env: NodeJS.ProcessEnv;
    onEvent: (event: JobTypes[K]["event"]) => void;
    helpers?: ChainHelpers;
    /** Router notes (a state file that could not be read), for the server's log. */
    log: (message: string) => void;
}

/** Runs a job through the engine's one entry point, with the workspace's experts, each lent the model host's model. */
export async function runServerExpertJob<K extends ExpertJobKind>(
    kind: K,
    request: JobTypes[K]["request"],
    job: JobContext,
    options: ServerJobOptions<K>
): Promise<ExpertJobResult<K>> {
    const experts = await expertPoolFor({
        choice: expertChoiceOf(job.settings, job.workspace.root, options.env),
        gpu: gpuPreferenceOf(job.settings),
        root: job.workspace.root,
        createRuntime: (expert) => job.model(expert),
        expert: job.settings.expert,
        onNote: options.log,
        onExpert: (report) => {
            job.trace(expertTraceEvent(report));
            job.report(`Expert ${report.name}: ${report.why.summary}`);
        }
    });
    return runJob(kind, request, {
        workspace: job.workspace,
        sandbox: job.sandbox,
        signal: job.signal,
        onEvent: options.onEvent,
        ...options.helpers,
        model: { experts }
    });
}

function expertTraceEvent(report: ExpertReport): TraceEvent {
    return {
        kind: "expert",
        name: report.name,
        model: report.model,
        why: report.why.summary,
        estimatedSuccessRate: report.why.estimatedSuccessRate,
        estimatedCostMs: report.why.estimatedCostMs,
        ...(report.escalatedFrom ? { escalatedFrom: report.escalatedFrom } : {})
    };
}

interface FinishedJob {
    result: ExpertJobResult<ExpertJobKind>;
    stateDir: string;
    keepDataset: boolean;
}

/** The last few finished jobs, so the client can say which one the user applied. */
export class FinishedJobs {
    private readonly jobs = new Map<string, FinishedJob>();

    constructor(private readonly limit = 32) {}

    remember(
        jobId: string,
        result: ExpertJobResult<ExpertJobKind>,
        root: string,
        settings: JobSettings,
        env: NodeJS.ProcessEnv
    ): void {
        this.jobs.delete(jobId);
        this.jobs.set(jobId, { result, stateDir: workspaceStateDir(root, env), keepDataset: settings.keepDataset });
        while (this.jobs.size > this.limit) this.jobs.delete(this.jobs.keys().next().value!);
    }

    /** The user applied job `jobId`'s result: keep it as a training example when it is verified and the dataset is on. */
    async accepted(jobId: string): Promise<AcceptedResponse> {
        const job = this.jobs.get(jobId);
        if (!job)
            return {
                kept: false,
                message: `Job ${jobId} is not among the last ${this.limit} finished jobs; nothing was kept.`
            };
        this.jobs.delete(jobId);
        if (!job.keepDataset)
            return { kept: false, message: "Not kept as a training example: the dataset is off (ponder.keepDataset)." };
        const examples = trainingExamplesOf(job.result);
        if (examples.length === 0)
            return { kept: false, message: "Not kept as a training example: only verified results are kept." };
        const file = await keepTrainingExamples(job.stateDir, examples);
        return {
            kept: true,
            message: `Kept ${examples.length === 1 ? "as a training example" : `as ${examples.length} training examples`} in ${file}.`
        };
    }
}
