// node --test's per-test results: a reporter Ponder writes into scratch emits one JSON line per event on the run's channel, and
// this file turns those lines into results. Events, not text: enqueue/dequeue tell which test was running
// when a file hit its time limit, and which never started.

import { channelFd } from "../../../sandbox/index.js";
import type { TestCaseResult, TestOutcome } from "../../../toolchains/TestRunResult.js";

/** The reporter module (ESM), given to `node --test --test-reporter=`. */
export const nodeReporterScript = `// Ponder's node --test reporter: one JSON line per test event, each after the run's key (read from stdin,
// which only this parent process reads), then a last "done" line: lines without the key are not Ponder's.
import { readFileSync, writeSync } from "node:fs";
const key = readFileSync(0, "utf8").trim();
// The channel is a socket, which cannot be opened by path (/dev/fd/5): written here, and the reporter yields nothing.
function send(text) {
    let bytes = Buffer.from(text + "\\n");
    while (bytes.length > 0) {
        try { bytes = bytes.subarray(writeSync(${channelFd}, bytes)); } catch (error) { if (error.code !== "EAGAIN") throw error; }
    }
}
const wanted = new Set(["test:enqueue", "test:dequeue", "test:start", "test:pass", "test:fail"]);
const stderrKept = new Map();
export default async function* ponderReporter(source) {
    yield "";
    for await (const event of source) {
        const data = event.data ?? {};
        if (event.type === "test:stderr" && data.file) {
            // A file's stderr explains a file that fails outside any test (an import error); keep its start.
            const kept = stderrKept.get(data.file) ?? 0;
            if (kept < 4000) {
                stderrKept.set(data.file, kept + String(data.message).length);
                send(key + " " + JSON.stringify({ type: event.type, file: data.file, message: String(data.message).slice(0, 4000 - kept) }));
            }
            continue;
        }
        if (!wanted.has(event.type)) continue;
        const error = data.details?.error;
        const cause = error?.cause ?? error;
        send(key + " " + JSON.stringify({
            type: event.type, name: data.name, nesting: data.nesting, file: data.file, line: data.line, column: data.column,
            durationMs: data.details?.duration_ms, suite: data.details?.type === "suite",
            skip: data.skip !== undefined && data.skip !== false, todo: data.todo !== undefined && data.todo !== false,
            failureType: error?.failureType, errorName: cause?.name, errorCode: cause?.code,
            message: cause?.message ?? error?.message, stack: typeof cause?.stack === "string" ? cause.stack.split("\\n").slice(0, 12).join("\\n") : undefined
        }));
    }
    send(key + " done");
}
`;

/** The reporter's lines that carry the run's key, without it, and whether its last line ("done") came. */
export function keyedReporterLines(channel: string, key: string): { jsonLines: string; done: boolean } {
    const lines = channel
        .split("\n")
        .filter((line) => line.startsWith(`${key} `))
        .map((line) => line.slice(key.length + 1));
    return { jsonLines: lines.filter((line) => line !== "done").join("\n"), done: lines.includes("done") };
}

/**
 * Names of tests a test file's source declares with a literal name (test, it, describe or suite called with a
 * quoted name), read before it runs: a file whose process ended early (process.exit(0) in tested code) reports none of the rest.
 */
