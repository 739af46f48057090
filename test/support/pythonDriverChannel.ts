// What fakes of Ponder's Python driver answer with: the driver's arguments read back, and its channel lines (the
// tests collected, each start and result, "done"), each behind the key the toolchain gave on stdin.

import type { SandboxRunRequest } from "../../engine/sandbox/index.js";
import type { TestOutcome } from "../../engine/toolchains/index.js";

/** The driver's arguments: `-s -c SCRIPT RUNNER TIMEOUT_S COVERAGE|- TARGET…`. */
export function driverArguments(request: SandboxRunRequest): { coveragePath: string; targets: string[] } {
    const [, , , , , coveragePath = "-", ...targets] = request.args ?? [];
    return { coveragePath, targets };
}

export interface DriverResult {
    id: string;
    outcome: TestOutcome;
    /** As pytest's JUnit report joined them: the short message, a blank line, the whole failure. */
    message?: string;
    /** A collection error: reported as a result of the file, not collected. */
    collectionError?: boolean;
}

/** The channel text the real driver would write for these results. */
export function driverChannel(request: SandboxRunRequest, results: DriverResult[]): string {
    const key = (request.stdin ?? "").trim();
    const line = (event: Record<string, unknown>) => `${key} ${JSON.stringify(event)}\n`;
    const collected = results.filter((result) => !result.collectionError).map((result) => result.id);
    let text = line({ event: "expected", tests: [] }) + line({ event: "collected", ids: collected });
    for (const result of results) {
        const file = result.id.split("::")[0]!;
        const fields = {
            id: result.id,
            name: result.id.split("::").at(-1)!,
            file,
            outcome: result.outcome,
            ...(result.message ? { message: result.message } : {}),
            durationMs: 1
        };
        if (!result.collectionError) text += line({ event: "start", id: result.id });
        text += line({ event: "result", ...fields });
    }
    return text + line({ event: "done", status: 0 });
}
