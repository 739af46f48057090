// Plain-data types every chain (fix, tests, port) shares: an earlier expert's unverified attempt, shown to the
// next expert, and the report of what the solution memory recalled and stored for a job.

/** An unverified attempt at a job (by another expert): who made it, its patch and why it did not verify. */
export interface PriorAttempt {
    /** Who made it (an expert's name). */
    by: string;
    /** The patch as a unified diff, when it gave one. */
    diff?: string;
    /** Why it was not verified, and its failures, one line each. */
    failures: string[];
}

/** One recalled solution: where it came from, how similar it is, and whether it was useful. */
export interface RecallReport {
    id: string;
    /** The earlier solution's file and target. */
    file: string;
    target: string;
    similarity: number;
    structureSimilarity: number;
    messageSimilarity: number;
    storedAt: string;
    /** The memory file it was read from. */
    source: string;
    /** Shown to the model as a worked example (false when the token budget left it out). */
    inPrompt: boolean;
    diff: string;
    /** Set once a patch won: the share of the recalled change's tokens found in the winning change. */
    patternShare?: number;
    patternInWinningPatch?: boolean;
}

/** What the solution memory recalled for a job (fix, tests or port) and what it stored. */
export interface MemoryReport {
    source: string;
    recalled: RecallReport[];
    /** Id of the solution stored for this job's proven result (a verified fix, kept tests, an equivalent port). */
    storedId?: string;
}
