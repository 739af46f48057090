// A repository-level fix's result as plain JSON, written once: the CLI's `--json` prints it, the language server sends
// it as `ponder/repair`'s `report` (adding each file's URI and edit), and the panel reads the same fields. The
// protocol's `RepairReport` is this shape; the server fails to compile when they drift. Texts the result carries
// for the engine's own use (each file's whole original and patched text, the replies' thoughts) are left out.

import { unifiedDiff } from "../text/renderUnifiedDiff.js";
import type { Localisation } from "../chains/repair/localisation/LocalisationTypes.js";
import type {
    FailingTest,
    RepairCandidateReport,
    RepairEvidence,
    RepairResult,
    RepairStatus
} from "../chains/repair/RepairTypes.js";

export interface RepairFileReport {
    file: string;
    /** This file's part of the patch as a unified diff. */
    diff: string;
    /** The edits as offsets into the file's text as the job read it. */
    edits: { start: number; end: number; newText: string }[];
    created: boolean;
    isTest: boolean;
}

export interface RepairCandidateSummary {
    round: number;
    index: number;
    status: RepairCandidateReport["status"];
    summary: string;
    reward: number;
    rank: number;
    files: string[];
    forms: string[];
    parseProblems: string[];
    fixed: string[];
    regressions: string[];
    changesTests: string[];
}

export interface RepairReport {
    status: RepairStatus;
    failing: FailingTest[];
    localisation: {
        suspects: {
            rank: number;
            file: string;
            name: string;
            startLine: number;
            endLine: number;
            score: number;
            why: string;
        }[];
        sources: string[];
        tied: boolean;
        modelChoice?: { file: string; name: string; reason: string };
        notes: string[];
    };
    /** The chosen patch, every file; null for `noCandidate` and `nothingFails`. */
    patch: { files: RepairFileReport[]; diff: string; round: number; candidate: number } | null;
    evidence: RepairEvidence;
    reproduction?: { file: string; code: string; failing: string[] };
    rounds: number;
    candidates: RepairCandidateSummary[];
    notes: string[];
    timings: { localiseMs: number; modelMs: number; verifyMs: number; regressionMs: number; totalMs: number };
}

export function repairReport(result: RepairResult): RepairReport {
    return {
        status: result.status,
        failing: result.failing,
        localisation: localisationReport(result.localisation),
        patch: result.patch
            ? {
                  files: result.patch.files.map((file) => ({
                      file: file.file,
                      diff: unifiedDiff(file.file, file.created ? "" : file.originalText, file.patchedText),
                      edits: file.edits.map((edit) => ({ start: edit.start, end: edit.end, newText: edit.newText })),
                      created: file.created,
                      isTest: file.isTest
                  })),
                  diff: result.patch.diff,
                  round: result.patch.round,
                  candidate: result.patch.candidate
              }
            : null,
        evidence: result.evidence,
        ...(result.reproduction ? { reproduction: result.reproduction } : {}),
        rounds: result.rounds,
        candidates: result.candidates.map(candidateSummary),
        notes: result.notes,
        timings: result.timings
    };
}

function localisationReport(localisation: Localisation): RepairReport["localisation"] {
    return {
        suspects: localisation.suspects.map((s) => ({
            rank: s.rank,
            file: s.file,
            name: s.name,
            startLine: s.startLine,
            endLine: s.endLine,
            score: s.score,
            why: s.why
        })),
        sources: localisation.sources,
        tied: localisation.tied,
        ...(localisation.modelChoice ? { modelChoice: localisation.modelChoice } : {}),
        notes: localisation.notes
    };
}

function candidateSummary(candidate: RepairCandidateReport): RepairCandidateSummary {
    return {
        round: candidate.round,
        index: candidate.index,
        status: candidate.status,
        summary: candidate.summary,
        reward: candidate.ranking.reward.total,
        rank: candidate.ranking.rank,
        files: candidate.files,
        forms: candidate.forms,
        parseProblems: candidate.parseProblems,
        fixed: candidate.fixed,
        regressions: candidate.regressions,
        changesTests: candidate.changesTests
    };
}
