// The side panel (a webview view): each candidate's live `<think>` trace and answer as `ponder/trace` streams
// them, the chain's steps as a timeline, the evidence once the job ends (the reward table, which candidate won
// and why, the kept and dropped tests) and the buttons to show the diff, accept, reject or cancel. The page
// (media/panel.ts, bundled by esbuild into dist/panel.js) renders text only; this host forwards events, replays
// the current job to a late view, and turns the page's buttons into decisions. Both ends speak protocol/panelMessages.ts.

import * as vscode from "vscode";
import type {
    PageMessage,
    PanelAction,
    JobKind,
    PanelMessage,
    PanelResult,
    PanelTraceEntry,
    TraceParams
} from "../protocol/index.js";
import { jobKindWords } from "./acceptLabels.js";

export class TracePanel implements vscode.WebviewViewProvider {
    static readonly viewType = "ponder.trace";
    private view: vscode.WebviewView | undefined;
    /** The current job's messages, replayed into a newly resolved view. */
    private replay: PanelMessage[] = [];
    private restricted: PanelMessage | undefined;
    private pending: Extract<PanelMessage, { type: "trace" }>[] = [];
    private flushTimer: NodeJS.Timeout | undefined;
    private lastFlush = 0;
    private readonly actions = new vscode.EventEmitter<{ jobId: string; action: PanelAction }>();
    /** A button pressed in the panel. */
    readonly onAction = this.actions.event;
    /** Milliseconds from the server sending a thought or answer delta to the page showing it. */
    readonly latencies: number[] = [];
    /** Milliseconds from the server sending a delta to the extension host receiving it. */
    readonly hostLatencies: number[] = [];

    constructor(private readonly extensionUri: vscode.Uri) {}

    resolveWebviewView(view: vscode.WebviewView): void {
        this.view = view;
        const media = vscode.Uri.joinPath(this.extensionUri, "media");
        const dist = vscode.Uri.joinPath(this.extensionUri, "dist");
        view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
        view.webview.html = this.html(view.webview, media, dist);
        view.onDidDispose(() => {
            if (this.view === view) this.view = undefined;
        });
        view.webview.onDidReceiveMessage((message: PageMessage) => {
            if (message?.type === "ready") {
                if (this.restricted) void view.webview.postMessage(this.restricted);
                for (const queued of this.replay) void view.webview.postMessage(queued);
            } else if (message?.type === "action" && typeof message.jobId === "string") {
                this.actions.fire({ jobId: message.jobId, action: message.action });
            } else if (message?.type === "latency" && Array.isArray(message.values)) {
                this.latencies.push(...message.values.filter((v) => typeof v === "number"));
            }
        });
    }

    startJob(jobId: string, kind: JobKind, title: string, thinkBudget?: number): void {
        this.replay = [];
        this.post({
            type: "job",
            jobId,
            kind,
            title: `${jobKindWords[kind].title}: ${title}`,
            ...(thinkBudget !== undefined ? { thinkBudget } : {})
        });
        void vscode.commands
            .executeCommand(`${TracePanel.viewType}.focus`, { preserveFocus: true })
            .then(undefined, () => undefined);
    }

    /**
     * Queues a trace event. The first event after a quiet frame goes to the page at once; later ones go together
     * at most once a frame (16 ms). Posting every token on its own floods the webview channel (in code-server it
     * crosses a websocket) and delays the screen by up to a second at a small model's speed; waiting a frame
     * for the first one only adds latency.
     */
    trace(params: TraceParams): void {
        const message = {
            type: "trace" as const,
            jobId: params.jobId,
            event: params.event,
            ...(params.sentAt !== undefined ? { sentAt: params.sentAt } : {})
        };
        this.replay.push(message);
        this.pending.push(message);
        if (params.sentAt !== undefined && (params.event.kind === "thought" || params.event.kind === "answer"))
            this.hostLatencies.push(Date.now() - params.sentAt);
        if (this.flushTimer !== undefined) return;
        const sinceLast = Date.now() - this.lastFlush;
        if (sinceLast >= 16) this.flush();
        else this.flushTimer = setTimeout(() => this.flush(), 16 - sinceLast);
    }

