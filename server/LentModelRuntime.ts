// The model host's model as one job borrows it: every call takes the model's lock, makes sure the job's model is
// the one loaded (another job's expert may have swapped it meanwhile), and releases the lock when the call ends.
// So the lock is held while tokens are generated, never while the job verifies in the sandbox.

import type {
    GenerationRequest,
    GenerationResult,
    ModelDescription,
    ModelRuntime,
    RuntimeCallOptions
} from "../engine/index.js";

/** How a lent runtime reaches the host: a turn at the model, then the host's runtime for the job's settings. */
export interface ModelTurns {
    /** Waits for the job's turn (announcing its position) and returns the loaded runtime and the release of the turn. */
    take(signal: AbortSignal): Promise<{ runtime: ModelRuntime; release(): void }>;
}

export class LentModelRuntime implements ModelRuntime {
    private constructor(
        private readonly turns: ModelTurns,
        private readonly jobSignal: AbortSignal,
        readonly description: ModelDescription
    ) {}

    /** Loads the model in one turn (so a load waits like a generation) and lends it to the job. */
    static async borrow(turns: ModelTurns, jobSignal: AbortSignal): Promise<LentModelRuntime> {
        const turn = await turns.take(jobSignal);
        try {
            return new LentModelRuntime(turns, jobSignal, turn.runtime.description);
        } finally {
            turn.release();
        }
    }

    /** A job cancelled while waiting rejects (JobCancelledError); the call's own signal is the runtime's, whose cancel is a value. */
    async generate(request: GenerationRequest, options: RuntimeCallOptions = {}): Promise<GenerationResult> {
        const turn = await this.turns.take(this.jobSignal);
        try {
            return await turn.runtime.generate(request, options);
        } finally {
            turn.release();
        }
    }

    async countTokens(text: string): Promise<number> {
        const turn = await this.turns.take(this.jobSignal);
        try {
            return await turn.runtime.countTokens(text);
        } finally {
            turn.release();
        }
    }

    /** The host keeps its model loaded for the next job: returning a lent runtime unloads nothing. */
    async dispose(): Promise<void> {}
}
