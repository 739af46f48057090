// The debugging chain: context → G candidates in one group call → reproduction of the bug by each reply's
// tests → every patch against every reproducing test and the existing tests → reward ranking → feedback
// rounds until a patch is verified. It returns edits and evidence; it never writes the user's file.

import type { ChainDependencies } from "../ChainDependencies.js";
import { fixResult } from "./fixResult.js";
import type { FixRound, FixServices } from "./FixRun.js";
import type { FixEvent, FixRequest, FixResult } from "./FixTypes.js";
import { prepareFix } from "./prepareFix.js";
import { rankRound, roundVerified, sendFeedback } from "./rankRound.js";
import { acceptSymbolicWin, sampleRound, symbolicWonEarly } from "./sampleRound.js";
import { crossVerifyRound, parseRound, reproduceRound } from "./verifyRound.js";

export type FixChainDependencies = ChainDependencies<FixEvent>;

export async function runFixChain(request: FixRequest, deps: FixChainDependencies): Promise<FixResult> {
    const { onEvent, ...dependencies } = deps;
    const services: FixServices = { ...dependencies, emit: (event) => onEvent?.(event) };
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
        await parseRound(run, round, sampled);
        // 3. Reproduction: each reply's tests against the original code.
        await reproduceRound(run, round, services);
        // 4. Cross-verification: every patch against every reproducing test and the existing tests.
        await crossVerifyRound(run, round, services);
        // 5. Reward and rank.
        rankRound(run, round, services);
        if (roundVerified(round)) break;
        // 6. Feedback: the best attempts and how they failed go back to the model.
        sendFeedback(run, round, services);
    }
    // 7. Result, and the memory settles with it.
    return fixResult(run, services);
}
