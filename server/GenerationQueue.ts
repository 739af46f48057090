// One generation at a time per loaded model: jobs wait here in arrival order and learn their position each
// time it changes. A job cancelled while waiting leaves the queue at once; requests that do not generate
// (code actions, status) never enter it.

/** A job's turn at the model; `release` hands the model to the next job and must be called once. */
export interface QueueTicket {
    release(): void;
}

interface WaitingJob {
    jobId: string;
    onPosition: (position: number) => void;
    start: (ticket: QueueTicket) => void;
}

export class JobCancelledError extends Error {
    constructor() {
        super("The job was cancelled.");
        this.name = "JobCancelledError";
    }
}

export class GenerationQueue {
    private running: string | undefined;
    private readonly waiting: WaitingJob[] = [];

    /** The job generating now, if any. */
    get runningJob(): string | undefined {
        return this.running;
    }

    get waitingJobs(): number {
        return this.waiting.length;
    }

    /**
     * Waits for the job's turn. `onPosition` gets the number of jobs ahead (0 when it starts). Rejects with
     * `JobCancelledError` when the signal aborts before the turn comes.
     */
    enter(jobId: string, signal: AbortSignal, onPosition: (position: number) => void): Promise<QueueTicket> {
        if (signal.aborted) return Promise.reject(new JobCancelledError());
        return new Promise((resolve, reject) => {
            const job: WaitingJob = {
                jobId, onPosition,
                start: (ticket) => {
                    signal.removeEventListener("abort", onAbort);
                    resolve(ticket);
                }
            };
            const onAbort = () => {
                const index = this.waiting.indexOf(job);
                if (index === -1) return;
                this.waiting.splice(index, 1);
                this.announcePositions(index);
                reject(new JobCancelledError());
            };
            signal.addEventListener("abort", onAbort, { once: true });
            this.waiting.push(job);
            if (this.running === undefined) this.startNext();
            else onPosition(this.waiting.length);
        });
    }

    private startNext(): void {
        const next = this.waiting.shift();
        if (!next) return;
        this.running = next.jobId;
        let released = false;
        next.onPosition(0);
        next.start({
            release: () => {
                if (released) return;
                released = true;
                this.running = undefined;
                this.startNext();
                this.announcePositions(0);
            }
        });
    }

    /** Tells the waiting jobs from `from` on their new positions (one running job is ahead of all of them). */
    private announcePositions(from: number): void {
        for (let index = from; index < this.waiting.length; index++) this.waiting[index]!.onPosition(index + (this.running === undefined ? 0 : 1));
    }
}
