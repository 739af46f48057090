// A repair job's result as plain JSON, written once: the CLI's `--json` prints it, the language server returns it from
// `ponder/fix` (a request with a failure target), and the panel renders its localisation table and verdict, so the
// terminal, the editor and the panel read the same fields. Texts are left out of the patch (edits and diff suffice).

import type { FailingTest, RepairCandidateReport, RepairResult, RepairStatus } from "../chains/repair/RepairTypes.js";
import type { LocalisationSource } from "../chains/repair/localisation/LocalisationTypes.js";
import type { PatchForm } from "../chains/repair/patches/PatchTypes.js";

export interface RepairSuspectReport {
    rank: number;
    file: string;
    name: string;
    startLine: number;
    endLine: number;
    score: number;
    why: string;
}

export interface RepairFilePatchReport {
    /** Workspace-relative. */
    file: string;
    /** Offsets into the file as the job read it. */
    edits: { start: number; end: number; newText: string }[];
    /** The whole patched text, for a diff preview without re-applying the edits. */
    patchedText: string;
    created: boolean;
    isTest: boolean;
}

export interface RepairCandidateSummary {
    round: number;
    index: number;
    status: RepairCandidateReport["status"];
    verified: boolean;
    reward: number;
    summary: string;
    files: string[];
    forms: PatchForm[];
    parseProblems: string[];
    fixed: string[];
    regressions: string[];
    changesTests: string[];
}

export interface RepairReport {
    status: RepairStatus;
    failing: FailingTest[];
    localisation: {
        suspects: RepairSuspectReport[];
        sources: LocalisationSource[];
        tied: boolean;
        modelChoice?: { file: string; name: string; reason: string };
        notes: string[];
    };
    /** The chosen patch across files; null for `noCandidate` and `nothingFails`. */
    patch: { files: RepairFilePatchReport[]; diff: string; round: number; candidate: number } | null;
    evidence: RepairResult["evidence"];
    reproduction?: { file: string; code: string; failing: string[] };
    rounds: number;
    candidates: RepairCandidateSummary[];
    notes: string[];
    timings: RepairResult["timings"];
}

function candidateSummary(c: RepairCandidateReport): RepairCandidateSummary {
    return {
        round: c.round,
        index: c.index,
        status: c.status,
        verified: c.ranking.verified,
        reward: c.ranking.reward.total,
        summary: c.summary,
        files: c.files,
        forms: c.forms,
        parseProblems: c.parseProblems,
        fixed: c.fixed,
        regressions: c.regressions,
        changesTests: c.changesTests
    };
}

export function repairReport(result: RepairResult): RepairReport {
    const { localisation, patch, evidence } = result;
    return {
        status: result.status,
        failing: result.failing.map((f) => ({ ...f })),
        localisation: {
            suspects: localisation.suspects.map((s) => ({
                rank: s.rank,
                file: s.file,
                name: s.name,
                startLine: s.startLine,
                endLine: s.endLine,
                score: s.score,
                why: s.why
            })),
            sources: [...localisation.sources],
            tied: localisation.tied,
            ...(localisation.modelChoice ? { modelChoice: { ...localisation.modelChoice } } : {}),
            notes: [...localisation.notes]
        },
        patch: patch
            ? {
                  files: patch.files.map((f) => ({
                      file: f.file,
                      edits: f.edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText })),
                      patchedText: f.patchedText,
                      created: f.created,
                      isTest: f.isTest
                  })),
                  diff: patch.diff,
                  round: patch.round,
                  candidate: patch.candidate
              }
            : null,
        evidence: {
            ...evidence,
            passToPass: { ...evidence.passToPass },
            ...(evidence.testChange ? { testChange: { ...evidence.testChange } } : {})
        },
        ...(result.reproduction ? { reproduction: { ...result.reproduction } } : {}),
        rounds: result.rounds,
        candidates: result.candidates.map(candidateSummary),
        notes: [...result.notes],
        timings: { ...result.timings }
    };
}
