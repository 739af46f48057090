// How the server runs a job with experts, as the CLI does: the experts of `ponder.experts` (else one expert, the
// model of `ponder.model`/`ponder.endpoints`), the workspace's router, escalation to the next stronger expert, the
// expert's model loaded in the job's turn at the model host, and the `expert` evidence the panel shows. A job's
// result is remembered briefly so `ponder/accepted` can keep it as a training example.

import {
    defaultExperts, expertNameOfModel, keepTrainingExamples, mergeExperts, parseExpertSettings, Router, runWithExperts, seededRandom,
    trainingExamplesOf, workspaceStateDir, thisMachine, type ExpertJobKind, type ExpertJobResult, type ExpertProfile, type ExpertReport,
    type JobTypes, type ModelRuntime
} from "../engine/index.js";
import type { AcceptedResponse, ExpertEvidence, TraceEvent } from "../protocol/index.js";
import type { JobContext } from "./JobRunner.js";
import type { JobSettings } from "./settings.js";

/** The experts a job may use: `ponder.experts` read against the workspace folder, else the one configured model. */
export function expertsOf(settings: JobSettings, root: string, env: NodeJS.ProcessEnv): ExpertProfile[] {
    if (settings.experts !== undefined && settings.experts !== null) {
        const parsed = parseExpertSettings(settings.experts, "the setting ponder.experts", root);
        const defaults = parsed.includeDefaults ? defaultExperts(thisMachine()) : [];
        return mergeExperts(defaults, parsed);
    }
    const model = settings.model ?? (settings.endpoints.length > 0 ? undefined : env["PONDER_MODEL"]);
    const name = settings.endpoints.length > 0 ? "endpoint" : model ? expertNameOfModel(model) : "default";
    // No `model` and no endpoints: the model host picks the catalog model that fits the machine, as before experts.
    return [{ name, strength: 1, ...(model ? { model } : {}), description: "the model of ponder.model" }];
}

/** The job's settings with the expert's model in place of the configured one. */
function settingsOf(settings: JobSettings, expert: ExpertProfile, single: boolean): JobSettings {
    if (single) return settings;
    const remote = expert.endpoints !== undefined && expert.endpoints.length > 0;
    const { lora: _lora, ...rest } = settings;
    return {
        ...rest,
        model: expert.model, endpoints: remote ? expert.endpoints! : [],
        apiKeyEnv: remote ? expert.apiKeyEnv : undefined, apiKey: remote && !expert.apiKeyEnv ? settings.apiKey : undefined,
        expertsPerToken: expert.expertsPerToken ?? settings.expertsPerToken,
        ...(expert.candidates !== undefined ? { candidates: expert.candidates } : {}),
        ...(expert.lora ? { lora: expert.lora } : {})
    };
}

/** The model host's runtime for one attempt; the host keeps it loaded after the attempt, so disposing it is a no-op. */
function borrowed(runtime: ModelRuntime): ModelRuntime {
    return {
        get description() { return runtime.description; },
        generate: (request, options) => runtime.generate(request, options),
        countTokens: (text) => runtime.countTokens(text),
        dispose: async () => {}
    };
}

export interface ServerJobOptions<K extends ExpertJobKind> {
    env: NodeJS.ProcessEnv;
    onEvent: (event: JobTypes[K]["event"]) => void;
    chainExtras?: Record<string, unknown>;
    /** Router notes (a state file that could not be read), for the server's log. */
    log: (message: string) => void;
}

export async function runServerExpertJob<K extends ExpertJobKind>(kind: K, request: JobTypes[K]["request"], job: JobContext,
    options: ServerJobOptions<K>): Promise<ExpertJobResult<K>> {
    const experts = expertsOf(job.settings, job.workspace.root, options.env);
    const single = job.settings.experts === undefined || job.settings.experts === null;
    const seed = options.env["PONDER_ROUTER_SEED"];
    const router = await Router.open(workspaceStateDir(job.workspace.root, options.env), seed !== undefined ? { random: seededRandom(Number(seed)) } : {});
    for (const note of router.notes) options.log(note);
    return runWithExperts({
        kind, request, experts, router, sandbox: job.sandbox, workspace: job.workspace, signal: job.signal,
        ...(job.settings.expert !== undefined ? { expert: job.settings.expert } : {}),
        ...(options.chainExtras ? { chainExtras: options.chainExtras } : {}),
        createRuntime: async (expert) => borrowed(await job.model(settingsOf(job.settings, expert, single))),
        onEvent: options.onEvent,
        onExpert: (report) => {
            job.trace(expertTraceEvent(report));
            job.report(`Expert ${report.name}: ${report.why.summary}`);
        }
    });
}

function expertTraceEvent(report: ExpertReport): TraceEvent {
    return {
        kind: "expert", name: report.name, model: report.model, why: report.why.summary,
        estimatedSuccessRate: report.why.estimatedSuccessRate, estimatedCostMs: report.why.estimatedCostMs,
        ...(report.escalatedFrom ? { escalatedFrom: report.escalatedFrom } : {})
    };
}

export function expertEvidence(job: ExpertJobResult<ExpertJobKind>): ExpertEvidence {
    const { expert } = job;
    return {
        name: expert.name, model: expert.model, why: expert.why.summary,
        estimatedSuccessRate: expert.why.estimatedSuccessRate, estimatedCostMs: expert.why.estimatedCostMs,
        ...(expert.escalatedFrom ? { escalatedFrom: expert.escalatedFrom } : {}),
        attempts: job.attempts
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

    remember(jobId: string, result: ExpertJobResult<ExpertJobKind>, root: string, settings: JobSettings, env: NodeJS.ProcessEnv): void {
        this.jobs.delete(jobId);
        this.jobs.set(jobId, { result, stateDir: workspaceStateDir(root, env), keepDataset: settings.keepDataset });
        while (this.jobs.size > this.limit) this.jobs.delete(this.jobs.keys().next().value!);
    }

    /** The user applied job `jobId`'s result: keep it as a training example when it is verified and the dataset is on. */
    async accepted(jobId: string): Promise<AcceptedResponse> {
        const job = this.jobs.get(jobId);
        if (!job) return { kept: false, message: `Job ${jobId} is not among the last ${this.limit} finished jobs; nothing was kept.` };
        this.jobs.delete(jobId);
        if (!job.keepDataset) return { kept: false, message: "Not kept as a training example: the dataset is off (ponder.keepDataset)." };
        const examples = trainingExamplesOf(job.result);
        if (examples.length === 0) return { kept: false, message: "Not kept as a training example: only verified results are kept." };
        const file = await keepTrainingExamples(job.stateDir, examples);
        return { kept: true, message: `Kept ${examples.length === 1 ? "as a training example" : `as ${examples.length} training examples`} in ${file}.` };
    }
}
