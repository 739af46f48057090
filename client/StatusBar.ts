// The status bar item: the model, its backend (CPU, CUDA, Vulkan, Metal or a served endpoint) and, while a job
// generates, the tokens per second of its candidates together, measured over the last few seconds of trace.

import * as vscode from "vscode";
import type { ModelStatus, TraceParams } from "../protocol/index.js";
import { backendLabel } from "./backendLabel.js";

const windowMs = 3000;

export class StatusBar implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem("ponder.status", vscode.StatusBarAlignment.Right, 100);
    private status: ModelStatus = { state: "notLoaded", waitingJobs: 0 };
    /** Arrival times of recent thought and answer deltas (about one token each). */
    private readonly deltas: number[] = [];
    private generating = false;
    private readonly timer: NodeJS.Timeout;

    constructor(command: string) {
        this.item.name = "Ponder";
        this.item.command = command;
        this.render();
        this.item.show();
        this.timer = setInterval(() => {
            if (this.generating) this.render();
        }, 1000);
    }

    /** The text shown now, for tests. */
    get text(): string {
        return this.item.text;
    }

    setStatus(status: ModelStatus): void {
        this.status = status;
        this.render();
    }

    trace(params: TraceParams): void {
        const kind = params.event.kind;
        if (kind === "thought" || kind === "answer") {
            this.generating = true;
            this.deltas.push(Date.now());
        } else if (kind === "done") {
            this.generating = false;
            this.deltas.length = 0;
        } else return;
        this.render();
    }

    private tokensPerSecond(): number {
        const now = Date.now();
        while (this.deltas.length > 0 && this.deltas[0]! < now - windowMs) this.deltas.shift();
        return this.deltas.length / (windowMs / 1000);
    }

    private render(): void {
        const { state, description, model, error } = this.status;
        const name = description?.id ?? model ?? "default model";
        const backend = description ? backendLabel(description.backend) : "";
        let text: string;
        if (state === "loading") text = `$(loading~spin) Ponder: loading ${name}`;
        else if (state === "failed") text = `$(error) Ponder: model failed`;
        else if (state === "loaded") text = `$(hubot) Ponder: ${name} · ${backend}`;
        else text = `$(hubot) Ponder: model not loaded`;
        if (this.generating) text += ` · ${this.tokensPerSecond().toFixed(0)} tok/s`;
        if (this.status.waitingJobs > 0) text += ` · ${this.status.waitingJobs} waiting`;
        this.item.text = text;
        const details = description
            ? `${description.id} (${description.architecture}, ${(description.parameters / 1e9).toFixed(1)}B parameters${description.experts ? `, ${description.experts.usedPerToken} of ${description.experts.count} experts per token` : ""})\n` +
              `Backend: ${description.backend}, ${description.gpuLayers} GPU layers, ${description.threads} threads, context ${description.contextSize}`
            : state === "failed"
              ? `Loading failed: ${error ?? "unknown reason"}`
              : 'The model loads on the first job, or with "Ponder: Load Model".';
        this.item.tooltip = `${details}\nClick for Ponder's log.`;
        this.item.backgroundColor =
            state === "failed" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    }

    dispose(): void {
        clearInterval(this.timer);
        this.item.dispose();
    }
}
