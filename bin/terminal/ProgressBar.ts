// A one-line progress bar on standard error for downloads: percentage, bytes and speed, redrawn in place
// on a terminal and printed at most every few seconds when piped to a file.

import { formatBytes } from "./format.js";

export class ProgressBar {
    private lastDraw = 0;
    private readonly startedAt = Date.now();

    constructor(
        private readonly write: (text: string) => void,
        private readonly label: string,
        private readonly isTty: boolean
    ) {}

    update(done: number, total: number): void {
        const now = Date.now();
        const finished = total > 0 && done >= total;
        if (!finished && now - this.lastDraw < (this.isTty ? 100 : 5000)) return;
        this.lastDraw = now;
        const fraction = total > 0 ? Math.min(1, done / total) : 0;
        const width = 30;
        const filled = Math.round(fraction * width);
        const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
        const line =
            `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ` +
            `${formatBytes(done)} / ${total > 0 ? formatBytes(total) : "?"} ${formatBytes(done / seconds)}/s`;
        this.write(this.isTty ? `\r${line}\x1b[K` : `${line}\n`);
    }

    finish(): void {
        if (this.isTty && this.lastDraw > 0) this.write("\n");
    }
}
