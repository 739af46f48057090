// The repair's result: every candidate as a report, the chosen patch (the best by the verdict rule, then by reward,
// earliest first among equals) with the evidence it was judged on, and the notes the user should read.

import { performance } from "node:perf_hooks";
import type { Localisation } from "./localisation/LocalisationTypes.js";
import type { CheckedCandidate, RepairRun } from "./RepairRun.js";
import type { RepairCandidateReport, RepairEvidence, RepairResult, RepairStatus } from "./RepairTypes.js";

const statusOrder: Record<RepairCandidateReport["status"], number> = {
    verified: 3,
    plausible: 2,
    changesTest: 1,
    unverified: 0
};

export function repairResult(run: RepairRun): RepairResult {
    const candidates = run.checked.map(candidateReport);
    const best = bestCandidate(run.checked);
    const status: RepairStatus =
        run.failing.length === 0
            ? run.oracle === "reproduction"
                ? "unverified"
                : "nothingFails"
            : !best
              ? "noCandidate"
              : best.verdict.status;
    const localisation: Localisation = run.localisation ?? { suspects: [], sources: [], tied: false, notes: [] };
    return {
        status,
        failing: run.failing,
        localisation,
        ...(best && status !== "noCandidate" && status !== "nothingFails"
            ? {
                  patch: {
                      files: best.candidate.files,
                      diff: best.diff,
                      round: best.candidate.round,
                      candidate: best.candidate.index
                  }
              }
            : {}),
        evidence: evidenceOf(run, best, status),
        ...(run.reproduction
            ? {
                  reproduction: {
                      file: run.reproduction.file,
                      code: run.reproduction.code,
                      failing: run.reproduction.failing
                  }
              }
            : {}),
        rounds: run.rounds,
        candidates,
        notes: run.notes,
        timings: {
            localiseMs: Math.round(run.timings.localiseMs),
            modelMs: Math.round(run.timings.modelMs),
            verifyMs: Math.round(run.timings.verifyMs),
            regressionMs: Math.round(run.timings.regressionMs),
            totalMs: Math.round(performance.now() - run.started)
        }
    };
}

/** The candidate to show: a usable patch, best status first, then reward, then the earliest. */
export function bestCandidate(checked: readonly CheckedCandidate[]): CheckedCandidate | undefined {
    return [...checked]
        .filter((c) => c.candidate.files.length > 0)
        .sort(
            (a, b) =>
                statusOrder[b.verdict.status] - statusOrder[a.verdict.status] ||
                (b.ranking?.reward.total ?? 0) - (a.ranking?.reward.total ?? 0) ||
                a.candidate.round - b.candidate.round ||
                a.candidate.index - b.candidate.index
        )[0];
}

function evidenceOf(run: RepairRun, best: CheckedCandidate | undefined, status: RepairStatus): RepairEvidence {
    const failing = run.failing.map((f) => f.id);
    const check = best?.check;
    const testFiles = best?.candidate.files.filter((f) => f.isTest).map((f) => f.file) ?? [];
    const summary =
        status === "nothingFails"
            ? "Nothing to fix: the tests named (or all of them) pass on the current code."
            : run.failing.length === 0
              ? (run.notes.find((n) => /reproduc/.test(n)) ?? "Not verified: no failing test reproduces the report.")
              : status === "noCandidate"
                ? "No reply gave a usable patch."
                : best!.verdict.summary;
    return {
        oracle: run.oracle,
        failingNowPass: check?.fixed ?? [],
        stillFailing: check ? check.stillFailing : failing,
        regressions: check?.regressions ?? [],
        passToPass: check?.passToPass ?? { run: 0, total: run.baseline.passing.length, affectedFirst: 0 },
        flaky: check?.flaky ?? [],
        ...(status === "changesTest"
            ? {
                  testChange: {
                      files: testFiles,
                      reason: best?.candidate.testChangeReason ?? "the reply gave no reason"
                  }
              }
            : {}),
        summary
    };
}

function candidateReport(checked: CheckedCandidate): RepairCandidateReport {
    const { candidate, check, verdict } = checked;
    return {
        round: candidate.round,
        index: candidate.index,
        ranking: checked.ranking!,
        status: verdict.status,
        summary: verdict.summary,
        files: candidate.files.map((f) => f.file),
        forms: candidate.forms,
        parseProblems: candidate.parseProblems,
        fixed: check?.fixed ?? [],
        regressions: check?.regressions ?? [],
        changesTests: candidate.files.filter((f) => f.isTest).map((f) => f.file),
        thought: candidate.reply.thought,
        answer: candidate.reply.answer,
        ...(checked.diff ? { diff: checked.diff } : {})
    };
}
