// One round of the repository-level fix: G candidates in one group call (the runtime's G-candidate generation, as
// the fix chain samples), each reply parsed into a multi-file patch, each distinct patch checked in the sandbox in
// parallel, each candidate judged by the verdict rule and the round ranked by reward.

import { performance } from "node:perf_hooks";
import { repairRoundPurpose } from "../../runtime/CallPurpose.js";
import { inParallel } from "../inParallel.js";
import { rankCandidates, type CandidateEvidence } from "../rewardRanking.js";
import { parseMultiFilePatch } from "./patches/parseMultiFilePatch.js";
import type { CheckedCandidate, PatchCheck, RepairRun, RepairServices } from "./RepairRun.js";
import type { RepairCandidate } from "./RepairTypes.js";
import { repairVerdict, type RepairVerdict } from "./repairVerdict.js";
import { checkPatch } from "./verifyRepair.js";

/** The round's replies, parsed: one candidate per reply, with its files or the reasons it has none. */
export async function sampleRepairRound(
    run: RepairRun,
    round: number,
    prompt: string,
    services: RepairServices
): Promise<{ candidate: RepairCandidate; diff: string }[]> {
    services.emit({ kind: "step", step: "candidates", round, detail: `sampling ${run.candidatesPerRound} candidates` });
    const started = performance.now();
    const generation = await services.runtime.generate(
        {
            messages: [{ role: "user", content: prompt }],
            candidates: run.candidatesPerRound,
            purpose: repairRoundPurpose(round),
            ...(run.request.seed !== undefined ? { seed: run.request.seed + round * run.candidatesPerRound } : {}),
            ...(run.request.thinkBudget !== undefined ? { thinkBudget: run.request.thinkBudget } : {})
        },
        {
            ...(services.signal ? { signal: services.signal } : {}),
            onEvent: (event) => services.emit({ kind: "reasoning", round, event })
        }
    );
    run.timings.modelMs += performance.now() - started;
    const suspects = (run.localisation?.suspects ?? [])
        .slice(0, run.suspectsShown)
        .map((s) => ({ file: s.file, name: s.name }));
    return Promise.all(
        generation.candidates.map(async (reply) => {
            const problems: string[] = [];
            if (reply.flags.includes("thoughtUnclosed"))
                problems.push("the reply ended inside its thought, with no answer");
            const patch =
                reply.answer.trim() === ""
                    ? undefined
                    : await parseMultiFilePatch(reply.answer, { workspace: services.workspace, suspects });
            if (!patch && !reply.flags.includes("thoughtUnclosed"))
                problems.push("the reply has no answer after its thought");
            const candidate: RepairCandidate = {
                round,
                index: reply.index,
                reply,
                files: patch?.files ?? [],
                forms: patch?.forms ?? [],
                parseProblems: [...problems, ...(patch?.problems ?? [])],
                ...(patch?.testChangeReason ? { testChangeReason: patch.testChangeReason } : {})
            };
            return { candidate, diff: patch?.diff ?? "" };
        })
    );
}

/** Checks each distinct patch once (identical patches share the check), judges and ranks the round. */
export async function checkRound(
    run: RepairRun,
    parsed: { candidate: RepairCandidate; diff: string }[],
    services: RepairServices
): Promise<CheckedCandidate[]> {
    services.emit({
        kind: "step",
        step: "verify",
        round: parsed[0]?.candidate.round ?? 0,
        detail: "running the project's tests on each patch"
    });
    const started = performance.now();
    const byDiff = new Map<string, PatchCheck>();
    const distinct = parsed.filter(
        (p, i) => p.candidate.files.length > 0 && parsed.findIndex((q) => q.diff === p.diff) === i
    );
    await inParallel(run.parallelRuns, distinct, async (p) => {
        if (services.signal?.aborted) return;
        byDiff.set(p.diff, await checkPatch(run, p.candidate.files, services.signal));
    });
    const checkedMs = performance.now() - started;
    const regressionMs = [...byDiff.values()].reduce((sum, c) => sum + c.regressionMs, 0);
    run.timings.regressionMs += regressionMs;
    run.timings.verifyMs += checkedMs;
    const checked = parsed.map(({ candidate, diff }): CheckedCandidate => {
        const check = byDiff.get(diff);
        return { candidate, diff, ...(check ? { check } : {}), verdict: verdictOf(run, candidate, check) };
    });
    rankRound(run, checked);
    run.checked.push(...checked);
    return checked;
}

export function verdictOf(run: RepairRun, candidate: RepairCandidate, check: PatchCheck | undefined): RepairVerdict {
    if (!check)
        return {
            status: "unverified",
            summary: `Not verified: no usable patch${candidate.parseProblems[0] ? ` (${candidate.parseProblems[0]})` : ""}.`
        };
    return repairVerdict({
        oracle: run.oracle,
        failing: run.failing.map((f) => f.id),
        fixed: check.fixed,
        reruns: run.reruns,
        flaky: check.flaky,
        regressions: check.regressions,
        passToPass: check.passToPass,
        changesTests: candidate.files.filter((f) => f.isTest).map((f) => f.file),
        tampering: check.tampering,
        ...(check.notRun ? { notRun: check.notRun } : {})
    });
}

/** The fix chain's reward ranking over the round: fail-to-pass tests are its tests, pass-to-pass its existing ones. */
function rankRound(run: RepairRun, checked: CheckedCandidate[]): void {
    const evidence = checked.map(({ candidate, check, verdict }): CandidateEvidence => ({
        index: candidate.index,
        hasPatch: candidate.files.length > 0,
        hasTests: false,
        thoughtClosed: candidate.reply.thoughtClosedBy === "model",
        thought: candidate.reply.thought,
        testsRun: run.failing.map((f) => f.id),
        testsPassed: check?.fixed ?? [],
        ownTests: [],
        regressions: check?.regressions ?? [],
        existingTests: check?.passToPass.run ?? 0,
        status:
            verdict.status === "verified" ? "verified" : verdict.status === "unverified" ? "unverified" : "plausible"
    }));
    const ranked = rankCandidates(evidence, run.userScript);
    checked.forEach((c, i) => {
        c.ranking = ranked[i]!;
    });
}
