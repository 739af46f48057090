// The side panel (a webview view) that shows each candidate's live `<think>` trace and answer as `ponder/trace`
// streams them. The page (media/panel.js) renders text only; this host forwards events and replays the current
// job's events when the view is opened late or re-created.

import * as vscode from "vscode";
import type { TraceParams } from "../protocol/index.js";

/** Messages from the extension to media/panel.js. */
export type PanelMessage =
    | { type: "job"; jobId: string; title: string }
    | { type: "trace"; jobId: string; event: TraceParams["event"] }
    | { type: "end"; jobId: string; message: string };

export class TracePanel implements vscode.WebviewViewProvider {
    static readonly viewType = "ponder.trace";
    private view: vscode.WebviewView | undefined;
    /** The current job's messages, replayed into a newly resolved view. */
    private replay: PanelMessage[] = [];

    constructor(private readonly extensionUri: vscode.Uri) {}

    resolveWebviewView(view: vscode.WebviewView): void {
        this.view = view;
        const media = vscode.Uri.joinPath(this.extensionUri, "media");
        view.webview.options = { enableScripts: true, localResourceRoots: [media] };
        view.webview.html = this.html(view.webview, media);
        view.onDidDispose(() => { if (this.view === view) this.view = undefined; });
        view.webview.onDidReceiveMessage((message: unknown) => {
            if (message !== null && typeof message === "object" && (message as { type?: unknown }).type === "ready")
                for (const queued of this.replay) void view.webview.postMessage(queued);
        });
    }

    startJob(jobId: string, title: string): void {
        this.replay = [];
        this.post({ type: "job", jobId, title });
        void vscode.commands.executeCommand(`${TracePanel.viewType}.focus`, { preserveFocus: true }).then(undefined, () => undefined);
    }

    trace(params: TraceParams): void {
        this.post({ type: "trace", jobId: params.jobId, event: params.event });
    }

    endJob(jobId: string, message: string): void {
        this.post({ type: "end", jobId, message });
    }

    private post(message: PanelMessage): void {
        this.replay.push(message);
        void this.view?.webview.postMessage(message);
    }

    private html(webview: vscode.Webview, media: vscode.Uri): string {
        const nonce = Array.from({ length: 32 }, () => Math.floor(Math.random() * 36).toString(36)).join("");
        const script = webview.asWebviewUri(vscode.Uri.joinPath(media, "panel.js"));
        const style = webview.asWebviewUri(vscode.Uri.joinPath(media, "panel.css"));
        return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Ponder</title>
</head>
<body>
<p id="empty">Run "Ponder: fix with proof" to watch the model reason here.</p>
<section id="job" hidden><h2 id="title"></h2><p id="status"></p><ol id="steps"></ol><div id="candidates"></div></section>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
    }
}
