// How the chain commands run a job with experts: the experts from the flags (--experts FILE, --model, --endpoint,
// else the defaults for this machine), the workspace's router, escalation, the `expert` field of `--json`, and
// keeping a verified result the user applied as a training example (--keep-dataset or PONDER_KEEP_DATASET=1).

import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
    DiskWorkspace, expertRuntimeFactory, expertsFor, InvalidExpertSettingsError, InvalidRequestError, keepTrainingExamples, runJob,
    trainingExamplesOf, workspaceStateDir, ExpertRuntime, readMachine, type ChainHelpers, type ExpertJobKind, type ExpertJobResult,
    type ExpertProfile, type ExpertRuntimeFactory, type JobTypes, type ModelRuntime
} from "../engine/index.js";
import type { ChainSessionFlags } from "./chainSession.js";
import type { CliIo } from "./CliIo.js";
import { parseBackend, parseGpu, parseWholeNumber } from "./modelOptions.js";
import { sandboxFromFlags } from "./sandboxFlags.js";
import { ProgressBar } from "./terminal/ProgressBar.js";
import { stylesFor } from "./terminal/format.js";

export const expertFlagSpec = {
    expert: { type: "string" },
    experts: { type: "string" },
    "keep-dataset": { type: "boolean" }
} as const;

export const expertUsage = "[--expert NAME] [--experts FILE] [--keep-dataset]";

export interface ExpertFlags extends ChainSessionFlags {
    expert?: string | undefined;
    experts?: string | undefined;
    "keep-dataset"?: boolean | undefined;
}

/** The experts a command may use, from its flags and environment (the same decision as the server's, `expertsFor`). */
export async function expertsFromFlags(flags: ExpertFlags, io: CliIo): Promise<ExpertProfile[]> {
    const model = flags.model ?? io.env["PONDER_MODEL"];
    const expertsPerToken = parseWholeNumber("experts-per-token", flags["experts-per-token"], 1, 1024);
    if (flags.experts && (flags.model || flags.endpoint?.length))
        throw new InvalidRequestError("Give either --experts FILE or --model/--endpoint, not both: the file names each expert's model.");
    return expertsFor({
        ...(flags.experts ? { settings: await expertsFile(resolve(io.cwd, flags.experts), flags.experts) } : {}),
        ...(flags.endpoint && flags.endpoint.length > 0 ? { endpoints: flags.endpoint, modelOrigin: "the --endpoint model" } : { modelOrigin: "the --model model" }),
        ...(flags.endpoint?.length ? (flags.model ? { model: flags.model } : {}) : model ? { model } : {}),
        ...(flags["api-key-env"] ? { apiKeyEnv: flags["api-key-env"] } : {}),
        ...(expertsPerToken !== undefined ? { expertsPerToken } : {})
    }, () => readMachine({ gpu: parseGpu(flags.gpu) }));
}

async function expertsFile(path: string, given: string): Promise<{ value: unknown; origin: string; baseDir: string }> {
    const text = await readFile(path, "utf8").catch(() => { throw new InvalidRequestError(`Cannot read --experts ${given}.`); });
    try {
        return { value: JSON.parse(text), origin: path, baseDir: dirname(path) };
    } catch (error) {
        throw new InvalidExpertSettingsError(path, `it is not JSON (${(error as Error).message})`);
    }
}

/** Runs one job with experts: trust and sandbox as every chain command, the router of the workspace, escalation. */
export async function runExpertJob<K extends ExpertJobKind>(kind: K, request: JobTypes[K]["request"], flags: ExpertFlags, io: CliIo,
    root: string, signal: AbortSignal | undefined, onEvent: ((event: JobTypes[K]["event"]) => void) | undefined,
    helpers: ChainHelpers = {}): Promise<ExpertJobResult<K>> {
    const experts = await expertsFromFlags(flags, io);
    const sandbox = await sandboxFromFlags(flags, io);
    try {
        const seed = io.env["PONDER_ROUTER_SEED"];
        const createRuntime = runtimeFactoryFromFlags(flags, io,
            "candidates" in (request as object) ? (request as { candidates?: number }).candidates ?? 4 : undefined);
        const styles = stylesFor(io.isTty);
        return await runJob(kind, request, {
            workspace: new DiskWorkspace(root), sandbox, ...helpers,
            model: {
                experts: {
                    experts, createRuntime, stateDir: workspaceStateDir(root, io.env),
                    ...(flags.expert ? { expert: flags.expert } : {}),
                    ...(seed !== undefined ? { routerSeed: Number(seed) } : {}),
                    onNote: (note) => io.err(`${note}\n`),
                    onExpert: (report) => io.err(styles.dim(`Expert ${report.name} (${report.model}): ${report.why.summary}.\n`))
                }
            },
            ...(signal ? { signal } : {}), ...(onEvent ? { onEvent } : {})
        });
    } finally {
        await sandbox.dispose();
    }
}

