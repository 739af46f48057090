// A verified and accepted answer kept as a training example in the shape the R1 distills were trained on: the
// prompt, the thought, the answer, and what proved it (rewards, tests passed, model, expert).

import type { ExpertJobKind } from "../experts/jobKinds.js";
import { fixRoundPurpose, repairRoundPurpose } from "../runtime/CallPurpose.js";
import type { ExpertJobResult } from "../experts/runWithExperts.js";
import type { ThoughtClosedBy } from "../runtime/ModelRuntime.js";

export interface TrainingExample {
    /** Random id; also the de-duplication key. */
    id: string;
    /** ISO time it was kept. */
    createdAt: string;
    kind: ExpertJobKind;
    /** The user message the model answered (R1 distills take no system prompt). */
    prompt: string;
    /** The text inside `<think>…</think>`. */
    thought: string;
    /** The text after the thought. */
    answer: string;
    metadata: {
        file: string;
        language: string;
        model: string;
        expert: string;
        /** The verification reward: the fix's total reward; for tests, the mutation score from 0 to 1. */
        reward: number;
        /** The reward's parts, as ranked (fix) or measured (tests). */
        rewards: Record<string, number>;
        /** Tests that passed with the answer: the reproducing tests of a fix, the kept tests of a test job. */
        testsPassed: string[];
        thoughtClosedBy: ThoughtClosedBy;
        round: number;
        candidate: number;
        /** Port: the unit (function) this reply translated. */
        unit?: string;
    };
}

/**
 * The training examples of a verified job result: one for a fix or a tests job (the reply that made it), one per
 * proven function of a port (the reply that gave its final code); none when the result is not verified or its
 * reply cannot be traced to a captured call. Call it when the result is shown; keep them once the user accepts.
 */
export function trainingExamplesOf(job: ExpertJobResult<ExpertJobKind>, now = new Date()): TrainingExample[] {
    if (!job.verified) return [];
    if (job.kind === "port") return portExamples(job as ExpertJobResult<"port">, now);
    if (job.kind === "repair") {
        const example = repairExample(job as ExpertJobResult<"repair">, now);
        return example ? [example] : [];
    }
    const example = singleExample(job, now);
    return example ? [example] : [];
}

function portExamples(job: ExpertJobResult<"port">, now: Date): TrainingExample[] {
    const { result } = job;
    const testsPassed = result.tests.filter((t) => t.outcome === "passed").map((t) => t.name);
    return result.units.flatMap((unit): TrainingExample[] => {
        if (unit.kind !== "function" || unit.status !== "equivalent" || unit.modelCall === undefined) return [];
        const call = job.calls[unit.modelCall];
        const reply = call?.replies[0];
        if (!call || !reply || !call.purpose?.startsWith("port.")) return [];
        return [
            {
                id: randomId(),
                createdAt: now.toISOString(),
                kind: "port",
                prompt: lastUserMessage(call.messages),
                thought: reply.thought,
                answer: reply.answer,
                metadata: {
                    file: result.file,
                    language: result.to,
                    model: call.modelId,
                    expert: job.expert.name,
                    reward: round3(unit.cases > 0 ? unit.equal / unit.cases : 0),
                    rewards: { equalShare: round3(unit.cases > 0 ? unit.equal / unit.cases : 0), cases: unit.cases },
                    testsPassed,
                    thoughtClosedBy: reply.thoughtClosedBy,
                    round: unit.rounds.compileRepair + unit.rounds.counterexample,
                    candidate: 0,
                    unit: unit.name
                }
            }
        ];
    });
}

