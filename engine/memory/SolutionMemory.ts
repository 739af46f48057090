// The solution memory: verified results of one workspace (fixes now; kept tests and ports later) with the
// signature of the problem each solved, recalled by similarity for new jobs. Local only: one JSON file,
// written atomically, bounded in entries (the least recently useful go first), never sent anywhere.

import { randomUUID } from "node:crypto";
import { mkdir, open as openFile, readFile, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { isCompatibleLanguage, type SourceLanguage } from "../analysis/index.js";
import { InvalidRequestError, PonderError } from "../errors.js";
import type { JobKind } from "../jobKind.js";
import { writeFileAtomically } from "../files/writeFileAtomically.js";
import { FeatureIndex } from "./FeatureIndex.js";
import type { ProblemSignature } from "./problemSignature.js";
import { settingDefaults } from "../settings/settingsSchema.js";

/** A worked example: the problem code, the solved code and the change between them. */
export interface SolutionExample {
    before: string;
    after: string;
    diff: string;
}

/** A verified solution as stored. */
export interface StoredSolution {
    id: string;
    kind: JobKind;
    language: SourceLanguage;
    /** Workspace-relative file and the target (function) it was about. */
    file: string;
    target: string;
    /** The normalised message and the features recall compares. */
    message: string;
    messageFeatures: string[];
    structureFeatures: string[];
    example: SolutionExample;
    /** The change's tokens (see `solutionPattern`). */
    pattern: string[];
    storedAt: number;
    /** When it was stored or last found useful (its pattern reappeared in a winning result). Eviction order. */
    usefulAt: number;
    recalls: number;
    hits: number;
}

export interface NewSolution {
    kind: JobKind;
    signature: ProblemSignature;
    file: string;
    target: string;
    example: SolutionExample;
    pattern: string[];
}

export interface RecalledSolution {
    solution: StoredSolution;
    /** Combined similarity in [0, 1]; structure and message parts. */
    similarity: number;
    structureSimilarity: number;
    messageSimilarity: number;
}

export interface RecallOptions {
    /** At most this many solutions. Default 3. */
    limit?: number;
    /** Solutions less similar than this are not recalled. Default 0.25. */
    minSimilarity?: number;
    /** Only these kinds. Default every kind. */
    kinds?: JobKind[];
    /** Only solutions this accepts (a port's target language). */
    filter?: (solution: StoredSolution) => boolean;
}

export interface SolutionMemoryOptions {
    /** The JSON file; absent keeps the memory in this process only. */
    file?: string;
    /** The bound: beyond it the least recently useful solutions are evicted. Default `settingDefaults.memorySize`. */
    maxEntries?: number;
}

export interface MemoryStats {
    file?: string;
    entries: number;
    maxEntries: number;
    bytes: number;
    byKind: Partial<Record<JobKind, number>>;
    byLanguage: Partial<Record<SourceLanguage, number>>;
    recalls: number;
    hits: number;
}

/** The memory file exists but cannot be read as a memory. The file is left as it is. */
export class MemoryFileError extends PonderError {
    override readonly fault = "environment";

    constructor(
        readonly file: string,
        reason: string,
        options?: { cause?: unknown }
    ) {
        super(
            `The solution memory ${file} cannot be read (${reason}). It was left as it is; run \`ponder memory clear\` to start an empty one.`,
            options
        );
    }
}

/** Texts kept per example, so one huge function cannot fill the file. */
const exampleTextLimit = 4000;
const fileVersion = 1;

interface MemoryFile {
    version: number;
    solutions: StoredSolution[];
}

export class SolutionMemory {
    readonly maxEntries: number;
    private readonly solutions = new Map<string, StoredSolution>();
    /** Rarer features weigh more (inverse document frequency over the stored solutions). */
    private readonly index = new FeatureIndex();
    private lastUse = 0;
    /** Solutions this instance evicted, so a save that merges another process's file does not bring them back. */
    private readonly evicted = new Set<string>();

    private constructor(
        readonly file: string | undefined,
        maxEntries: number
    ) {
        if (!Number.isInteger(maxEntries) || maxEntries < 1)
            throw new InvalidRequestError(`The memory size must be a whole number of at least 1; got ${maxEntries}.`);
        this.maxEntries = maxEntries;
    }

    /** Opens (or starts) the memory; a missing file is an empty memory, a damaged one a `MemoryFileError`. */
    static async open(options: SolutionMemoryOptions = {}): Promise<SolutionMemory> {
        const memory = new SolutionMemory(options.file, options.maxEntries ?? settingDefaults.memorySize);
        if (!options.file) return memory;
        const parsed = await readMemoryFile(options.file);
        if (!parsed) return memory;
        for (const solution of parsed.solutions) memory.add(solution);
        memory.lastUse = Math.max(0, ...parsed.solutions.map((s) => s.usefulAt));
        // A smaller bound than the file was written with evicts at once (and the next write persists it).
        memory.evict();
        return memory;
    }

    get size(): number {
        return this.solutions.size;
    }

    all(): StoredSolution[] {
        return [...this.solutions.values()];
    }

    get(id: string): StoredSolution | undefined {
        return this.solutions.get(id);
    }

    /** The most similar stored solutions, best first; compatible languages only (TypeScript and JavaScript share). */
    recall(signature: ProblemSignature, options: RecallOptions = {}): RecalledSolution[] {
        const limit = options.limit ?? 3;
        const minSimilarity = options.minSimilarity ?? 0.25;
        if (limit < 1) return [];
        const hasMessage = signature.messageFeatures.length > 0;
        // The best `limit` so far, kept sorted; most solutions are compared and dropped without an allocation.
        const best: { id: string; similarity: number; structure: number; message: number }[] = [];
        const better = (a: { id: string; similarity: number }, b: { id: string; similarity: number }) => {
            if (a.similarity !== b.similarity) return a.similarity > b.similarity;
            const sa = this.solutions.get(a.id)!,
                sb = this.solutions.get(b.id)!;
            return sa.usefulAt !== sb.usefulAt ? sa.usefulAt > sb.usefulAt : a.id < b.id;
        };
        this.index.score(
            signature.structureFeatures,
            signature.messageFeatures,
            (id) => {
                const solution = this.solutions.get(id)!;
                return (
                    (!options.kinds || options.kinds.includes(solution.kind)) &&
                    isCompatibleLanguage(solution.language, signature.language) &&
                    (!options.filter || options.filter(solution))
                );
            },
            (id, structure, message) => {
                // Without a message on the new problem, structure alone decides.
                const similarity = hasMessage ? 0.5 * structure + 0.5 * message : structure;
                if (similarity < minSimilarity) return;
                const candidate = { id, similarity, structure, message };
                if (best.length === limit && !better(candidate, best[best.length - 1]!)) return;
                let at = best.length;
                while (at > 0 && better(candidate, best[at - 1]!)) at--;
                best.splice(at, 0, candidate);
                if (best.length > limit) best.pop();
            }
        );
        return best.map((b) => ({
            solution: this.solutions.get(b.id)!,
            similarity: round(b.similarity),
            structureSimilarity: round(b.structure),
            messageSimilarity: round(b.message)
        }));
    }

    /** Stores a verified solution (evicting the least recently useful beyond the bound) and saves the file. */
    async remember(solution: NewSolution): Promise<StoredSolution> {
        return (await this.rememberMany([solution]))[0]!;
    }

    /** Stores several solutions with one write of the file (an import, a benchmark's memory). */
    async rememberMany(solutions: readonly NewSolution[]): Promise<StoredSolution[]> {
        const stored = solutions.map((solution) => this.store(solution));
        this.evict();
        await this.save();
        return stored;
    }

    private store(solution: NewSolution): StoredSolution {
        const now = this.tick();
        const stored: StoredSolution = {
            id: randomUUID(),
            kind: solution.kind,
            language: solution.signature.language,
            file: solution.file,
            target: solution.target,
            message: solution.signature.message,
            messageFeatures: solution.signature.messageFeatures,
            structureFeatures: solution.signature.structureFeatures,
            example: {
                before: solution.example.before.slice(0, exampleTextLimit),
                after: solution.example.after.slice(0, exampleTextLimit),
                diff: solution.example.diff.slice(0, exampleTextLimit)
            },
            pattern: solution.pattern.slice(0, 400),
            storedAt: Date.now(),
            usefulAt: now,
            recalls: 0,
            hits: 0
        };
        this.add(stored);
        return stored;
    }

    /** Counts recalls, and marks as useful the solutions whose pattern reappeared in a winning result; saves. */
    async noteOutcome(recalledIds: readonly string[], usefulIds: readonly string[]): Promise<void> {
        for (const id of recalledIds) {
            const solution = this.solutions.get(id);
            if (solution) solution.recalls++;
        }
        for (const id of usefulIds) {
            const solution = this.solutions.get(id);
            if (!solution) continue;
            solution.hits++;
            solution.usefulAt = this.tick();
        }
        if (recalledIds.length > 0 || usefulIds.length > 0) await this.save();
    }

    async stats(): Promise<MemoryStats> {
        const byKind: MemoryStats["byKind"] = {};
        const byLanguage: MemoryStats["byLanguage"] = {};
        let recalls = 0;
        let hits = 0;
        for (const solution of this.solutions.values()) {
            byKind[solution.kind] = (byKind[solution.kind] ?? 0) + 1;
            byLanguage[solution.language] = (byLanguage[solution.language] ?? 0) + 1;
            recalls += solution.recalls;
            hits += solution.hits;
        }
        const bytes = this.file
            ? await stat(this.file).then(
                  (s) => s.size,
                  () => 0
              )
            : 0;
        return {
            ...(this.file ? { file: this.file } : {}),
            entries: this.size,
            maxEntries: this.maxEntries,
            bytes,
            byKind,
            byLanguage,
            recalls,
            hits
        };
    }

    /** Forgets everything and removes the file. */
    async clear(): Promise<void> {
        this.solutions.clear();
        this.index.clear();
        this.evicted.clear();
        if (this.file) await SolutionMemory.removeFile(this.file);
    }

    /** Removes a memory file without reading it (a damaged one too). */
    static async removeFile(file: string): Promise<void> {
        await rm(file, { force: true });
    }

    private add(solution: StoredSolution): void {
        if (this.solutions.has(solution.id)) this.remove(solution.id);
        this.solutions.set(solution.id, solution);
        this.index.add(solution.id, solution.structureFeatures, solution.messageFeatures);
    }

    private remove(id: string): void {
        this.index.remove(id);
        this.solutions.delete(id);
    }

    private evict(): void {
        if (this.solutions.size <= this.maxEntries) return;
        const order = [...this.solutions.values()].sort((a, b) => a.usefulAt - b.usefulAt || a.storedAt - b.storedAt);
        for (const solution of order.slice(0, this.solutions.size - this.maxEntries)) {
            this.remove(solution.id);
            this.evicted.add(solution.id);
        }
    }

    /** A use counter that only grows (clock ticks can tie or go back; the order of uses must not). */
    private tick(): number {
        this.lastUse = Math.max(this.lastUse + 1, Date.now());
        return this.lastUse;
    }

    /**
     * Writes the file. Another process (a second editor window, the CLI) may have saved since this one read it, so
     * under a lock file the current file is read again and merged first: solutions stored elsewhere are kept, and
     * counters and use times take the larger value. Nothing another process stored is lost.
     */
    private async save(): Promise<void> {
        if (!this.file) return;
        await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
        const release = await lockFile(`${this.file}.lock`);
        try {
            const onDisk = await readMemoryFile(this.file).catch(() => undefined);
            for (const theirs of onDisk?.solutions ?? []) {
                if (this.evicted.has(theirs.id)) continue;
                const ours = this.solutions.get(theirs.id);
                if (!ours) this.add(theirs);
                else {
                    ours.recalls = Math.max(ours.recalls, theirs.recalls);
                    ours.hits = Math.max(ours.hits, theirs.hits);
                    ours.usefulAt = Math.max(ours.usefulAt, theirs.usefulAt);
                }
                this.lastUse = Math.max(this.lastUse, theirs.usefulAt);
            }
            this.evict();
            const data: MemoryFile = { version: fileVersion, solutions: this.all() };
            await writeFileAtomically(this.file, JSON.stringify(data));
        } finally {
            await release();
        }
    }
}

/** The memory file's contents; undefined when there is no file; `MemoryFileError` when it is damaged. */
async function readMemoryFile(file: string): Promise<MemoryFile | undefined> {
    let text: string;
    try {
        text = await readFile(file, "utf8");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw new MemoryFileError(file, (error as Error).message, { cause: error });
    }
    let parsed: MemoryFile;
    try {
        parsed = JSON.parse(text) as MemoryFile;
    } catch (error) {
        throw new MemoryFileError(file, "it is not valid JSON", { cause: error });
    }
    if (parsed?.version !== fileVersion || !Array.isArray(parsed.solutions))
        throw new MemoryFileError(file, `it is not a version ${fileVersion} memory file`);
    return parsed;
}

/** How long a lock may be held before another writer takes it over (its holder crashed). */
const staleLockMs = 30_000;

/** Takes an exclusive lock file (created with O_EXCL), waiting for another holder; returns its release. */
async function lockFile(path: string): Promise<() => Promise<void>> {
    for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
        try {
            const handle = await openFile(path, "wx", 0o600);
            await handle.close();
            return () => rm(path, { force: true });
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
            const age = await stat(path).then(
                (s) => Date.now() - s.mtimeMs,
                () => 0
            );
            if (age > staleLockMs) await rm(path, { force: true });
            else await new Promise((done) => setTimeout(done, wait));
        }
    }
}

function round(value: number): number {
    return Math.round(value * 1000) / 1000;
}
