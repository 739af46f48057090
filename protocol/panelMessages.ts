// The messages between the extension host (client/TracePanel.ts) and the side panel's page (media/panel.ts),
// posted through the webview, not LSP. They live here so both ends are type-checked against one definition.

import type { JobKind, TraceEvent } from "./ponderProtocol.js";

/** A row of the evidence table. */
export interface EvidenceRow {
    label: string;
    verified: boolean;
    chosen: boolean;
    reward: number;
    /** Why it won or lost, in a few words. */
    why: string;
}

/** What the panel shows once a job has its answer. */
export interface PanelResult {
    headline: string;
    rows: EvidenceRow[];
    /** Headers of the table's four columns; default Candidate, Reward, Verified, Why. */
    columns?: [string, string, string, string];
    /** Further facts: tests kept and dropped with reasons, coverage, mutation score, notes. */
    details: string[];
    /** The user can accept or reject an edit now. */
    decision: boolean;
    /** The Accept button's words, e.g. "Accept unproven patch" when the result is not proven; default "Accept". */
    acceptLabel?: string;
}

/** One trace event as the page gets it, with the server's send time for the latency measurement. */
export interface PanelTraceEntry {
    event: TraceEvent;
    /** When the server sent it (ms since the epoch). */
    sentAt?: number;
}

/** Messages from the extension host to the page. */
export type PanelMessage =
    /** A job starts; `title` is the panel's whole heading ("Fix: bitcount.py"). */
    | { type: "job"; jobId: string; kind: JobKind; title: string; thinkBudget?: number }
    | ({ type: "trace"; jobId: string } & PanelTraceEntry)
    /** Trace events batched per frame: one message to the page instead of one per token. */
    | { type: "traces"; jobId: string; events: PanelTraceEntry[] }
    | { type: "result"; jobId: string; result: PanelResult }
    | { type: "decided"; jobId: string; message: string }
    | { type: "end"; jobId: string; message: string }
    /** Why nothing runs in a restricted (untrusted) window; an empty message clears it. */
    | { type: "restricted"; message: string };

/** The page's buttons. */
export type PanelAction = "accept" | "reject" | "showDiff" | "cancel";

/** Messages from the page to the extension host: it is ready for the replay, a button, the latency of the trace events it rendered. */
export type PageMessage =
    | { type: "ready" }
    | { type: "action"; jobId: string; action: PanelAction }
    /** Milliseconds from the server sending a thought or answer delta to the page showing it. */
    | { type: "latency"; values: number[] };