    private flush(): void {
        this.flushTimer = undefined;
        this.lastFlush = Date.now();
        const byJob = new Map<string, PanelTraceEntry[]>();
        for (const { jobId, event, sentAt } of this.pending.splice(0)) {
            if (!byJob.has(jobId)) byJob.set(jobId, []);
            byJob.get(jobId)!.push(sentAt !== undefined ? { event, sentAt } : { event });
        }
        for (const [jobId, events] of byJob)
            void this.view?.webview.postMessage({ type: "traces", jobId, events } satisfies PanelMessage);
    }

    showResult(jobId: string, result: PanelResult): void {
        this.post({ type: "result", jobId, result });
    }

    /** Waits for the panel's Accept or Reject of this job (other buttons are handled by whoever listens to `onAction`). */
    decision(jobId: string, token: vscode.CancellationToken): Promise<boolean | undefined> {
        return new Promise((done) => {
            const listener = this.onAction((action) => {
                if (action.jobId !== jobId || (action.action !== "accept" && action.action !== "reject")) return;
                listener.dispose();
                done(action.action === "accept");
            });
            token.onCancellationRequested(() => {
                listener.dispose();
                done(undefined);
            });
        });
    }

    decided(jobId: string, message: string): void {
        this.post({ type: "decided", jobId, message });
    }

    endJob(jobId: string, message: string): void {
        this.post({ type: "end", jobId, message });
    }

    /** Says why nothing runs in a restricted (untrusted) window; `undefined` clears it. */
    setRestricted(message: string | undefined): void {
        this.restricted = message !== undefined ? { type: "restricted", message } : undefined;
        void this.view?.webview.postMessage(this.restricted ?? { type: "restricted", message: "" });
    }

    private post(message: PanelMessage): void {
        // Keeps the order: queued trace events go before whatever comes next.
        if (this.pending.length > 0) {
            clearTimeout(this.flushTimer);
            this.flush();
        }
        this.replay.push(message);
        void this.view?.webview.postMessage(message);
    }

    private html(webview: vscode.Webview, media: vscode.Uri, dist: vscode.Uri): string {
        const nonce = Array.from({ length: 32 }, () => Math.floor(Math.random() * 36).toString(36)).join("");
        const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, "panel.js"));
        const codicons = webview.asWebviewUri(vscode.Uri.joinPath(dist, "codicons", "codicon.css"));
        const style = webview.asWebviewUri(vscode.Uri.joinPath(media, "panel.css"));
        return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; font-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codicons}">
<link rel="stylesheet" href="${style}">
<title>Ponder</title>
</head>
<body>
<p id="restricted" role="alert" hidden></p>
<p id="empty">Run "Ponder: fix with proof" or "Ponder: generate tests" to watch the model reason here.</p>
<section id="job" hidden>
<h2 id="title"></h2>
<p id="status" aria-live="polite"></p>
<p id="expert" hidden></p>
<div id="buttons"><button id="cancel" type="button"><span class="codicon codicon-debug-stop" aria-hidden="true"></span> Cancel</button><button id="showDiff" type="button" hidden><span class="codicon codicon-diff" aria-hidden="true"></span> Show diff</button><button id="accept" type="button" hidden><span class="codicon codicon-check" aria-hidden="true"></span> Accept</button><button id="reject" type="button" class="secondary" hidden><span class="codicon codicon-close" aria-hidden="true"></span> Reject</button></div>
<ol id="steps"></ol>
<section id="evidence" hidden><h3>Evidence</h3><p id="headline"></p><table id="rewards"><thead><tr><th>Candidate</th><th>Reward</th><th>Verified</th><th>Why</th></tr></thead><tbody></tbody></table><ul id="details"></ul></section>
<ul id="tests"></ul>
<div id="candidates"></div>
</section>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
    }
}
