// The job kinds, one descriptor each: the request's defaults, how to run the chain, how an expert's settings and
// earlier evidence shape the request, whether the result is verified, the router's features and the words the trace
// and panel show. Adding a job kind is one entry in `JobTypes` and one descriptor in `jobKinds`.

import { languageOfPath } from "../analysis/index.js";
import type { ChainDependencies } from "../chains/ChainDependencies.js";
import { runFixChain } from "../chains/fix/runFixChain.js";
import type { PriorAttempt } from "../chains/ChainTypes.js";
import type { DefaultedFixRequest, FixEvent, FixRequest, FixResult } from "../chains/fix/FixTypes.js";
import { runTestsChain } from "../chains/tests/runTestsChain.js";
import type { DefaultedTestsRequest, TestsEvent, TestsRequest, TestsResult } from "../chains/tests/TestsTypes.js";
import { runPortChain } from "../chains/port/runPortChain.js";
import { runRepairChain } from "../chains/repair/runRepairChain.js";
import type { DefaultedRepairRequest, RepairEvent, RepairRequest, RepairResult } from "../chains/repair/RepairTypes.js";
import type { PortEvent, PortRequest, PortResult, UnitReport } from "../chains/port/PortTypes.js";
import { describeOutcome } from "../chains/port/compareOutcomes.js";
import { sourceBackendOf } from "../chains/port/backendRegistry.js";
import { writeExactJson, type ExactJson } from "../chains/port/exactJson.js";
import type { JobKind } from "../jobKind.js";
import type { Workspace } from "../workspace/Workspace.js";
import type { ExpertProfile } from "./ExpertProfile.js";
import { requestDefaults, settingDefaults } from "../settings/settingsSchema.js";
import { contextSizeBucket, diagnosticKind, type JobFeatures } from "./jobFeatures.js";

/**
 * Request, result and event types of each job kind. `defaulted` is the request as its chain takes it: the fields the
 * kind's `defaults` fill in are required there, so no chain can be called with a request that skipped `withDefaults`.
 */
export interface JobTypes {
    fix: { request: FixRequest; defaulted: DefaultedFixRequest; result: FixResult; event: FixEvent };
    tests: { request: TestsRequest; defaulted: DefaultedTestsRequest; result: TestsResult; event: TestsEvent };
    port: { request: PortRequest; defaulted: PortRequest; result: PortResult; event: PortEvent };
    repair: { request: RepairRequest; defaulted: DefaultedRepairRequest; result: RepairResult; event: RepairEvent };
}

/** The keys `T` requires. */
type RequiredKeys<T> = { [P in keyof T]-?: object extends Pick<T, P> ? never : P }[keyof T];

/** A kind's defaults: exactly the fields its request leaves optional and its chain requires. */
export type RequestDefaults<K extends ExpertJobKind> = Pick<
    JobTypes[K]["defaulted"],
    Exclude<RequiredKeys<JobTypes[K]["defaulted"]>, RequiredKeys<JobTypes[K]["request"]>>
>;

/** The request as `kind`'s chain takes it, its defaults filled in. */
export type DefaultedRequest<K extends ExpertJobKind> = JobTypes[K]["defaulted"];

/** The job kinds, as the experts see them: the engine's one `JobKind` (JobTypes has an entry for each, checked below). */
export type ExpertJobKind = JobKind;
// Fails to compile when JobTypes and JobKind name different kinds.
const jobTypesCoverEveryKind: [keyof JobTypes] extends [JobKind]
    ? [JobKind] extends [keyof JobTypes]
        ? true
        : never
    : never = true;
void jobTypesCoverEveryKind;

/** The words a front end shows for a job kind: the trace's and panel's title and what a kept result is called. */
export interface JobKindHints {
    /** The job as a title: "Fix", "Tests", "Port". */
    title: string;
    /** What the job proves when it succeeds, as a past participle: "verified", "kept", "proven equivalent". */
    provenWord: string;
}