/** How the CLI loads an expert's model: the machine flags (threads, context, GPU, offline), a download progress bar. */
function runtimeFactoryFromFlags(flags: ExpertFlags, io: CliIo, expectedCandidates: number | undefined): ExpertRuntimeFactory {
    const threads = parseWholeNumber("threads", flags.threads, 1, 256);
    const contextSize = parseWholeNumber("context-size", flags["context-size"], 64, 1 << 20);
    let bar: ProgressBar | undefined;
    const createRuntime = expertRuntimeFactory({
        cwd: io.cwd, gpu: parseGpu(flags.gpu), env: io.env, backend: parseBackend(flags.backend),
        ...(threads !== undefined ? { threads } : {}),
        ...(contextSize !== undefined ? { contextSize } : {}),
        ...(expectedCandidates !== undefined ? { expectedCandidates } : {}),
        ...(flags.offline || io.env["PONDER_OFFLINE"] === "1" ? { offline: true } : {}),
        ...(io.env["PONDER_MODELS_DIR"] ? { modelsDir: io.env["PONDER_MODELS_DIR"] } : {}),
        ...(flags.record ? { recordTo: resolve(io.cwd, flags.record) } : {}),
        onDownloadProgress: ({ downloadedBytes, totalBytes }) => {
            bar ??= new ProgressBar(io.err, "Downloading the expert's model", io.isTty);
            bar.update(downloadedBytes, totalBytes);
        }
    });
    return async (expert, signal) => {
        try {
            return await createRuntime(expert, signal);
        } finally {
            bar?.finish();
            bar = undefined;
        }
    };
}

/** One named expert of the flags' experts (`--experts FILE`, `--model`, or the machine's defaults). */
export async function findExpert(name: string, flags: ExpertFlags, io: CliIo): Promise<ExpertProfile> {
    const experts = await expertsFromFlags(flags, io);
    const expert = experts.find((e) => e.name === name);
    if (!expert) throw new InvalidRequestError(`There is no expert named "${name}". Experts: ${experts.map((e) => e.name).join(", ")}.`);
    return expert;
}

/** An expert's model, loaded with the machine flags, its sampling settings in every call. */
export async function loadExpert(expert: ExpertProfile, flags: ExpertFlags, io: CliIo, expectedCandidates: number, signal?: AbortSignal): Promise<ModelRuntime> {
    return new ExpertRuntime(await runtimeFactoryFromFlags(flags, io, expectedCandidates)(expert, signal), expert.sampling);
}

/** The human line: which expert ran and why. */
export function expertLine(job: ExpertJobResult<ExpertJobKind>): string {
    const { expert } = job;
    const escalated = expert.escalatedFrom ? `, after ${job.attempts.slice(0, -1).map((a) => a.expert).join(" and ")} did not verify it` : "";
    return `Expert: ${expert.name} (${expert.model})${escalated}. Why: ${expert.why.summary}.\n`;
}

export function datasetEnabled(flags: ExpertFlags, io: CliIo): boolean {
    return flags["keep-dataset"] === true || io.env["PONDER_KEEP_DATASET"] === "1";
}

/** After the user applied a result: keeps it as a training example when it is verified and the dataset is on. */
export async function keepAcceptedResult(job: ExpertJobResult<ExpertJobKind>, flags: ExpertFlags, io: CliIo, root: string): Promise<void> {
    if (!datasetEnabled(flags, io)) return;
    const examples = trainingExamplesOf(job);
    if (examples.length === 0) {
        io.err("Not kept as a training example: only verified results are kept.\n");
        return;
    }
    const file = await keepTrainingExamples(workspaceStateDir(root, io.env), examples);
    io.err(`Kept ${examples.length === 1 ? "it as a training example" : `${examples.length} training examples`} in ${file} (see \`ponder dataset stats\`).\n`);
}
