// Reads `go test -json` (test2json's events) into one result per test, the packages that failed to build, and
// signs of forged report lines. Go 1.19's test2json reads the test binary's own stdout, so a test can print
// "--- PASS: TestX" and pass for TestX: a result for a test that never started, or one reported twice, shows it.

import type { TestCaseResult, TestOutcome } from "../../toolchains/TestRunResult.js";

/** One test2json event (`go doc test2json`). */
interface GoTestEvent {
    Action: string;
    Package?: string;
    Test?: string;
    Elapsed?: number;
    Output?: string;
}

/** A test as `go test` named it: its package's import path and its name (`TestSum/sub` for a subtest). */
export interface GoTestReport {
    packagePath: string;
    name: string;
    outcome: TestOutcome;
    /** What the test printed besides the runner's own `=== RUN` / `--- PASS` lines: its t.Error text, a panic. */
    message?: string;
    durationMs?: number;
}

export interface GoTestRun {
    tests: GoTestReport[];
    /** Packages whose test binary did not build or set up, with what `go test` printed for them. */
    failedPackages: { packagePath: string; message: string }[];
    /** Packages whose binary ended before every started test reported: by a timeout (`-timeout`) or a crash. */
    stoppedPackages: { packagePath: string; timedOut: boolean; message: string }[];
    /** Sentences naming forged report lines, for `TestRunResult.tampering`. */
    forged: string[];
}

const terminal: Record<string, TestOutcome> = { pass: "passed", fail: "failed", skip: "skipped" };
const runnerLine = /^\s*(=== (RUN|PAUSE|CONT|NAME)\s|--- (PASS|FAIL|SKIP):\s)/;

/** Parses the events on `go test -json`'s stdout; lines that are not events (a build's notes) are ignored. */
export function parseGoTestEvents(stdout: string): GoTestRun {
    const started = new Set<string>();
    const finished = new Map<string, number>();
    const outputs = new Map<string, string[]>();
    const packageOutput = new Map<string, string[]>();
    const reports: GoTestReport[] = [];
    const failedPackages: GoTestRun["failedPackages"] = [];
    const packagesEnded = new Map<string, string>();
    const forged: string[] = [];
    for (const event of events(stdout)) {
        const packagePath = event.Package ?? "";
        if (event.Test === undefined) {
            if (event.Action === "output") push(packageOutput, packagePath, event.Output ?? "");
            else if (event.Action in terminal) packagesEnded.set(packagePath, event.Action);
            continue;
        }
        const key = `${packagePath}\0${event.Test}`;
        if (event.Action === "run") started.add(key);
        else if (event.Action === "output") push(outputs, key, event.Output ?? "");
        else if (event.Action in terminal) {
            const count = (finished.get(key) ?? 0) + 1;
            finished.set(key, count);
            if (!started.has(key))
                forged.push(
                    `a ${event.Action} of ${event.Test} (${packagePath}) came before it started: a test printed go test's report lines itself`
                );
            else if (count > 1)
                forged.push(
                    `${event.Test} (${packagePath}) was reported ${count} times: a test printed go test's report lines itself`
                );
            const message = messageOf(outputs.get(key) ?? []);
            reports.push({
                packagePath,
                name: event.Test,
                outcome: terminal[event.Action]!,
                ...(message ? { message } : {}),
                ...(event.Elapsed !== undefined ? { durationMs: event.Elapsed * 1000 } : {})
            });
        }
    }
    const stoppedPackages: GoTestRun["stoppedPackages"] = [];
    for (const [packagePath, lines] of packageOutput) {
        const text = lines.join("");
        if (/\[(build|setup) failed\]/.test(text)) failedPackages.push({ packagePath, message: text.trim() });
    }
    // A test that started and never ended: the binary was stopped under it (a -timeout panic, os.Exit, a crash).
    for (const key of started) {
        if (finished.has(key)) continue;
        const [packagePath, name] = key.split("\0") as [string, string];
        const text = [...(outputs.get(key) ?? []), ...(packageOutput.get(packagePath) ?? [])].join("");
        const timedOut = /panic: test timed out after/.test(text);
        reports.push({
            packagePath,
            name,
            outcome: timedOut ? "timedOut" : "error",
            message: messageOf(text.split(/(?<=\n)/)) || "its test binary stopped before it reported"
        });
        if (!stoppedPackages.some((stopped) => stopped.packagePath === packagePath))
            stoppedPackages.push({ packagePath, timedOut, message: text.trim() });
    }
    // A package whose binary failed (a panic ends it at the panicking test) or never ended may hold tests that never
    // started: the caller names them from the test files.
    for (const packagePath of new Set([
        ...packagesEnded.keys(),
        ...packageOutput.keys(),
        ...reports.map((report) => report.packagePath)
    ])) {
        if (packagesEnded.get(packagePath) === "pass" || packagesEnded.get(packagePath) === "skip") continue;
        if (
            failedPackages.some((failed) => failed.packagePath === packagePath) ||
            stoppedPackages.some((stopped) => stopped.packagePath === packagePath)
        )
            continue;
        const text = (packageOutput.get(packagePath) ?? []).join("");
        stoppedPackages.push({ packagePath, timedOut: /panic: test timed out after/.test(text), message: text.trim() });
    }
    return { tests: worstOfEach(reports), failedPackages, stoppedPackages, forged };
}

function* events(stdout: string): Generator<GoTestEvent> {
    for (const line of stdout.split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
            const event = JSON.parse(line) as GoTestEvent;
            if (typeof event.Action === "string") yield event;
        } catch {
            // A line cut by the output limit is not an event.
        }
    }
}

function push(map: Map<string, string[]>, key: string, text: string): void {
    const list = map.get(key);
    if (list) list.push(text);
    else map.set(key, [text]);
}

/** A test's own output without the runner's framing lines, trimmed; empty when it printed nothing else. */
function messageOf(lines: string[]): string {
    return lines
        .filter((line) => !runnerLine.test(line))
        .join("")
        .trim()
        .slice(0, 4000);
}

const severity: Record<TestOutcome, number> = { passed: 0, skipped: 1, failed: 2, error: 3, timedOut: 4 };

/** One result per test: the worst reported, so a forged pass never hides the real failure. */
function worstOfEach(reports: GoTestReport[]): GoTestReport[] {
    const byKey = new Map<string, GoTestReport>();
    for (const report of reports) {
        const key = `${report.packagePath}\0${report.name}`;
        const previous = byKey.get(key);
        if (!previous || severity[report.outcome] > severity[previous.outcome]) byKey.set(key, report);
    }
    return [...byKey.values()];
}

/** Turns reports into the shared shape, with ids `file::TestName` (`fileOf` names a top-level test's file). */
export function goTestCaseResults(
    reports: GoTestReport[],
    fileOf: (packagePath: string, topLevelName: string) => string
): TestCaseResult[] {
    return reports.map((report) => {
        const file = fileOf(report.packagePath, report.name.split("/")[0]!);
        return {
            id: `${file}::${report.name}`,
            name: report.name,
            file,
            outcome: report.outcome,
            ...(report.message !== undefined ? { message: report.message } : {}),
            ...(report.durationMs !== undefined ? { durationMs: report.durationMs } : {})
        };
    });
}
