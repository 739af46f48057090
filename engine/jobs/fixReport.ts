// A fix job's result as plain JSON, written once: the CLI's `--json` prints it, and the language server sends it as
// `ponder/fix`'s `evidence` (adding only each regression test's URI), so the terminal, the editor and the panel read
// the same fields. The protocol's `FixEvidence` is this shape; the server fails to compile when they drift.

import type { CandidateReport, FixResult, FixStatus, SymbolicOrigin } from "../chains/fix/FixTypes.js";
import type { EvidenceSource } from "../chains/fix/fixVerdict.js";

export interface FixCandidateReport {
    round: number;
    index: number;
    verified: boolean;
    status: CandidateReport["status"];
    summary: string;
    reward: number;
    /** The reward's parts: accuracy, format, language, total. */
    rewardParts: { accuracy: number; format: number; language: number; total: number };
    advantage: number;
    clusterSize: number;
    /** CodeT's dual agreement: its cluster's size times the tests it passes. */
    agreement: number;
    reproducingTests: string[];
    regressions: string[];
    /** Why the reply gave no patch or no tests; empty when it gave both. */
    parseProblems: string[];
    symbolic?: { tool: string; title: string; diagnostic: string };
}

export interface FixEvidenceReport {
    summary: string;
    sources: { kind: EvidenceSource["kind"]; reproduces: string[]; pins: string[] }[];
    existingStillPassing: number;
    outvoted: string[];
    disagreements: string[];
    testsPass?: { samples: number; tests: number; reproducing: number; pinning: number; modelMs: number };
    rounds: number;
    chosen?: { round: number; candidate: number };
    candidates: FixCandidateReport[];
    /** Reproducing tests of the chosen patch: a new test file's text, or (`appendTo`) a module to append to the fixed file. */
    regressionTests: { file: string; code: string; appendTo: boolean }[];
    contextOmitted: string[];
    timings: { modelMs: number; verifyMs: number; totalMs: number };
    /** What the solution memory recalled (and stored); absent when the job ran without one. */
    memory?: {
        source: string;
        recalled: {
            file: string;
            target: string;
            similarity: number;
            inPrompt: boolean;
            source: string;
            patternInWinningPatch?: boolean;
        }[];
        storedId?: string;
    };
    symbolic?: { sources: { tool: string; status: string; detail: string }[]; modelCancelled: boolean };
}

export interface FixReport {
    status: FixStatus;
    unverifiedReason?: string;
    /** The chosen patch's file, unified diff and edits (offsets into the file as the job read it); null for `noCandidate`. */
    patch: {
        file: string;
        diff: string;
        edits: { start: number; end: number; newText: string }[];
        origin?: SymbolicOrigin;
    } | null;
    evidence: FixEvidenceReport;
}

export function fixCandidateReport(report: CandidateReport): FixCandidateReport {
    const { reward } = report.ranking;
    return {
        round: report.round,
        index: report.index,
        verified: report.ranking.verified,
        status: report.status,
        summary: report.summary,
        reward: reward.total,
        rewardParts: {
            accuracy: reward.accuracy,
            format: reward.format,
            language: reward.language,
            total: reward.total
        },
        advantage: report.ranking.advantage,
        clusterSize: report.ranking.clusterSize,
        agreement: report.ranking.agreement,
        reproducingTests: report.reproducingTests,
        regressions: report.regressions,
        parseProblems: report.parseProblems,
        ...(report.origin
            ? {
                  symbolic: {
                      tool: report.origin.tool,
                      title: report.origin.title,
                      diagnostic: report.origin.diagnostic
                  }
              }
            : {})
    };
}

export function fixReport(result: FixResult): FixReport {
    const { evidence, patch } = result;
    return {
        status: result.status,
        ...(result.unverifiedReason !== undefined ? { unverifiedReason: result.unverifiedReason } : {}),
        patch: patch
            ? {
                  file: result.file,
                  diff: patch.diff,
                  edits: patch.edits,
                  ...(patch.origin ? { origin: patch.origin } : {})
              }
            : null,
        evidence: {
            summary: evidence.summary,
            sources: evidence.sources.map((s) => ({ kind: s.kind, reproduces: s.reproduces, pins: s.pins })),
            existingStillPassing: evidence.existingStillPassing,
            outvoted: evidence.outvoted,
            disagreements: evidence.disagreements,
            ...(result.testsPass ? { testsPass: { ...result.testsPass } } : {}),
            rounds: result.rounds,
            ...(patch ? { chosen: { round: patch.round, candidate: patch.candidate } } : {}),
            candidates: result.candidates.map(fixCandidateReport),
            regressionTests: result.regressionTests.map((t) => ({
                file: t.file,
                code: t.code,
                appendTo: t.file === result.file
            })),
            contextOmitted: result.contextOmitted,
            timings: result.timings,
            ...(result.memory
                ? {
                      memory: {
                          source: result.memory.source,
                          recalled: result.memory.recalled.map((r) => ({
                              file: r.file,
                              target: r.target,
                              similarity: r.similarity,
                              inPrompt: r.inPrompt,
                              source: r.source,
                              ...(r.patternInWinningPatch !== undefined
                                  ? { patternInWinningPatch: r.patternInWinningPatch }
                                  : {})
                          })),
                          ...(result.memory.storedId !== undefined ? { storedId: result.memory.storedId } : {})
                      }
                  }
                : {}),
            ...(result.symbolic
                ? {
                      symbolic: {
                          sources: result.symbolic.sources.map((s) => ({
                              tool: s.tool,
                              status: s.status,
                              detail: s.detail
                          })),
                          modelCancelled: result.symbolic.modelCancelled
                      }
                  }
                : {})
        }
    };
}