/** One job kind, whole: its request's defaults, its run, its verdict, escalation evidence, router features and hints. */
export interface JobKindDescriptor<K extends ExpertJobKind> {
    /**
     * The request's defaults, written once for every front end (CLI, server, bench): a request field left undefined
     * takes this value before the chain runs (`withDefaults`). The values come from the settings schema.
     */
    defaults: RequestDefaults<K>;
    hints: JobKindHints;
    run(request: DefaultedRequest<K>, deps: ChainDependencies<JobTypes[K]["event"]>): Promise<JobTypes[K]["result"]>;
    /** The request as `expert` runs it: its candidates and thinking budget, and what earlier experts tried. */
    forExpert(request: DefaultedRequest<K>, expert: ExpertProfile, priorAttempts: PriorAttempt[]): DefaultedRequest<K>;
    verified(result: JobTypes[K]["result"]): boolean;
    rounds(result: JobTypes[K]["result"]): number;
    /** What a stronger expert should know of this unverified attempt. */
    evidence(result: JobTypes[K]["result"], expert: ExpertProfile): PriorAttempt;
    features(request: JobTypes[K]["request"], workspace: Workspace): Promise<JobFeatures>;
}

/** The former name of `JobKindDescriptor`. */
export type JobKindSpec<K extends ExpertJobKind> = JobKindDescriptor<K>;

/** `request` with each field it leaves undefined taken from its kind's `defaults`. */
export function withDefaults<K extends ExpertJobKind>(kind: K, request: JobTypes[K]["request"]): DefaultedRequest<K> {
    const defaults: RequestDefaults<K> = jobKinds[kind].defaults;
    const given = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
    return { ...defaults, ...given } as DefaultedRequest<K>;
}

const expertSettings = (expert: ExpertProfile) => ({
    ...(expert.candidates !== undefined ? { candidates: expert.candidates } : {}),
    ...(expert.thinkBudget !== undefined ? { thinkBudget: expert.thinkBudget } : {})
});

/** The request's own prior attempts followed by the earlier experts' ones; nothing when the experts add none. */
function withPriorAttempts(
    request: { priorAttempts?: PriorAttempt[] },
    priorAttempts: PriorAttempt[]
): { priorAttempts?: PriorAttempt[] } {
    return priorAttempts.length > 0 ? { priorAttempts: [...(request.priorAttempts ?? []), ...priorAttempts] } : {};
}

async function fileFeatures(
    kind: JobFeatures["kind"],
    file: string,
    workspace: Workspace,
    testOutput?: string
): Promise<JobFeatures> {
    const text = await workspace.readText(file).catch(() => "");
    return {
        kind,
        language: languageOfPath(file) ?? "unknown",
        contextSize: contextSizeBucket(text.split("\n").length),
        diagnostic: diagnosticKind(testOutput)
    };
}

/** Every kind's spec; indexed by a generic kind it gives that kind's spec (`jobKinds[kind]`: `JobKindSpec<K>`). */
export type JobKindSpecs = { [K in ExpertJobKind]: JobKindDescriptor<K> };

