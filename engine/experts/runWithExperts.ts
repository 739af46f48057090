// Runs a job with experts: the router (or the user) picks the first expert, the expert's runtime is created
// for the job and disposed after it, and a job that ends unverified goes to the next stronger expert with the
// evidence so far. Every attempt's outcome is recorded, so the router learns which expert suits which job.

import { performance } from "node:perf_hooks";
import type { PriorAttempt } from "../chains/ChainTypes.js";
import { InvalidRequestError } from "../errors.js";
import type { ModelRuntime } from "../runtime/ModelRuntime.js";
import type { Sandbox } from "../sandbox/index.js";
import type { Workspace } from "../workspace/Workspace.js";
import { ExpertRuntime, type CapturedCall } from "./ExpertRuntime.js";
import { byStrength, nextStronger, type ExpertProfile } from "./ExpertProfile.js";
import { jobKinds, type DefaultedRequest, type ExpertJobKind, type JobKindSpec, type JobTypes } from "./jobKinds.js";
import type { ChainHelpers } from "../chains/ChainDependencies.js";
import type { JobFeatures } from "./jobFeatures.js";
import type { Router, RoutingReason } from "./Router.js";

/** Creates the runtime an expert runs on; the caller of `runWithExperts` decides how (local, remote, scripted). */
export type ExpertRuntimeFactory = (expert: ExpertProfile, signal?: AbortSignal) => Promise<ModelRuntime>;

/** Which expert answered and why: what `--json` results carry as `expert`. */
export interface ExpertReport {
    name: string;
    /** The model it ran (the runtime's model id). */
    model: string;
    why: RoutingReason;
    /** The expert whose unverified result passed the job on to this one (the last of them). */
    escalatedFrom?: string;
}

export interface ExpertAttempt {
    expert: string;
    verified: boolean;
    rounds: number;
    durationMs: number;
}

export interface ExpertJobOptions<K extends ExpertJobKind> {
    kind: K;
    /** Its kind's defaults already filled in (`withDefaults`). */
    request: DefaultedRequest<K>;
    experts: readonly ExpertProfile[];
    router: Router;
    createRuntime: ExpertRuntimeFactory;
    sandbox: Sandbox;
    workspace: Workspace;
    /** The expert to start with (the user's choice); the router chooses when absent. */
    expert?: string;
    /** Pass an unverified job to the next stronger expert. Default true. */
    escalate?: boolean;
    signal?: AbortSignal;
    onEvent?: (event: JobTypes[K]["event"]) => void;
    /** Helpers every attempt's chain gets (the solution memory, exact tools' candidates). */
    helpers?: ChainHelpers;
    /** Called when an expert takes the job (first or by escalation). */
    onExpert?: (report: ExpertReport) => void;
    /** Where attempt durations (the router's costs) are read, in ms; default `performance.now`. Tests pin it. */
    clock?: () => number;
}

export interface ExpertJobResult<K extends ExpertJobKind> {
    kind: K;
    /** The last attempt's result: the verified one, or the strongest expert's unverified one. */
    result: JobTypes[K]["result"];
    verified: boolean;
    expert: ExpertReport;
    attempts: ExpertAttempt[];
    features: JobFeatures;
    /** The calls of the expert that gave `result`, with prompts and replies (for the training dataset). */
    calls: CapturedCall[];
}

export async function runWithExperts<K extends ExpertJobKind>(
    options: ExpertJobOptions<K>
): Promise<ExpertJobResult<K>> {
    const spec: JobKindSpec<K> = jobKinds[options.kind];
    const { experts, router, signal } = options;
    if (experts.length === 0)
        throw new InvalidRequestError("No expert is defined: give --model, --expert or an --experts file.");
    const features = await spec.features(options.request, options.workspace);
    let expert: ExpertProfile;
    let why: RoutingReason;
    if (options.expert !== undefined) {
        expert = experts.find((e) => e.name === options.expert) ?? fail(options.expert, experts);
        why = chosenByUser(router.estimate(expert, features, experts));
    } else {
        const decision = router.choose(experts, features);
        expert = decision.expert;
        why = decision.why;
    }

    const attempts: ExpertAttempt[] = [];
    const evidence: PriorAttempt[] = [];
    const tried = new Set<string>();
    let escalatedFrom: string | undefined;
    for (;;) {
        tried.add(expert.name);
        const runtime = new ExpertRuntime(await options.createRuntime(expert, signal), expert.sampling);
        let result: JobTypes[K]["result"];
        const report: ExpertReport = {
            name: expert.name,
            model: runtime.description.id,
            why,
            ...(escalatedFrom ? { escalatedFrom } : {})
        };
        options.onExpert?.(report);
        const clock = options.clock ?? (() => performance.now());
        const started = clock();
        try {
            result = await spec.run(spec.forExpert(options.request, expert, evidence), {
                ...options.helpers,
                runtime,
                sandbox: options.sandbox,
                workspace: options.workspace,
                ...(signal ? { signal } : {}),
                ...(options.onEvent ? { onEvent: options.onEvent } : {})
            });
        } finally {
            await runtime.dispose();
        }
        const durationMs = clock() - started;
        const verified = spec.verified(result);
        const rounds = spec.rounds(result);
        attempts.push({ expert: expert.name, verified, rounds, durationMs: Math.round(durationMs) });
        // A cancelled job says nothing about the expert.
        if (!signal?.aborted) await router.record(expert.name, features, { verified, rounds, durationMs });
        const next =
            verified || signal?.aborted || options.escalate === false
                ? undefined
                : nextStronger(experts, expert, tried);
        if (!next)
            return { kind: options.kind, result, verified, expert: report, attempts, features, calls: runtime.calls };
        evidence.push(spec.evidence(result, expert));
        escalatedFrom = expert.name;
        const estimate = router.estimate(next, features, experts);
        why = {
            estimatedSuccessRate: Number(estimate.successRate.toFixed(3)),
            estimatedCostMs: Math.round(estimate.costMs),
            costMeasured: estimate.costMeasured,
            observations: estimate.observations,
            summary:
                `${expert.name} did not verify it, so the next stronger expert took over with its evidence ` +
                `(estimated ${Math.round(estimate.successRate * 100)}% chance to verify)`
        };
        expert = next;
    }
}

function chosenByUser(estimate: ReturnType<Router["estimate"]>): RoutingReason {
    return {
        estimatedSuccessRate: Number(estimate.successRate.toFixed(3)),
        estimatedCostMs: Math.round(estimate.costMs),
        costMeasured: estimate.costMeasured,
        observations: estimate.observations,
        summary:
            `chosen by the user (estimated ${Math.round(estimate.successRate * 100)}% chance to verify, ` +
            `${(estimate.costMs / 1000).toFixed(1)} s a job${estimate.costMeasured ? "" : ", guessed"})`
    };
}

function fail(name: string, experts: readonly ExpertProfile[]): never {
    throw new InvalidRequestError(
        `There is no expert named "${name}". Experts: ${byStrength(experts)
            .map((e) => e.name)
            .join(", ")}.`
    );
}