export function declaredTestNames(source: string): string[] {
    const names: string[] = [];
    const pattern =
        /(?:^|[^.\w$])(?:test|it|describe|suite)(?:\.(?:only|skip|todo))?\s*\(\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|\`([^\`$\\]*)\`)/g;
    for (const match of source.matchAll(pattern)) names.push(match[1] ?? match[2] ?? match[3] ?? "");
    return names.filter(Boolean);
}

export interface NodeTestEvent {
    type: "test:enqueue" | "test:dequeue" | "test:start" | "test:pass" | "test:fail" | "test:stderr";
    name: string;
    nesting: number;
    file?: string;
    line?: number;
    column?: number;
    durationMs?: number;
    suite?: boolean;
    skip?: boolean;
    todo?: boolean;
    failureType?: string;
    errorName?: string;
    errorCode?: string;
    message?: string;
    stack?: string;
}

export interface NodeEventContext {
    /** Turns a file path the events name (absolute, inside the sandbox) into the project-relative one to report. */
    projectFile(eventFile: string): string;
}

function failureOutcome(event: NodeTestEvent): TestOutcome {
    if (event.failureType === "testTimeoutFailure") return "timedOut";
    if (event.failureType === "hookFailure" || event.failureType === "cancelledByParent") return "error";
    return event.errorCode === "ERR_ASSERTION" || /^AssertionError/.test(event.errorName ?? "") ? "failed" : "error";
}

function messageOf(event: NodeTestEvent): string | undefined {
    const parts = [
        event.errorName && event.message ? `${event.errorName}: ${event.message}` : event.message,
        event.stack
    ].filter((part): part is string => Boolean(part));
    if (parts.length === 2 && parts[1]!.startsWith(parts[0]!.split("\n")[0]!)) parts.shift();
    return parts.length > 0 ? parts.join("\n") : undefined;
}

/** Reads the reporter's JSON lines into results. Tests cut off by a file's time limit are `timedOut` or `skipped`. */
export function nodeTestResults(jsonLines: string, context: NodeEventContext): TestCaseResult[] {
    const events = jsonLines
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as NodeTestEvent);
    const results: TestCaseResult[] = [];
    const startPath = new Map<string, string[]>();
    const dequeuePath = new Map<string, string[]>();
    const finished = new Set<string>();
    const dequeued = new Map<string, { file: string; path: string[] }>();
    const enqueued = new Map<string, { file: string; path: string[] }>();
    const fileProblems = new Map<string, NodeTestEvent>();
    const key = (event: NodeTestEvent) => `${event.file}:${event.line}:${event.column}:${event.nesting}:${event.name}`;
    const isFileTest = (event: NodeTestEvent) =>
        event.nesting === 0 && event.file !== undefined && event.name === event.file;

    const stderrOf = new Map<string, string>();
    for (const event of events) {
        if (event.file === undefined) continue;
        if (event.type === "test:stderr") {
            stderrOf.set(event.file, (stderrOf.get(event.file) ?? "") + (event.message ?? ""));
            continue;
        }
        if (isFileTest(event)) {
            if (event.type === "test:fail") fileProblems.set(event.file, event);
            continue;
        }
        const paths = event.type === "test:dequeue" || event.type === "test:enqueue" ? dequeuePath : startPath;
        const stack = paths.get(event.file) ?? [];
        stack.length = event.nesting;
        const path = [...stack, event.name];
        if (event.type !== "test:pass" && event.type !== "test:fail") {
            if (event.type !== "test:enqueue") stack.push(event.name);
            paths.set(event.file, stack);
            if (event.type === "test:dequeue") dequeued.set(key(event), { file: event.file, path });
            if (event.type === "test:enqueue") enqueued.set(key(event), { file: event.file, path });
            continue;
        }
        finished.add(key(event));
        if (event.suite && (event.type === "test:pass" || event.failureType === "subtestsFailed")) continue;
        const file = context.projectFile(event.file);
        const outcome: TestOutcome =
            event.type === "test:pass" ? (event.skip || event.todo ? "skipped" : "passed") : failureOutcome(event);
        const message = event.type === "test:fail" ? messageOf(event) : undefined;
        results.push({
            id: `${file}::${path.join(" > ")}`,
            name: event.name,
            file,
            outcome,
            ...(message !== undefined ? { message } : {}),
            ...(event.durationMs !== undefined ? { durationMs: Math.round(event.durationMs * 1000) / 1000 } : {})
        });
    }

    for (const [eventFile, problem] of fileProblems) {
        const file = context.projectFile(eventFile);
        if (problem.failureType === "testTimeoutFailure") {
            // The file hit its time limit: the test running then timed out; those never started did not run.
            const unfinished = [...dequeued.entries()].filter(
                ([testKey, test]) => test.file === eventFile && !finished.has(testKey)
            );
            for (const [testKey, { path }] of unfinished) {
                // A suite still open around the running test is not itself the one that timed out.
                const holdsRunningTest = unfinished.some(
                    ([, other]) =>
                        other.path.length > path.length && path.every((part, index) => other.path[index] === part)
                );
                if (holdsRunningTest) continue;
                results.push({
                    id: `${file}::${path.join(" > ")}`,
                    name: path.at(-1)!,
                    file,
                    outcome: "timedOut",
                    message: problem.message ?? "timed out"
                });
                finished.add(testKey);
            }
            for (const [testKey, { file: testFile, path }] of enqueued) {
                if (testFile !== eventFile || finished.has(testKey) || dequeued.has(testKey)) continue;
                results.push({
                    id: `${file}::${path.join(" > ")}`,
                    name: path.at(-1)!,
                    file,
                    outcome: "skipped",
                    message: "not run: the file was stopped at its time limit"
                });
            }
        } else if (problem.failureType !== "subtestsFailed") {
            // The file itself failed (did not import, threw outside a test, exited non-zero).
            const message =
                [messageOf(problem), stderrOf.get(eventFile)?.trim()].filter(Boolean).join("\n") || undefined;
            results.push({
                id: file,
                name: file,
                file,
                outcome: "error",
                ...(message !== undefined ? { message } : {})
            });
        }
    }
    return results;
}
