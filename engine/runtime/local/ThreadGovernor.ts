// Chooses llama.cpp's threads from the CPU actually free, before every generation and every 250 ms during it, so
// a busy machine (other programs, or Ponder's own sandbox runs verifying the previous job) never makes decoding
// slower than one thread. A thread count the user set (`--threads`, `ponder.threads`) is kept as it is.

import type { Llama } from "node-llama-cpp";
import { nextThreadCount, othersBusyCores, readCpuSample, threadsForLoad, type CpuSample } from "./availableCpu.js";

/** One decision, for `ponder/trace`-style reports and benchmarks. */
export interface ThreadDecision {
    threads: number;
    /** Cores other processes kept busy over the window it was decided from. */
    othersBusyCores: number;
    limit: number;
}

/** The shortest window worth deciding from: /proc/stat counts in 10 ms ticks. */
const minWindowMs = 100;
/** An older sample says little about now: sample afresh. */
const maxWindowMs = 5000;

/**
 * How often a running generation re-decides. A window of 250 ms holds 25 ticks per CPU, fine enough to see a core
 * taken; a second thread that lost its core decodes many times slower, so a shorter reaction saves more than the
 * reads of /proc/stat cost (a few microseconds each).
 */
const watchIntervalMs = 250;

export class ThreadGovernor {
    private last: CpuSample | undefined;
    private decision: ThreadDecision;
    /** What the load of the window before the last allowed: a rise needs two windows that agree. */
    private allowedBefore: number;

    /**
     * @param llama the backend whose `maxThreads` caps every context's threads (node-llama-cpp applies it before each batch)
     * @param limit the cores this process may use; contexts are created asking for this many
     * @param fixed a thread count the user chose: never changed
     */
    constructor(
        private readonly llama: Llama,
        readonly limit: number,
        readonly fixed: boolean
    ) {
        this.decision = { threads: limit, othersBusyCores: 0, limit };
        this.allowedBefore = limit;
    }

    get lastDecision(): ThreadDecision {
        return this.decision;
    }

    /**
     * Lets a context be created asking for every core: node-llama-cpp caps a context's wanted threads at the
     * backend's `maxThreads` of that moment, and later decisions can only lower what the context asked for.
     */
    openForNewContext(): void {
        if (!this.fixed) this.llama.maxThreads = this.limit;
    }

    /** Decides the threads for the next generation (waiting at most 100 ms for a fresh sample) and applies them. */
    async decide(): Promise<ThreadDecision> {
        if (this.fixed) return this.decision;
        const now = readCpuSample();
        let from = this.last;
        let to = now;
        const age = from ? now.atMs - from.atMs : Infinity;
        if (!from || age > maxWindowMs || age < minWindowMs) {
            from = now;
            await new Promise((resolve) => setTimeout(resolve, minWindowMs));
            to = readCpuSample();
        }
        this.apply(from, to);
        return this.decision;
    }

    /** Re-decides every `intervalMs` while a generation runs, from the CPU use since the last look; returns the stop. */
    watch(intervalMs = watchIntervalMs): () => void {
        if (this.fixed || this.last?.busyTicks === undefined) return () => undefined;
        const timer = setInterval(() => {
            const from = this.last;
            const to = readCpuSample();
            if (from) this.apply(from, to);
            else this.last = to;
        }, intervalMs);
        timer.unref();
        return () => {
            clearInterval(timer);
            // The next decision then sees what ran between generations (a job's sandbox runs, say), without us.
            this.last = readCpuSample();
        };
    }

    private apply(from: CpuSample, to: CpuSample): void {
        const others = othersBusyCores(from, to);
        const allowed = threadsForLoad(this.limit, others);
        const threads = nextThreadCount(this.decision.threads, allowed, this.allowedBefore);
        this.allowedBefore = allowed;
        this.decision = { threads, othersBusyCores: Math.round(others * 100) / 100, limit: this.limit };
        this.last = to;
        this.llama.maxThreads = threads;
    }
}
