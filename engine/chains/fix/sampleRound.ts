// The fix chain's sampling phase: one group call to the model per round, and in the first round the exact tools'
// candidates raced alongside it. A tool's patch verified against the problem's own reproduction before the model
// finishes wins at once: the model's generation is cancelled.

import { performance } from "node:perf_hooks";
import { fixRoundPurpose } from "../../runtime/CallPurpose.js";
import type { GenerationResult } from "../../runtime/ModelRuntime.js";
import { inParallel } from "../inParallel.js";
import { feedbackPrompt, fixPrompt } from "./fixPrompt.js";
import type { FixRound, FixRun, FixServices, RoundCandidate } from "./FixRun.js";
import { judgeOne } from "./judgeRound.js";
import { rankRound } from "./rankRound.js";
import { symbolicCandidates } from "./symbolic/symbolicCandidates.js";
import type { SymbolicFixSource } from "./symbolic/SymbolicTypes.js";
import { newCandidate, verifyPatch } from "./verifyRound.js";

/** The tools' candidates of a round, and whether one of them was verified while the model was still sampling. */
export interface SymbolicRace {
    early: boolean;
    candidates: RoundCandidate[];
}

export interface SampledRound {
    generation: GenerationResult;
    /** Present in the first round when the chain has exact tools. */
    symbolic?: SymbolicRace;
}

export async function sampleRound(run: FixRun, round: FixRound, services: FixServices): Promise<SampledRound> {
    const { signal, emit, symbolic: sources } = services;
    const request = run.request;
    emit({
        kind: "step",
        step: "candidates",
        round: round.number,
        detail: `sampling ${run.candidatesPerRound} candidates`
    });
    const modelStarted = performance.now();
    // Symbolic candidates (first round only: the tools are deterministic) are computed while the model samples,
    // and checked at once against the problem's own reproduction; a verified one cancels the model.
    const modelAbort = new AbortController();
    const modelSignal = signal ? AbortSignal.any([signal, modelAbort.signal]) : modelAbort.signal;
    // Once the model is done, the early check is moot: every candidate is verified together later.
    const earlyCheckAbort = new AbortController();
    const symbolicWork =
        round.number === 0 && sources && sources.length > 0
            ? raceSymbolic(
                  run,
                  round,
                  sources,
                  services,
                  () => modelAbort.abort(),
                  signal ? AbortSignal.any([signal, earlyCheckAbort.signal]) : earlyCheckAbort.signal
              )
            : undefined;
    const generation = await services.runtime.generate(
        {
            messages: [
                {
                    role: "user",
                    content:
                        round.number === 0 ? fixPrompt(run.promptInput) : feedbackPrompt(run.promptInput, run.feedback)
                }
            ],
            candidates: run.candidatesPerRound,
            purpose: fixRoundPurpose(round.number),
            ...(request.seed !== undefined ? { seed: request.seed + round.number * run.candidatesPerRound } : {}),
            ...(request.thinkBudget !== undefined ? { thinkBudget: request.thinkBudget } : {})
        },
        { signal: modelSignal, onEvent: (event) => emit({ kind: "reasoning", round: round.number, event }) }
    );
    run.timings.modelMs += performance.now() - modelStarted;
    if (!modelAbort.signal.aborted) earlyCheckAbort.abort();
    const symbolic = await symbolicWork;
    return { generation, ...(symbolic ? { symbolic } : {}) };
}

/** Whether a tool's candidate was verified before the model finished, so the model's replies were cancelled. */
export function symbolicWonEarly(sampled: SampledRound): boolean {
    return sampled.symbolic?.early === true && sampled.generation.candidates.some((c) => c.stopReason === "cancelled");
}

/**
 * Ends a round a tool's candidate won before the model finished: the round is the tools' candidates that ran.
 * Those not run because another won first are left out (they were never verified).
 */
export function acceptSymbolicWin(run: FixRun, round: FixRound, sampled: SampledRound, services: FixServices): void {
    run.symbolic.modelCancelled = true;
    round.candidates = sampled.symbolic?.candidates.filter((c) => c.verification) ?? [];
    rankRound(run, round, services, "a symbolic candidate is verified; the model was cancelled");
}

/** The round's symbolic candidates, each verified at once against the problem's own reproduction when there is one. */
async function raceSymbolic(
    run: FixRun,
    round: FixRound,
    sources: readonly SymbolicFixSource[],
    services: FixServices,
    onVerified: () => void,
    earlySignal: AbortSignal
): Promise<SymbolicRace> {
    const { file, language, originalText, range } = run.target;
    const found = await symbolicCandidates(
        sources,
        {
            file,
            language,
            originalText,
            workspace: services.workspace,
            sandbox: services.sandbox,
            ...(range ? { targetRange: range } : {}),
            ...(services.signal ? { signal: services.signal } : {})
        },
        round.number,
        run.candidatesPerRound
    );
    run.symbolic.reports.push(...found.reports);
    run.symbolic.candidates = found.patches.length;
    services.emit({
        kind: "step",
        step: "candidates",
        round: round.number,
        detail: `symbolic: ${found.reports.map((r) => `${r.tool} ${r.status} (${r.detail})`).join("; ")}`
    });
    const candidates = found.patches.map((patch) => newCandidate(run, patch));
    let early = false;
    if (run.baseline.reproduction.ids.length > 0 && candidates.length > 0) {
        const started = performance.now();
        await inParallel(run.parallelRuns, candidates, async (candidate) => {
            if (early || earlySignal.aborted) return;
            await verifyPatch(run, candidate.patch.patchedText!, [], [candidate], earlySignal);
            // Only the problem's own reproduction (the user's failing tests, or the build) ran: a source no patch wrote.
            if (judgeOne(run, candidate).status === "verified" && !early && !earlySignal.aborted) {
                early = true;
                onVerified();
            }
        });
        run.timings.verifyMs += performance.now() - started;
    }
    return { early, candidates };
}
