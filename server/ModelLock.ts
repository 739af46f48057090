// The model's lock: one generation at a time per loaded model, held only while tokens are generated (and while a
// model loads), so one job's sandbox runs overlap the next job's generation. Waiting jobs are served in the order
// the jobs arrived, not the order they asked: a job's feedback round goes before a newer job's first round. Each
// waiter learns its position whenever it changes; one cancelled while waiting leaves at once.

/** A turn at the model; `release` hands it to the next waiter and may be called more than once. */
export interface ModelTurn {
    release(): void;
}

/** Who asks: a job (or a model load) and its arrival order, smaller first. */
export interface LockHolder {
    jobId: string;
    order: number;
}

interface Waiter extends LockHolder {
    onPosition: (position: number) => void;
    grant: (turn: ModelTurn) => void;
}

/** The progress line of a job waiting for the model, or undefined once it has its turn. */
export function waitingLine(position: number): string | undefined {
    return position > 0 ? `Waiting for ${position} job${position === 1 ? "" : "s"} ahead` : undefined;
}

export class JobCancelledError extends Error {
    constructor() {
        super("The job was cancelled.");
        this.name = "JobCancelledError";
    }
}

export class ModelLock {
    private holder: string | undefined;
    private readonly waiters: Waiter[] = [];
    private arrivals = 0;

    /** The job generating (or loading a model) now, if any. */
    get holdingJob(): string | undefined {
        return this.holder;
    }

    get waitingJobs(): number {
        return new Set(this.waiters.map((waiter) => waiter.jobId)).size;
    }

    /** The next arrival order, for a job that starts now. */
    nextOrder(): number {
        return this.arrivals++;
    }

    /**
     * Waits for a turn. `onPosition` gets the number of turns ahead (0 when it starts). Rejects with
     * `JobCancelledError` when the signal aborts before the turn comes.
     */
    acquire(who: LockHolder, signal: AbortSignal, onPosition: (position: number) => void): Promise<ModelTurn> {
        if (signal.aborted) return Promise.reject(new JobCancelledError());
        return new Promise((resolve, reject) => {
            const waiter: Waiter = {
                ...who,
                onPosition,
                grant: (turn) => {
                    signal.removeEventListener("abort", onAbort);
                    resolve(turn);
                }
            };
            const onAbort = () => {
                const index = this.waiters.indexOf(waiter);
                if (index === -1) return;
                this.waiters.splice(index, 1);
                this.announcePositions();
                reject(new JobCancelledError());
            };
            signal.addEventListener("abort", onAbort, { once: true });
            const at = this.waiters.findIndex((other) => other.order > who.order);
            this.waiters.splice(at === -1 ? this.waiters.length : at, 0, waiter);
            if (this.holder === undefined) this.grantNext();
            else this.announcePositions();
        });
    }

    private grantNext(): void {
        const next = this.waiters.shift();
        if (!next) return;
        this.holder = next.jobId;
        let released = false;
        next.onPosition(0);
        next.grant({
            release: () => {
                if (released) return;
                released = true;
                this.holder = undefined;
                this.grantNext();
                this.announcePositions();
            }
        });
    }

    /** Tells every waiter its position (the holder, when there is one, is ahead of all of them). */
    private announcePositions(): void {
        const ahead = this.holder === undefined ? 0 : 1;
        this.waiters.forEach((waiter, index) => waiter.onPosition(index + ahead));
    }
}
