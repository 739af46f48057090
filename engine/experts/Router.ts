// Picks an expert for a job and learns from how jobs end. Each expert has a Beta posterior of its chance to
// verify per feature key (general to specific, each level a weak prior for the next); Thompson sampling draws a
// chance per expert and the router picks the expert with the least expected time to a verified result, counting
// the escalation to stronger experts when it fails. State is kept per workspace in one JSON file, written
// atomically, so it survives restarts.

import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import type { RandomSource } from "../random/seededRandom.js";
import { betaSample } from "./betaSampling.js";
import { writeFileAtomically } from "../files/writeFileAtomically.js";
import { byStrength, type ExpertProfile } from "./ExpertProfile.js";
import { featureKeys, type JobFeatures } from "./jobFeatures.js";

/** Outcomes of one expert on one feature key. */
export interface OutcomeCounts {
    verified: number;
    unverified: number;
    /** Sum of the jobs' durations, verified or not. */
    totalMs: number;
    /** Sum of the rounds the jobs used. */
    rounds: number;
}

export interface RouterState {
    version: 1;
    /** expert name → feature key → counts. */
    experts: Record<string, Record<string, OutcomeCounts>>;
}

export interface JobOutcome {
    verified: boolean;
    rounds: number;
    durationMs: number;
}

/** What the router believes of an expert for a job's features. */
export interface ExpertEstimate {
    expert: string;
    /** Posterior mean of the chance to verify. */
    successRate: number;
    /** Jobs of the most specific key with data that the estimate rests on (0: none yet). */
    observations: number;
    /** Expected duration of one job: measured when there are outcomes, else scaled from `relativeCost`. */
    costMs: number;
    /** Whether `costMs` was measured on this expert (false: a guess from its relative cost). */
    costMeasured: boolean;
}

/** Why an expert was chosen, as the CLI and the panel show it. */
export interface RoutingReason {
    /** Posterior mean chance of verifying. */
    estimatedSuccessRate: number;
    /** Expected duration of the job with this expert, in ms (a guess from relative cost until measured). */
    estimatedCostMs: number;
    costMeasured: boolean;
    observations: number;
    /** One sentence. */
    summary: string;
}

export interface RoutingDecision {
    expert: ExpertProfile;
    why: RoutingReason;
    /** Every expert's estimate and Thompson draw, in escalation order. */
    considered: (ExpertEstimate & { sampledSuccessRate: number; expectedMsToVerified: number })[];
}

const emptyState = (): RouterState => ({ version: 1, experts: {} });
/** The most pseudo-observations a general key lends to a more specific one. */
const priorStrength = 1;
/** Fallback milliseconds per unit of relative cost before any job was measured. */
const msPerRelativeCost = 10_000;

export class Router {
    /** Set when the state file could not be read and was moved aside; the router then starts from nothing. */
    readonly notes: string[] = [];
    private saving: Promise<void> = Promise.resolve();

    private constructor(
        readonly stateFile: string,
        private state: RouterState,
        private readonly random: RandomSource
    ) {}

    /** Opens the router of a workspace's state folder; `random` makes choices repeatable (tests, benchmarks). */
    static async open(stateDir: string, options: { random?: RandomSource } = {}): Promise<Router> {
        const stateFile = join(stateDir, "router.json");
        const notes: string[] = [];
        let state = emptyState();
        const text = await readFile(stateFile, "utf8").catch((error: NodeJS.ErrnoException) => {
            if (error.code === "ENOENT") return undefined;
            throw error;
        });
        if (text !== undefined) {
            const parsed = parseState(text);
            if (parsed) state = parsed;
            else {
                // Keep the unreadable file for the user to look at; learning starts again.
                const aside = `${stateFile}.unreadable-${Date.now()}`;
                await rename(stateFile, aside);
                notes.push(
                    `The router's state ${stateFile} could not be read; it was moved to ${aside} and routing starts afresh.`
                );
            }
        }
        const router = new Router(stateFile, state, options.random ?? Math.random);
        router.notes.push(...notes);
        return router;
    }

    /** A copy of what the router has learnt. */
    snapshot(): RouterState {
        return structuredClone(this.state);
    }

    estimate(expert: ExpertProfile, features: JobFeatures, allExperts: readonly ExpertProfile[]): ExpertEstimate {
        const { alpha, beta, observations } = this.posterior(expert.name, features);
        const cost = this.cost(expert, features, allExperts);
        return { expert: expert.name, successRate: alpha / (alpha + beta), observations, ...cost };
    }

    /**
     * Draws a chance of verifying for every expert and picks the one with the least expected time to a verified
     * result, where a failure passes the job to the next stronger expert (the strongest retries itself).
     */
    choose(experts: readonly ExpertProfile[], features: JobFeatures): RoutingDecision {
        if (experts.length === 0) throw new RangeError("the router needs at least one expert");
        const ordered = byStrength(experts);
        const draws = ordered.map((expert) => {
            const { alpha, beta } = this.posterior(expert.name, features);
            return {
                ...this.estimate(expert, features, ordered),
                sampledSuccessRate: betaSample(alpha, beta, this.random)
            };
        });
        const expected: number[] = new Array(ordered.length);
        for (let i = ordered.length - 1; i >= 0; i--) {
            const p = Math.max(draws[i]!.sampledSuccessRate, 0.02);
            expected[i] =
                i === ordered.length - 1 ? draws[i]!.costMs / p : draws[i]!.costMs + (1 - p) * expected[i + 1]!;
        }
        const considered = draws.map((draw, i) => ({ ...draw, expectedMsToVerified: expected[i]! }));
        let best = 0;
        for (let i = 1; i < considered.length; i++)
            if (considered[i]!.expectedMsToVerified < considered[best]!.expectedMsToVerified) best = i;
        const chosen = considered[best]!;
        return { expert: ordered[best]!, why: reasonOf(chosen, features, considered.length), considered };
    }

