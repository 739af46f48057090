// The tests chain's last phase: the kept tests are a proven result, so the solution memory stores them and judges
// what it recalled; then the report is assembled from every phase's product, in the shape front ends read.

import { performance } from "node:perf_hooks";
import { solutionPattern } from "../../memory/index.js";
import type { MemoryReport } from "../ChainTypes.js";
import { percentOf } from "./targetCoverage.js";
import type { TestsPhaseProducts, TestsRun } from "./TestsRun.js";
import type { KeptTest, TestsResult } from "./TestsTypes.js";

/** Phase 8: memory settled, then the result; percentages are of the final coverable lines. */
export async function testsResult(testsRun: TestsRun, products: TestsPhaseProducts): Promise<TestsResult> {
    const { file, language, target, framework, timings } = testsRun;
    const { pool, stability, coverage, selection, change, mutation } = products;
    const { measured } = coverage;
    const percent = (lines: number) => percentOf(lines, change.coverable.size);
    const kept: KeptTest[] = selection.kept.map(({ entry, newLines }) => ({
        name: entry.test.name,
        code: entry.test.code,
        file: change.testFile,
        candidate: entry.test.candidate,
        newLines,
        coverageGain: measured ? percent(newLines.length) : 0
    }));
    const memory = await settleMemory(testsRun, kept.length > 0 ? change.keptCode : undefined);
    return {
        file,
        language,
        target: target.name,
        framework,
        kept,
        dropped: [...pool.dropped, ...stability.dropped, ...selection.dropped],
        possibleBugs: stability.possibleBugs,
        coverage: {
            before: measured ? percent(coverage.baseline.size) : 0,
            after: measured ? change.coverageAfter : 0,
            measured,
            coverableLines: change.coverable.size
        },
        mutation,
        edits: change.edits,
        keptTogether: change.keptTogether,
        candidates: pool.candidates,
        notes: [...coverage.notes, ...change.notes],
        ...(memory ? { memory } : {}),
        timings: {
            modelMs: Math.round(timings.modelMs),
            runsMs: Math.round(timings.runsMs),
            coverageMs: Math.round(timings.coverageMs),
            mutationMs: Math.round(timings.mutationMs),
            totalMs: Math.round(performance.now() - testsRun.startedAt)
        }
    };
}

/** Kept tests are stored for similar code, and each recalled set judged by whether its pattern reappears in them. */
async function settleMemory(testsRun: TestsRun, keptCode: string | undefined): Promise<MemoryReport | undefined> {
    if (!testsRun.memory) return undefined;
    const { target, file } = testsRun;
    return testsRun.memory.settle(
        keptCode === undefined
            ? []
            : [
                  {
                      target: target.name,
                      file,
                      example: { before: target.code, after: keptCode, diff: "" },
                      pattern: solutionPattern("", keptCode)
                  }
              ]
    );
}
