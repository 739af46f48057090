// The resumable state of a benchmark run: a JSON-lines file in the output folder, the run's settings first, then
// one line per finished task, appended as each finishes. A rerun with the same settings skips finished tasks.

import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { InvalidRequestError } from "../errors.js";
import type { TaskOutcome } from "./BenchTypes.js";

/** What must match for a rerun to reuse finished tasks: same suite, model and chain settings. */
export interface BenchStateSettings {
    suite: string;
    model: string;
    candidates: number;
    extraRounds: number;
    seed: number;
}

export class BenchState {
    private constructor(
        readonly path: string,
        readonly finished: Map<string, TaskOutcome>
    ) {}

    /** Opens the state at `path`, creating it; refuses one written with other settings. */
    static async open(path: string, settings: BenchStateSettings): Promise<BenchState> {
        const text = await readFile(path, "utf8").catch(() => undefined);
        const finished = new Map<string, TaskOutcome>();
        if (text === undefined || text.trim() === "") {
            await mkdir(dirname(path), { recursive: true });
            await writeFile(path, JSON.stringify({ kind: "settings", settings }) + "\n");
            return new BenchState(path, finished);
        }
        if (!text.endsWith("\n")) await appendFile(path, "\n");
        const lines = text.split("\n").filter((line) => line.trim() !== "");
        const header = parseLine(lines[0]!);
        if (header?.["kind"] !== "settings" || JSON.stringify(header["settings"]) !== JSON.stringify(settings))
            throw new InvalidRequestError(
                `${path} belongs to a run with other settings (${JSON.stringify(header?.["settings"] ?? null)}); ` +
                    "choose another --out folder, or delete the file to start over."
            );
        // A line cut short by an interruption is ignored: that task runs again.
        for (const line of lines.slice(1)) {
            const entry = parseLine(line);
            if (entry?.["kind"] === "task") {
                const outcome = entry["outcome"] as TaskOutcome;
                finished.set(outcome.id, outcome);
            }
        }
        return new BenchState(path, finished);
    }

    async record(outcome: TaskOutcome): Promise<void> {
        this.finished.set(outcome.id, outcome);
        await appendFile(this.path, JSON.stringify({ kind: "task", outcome }) + "\n");
    }
}

function parseLine(line: string): Record<string, unknown> | undefined {
    try {
        return JSON.parse(line) as Record<string, unknown>;
    } catch {
        return undefined;
    }
}
