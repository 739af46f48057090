// Feeding cases to a long-lived harness process as JSON lines and reading its outcomes back. When the process
// stops early (a case ran out of time, a stack overflow aborted it), the case it stopped at is recorded and a
// new process resumes with the next case, so one bad input never costs the others. Outcomes are compared here,
// in Ponder's process, never in the harness: a case answered twice (the tested code printed a line of the
// harness's own shape) counts as crashed, so code that prints "equal-looking" answers cannot choose its verdict.

import type { SandboxRunResult } from "../../sandbox/index.js";
import { exactJsonObjectLines, writeExactJson, type ExactJson } from "./exactJson.js";

export interface CaseLine {
    id: number;
    fn: string;
    args: ExactJson[];
}

export type HarnessOutcome =
    | { kind: "value"; value: ExactJson }
    | { kind: "error"; message: string }
    | { kind: "timeout" }
    | { kind: "outOfDomain"; message: string }
    | { kind: "crashed"; message: string };

const maxRestarts = 50;

export async function runCaseLines(
    cases: CaseLine[],
    run: (stdin: string) => Promise<SandboxRunResult>
): Promise<Map<number, HarnessOutcome>> {
    const outcomes = new Map<number, HarnessOutcome>();
    const answeredTwice = new Set<number>();
    let remaining = cases;
    for (let restart = 0; remaining.length > 0; restart++) {
        if (restart > maxRestarts) {
            for (const item of remaining)
                outcomes.set(item.id, {
                    kind: "crashed",
                    message: "the harness stopped too often; the rest was not run"
                });
            break;
        }
        const result = await run(
            remaining
                .map((item) =>
                    writeExactJson({ id: BigInt(item.id), fn: item.fn, args: item.args } as unknown as ExactJson)
                )
                .join("\n") + "\n"
        );
        if (result.cancelled) break;
        for (const parsed of exactJsonObjectLines(result.stdout)) {
            if (typeof parsed["id"] !== "bigint") continue;
            const id = Number(parsed["id"]);
            if (outcomes.has(id)) answeredTwice.add(id);
            outcomes.set(id, outcomeOf(parsed));
        }
        const next = remaining.findIndex((item) => !outcomes.has(item.id));
        if (next === -1) break;
        if (result.exitCode === 3) {
            // The harness said a case ran out of time and stopped on purpose: resume with the next case.
            remaining = remaining.slice(next);
            continue;
        }
        if (restart === 0 && outcomes.size === 0 && result.signal === null && !result.timedOut) {
            // The harness could not start at all (the module does not import): every case fails the same way.
            for (const item of remaining)
                outcomes.set(item.id, { kind: "crashed", message: lastLines(result.stderr || result.stdout) });
            break;
        }
        const stopped = remaining[next]!;
        outcomes.set(stopped.id, {
            kind: "crashed",
            message: result.timedOut
                ? "the whole run ran out of time"
                : `the process stopped (${result.signal ?? `exit code ${result.exitCode}`}): ${lastLines(result.stderr)}`
        });
        remaining = remaining.slice(next + 1).filter((item) => !outcomes.has(item.id));
    }
    for (const id of answeredTwice)
        outcomes.set(id, {
            kind: "crashed",
            message: "answered more than once: the tested code wrote to the harness's output"
        });
    return outcomes;
}

function outcomeOf(line: { [key: string]: ExactJson }): HarnessOutcome {
    if ("ok" in line) return { kind: "value", value: line["ok"]! };
    if (line["timeout"] === true) return { kind: "timeout" };
    if (typeof line["inputError"] === "string") return { kind: "outOfDomain", message: line["inputError"] };
    return { kind: "error", message: typeof line["error"] === "string" ? line["error"] : "error" };
}

function lastLines(text: string): string {
    return text.trim().split("\n").slice(-3).join(" | ").slice(0, 400);
}
