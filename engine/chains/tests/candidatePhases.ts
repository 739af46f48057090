// The tests chain's model phases: one group call of G candidate replies (phase 2), and the replies read into
// single tests, pooled and deduplicated (phase 3), with the tests dropped before any run reported as they go.

import type { CandidateReply, ModelRuntime } from "../../runtime/ModelRuntime.js";
import { poolTests, type PoolResult } from "./poolTests.js";
import type { TestsRun } from "./TestsRun.js";

/** Phase 2: the prompt sampled G times in one group call; the reasoning streams out as events. */
export async function sampleCandidates(testsRun: TestsRun, runtime: ModelRuntime): Promise<CandidateReply[]> {
    const { request, emit, signal } = testsRun;
    emit({ kind: "step", step: "candidates", detail: `sampling ${testsRun.candidates} candidates` });
    const generation = await runtime.generate(
        {
            messages: [{ role: "user", content: testsRun.prompt }],
            candidates: testsRun.candidates,
            purpose: "tests",
            ...(request.seed !== undefined ? { seed: request.seed } : {}),
            ...(request.thinkBudget !== undefined ? { thinkBudget: request.thinkBudget } : {})
        },
        { ...(signal ? { signal } : {}), onEvent: (event) => emit({ kind: "reasoning", event }) }
    );
    return generation.candidates;
}

/** Phase 3: the replies' tests, one self-contained test each, deduplicated; those that cannot run are dropped here. */
export async function poolCandidates(testsRun: TestsRun, replies: CandidateReply[]): Promise<PoolResult> {
    const { language, originalText, modulePath, importNames, emit } = testsRun;
    const pool = await poolTests({
        replies,
        language,
        originalText,
        modulePath,
        importNames,
        targetName: testsRun.request.symbol ?? "__ponder_whole_file__"
    });
    emit({
        kind: "step",
        step: "pool",
        detail: `${pool.tests.length} distinct tests, ${pool.dropped.length} dropped before running`
    });
    for (const d of pool.dropped) emit({ kind: "test", name: d.name, verdict: "dropped", reason: d.reason });
    return pool;
}
