// The fix chain's result phase: the best candidate of every round becomes the patch (verified, unverified with the
// reason, or none), with all the evidence gathered on the way, and the solution memory settles with what was proven.

import { performance } from "node:perf_hooks";
import { findDefinition } from "../../analysis/index.js";
import { solutionPattern } from "../../memory/index.js";
import { unifiedDiff } from "../../text/unifiedDiffText.js";
import type { ProvenSolution } from "../MemorySession.js";
import { chooseBest, unverifiedReason } from "./bestCandidate.js";
import type { FixRun, FixServices } from "./FixRun.js";
import type { MemoryReport } from "../ChainTypes.js";
import type { FixResult } from "./FixTypes.js";
import { uniquePlaced } from "./testEvidence.js";

export async function fixResult(run: FixRun, services: FixServices): Promise<FixResult> {
    const { file, language, originalText } = run.target;
    const best = chooseBest(run.ranked);
    const base = {
        ...(services.symbolic && services.symbolic.length > 0 ? {
            symbolic: { sources: run.symbolic.reports, candidates: run.symbolic.candidates, modelCancelled: run.symbolic.modelCancelled }
        } : {}),
        file, language, rounds: run.rounds, candidates: run.reports, reproductions: run.reproductions, verifications: run.verifications,
        contextOmitted: run.context.omitted.map((o) => o.title ?? o.kind),
        timings: {
            modelMs: Math.round(run.timings.modelMs), verifyMs: Math.round(run.timings.verifyMs), totalMs: Math.round(performance.now() - run.started)
        }
    };
    if (!best) return { ...base, status: "noCandidate", regressionTests: [], ...await settleMemory(run) };
    const patch = best.round.patch;
    const patchInfo = {
        edits: patch.edits!, diff: unifiedDiff(file, originalText, patch.patchedText!), round: patch.round, candidate: patch.index,
        ...(patch.origin ? { origin: patch.origin } : {})
    };
    if (best.ranking.verified) {
        const own = uniquePlaced(run.reproducingPool.filter((t) => best.round.reproducing.includes(t.id)));
        return { ...base, status: "verified", patch: patchInfo, regressionTests: own.map((p) => ({ file: p.file, code: p.code })),
            ...await settleMemory(run, { patchedText: patch.patchedText!, diff: patchInfo.diff }) };
    }
    return {
        ...base, status: "unverified", patch: patchInfo, unverifiedReason: unverifiedReason(best.round, run.baseline.reproduction), regressionTests: [],
        ...await settleMemory(run)
    };
}

/** The memory settles with the verified fix (the target before and after, the whole file's diff), or with nothing. */
async function settleMemory(run: FixRun, verifiedPatch?: { patchedText: string; diff: string }): Promise<{ memory?: MemoryReport }> {
    const session = run.session;
    if (!session) return {};
    const { file, language, originalText, name, code } = run.target;
    const proven: ProvenSolution[] = verifiedPatch ? [{
        target: name, file, pattern: solutionPattern(originalText, verifiedPatch.patchedText),
        example: {
            before: code, diff: verifiedPatch.diff,
            after: (await findDefinition(verifiedPatch.patchedText, language, name, { parser: run.parser }))?.text ?? verifiedPatch.patchedText
        }
    }] : [];
    const report = await session.settle(proven);
    return report ? { memory: report } : {};
}
