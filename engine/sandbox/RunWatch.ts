// What watches a run from outside its processes while it runs: the lines it writes on its channel (a pipe Ponder
// opened, so a toolchain's driver can report each test as it starts and ends), deadlines a toolchain sets from
// those lines (one test's, the whole run's), and the size of the writable scratch copy. Any of them can end the run.

import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** What a channel reader may do to the run it watches. */
export interface RunControl {
    /** Kills the run when `ms` pass without the deadline being set again or cleared (`undefined`). Named, so a test's and the run's deadlines coexist. */
    setDeadline(name: string, ms: number | undefined): void;
}

/** Why the watch ended a run. */
export type WatchStop = { kind: "deadline"; name: string } | { kind: "scratchFull"; bytes: number };

export class RunWatch {
    private readonly deadlines = new Map<string, NodeJS.Timeout>();
    private pending = "";
    private channelText = "";
    private channelTruncated = false;
    private sizeTimer: NodeJS.Timeout | undefined;
    private measuring = false;
    stop: WatchStop | undefined;

    constructor(
        private readonly kill: () => void,
        private readonly onLine: ((line: string, control: RunControl) => void) | undefined,
        private readonly maxChannelBytes: number
    ) {}

    /** Reads the channel's bytes as they come. */
    push(chunk: Buffer): void {
        const text = chunk.toString("utf8");
        if (this.channelText.length + text.length <= this.maxChannelBytes) this.channelText += text;
        else this.channelTruncated = true;
        if (!this.onLine) return;
        this.pending += text;
        let newline = this.pending.indexOf("\n");
        while (newline >= 0) {
            const line = this.pending.slice(0, newline);
            this.pending = this.pending.slice(newline + 1);
            if (!this.stop) this.onLine(line, this.control);
            newline = this.pending.indexOf("\n");
        }
        // A line longer than the cap is not a report: drop it rather than hold it.
        if (this.pending.length > this.maxChannelBytes) this.pending = "";
    }

    /** Polls the scratch folder's size; past `maxBytes` the run is killed (RLIMIT_FSIZE caps one file, not many). */
    watchScratch(path: string, maxBytes: number, everyMs = 500): void {
        const check = async () => {
            if (this.measuring || this.stop) return;
            this.measuring = true;
            try {
                const bytes = await folderBytes(path, maxBytes);
                if (bytes > maxBytes && !this.stop) this.end({ kind: "scratchFull", bytes });
            } finally {
                this.measuring = false;
            }
        };
        this.sizeTimer = setInterval(() => void check(), everyMs);
    }

    get channel(): { text: string; truncated: boolean } {
        return { text: this.channelText, truncated: this.channelTruncated };
    }

    dispose(): void {
        for (const timer of this.deadlines.values()) clearTimeout(timer);
        this.deadlines.clear();
        if (this.sizeTimer) clearInterval(this.sizeTimer);
    }

    private readonly control: RunControl = {
        setDeadline: (name, ms) => {
            const previous = this.deadlines.get(name);
            if (previous) clearTimeout(previous);
            this.deadlines.delete(name);
            if (ms !== undefined && !this.stop)
                this.deadlines.set(
                    name,
                    setTimeout(() => this.end({ kind: "deadline", name }), Math.max(0, ms))
                );
        }
    };

    private end(stop: WatchStop): void {
        if (this.stop) return;
        this.stop = stop;
        this.kill();
    }
}

/** Bytes under a folder (files' allocated blocks, symlinks not followed); stops counting past `enough`. */
async function folderBytes(path: string, enough: number): Promise<number> {
    let total = 0;
    const folders = [path];
    while (folders.length > 0 && total <= enough) {
        const folder = folders.pop()!;
        const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
        for (const entry of entries) {
            const full = join(folder, entry.name);
            if (entry.isDirectory()) folders.push(full);
            else {
                const facts = await lstat(full).catch(() => undefined);
                // Allocated blocks, not the apparent size: a sparse file costs the disk nothing.
                if (facts) total += facts.blocks * 512;
            }
        }
    }
    return total;
}
