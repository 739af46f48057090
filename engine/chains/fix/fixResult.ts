// The fix chain's result phase: the best candidate of every round becomes the patch (verified, plausible or unverified
// with the reason, or none), with what supports it by source and all the evidence gathered on the way; the solution
// memory settles with what was proven, and only a verified patch is proven.

import { performance } from "node:perf_hooks";
import { findDefinition } from "../../analysis/index.js";
import { solutionPattern } from "../../memory/index.js";
import { unifiedDiff } from "../../text/renderUnifiedDiff.js";
import type { ProvenSolution } from "../MemorySession.js";
import { chooseBest, unverifiedReason } from "./bestCandidate.js";
import type { FixRun, FixServices } from "./FixRun.js";
import type { MemoryReport } from "../ChainTypes.js";
import type { FixResult } from "./FixTypes.js";
import { noCandidateEvidence } from "./fixVerdict.js";
import { uniquePlaced } from "./testEvidence.js";

export async function fixResult(run: FixRun, services: FixServices): Promise<FixResult> {
    const { file, language, originalText } = run.target;
    const best = chooseBest(run.ranked);
    const base = {
        ...(services.symbolic && services.symbolic.length > 0
            ? {
                  symbolic: {
                      sources: run.symbolic.reports,
                      candidates: run.symbolic.candidates,
                      modelCancelled: run.symbolic.modelCancelled
                  }
              }
            : {}),
        file,
        language,
        rounds: run.rounds,
        candidates: run.reports,
        reproductions: run.reproductions,
        verifications: run.verifications,
        contextOmitted: run.context.omitted.map((o) => o.title ?? o.kind),
        ...(run.testsPass ? { testsPass: run.testsPass } : {}),
        timings: {
            modelMs: Math.round(run.timings.modelMs),
            verifyMs: Math.round(run.timings.verifyMs),
            totalMs: Math.round(performance.now() - run.started)
        }
    };
    if (!best)
        return {
            ...base,
            status: "noCandidate",
            evidence: noCandidateEvidence(),
            regressionTests: [],
            ...(await settleMemory(run))
        };
    const patch = best.round.patch;
    const patchInfo = {
        edits: patch.edits!,
        diff: unifiedDiff(file, originalText, patch.patchedText!),
        round: patch.round,
        candidate: patch.index,
        ...(patch.origin ? { origin: patch.origin } : {})
    };
    const verdict = best.round.verdict;
    if (best.ranking.verified && verdict) {
        const own = uniquePlaced(run.reproducingPool.filter((t) => best.round.reproducing.includes(t.id)));
        return {
            ...base,
            status: "verified",
            patch: patchInfo,
            evidence: verdict.evidence,
            regressionTests: own.map((p) => ({ file: p.file, code: p.code })),
            ...(await settleMemory(run, { patchedText: patch.patchedText!, diff: patchInfo.diff }))
        };
    }
    if (verdict?.status === "plausible") {
        // Not proven: offered as a diff with its reason, never stored as proven.
        return {
            ...base,
            status: "plausible",
            patch: patchInfo,
            unverifiedReason: verdict.reason!,
            evidence: verdict.evidence,
            regressionTests: [],
            ...(await settleMemory(run))
        };
    }
    const reason = unverifiedReason(best.round, run.baseline.reproduction);
    return {
        ...base,
        status: "unverified",
        patch: patchInfo,
        unverifiedReason: reason,
        regressionTests: [],
        evidence: { ...(verdict?.evidence ?? noCandidateEvidence()), summary: `Not verified: ${reason}` },
        ...(await settleMemory(run))
    };
}

/** The memory settles with the verified fix (the target before and after, the whole file's diff), or with nothing. */
async function settleMemory(
    run: FixRun,
    verifiedPatch?: { patchedText: string; diff: string }
): Promise<{ memory?: MemoryReport }> {
    const session = run.session;
    if (!session) return {};
    const { file, language, originalText, name, code } = run.target;
    const proven: ProvenSolution[] = verifiedPatch
        ? [
              {
                  target: name,
                  file,
                  pattern: solutionPattern(originalText, verifiedPatch.patchedText),
                  example: {
                      before: code,
                      diff: verifiedPatch.diff,
                      after:
                          (await findDefinition(verifiedPatch.patchedText, language, name, { parser: run.parser }))
                              ?.text ?? verifiedPatch.patchedText
                  }
              }
          ]
        : [];
    const report = await session.settle(proven);
    return report ? { memory: report } : {};
}