/** A verified repair's winning reply: its round's call by purpose, the failing tests it made pass. */
function repairExample(job: ExpertJobResult<"repair">, now: Date): TrainingExample | undefined {
    const { result } = job;
    if (!result.patch) return undefined;
    const { round, candidate } = result.patch;
    const call = job.calls.find((c) => c.purpose === repairRoundPurpose(round));
    const reply = call?.replies.find((r) => r.index === candidate);
    const report = result.candidates.find((c) => c.round === round && c.index === candidate);
    if (!call || !reply || !report) return undefined;
    return {
        id: randomId(),
        createdAt: now.toISOString(),
        kind: "repair",
        prompt: lastUserMessage(call.messages),
        thought: reply.thought,
        answer: reply.answer,
        metadata: {
            file: result.patch.files.map((f) => f.file).join(", "),
            language: job.features.language,
            model: call.modelId,
            expert: job.expert.name,
            reward: round3(report.ranking.reward.total),
            rewards: Object.fromEntries(Object.entries(report.ranking.reward).map(([k, v]) => [k, round3(v)])),
            testsPassed: result.evidence.failingNowPass,
            thoughtClosedBy: reply.thoughtClosedBy,
            round,
            candidate
        }
    };
}

function singleExample(job: ExpertJobResult<ExpertJobKind>, now: Date): TrainingExample | undefined {
    if (job.kind === "fix") {
        const result = (job as ExpertJobResult<"fix">).result;
        if (!result.patch) return undefined;
        const { round, candidate } = result.patch;
        // The call of the winning round by its purpose: the tests-only pass (`fix.tests`) sits between rounds 0 and 1.
        const call = job.calls.find((c) => c.purpose === fixRoundPurpose(round));
        const reply = call?.replies.find((r) => r.index === candidate);
        const report = result.candidates.find((c) => c.round === round && c.index === candidate);
        const verification = result.verifications.find((v) => v.round === round && v.candidate === candidate);
        if (!call || !reply || !report) return undefined;
        return {
            id: randomId(),
            createdAt: now.toISOString(),
            kind: "fix",
            prompt: lastUserMessage(call.messages),
            thought: reply.thought,
            answer: reply.answer,
            metadata: {
                file: result.file,
                language: result.language,
                model: call.modelId,
                expert: job.expert.name,
                reward: round3(report.ranking.reward.total),
                rewards: Object.fromEntries(Object.entries(report.ranking.reward).map(([k, v]) => [k, round3(v)])),
                testsPassed: verification?.testsPassed ?? report.reproducingTests,
                thoughtClosedBy: reply.thoughtClosedBy,
                round,
                candidate
            }
        };
    }
    const result = (job as ExpertJobResult<"tests">).result;
    const call = job.calls.find((c) => c.purpose === "tests");
    // The reply that gave the most kept tests.
    const perCandidate = new Map<number, string[]>();
    for (const kept of result.kept)
        perCandidate.set(kept.candidate, [...(perCandidate.get(kept.candidate) ?? []), kept.name]);
    const [candidate, names] =
        [...perCandidate.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0] ?? [];
    const reply = call?.replies.find((r) => r.index === candidate);
    if (!call || !reply || candidate === undefined) return undefined;
    const gain = result.kept.filter((k) => k.candidate === candidate).reduce((sum, k) => sum + k.coverageGain, 0);
    return {
        id: randomId(),
        createdAt: now.toISOString(),
        kind: "tests",
        prompt: lastUserMessage(call.messages),
        thought: reply.thought,
        answer: reply.answer,
        metadata: {
            file: result.file,
            language: result.language,
            model: call.modelId,
            expert: job.expert.name,
            reward: round3(result.mutation.score / 100),
            rewards: { mutationScore: round3(result.mutation.score / 100), coverageGain: round3(gain) },
            testsPassed: names ?? [],
            thoughtClosedBy: reply.thoughtClosedBy,
            round: 0,
            candidate
        }
    };
}

function lastUserMessage(messages: { role: string; content: string }[]): string {
    return [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
}

function round3(value: number): number {
    return Math.round(value * 1000) / 1000;
}

function randomId(): string {
    return globalThis.crypto.randomUUID();
}
