// The debugging chain: context → G candidates in one group call (and, once, a tests-only pass that sees no patch) →
// each reply's tests on the original code → every patch against every pooled test and the existing tests → the
// verdict by source and the survivors' behaviour compared → reward ranking → feedback rounds until a patch is
// verified. It returns edits and evidence; it never writes the user's file.

import type { ChainDependencies } from "../ChainDependencies.js";
import type { CompareBehaviour } from "./behaviourCheck.js";
import { compareBehaviour as compareCandidateBehaviour } from "./candidateBehaviour.js";
import { fixResult } from "./fixResult.js";
import { gatherIndependentTests } from "./independentTests.js";
import { judgeRound } from "./judgeRound.js";
import type { FixRound, FixServices } from "./FixRun.js";
import type { DefaultedFixRequest, FixEvent, FixResult } from "./FixTypes.js";
import { prepareFix } from "./prepareFix.js";
import { earlierSurvivors, rankRound, refreshEarlier, roundSettled, sendFeedback } from "./rankRound.js";
import { acceptSymbolicWin, sampleRound, symbolicWonEarly } from "./sampleRound.js";
import { crossVerifyRound, parseRound, reproduceRound } from "./verifyRound.js";

export interface FixChainDependencies extends ChainDependencies<FixEvent> {
    /** Compares surviving candidates on generated inputs; default: the engine's own comparison (candidateBehaviour.ts). */
    compareBehaviour?: CompareBehaviour;
}

export async function runFixChain(request: DefaultedFixRequest, deps: FixChainDependencies): Promise<FixResult> {
    const { onEvent, compareBehaviour, ...dependencies } = deps;
    const services: FixServices = {
        ...dependencies,
        emit: (event) => onEvent?.(event),
        compareBehaviour: compareBehaviour ?? compareCandidateBehaviour
    };
    const { signal } = services;
    // 1. Context, existing tests on the original (the baseline and the chain's own reproduction), memory recall.
    const run = await prepareFix(request, services);
    for (let number = 0; number < run.totalRounds && !signal?.aborted; number++) {
        run.rounds = number + 1;
        const round: FixRound = { number, candidates: [], ranked: [] };
        // 2. One group call per round, the exact tools' candidates raced alongside it in the first.
        const sampled = await sampleRound(run, round, services);
        if (signal?.aborted) break;
        if (symbolicWonEarly(sampled)) {
            acceptSymbolicWin(run, round, sampled, services);
            break;
        }
        // 3. Once: tests no patch's reply wrote (a tests-only pass, the docstring's examples), on the original code.
        if (number === 0) await gatherIndependentTests(run, services);
        if (signal?.aborted) break;
        await parseRound(run, round, sampled);
        // 4. Reproduction: each reply's tests against the original code.
        await reproduceRound(run, round, services);
        // 5. Cross-verification: every patch (and earlier survivors) against every pooled test and the existing tests.
        const earlier = earlierSurvivors(run);
        await crossVerifyRound(run, round, services, earlier);
        // 6. Verdict by source, survivors compared by behaviour; then reward and rank.
        await judgeRound(run, round.candidates, earlier, services);
        rankRound(run, round, services);
        refreshEarlier(run, earlier);
        if (roundSettled(run, round)) break;
        // 7. Feedback: the best attempts and how they failed (or where they disagree) go back to the model.
        sendFeedback(run, round, services);
    }
    // 8. Result, and the memory settles with it.
    return fixResult(run, services);
}
