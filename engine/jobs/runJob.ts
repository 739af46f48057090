// The one entry point every front end runs a job through (the CLI's fix/tests/port, the language server's
// requests): a job kind, its request, and typed services. With experts it opens the workspace's router, picks the
// first expert (or the user's), escalates an unverified job to the next stronger one and records each outcome;
// with one runtime it runs the chain once on it. Either way the result says which model answered and why.

import { performance } from "node:perf_hooks";
import type { ChainHelpers } from "../chains/ChainDependencies.js";
import { seededRandom } from "../random/seededRandom.js";
import { ExpertRuntime } from "../experts/ExpertRuntime.js";
import { expertNameOfModel, type ExpertProfile } from "../experts/ExpertProfile.js";
import {
    jobKinds,
    withDefaults,
    type DefaultedRequest,
    type ExpertJobKind,
    type JobKindSpec,
    type JobTypes
} from "../experts/jobKinds.js";
import { Router } from "../experts/Router.js";
import {
    runWithExperts,
    type ExpertJobResult,
    type ExpertReport,
    type ExpertRuntimeFactory
} from "../experts/runWithExperts.js";
import type { ModelRuntime } from "../runtime/ModelRuntime.js";
import type { Sandbox } from "../sandbox/index.js";
import type { Workspace } from "../workspace/Workspace.js";

/** Experts to route a job between, and how the front end opens an expert's model. */
export interface ExpertPool {
    /** The experts the job may use (see `expertsFor`). */
    experts: readonly ExpertProfile[];
    /** Opens an expert's model for one attempt (the CLI loads it; the server lends its loaded model under its lock). */
    createRuntime: ExpertRuntimeFactory;
    /** The workspace's state folder (`workspaceStateDir`): the router learns there which expert suits which job. */
    stateDir: string;
    /** The expert to start with, by name (the user's choice); the router chooses when absent. */
    expert?: string;
    /** Pass an unverified job to the next stronger expert. Default true. */
    escalate?: boolean;
    /** Seeds the router's sampling, for repeatable choices (PONDER_ROUTER_SEED). */
    routerSeed?: number;
    /** Called when an expert takes the job (first or by escalation). */
    onExpert?: (report: ExpertReport) => void;
    /** Notes from opening the router (a state file that could not be read and was set aside). */
    onNote?: (note: string) => void;
}

/** What a job runs on. Every field is plain engine data: no editor, no terminal. */
export interface JobServices<K extends ExpertJobKind> extends ChainHelpers {
    workspace: Workspace;
    sandbox: Sandbox;
    /** One model for the whole job (it is not disposed), or experts to route between. */
    model: { runtime: ModelRuntime } | { experts: ExpertPool };
    signal?: AbortSignal;
    onEvent?: (event: JobTypes[K]["event"]) => void;
}

export type JobResult<K extends ExpertJobKind> = ExpertJobResult<K>;

export async function runJob<K extends ExpertJobKind>(
    kind: K,
    given: JobTypes[K]["request"],
    services: JobServices<K>
): Promise<JobResult<K>> {
    // Every front end's request takes its kind's defaults here, once.
    const request = withDefaults(kind, given);
    const helpers: ChainHelpers = {
        ...(services.memory ? { memory: services.memory } : {}),
        ...(services.symbolic ? { symbolic: services.symbolic } : {})
    };
    if ("runtime" in services.model) return runOnOneModel(kind, request, services, services.model.runtime, helpers);
    const pool = services.model.experts;
    const router = await Router.open(
        pool.stateDir,
        pool.routerSeed !== undefined ? { random: seededRandom(pool.routerSeed) } : {}
    );
    for (const note of router.notes) pool.onNote?.(note);
    return runWithExperts({
        kind,
        request,
        experts: pool.experts,
        router,
        createRuntime: pool.createRuntime,
        sandbox: services.sandbox,
        workspace: services.workspace,
        helpers,
        ...(pool.expert !== undefined ? { expert: pool.expert } : {}),
        ...(pool.escalate !== undefined ? { escalate: pool.escalate } : {}),
        ...(services.signal ? { signal: services.signal } : {}),
        ...(services.onEvent ? { onEvent: services.onEvent } : {}),
        ...(pool.onExpert ? { onExpert: pool.onExpert } : {})
    });
}

/** One attempt on a given model: no routing, no escalation; the result has the shape of an expert job's. */
async function runOnOneModel<K extends ExpertJobKind>(
    kind: K,
    request: DefaultedRequest<K>,
    services: JobServices<K>,
    model: ModelRuntime,
    helpers: ChainHelpers
): Promise<JobResult<K>> {
    const spec: JobKindSpec<K> = jobKinds[kind];
    const features = await spec.features(request, services.workspace);
    const runtime = new ExpertRuntime(model, undefined);
    const name = expertNameOfModel(runtime.description.id);
    const started = performance.now();
    const result = await spec.run(request, {
        ...helpers,
        runtime,
        sandbox: services.sandbox,
        workspace: services.workspace,
        ...(services.signal ? { signal: services.signal } : {}),
        ...(services.onEvent ? { onEvent: services.onEvent } : {})
    });
    const verified = spec.verified(result);
    const durationMs = Math.round(performance.now() - started);
    return {
        kind,
        result,
        verified,
        features,
        calls: runtime.calls,
        expert: {
            name,
            model: runtime.description.id,
            why: {
                estimatedSuccessRate: 0,
                estimatedCostMs: 0,
                costMeasured: false,
                observations: 0,
                summary: "the one model the job was given"
            }
        },
        attempts: [{ expert: name, verified, rounds: spec.rounds(result), durationMs }]
    };
}
