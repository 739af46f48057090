// Runs one version of a file (the original or a candidate) on every input, in sandboxed driver processes of its
// own: when the code exits, crashes or hangs past the driver's reach, that input gets that outcome and a fresh
// process (in a fresh scratch copy) goes on with the next, until the version's time bound runs out.

import type { SandboxRunResult } from "../../sandbox/index.js";
import { exactJsonObjectLines, writeExactJson, type ExactJson } from "../port/exactJson.js";
import { runsOutOfMemory } from "./candidateBehaviourValues.js";

/** What one version did on one input: what the comparison compares. */
export type SubjectOutcome =
    | { kind: "value"; value: ExactJson }
    | { kind: "raises"; error: string }
    | { kind: "timeout" }
    /** The process ended during the call: `how` says how ("exits the process (exit code 0)"). */
    | { kind: "exits"; how: string }
    /** The file does not load, or has no such function: the same on every input. */
    | { kind: "loadFails"; message: string }
    /** The version's time bound ran out (or the run was cancelled) before this input: not compared. */
    | { kind: "notRun" };

export interface BehaviourCase {
    id: number;
    args: ExactJson[];
}

/** Starts one driver process on the given stdin, for at most `timeoutMs`. */
export type DriverLauncher = (stdin: string, timeoutMs: number) => Promise<SandboxRunResult>;

export interface SubjectRunOptions {
    caseTimeoutMs: number;
    /** The whole time this version may take, over every process it needs. */
    boundMs: number;
    /** Time a driver may take to start and load the file, on top of its cases. */
    startupMs?: number;
}

/** Every input's outcome for one version, in the cases' order. */
export async function runSubject(
    cases: BehaviourCase[],
    launch: DriverLauncher,
    options: SubjectRunOptions
): Promise<SubjectOutcome[]> {
    const outcomes = new Map<number, SubjectOutcome>();
    const deadline = performance.now() + options.boundMs;
    const startupMs = options.startupMs ?? 5000;
    let remaining = cases;
    while (remaining.length > 0) {
        const budget = Math.floor(deadline - performance.now());
        if (budget <= 0) break;
        const stdin =
            remaining.map((item) => writeExactJson({ id: BigInt(item.id), args: item.args })).join("\n") + "\n";
        // Twice the per-case time: the driver's own alarm fires first, and this bound only catches code it cannot stop.
        const wanted = startupMs + remaining.length * options.caseTimeoutMs * 2;
        const result = await launch(stdin, Math.min(budget, wanted));
        if (result.cancelled) break;
        const read = readDriverOutput(result.stdout);
        // Cut short by what is left of the bound before it even loaded: the inputs are not run, and the file is not to blame.
        if (!read.ready && read.loadError === undefined && result.timedOut && budget < wanted) break;
        if (read.loadError !== undefined || !read.ready) {
            const message =
                read.loadError ??
                (result.timedOut
                    ? "loading it does not finish"
                    : `it stops while loading: ${lastLines(result.stderr)}`);
            for (const item of remaining) outcomes.set(item.id, { kind: "loadFails", message });
            break;
        }
        for (const [id, outcome] of read.outcomes) outcomes.set(id, outcome);
        // The input the process stopped in is the last one it started and did not answer.
        const stopped = read.started !== undefined && !outcomes.has(read.started) ? read.started : undefined;
        // A run the bound's remainder cut short says nothing about the input it was in.
        if (result.timedOut && budget < wanted) break;
        if (stopped !== undefined)
            outcomes.set(stopped, result.timedOut ? { kind: "timeout" } : { kind: "exits", how: howItEnded(result) });
        const left = remaining.filter((item) => !outcomes.has(item.id));
        if (left.length === remaining.length) break;
        remaining = left;
    }
    return cases.map((item) => outcomes.get(item.id) ?? { kind: "notRun" });
}

interface DriverOutput {
    ready: boolean;
    loadError?: string;
    /** The last input the driver said it started. */
    started?: number;
    outcomes: Map<number, SubjectOutcome>;
}

function readDriverOutput(stdout: string): DriverOutput {
    const read: DriverOutput = { ready: false, outcomes: new Map() };
    for (const parsed of exactJsonObjectLines(stdout)) {
        if (parsed["ready"] === true) read.ready = true;
        if (typeof parsed["loadError"] === "string") read.loadError = parsed["loadError"];
        if (typeof parsed["start"] === "bigint") read.started = Number(parsed["start"]);
        const id = parsed["id"];
        if (typeof id !== "bigint") continue;
        if ("ok" in parsed) read.outcomes.set(Number(id), { kind: "value", value: parsed["ok"]! });
        else if (parsed["timeout"] === true) read.outcomes.set(Number(id), { kind: "timeout" });
        else if (typeof parsed["exits"] === "string")
            read.outcomes.set(Number(id), { kind: "exits", how: parsed["exits"] });
        else
            read.outcomes.set(Number(id), {
                kind: "raises",
                error: typeof parsed["raises"] === "string" ? parsed["raises"] : "Error"
            });
    }
    return read;
}

function howItEnded(result: SandboxRunResult): string {
    if (result.oomKilled) return runsOutOfMemory;
    if (result.signal) return `is killed by ${result.signal}`;
    return `exits the process (exit code ${result.exitCode ?? "unknown"})`;
}

function lastLines(text: string): string {
    return text.trim().split("\n").slice(-2).join(" | ").slice(0, 300) || "no message";
}