    /** Records how a job ended with an expert and saves the state. */
    async record(expertName: string, features: JobFeatures, outcome: JobOutcome): Promise<void> {
        const perKey = (this.state.experts[expertName] ??= {});
        for (const key of featureKeys(features)) {
            const counts = (perKey[key] ??= { verified: 0, unverified: 0, totalMs: 0, rounds: 0 });
            if (outcome.verified) counts.verified++;
            else counts.unverified++;
            counts.totalMs += Math.max(0, Math.round(outcome.durationMs));
            counts.rounds += outcome.rounds;
        }
        const text = JSON.stringify(this.state, null, 1) + "\n";
        this.saving = this.saving.then(() => writeFileAtomically(this.stateFile, text));
        await this.saving;
    }

    /**
     * The Beta posterior at the most specific key with data. Each level's prior is what the level above learnt
     * from the *other* jobs it holds (so no job counts twice), scaled down to at most 1 job' weight.
     */
    private posterior(
        expertName: string,
        features: JobFeatures
    ): { alpha: number; beta: number; observations: number } {
        const perKey = this.state.experts[expertName] ?? {};
        const levels = featureKeys(features).map(
            (key) => perKey[key] ?? { verified: 0, unverified: 0, totalMs: 0, rounds: 0 }
        );
        let alpha = 1;
        let beta = 1;
        let observations = 0;
        for (let i = 0; i < levels.length; i++) {
            const counts = levels[i]!;
            if (counts.verified + counts.unverified === 0) break;
            const narrower = levels[i + 1];
            const narrowerRuns = narrower ? narrower.verified + narrower.unverified : 0;
            if (narrowerRuns === 0) {
                // The most specific level with data: its own outcomes on the prior from above.
                alpha += counts.verified;
                beta += counts.unverified;
                observations = counts.verified + counts.unverified;
                break;
            }
            const otherAlpha = alpha + counts.verified - narrower!.verified;
            const otherBeta = beta + counts.unverified - narrower!.unverified;
            const strength = Math.min(otherAlpha + otherBeta, priorStrength);
            alpha = (strength * otherAlpha) / (otherAlpha + otherBeta);
            beta = strength - alpha;
        }
        return { alpha, beta, observations };
    }

    private cost(
        expert: ExpertProfile,
        features: JobFeatures,
        allExperts: readonly ExpertProfile[]
    ): { costMs: number; costMeasured: boolean } {
        const measured = this.measuredMs(expert.name, features);
        if (measured !== undefined) return { costMs: measured, costMeasured: true };
        // Unmeasured: scale its relative cost by what a unit of relative cost took for the measured experts.
        const units = allExperts.flatMap((other) => {
            const ms = this.measuredMs(other.name, features);
            return ms === undefined ? [] : [ms / relativeCostOf(other)];
        });
        const msPerUnit = units.length > 0 ? units.reduce((a, b) => a + b, 0) / units.length : msPerRelativeCost;
        return { costMs: relativeCostOf(expert) * msPerUnit, costMeasured: false };
    }

    private measuredMs(expertName: string, features: JobFeatures): number | undefined {
        const perKey = this.state.experts[expertName] ?? {};
        let found: number | undefined;
        for (const key of featureKeys(features)) {
            const counts = perKey[key];
            const runs = counts ? counts.verified + counts.unverified : 0;
            if (runs > 0) found = counts!.totalMs / runs;
        }
        return found;
    }
}

function relativeCostOf(expert: ExpertProfile): number {
    return expert.relativeCost ?? Math.max(expert.strength, 0.001);
}

function reasonOf(
    chosen: ExpertEstimate & { sampledSuccessRate: number; expectedMsToVerified: number },
    features: JobFeatures,
    count: number
): RoutingReason {
    const rate = `${Math.round(chosen.successRate * 100)}%`;
    const cost = `${(chosen.costMs / 1000).toFixed(1)} s${chosen.costMeasured ? "" : " (guessed)"}`;
    const basis =
        chosen.observations > 0 ? `from ${chosen.observations} ${features.kind} job(s) like this` : "no outcomes yet";
    const summary =
        count === 1
            ? `the only expert; estimated ${rate} chance to verify, ${cost} a job (${basis})`
            : `least expected time to a verified ${features.kind} in ${features.language}: estimated ${rate} chance to verify, ${cost} a job (${basis})`;
    return {
        estimatedSuccessRate: Number(chosen.successRate.toFixed(3)),
        estimatedCostMs: Math.round(chosen.costMs),
        costMeasured: chosen.costMeasured,
        observations: chosen.observations,
        summary
    };
}

function parseState(text: string): RouterState | undefined {
    try {
        const value = JSON.parse(text) as RouterState;
        if (value?.version !== 1 || typeof value.experts !== "object" || value.experts === null) return undefined;
        for (const perKey of Object.values(value.experts))
            for (const counts of Object.values(perKey)) {
                if (
                    ![counts.verified, counts.unverified, counts.totalMs, counts.rounds].every(
                        (n) => typeof n === "number" && Number.isFinite(n) && n >= 0
                    )
                )
                    return undefined;
            }
        return value;
    } catch {
        return undefined;
    }
}
