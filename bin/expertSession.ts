// How the chain commands run a job with experts: the experts from the flags (--experts FILE, --model, --endpoint,
// else the defaults for this machine), the workspace's router, escalation, the `expert` field of `--json`, and
// keeping a verified result the user applied as a training example (--keep-dataset or PONDER_KEEP_DATASET=1).

import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import {
    DiskWorkspace,
    expertPoolFor,
    expertRuntimeFactory,
    expertsFor,
    InvalidExpertSettingsError,
    InvalidRequestError,
    keepTrainingExamples,
    runJob,
    withDefaults,
    trainingExamplesOf,
    workspaceStateDir,
    ExpertRuntime,
    readMachine,
    type ChainHelpers,
    type ExpertChoice,
    type ExpertJobKind,
    type ExpertJobResult,
    type ExpertProfile,
    type ExpertRuntimeFactory,
    type JobTypes,
    type ModelRuntime
} from "../engine/index.js";
import type { ChainSessionFlags } from "./chainSession.js";
import type { CliIo } from "./CliIo.js";
import { parseGpu, parseSettingFlag, runtimeSettingsFromFlags } from "./modelOptions.js";
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

/** What the flags and environment configure, in the shape the server makes of its settings (`expertChoiceOf`). */
export async function expertChoiceFromFlags(
    flags: ExpertFlags,
    io: CliIo
): Promise<ExpertChoice & { env: CliIo["env"] }> {
    const expertsPerToken = parseSettingFlag("expertsPerToken", flags["experts-per-token"]);
    if (flags.experts && (flags.model || flags.endpoint?.length))
        throw new InvalidRequestError(
            "Give either --experts FILE or --model/--endpoint, not both: the file names each expert's model."
        );
    const served = flags.endpoint !== undefined && flags.endpoint.length > 0;
    return {
        ...(flags.experts ? { settings: await expertsFile(resolve(io.cwd, flags.experts), flags.experts) } : {}),
        ...(served
            ? { endpoints: flags.endpoint!, modelOrigin: "the --endpoint model" }
            : { modelOrigin: "the --model model" }),
        ...(flags.model ? { model: flags.model } : {}),
        ...(flags["api-key-env"] ? { apiKeyEnv: flags["api-key-env"] } : {}),
        ...(expertsPerToken !== undefined ? { expertsPerToken } : {}),
        env: io.env
    };
}

/** The experts a command may use, from its flags and environment (the same decision as the server's, `expertsFor`). */
export async function expertsFromFlags(flags: ExpertFlags, io: CliIo): Promise<ExpertProfile[]> {
    return expertsFor(await expertChoiceFromFlags(flags, io), () => readMachine({ gpu: parseGpu(flags.gpu) }));
}

async function expertsFile(path: string, given: string): Promise<{ value: unknown; origin: string; baseDir: string }> {
    const text = await readFile(path, "utf8").catch(() => {
        throw new InvalidRequestError(`Cannot read --experts ${given}.`);
    });
    try {
        return { value: JSON.parse(text), origin: path, baseDir: dirname(path) };
    } catch (error) {
        throw new InvalidExpertSettingsError(path, `it is not JSON (${(error as Error).message})`);
    }
}

/** Runs one job with experts: trust and sandbox as every chain command, the router of the workspace, escalation. */
export async function runExpertJob<K extends ExpertJobKind>(
    kind: K,
    request: JobTypes[K]["request"],
    flags: ExpertFlags,
    io: CliIo,
    root: string,
    signal: AbortSignal | undefined,
    onEvent: ((event: JobTypes[K]["event"]) => void) | undefined,
    helpers: ChainHelpers = {}
): Promise<ExpertJobResult<K>> {
    const styles = stylesFor(io.isTty);
    // The count the job will sample, after its kind's defaults (a port samples one reply at a time: undefined).
    const expectedCandidates = (withDefaults(kind, request) as { candidates?: number }).candidates;
    const experts = await expertPoolFor({
        choice: await expertChoiceFromFlags(flags, io),
        gpu: parseGpu(flags.gpu),
        root,
        createRuntime: runtimeFactoryFromFlags(flags, io, expectedCandidates),
        expert: flags.expert,
        onNote: (note) => io.err(`${note}\n`),
        onExpert: (report) => io.err(styles.dim(`Expert ${report.name} (${report.model}): ${report.why.summary}.\n`))
    });
    const sandbox = await sandboxFromFlags(flags, io);
    try {
        return await runJob(kind, request, {
            workspace: new DiskWorkspace(root),
            sandbox,
            ...helpers,
            model: { experts },
            ...(signal ? { signal } : {}),
            ...(onEvent ? { onEvent } : {})
        });
    } finally {
        await sandbox.dispose();
    }
}

/** How the CLI opens an expert's model: the engine's one path, with the flags' machine settings and a download bar. */
function runtimeFactoryFromFlags(
    flags: ExpertFlags,
    io: CliIo,
    expectedCandidates: number | undefined
): ExpertRuntimeFactory {
    let bar: ProgressBar | undefined;
    const createRuntime = expertRuntimeFactory({
        ...runtimeSettingsFromFlags(flags, io, expectedCandidates),
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
    if (!expert)
        throw new InvalidRequestError(
            `There is no expert named "${name}". Experts: ${experts.map((e) => e.name).join(", ")}.`
        );
    return expert;
}

/** An expert's model, loaded with the machine flags, its sampling settings in every call. */
export async function loadExpert(
    expert: ExpertProfile,
    flags: ExpertFlags,
    io: CliIo,
    expectedCandidates: number,
    signal?: AbortSignal
): Promise<ModelRuntime> {
    return new ExpertRuntime(
        await runtimeFactoryFromFlags(flags, io, expectedCandidates)(expert, signal),
        expert.sampling
    );
}

/** The human line: which expert ran and why. */
export function expertLine(job: ExpertJobResult<ExpertJobKind>): string {
    const { expert } = job;
    const escalated = expert.escalatedFrom
        ? `, after ${job.attempts
              .slice(0, -1)
              .map((a) => a.expert)
              .join(" and ")} did not verify it`
        : "";
    return `Expert: ${expert.name} (${expert.model})${escalated}. Why: ${expert.why.summary}.\n`;
}

export function datasetEnabled(flags: ExpertFlags, io: CliIo): boolean {
    return flags["keep-dataset"] === true || io.env["PONDER_KEEP_DATASET"] === "1";
}

/** After the user applied a result: keeps it as a training example when it is verified and the dataset is on. */
export async function keepAcceptedResult(
    job: ExpertJobResult<ExpertJobKind>,
    flags: ExpertFlags,
    io: CliIo,
    root: string
): Promise<void> {
    if (!datasetEnabled(flags, io)) return;
    const examples = trainingExamplesOf(job);
    if (examples.length === 0) {
        io.err("Not kept as a training example: only verified results are kept.\n");
        return;
    }
    const file = await keepTrainingExamples(workspaceStateDir(root, io.env), examples);
    io.err(
        `Kept ${examples.length === 1 ? "it as a training example" : `${examples.length} training examples`} in ${file} (see \`ponder dataset stats\`).\n`
    );
}
