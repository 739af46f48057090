// Test results read from a run's channel (a pipe Ponder opened, not a file of scratch) and checked against what
// the run announced: the tests found in the source before any project code ran, then the tests collected. Each
// start and result moves deadlines held outside the tested process: one test's, and the whole run's
// (tests × per-test limit + slack). A test that never reported is never passed, and a run that ended early says why.

import { randomBytes } from "node:crypto";
import type { RunControl, SandboxRunResult } from "../sandbox/index.js";
import type { RunInterruption, TestCaseResult, TestOutcome } from "./TestRunResult.js";

/** What a run's channel said, by lines that carry the run's key. */
export interface ChannelTests {
    key: string;
    /** Tests found in the source before anything of the project ran. */
    expected: string[];
    collected: string[] | undefined;
    started: string[];
    results: Map<string, TestCaseResult>;
    done: boolean;
}

export interface ChannelDeadlines {
    /** The soft limit of one test (the driver's own); the hard one, outside, is this plus `graceMs`. */
    perTestMs: number;
    graceMs: number;
    /** Added to the run's bound: start-up, collection, coverage's report. */
    slackMs: number;
}

export function channelDeadlines(perTestMs: number): ChannelDeadlines {
    return { perTestMs, graceMs: 1000 + Math.round(perTestMs / 4), slackMs: 20_000 + 2 * perTestMs };
}

const outcomes = new Set<TestOutcome>(["passed", "failed", "error", "skipped", "timedOut"]);

/** A fresh key and the reader of the channel's lines; only lines that start with the key count. */
export function channelReader(
    deadlines: ChannelDeadlines,
    key = randomBytes(18).toString("base64url")
): { state: ChannelTests; onLine: (line: string, control: RunControl) => void } {
    const state: ChannelTests = {
        key,
        expected: [],
        collected: undefined,
        started: [],
        results: new Map(),
        done: false
    };
    const onLine = (line: string, control: RunControl) => {
        if (!line.startsWith(`${state.key} `)) return;
        let event: Record<string, unknown>;
        try {
            event = JSON.parse(line.slice(state.key.length + 1)) as Record<string, unknown>;
        } catch {
            return;
        }
        switch (event["event"]) {
            case "expected":
                state.expected = strings(event["tests"]);
                control.setDeadline("run", deadlines.slackMs);
                break;
            case "collected":
                state.collected = strings(event["ids"]);
                control.setDeadline(
                    "run",
                    state.collected.length * (deadlines.perTestMs + deadlines.graceMs) + deadlines.slackMs
                );
                break;
            case "start":
                if (typeof event["id"] === "string") state.started.push(event["id"]);
                control.setDeadline("test", deadlines.perTestMs + deadlines.graceMs);
                break;
            case "result": {
                control.setDeadline("test", undefined);
                const result = caseResult(event);
                if (result && !state.results.has(result.id)) state.results.set(result.id, result);
                break;
            }
            case "done":
                state.done = true;
                control.setDeadline("test", undefined);
                control.setDeadline("run", undefined);
                break;
        }
    };
    return { state, onLine };
}

/** The whole channel read again after the run (its complete text, whatever the live reader saw). */
export function channelAfterRun(key: string, text: string): ChannelTests {
    const reader = channelReader({ perTestMs: 0, graceMs: 0, slackMs: 0 }, key);
    const control: RunControl = { setDeadline: () => undefined };
    for (const line of text.split("\n")) reader.onLine(line, control);
    return reader.state;
}

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function caseResult(event: Record<string, unknown>): TestCaseResult | undefined {
    const { id, name, file, outcome, message, durationMs } = event;
    if (typeof id !== "string" || typeof outcome !== "string" || !outcomes.has(outcome as TestOutcome))
        return undefined;
    return {
        id,
        name: typeof name === "string" ? name : id.split("::").at(-1)!,
        ...(typeof file === "string" ? { file } : {}),
        outcome: outcome as TestOutcome,
        ...(typeof message === "string" && message ? { message } : {}),
        ...(typeof durationMs === "number" && Number.isFinite(durationMs)
            ? { durationMs: Math.round(durationMs * 1000) / 1000 }
            : {})
    };
}

/**
 * Every reported result, then every collected or expected test that never reported, as `timedOut` (the test the
 * run was killed in at its deadline) or `error`; and why the run ended early, when it did.
 */
export function channelResults(
    state: ChannelTests,
    run: SandboxRunResult,
    limits: { perTestMs: number; memoryMb: number }
): { tests: TestCaseResult[]; interrupted?: RunInterruption } {
    const tests = [...state.results.values()];
    const reported = new Set(state.results.keys());
    const running = state.started.filter((id) => !reported.has(id)).at(-1);
    const missing = [
        ...(state.collected ?? []),
        ...state.expected.filter((id) => !tests.some((test) => test.id === id || test.id.startsWith(`${id}[`)))
    ];
    const unreported = [...new Set(missing)].filter((id) => !reported.has(id));
    // A run whose every test reported and that ended on its own was not cut short, even if a child of a test hit a
    // limit (the hostile patch's memory hog is killed by the OOM killer while pytest goes on).
    const interruption = state.done && unreported.length === 0 ? undefined : whyInterrupted(state, run, limits);
    for (const id of unreported) {
        const wasRunning = id === running;
        const outcome: TestOutcome = wasRunning && interruption?.by === "timeLimit" ? "timedOut" : "error";
        const message = wasRunning
            ? `${interruption?.message ?? "the test process ended"} during this test`
            : state.collected?.includes(id)
              ? `not run: ${interruption?.message ?? "the test process ended"} before it`
              : "found in the source before the run, but the runner never collected or reported it";
        tests.push({ id, name: id.split("::").at(-1)!, file: id.split("::")[0]!, outcome, message });
        reported.add(id);
    }
    return {
        tests,
        ...(interruption
            ? {
                  interrupted: {
                      ...interruption,
                      message: `${interruption.message}${running ? ` during ${running}` : ""}`
                  }
              }
            : {})
    };
}

function whyInterrupted(
    state: ChannelTests,
    run: SandboxRunResult,
    limits: { perTestMs: number; memoryMb: number }
): RunInterruption | undefined {
    if (run.oomKilled) return { by: "memoryLimit", message: `killed at the memory limit (${limits.memoryMb} MB)` };
    if (run.scratchFull !== undefined)
        return {
            by: "scratchLimit",
            message: `killed for writing more than the scratch copy may hold (${Math.round(run.scratchFull / 1048576)} MB written)`
        };
    if (run.deadline === "test")
        return {
            by: "timeLimit",
            message: `killed from outside at the test's time limit (${limits.perTestMs / 1000} s)`
        };
    if (run.timedOut) return { by: "timeLimit", message: `killed at the run's time limit` };
    if (!state.done && state.collected !== undefined)
        return {
            by: "exitedEarly",
            message: `the test process exited (code ${run.exitCode ?? run.signal}) before every test reported`
        };
    return undefined;
}