export const jobKinds: JobKindSpecs = {
    fix: {
        defaults: {
            candidates: settingDefaults.candidates,
            extraRounds: settingDefaults.extraRounds,
            contextTokens: requestDefaults.contextTokens
        },
        hints: { title: "Fix", provenWord: "verified" },
        run: runFixChain,
        forExpert: (request, expert, priorAttempts) => ({
            ...request,
            ...expertSettings(expert),
            ...withPriorAttempts(request, priorAttempts)
        }),
        verified: (result) => result.status === "verified",
        rounds: (result) => result.rounds,
        evidence: (result, expert) => ({
            by: expert.name,
            ...(result.patch ? { diff: result.patch.diff } : {}),
            failures:
                result.status === "noCandidate"
                    ? [...new Set(result.candidates.flatMap((c) => c.parseProblems))].slice(0, 4)
                    : [result.unverifiedReason ?? "it was not verified"]
        }),
        features: (request, workspace) => fileFeatures("fix", request.file, workspace, request.testOutput)
    },
    tests: {
        defaults: { candidates: settingDefaults.candidates, contextTokens: requestDefaults.contextTokens },
        hints: { title: "Tests", provenWord: "kept" },
        run: runTestsChain,
        // A stronger expert hears why the earlier experts' tests were dropped.
        forExpert: (request, expert, priorAttempts) => ({
            ...request,
            ...expertSettings(expert),
            ...withPriorAttempts(request, priorAttempts)
        }),
        verified: (result) => result.kept.length > 0,
        rounds: () => 1,
        evidence: (result, expert) => ({
            by: expert.name,
            failures: result.dropped.slice(0, 4).map((d) => `${d.name}: ${d.reason}`)
        }),
        features: (request, workspace) => fileFeatures("tests", request.file, workspace)
    },
    port: {
        // The port's own counts (cases, rounds) are the chain's, not settings a user changes.
        defaults: {},
        hints: { title: "Port", provenWord: "proven equivalent" },
        run: runPortChain,
        // A stronger expert ports the file afresh, hearing per unit how the earlier port failed.
        forExpert: (request, expert, priorAttempts) => ({
            ...request,
            ...(expert.thinkBudget !== undefined ? { thinkBudget: expert.thinkBudget } : {}),
            ...withPriorAttempts(request, priorAttempts)
        }),
        verified: portProven,
        rounds: (result) =>
            Math.max(
                1,
                ...result.units.map((u) => u.rounds.translation + u.rounds.compileRepair + u.rounds.counterexample)
            ),
        evidence: (result, expert) => ({
            by: expert.name,
            failures: result.units
                .filter((u) => u.status !== "equivalent" && u.kind === "function")
                .slice(0, 6)
                .map((unit) => unitFailure(unit, result.file))
        }),
        features: (request, workspace) => fileFeatures("port", request.file, workspace)
    },
    repair: {
        defaults: {
            candidates: settingDefaults.candidates,
            extraRounds: settingDefaults.extraRounds,
            contextTokens: requestDefaults.contextTokens,
            reruns: requestDefaults.reruns,
            regressionBudgetMs: requestDefaults.regressionBudgetMs
        },
        hints: { title: "Fix from a failure", provenWord: "verified" },
        run: runRepairChain,
        forExpert: (request, expert, priorAttempts) => ({
            ...request,
            ...expertSettings(expert),
            ...withPriorAttempts(request, priorAttempts)
        }),
        verified: (result) => result.status === "verified",
        rounds: (result) => Math.max(1, result.rounds),
        // A stronger expert sees the best patch and what its tests still said.
        evidence: (result, expert) => ({
            by: expert.name,
            ...(result.patch ? { diff: result.patch.diff } : {}),
            failures: [
                result.evidence.summary,
                ...result.evidence.stillFailing.slice(0, 2).map((id) => `${id} still fails`),
                ...result.evidence.regressions.slice(0, 2).map((id) => `${id} passed before and fails with it`)
            ]
        }),
        features: (request, workspace) => repairFeatures(request, workspace)
    }
};

/** A repair's router features: the language of its named tests (or of the project), and the failure's kind. */
async function repairFeatures(request: RepairRequest, workspace: Workspace): Promise<JobFeatures> {
    const failure = request.failure;
    const named =
        "tests" in failure ? failure.tests.map((id) => languageOfPath(id.split("::")[0]!)).find(Boolean) : undefined;
    const language = named ?? (await workspace.listFiles().catch(() => [])).map(languageOfPath).find(Boolean);
    return {
        kind: "repair",
        language: language ?? "unknown",
        // The repository is the context: its size is not known before localisation.
        contextSize: "medium",
        diagnostic: diagnosticKind("testOutput" in failure ? failure.testOutput : undefined)
    };
}

/** How one unit of a port of `file` failed, as `name: …` (the port chain shows a unit the lines about it), values in the original's literals. */
function unitFailure(unit: UnitReport, file: string): string {
    const counterexample = unit.counterexamples[0];
    if (unit.status === "differs" && counterexample) {
        const language = languageOfPath(file);
        const source = language ? sourceBackendOf(language) : undefined;
        const literalOf = (value: ExactJson) => (source ? source.literalOf(value) : writeExactJson(value));
        return (
            `${unit.name}: ${unit.name}(${counterexample.args.map(literalOf).join(", ")}) ${describeOutcome(counterexample.actual, literalOf)} ` +
            `where the original ${describeOutcome(counterexample.expected, literalOf)}`
        );
    }
    const note = unit.notes[0]?.split("\n")[0]?.slice(0, 300);
    return `${unit.name}: ${unit.status === "doesNotCompile" ? "did not compile" : unit.status === "notTested" ? "could not be tested" : unit.status}${note ? ` (${note})` : ""}`;
}

/** A port is proven when it is equivalent and every function was compared on every case (classes and constants are only compiled). */
export function portProven(result: PortResult): boolean {
    return (
        result.status === "equivalent" &&
        result.units.every((unit) => unit.kind !== "function" || unit.status === "equivalent")
    );
}
