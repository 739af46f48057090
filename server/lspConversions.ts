// The one place that turns the engine's plain data (offsets, FixResult, FixEvent) into LSP and protocol
// types, and LSP positions into the engine's offsets. The engine itself knows nothing of LSP.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic, Range, TextEdit as LspTextEdit, WorkspaceEdit } from "vscode-languageserver/node.js";
import {
    applyTextEdits,
    fixCandidateReport,
    fixReport,
    offsetAt,
    positionAt,
    type CandidateReport,
    type JobKind as EngineJobKind,
    type ReasoningEvent,
    type CodeDiagnostic,
    type FixEvent,
    type FixResult,
    type TextEdit,
    type TextRange
} from "../engine/index.js";
import type { CandidateOutcome, FixEvidence, FixResponse, JobKind, TraceEvent } from "../protocol/index.js";

/** The protocol's job kinds are the engine's: this fails to compile when either names a kind the other lacks. */
const sameJobKinds: [JobKind] extends [EngineJobKind] ? ([EngineJobKind] extends [JobKind] ? true : never) : never =
    true;
void sameJobKinds;

export function offsetRange(text: string, range: Range): TextRange {
    const start = offsetAt(text, range.start);
    const end = offsetAt(text, range.end);
    return start <= end ? { start, end } : { start: end, end: start };
}

export function codeDiagnostic(text: string, diagnostic: Diagnostic): CodeDiagnostic {
    const severities = { 1: "error", 2: "warning", 3: "information", 4: "hint" } as const;
    const severity = diagnostic.severity !== undefined ? severities[diagnostic.severity] : undefined;
    return {
        range: offsetRange(text, diagnostic.range),
        message: String(diagnostic.message),
        ...(severity ? { severity } : {}),
        ...(diagnostic.source ? { source: diagnostic.source } : {})
    };
}

export function lspTextEdits(text: string, edits: readonly TextEdit[]): LspTextEdit[] {
    return edits.map((edit) => ({
        range: { start: positionAt(text, edit.start), end: positionAt(text, edit.end) },
        newText: edit.newText
    }));
}

/** One edit of one document: versioned `documentChanges` when the client supports them and the document is open, else `changes`. */
export function documentEdit(
    uri: string,
    version: number | null,
    edits: LspTextEdit[],
    documentChanges: boolean
): WorkspaceEdit {
    if (documentChanges && version !== null) return { documentChanges: [{ textDocument: { uri, version }, edits }] };
    return { changes: { [uri]: edits } };
}

/** A candidate's outcome, as the engine's fix report writes it (the trace's `evidence` events and the response share it). */
export function candidateOutcome(report: CandidateReport): CandidateOutcome {
    return fixCandidateReport(report);
}

/** The engine's one fix report, with each regression test's URI added for the client's Test Explorer. */
export function fixEvidence(result: FixResult, root: string): FixEvidence {
    const { evidence } = fixReport(result);
    return {
        ...evidence,
        regressionTests: evidence.regressionTests.map((t) => ({ ...t, uri: pathToFileURL(join(root, t.file)).href }))
    };
}

export interface FixResponseInput {
    jobId: string;
    uri: string;
    /** The workspace root the result's paths are relative to. */
    root: string;
    /** The text the chain read, which the patch's offsets refer to. */
    text: string;
    version: number | null;
    documentChanges: boolean;
}

export function fixResponse(result: FixResult, input: FixResponseInput): Omit<FixResponse, "expert"> {
    const patch = result.patch;
    return {
        jobId: input.jobId,
        status: result.status,
        ...(patch
            ? {
                  edit: documentEdit(
                      input.uri,
                      input.version,
                      lspTextEdits(input.text, patch.edits),
                      input.documentChanges
                  ),
                  diff: patch.diff,
                  patchedText: applyTextEdits(input.text, patch.edits)
              }
            : {}),
        documentVersion: input.version,
        ...(result.unverifiedReason !== undefined ? { unverifiedReason: result.unverifiedReason } : {}),
        evidence: fixEvidence(result, input.root)
    };
}

function recallDetail(
    solutions: { file: string; target: string; similarity: number; inPrompt: boolean }[],
    source: string
): string {
    if (solutions.length === 0) return `no similar verified fix in the solution memory (${source})`;
    return (
        `recalled ${solutions.length} verified fix(es) from ${source}: ` +
        solutions
            .map(
                (s) =>
                    `${s.target} in ${s.file} (similarity ${s.similarity.toFixed(2)}${s.inPrompt ? "" : ", left out for the budget"})`
            )
            .join("; ")
    );
}

/** The trace event of a fix-chain event (every reasoning event names its round and candidate). */
export function traceEvent(event: FixEvent): TraceEvent {
    if (event.kind === "step") return { kind: "step", round: event.round, step: event.step, detail: event.detail };
    if (event.kind === "evidence")
        return { kind: "evidence", round: event.round, candidates: event.candidates.map(candidateOutcome) };
    // The panel shows recalled solutions as a step line.
    if (event.kind === "recall")
        return {
            kind: "step",
            round: event.round,
            step: "context",
            detail: recallDetail(event.solutions, event.source)
        };
    return reasoningTraceEvent(event.event, event.round);
}

/** The trace event of a model's reasoning event, in a round and (for a port) a unit. */
export function reasoningTraceEvent(reasoning: ReasoningEvent, round: number, unit?: string): TraceEvent {
    const about = unit !== undefined ? { unit } : {};
    switch (reasoning.kind) {
        case "thought":
        case "answer":
            return { kind: reasoning.kind, round, candidate: reasoning.candidate, text: reasoning.text, ...about };
        case "thoughtEnd":
            return {
                kind: "thoughtEnd",
                round,
                candidate: reasoning.candidate,
                closedBy: reasoning.closedBy,
                ...about
            };
        case "done": {
            const reply = reasoning.reply;
            return {
                kind: "candidateDone",
                round,
                candidate: reasoning.candidate,
                stopReason: reply.stopReason,
                thoughtTokens: reply.usage.thoughtTokens,
                answerTokens: reply.usage.answerTokens,
                tokensPerSecond: reply.timings.tokensPerSecond,
                ...about
            };
        }
    }
}
