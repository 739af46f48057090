// A one-line progress bar for work counted in items (benchmark tasks): done of total, the last item and its
// verdict; redrawn in place on a terminal, one line per item when piped to a file.

export class TaskProgressBar {
    constructor(
        private readonly write: (text: string) => void,
        private readonly label: string,
        private readonly isTty: boolean
    ) {}

    update(done: number, total: number, note: string): void {
        const width = 24;
        const filled = total > 0 ? Math.round((done / total) * width) : 0;
        const line = `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${note}`;
        this.write(this.isTty ? `\r${line}\x1b[K` : `${line}\n`);
    }

    finish(): void {
        if (this.isTty) this.write("\n");
    }
}
