// How one version's driver processes turn into per-input outcomes, with a scripted launcher: an exit blames the input
// it happened in and a fresh process goes on; a load error blames the file; running out of the version's own time
// bound leaves the rest not run, never "does not load".
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SandboxRunResult } from "../../../../engine/sandbox/index.js";
import { runSubject, type DriverLauncher } from "../../../../engine/chains/fix/candidateBehaviourRuns.js";

const cases = [0, 1, 2, 3].map((id) => ({ id, args: [BigInt(id)] }));

function ran(stdout: string[], facts: Partial<SandboxRunResult> = {}): SandboxRunResult {
    return {
        exitCode: 0,
        signal: null,
        timedOut: false,
        oomKilled: false,
        cancelled: false,
        stdout: stdout.join("\n"),
        stderr: "",
        stdoutTruncated: false,
        stderrTruncated: false,
        durationMs: 1,
        files: {},
        ...facts
    };
}

function scripted(results: SandboxRunResult[]): { launch: DriverLauncher; timeouts: number[] } {
    const timeouts: number[] = [];
    return {
        timeouts,
        launch: async (_stdin, timeoutMs) => {
            timeouts.push(timeoutMs);
            return results.shift() ?? ran([]);
        }
    };
}

test("an exit during an input is that input's outcome; a fresh process answers the rest", async () => {
    const { launch } = scripted([
        ran(['{"ready":true}', '{"start":0}', '{"id":0,"ok":5}', '{"start":1}'], { exitCode: 0 }),
        ran([
            '{"ready":true}',
            '{"start":2}',
            '{"id":2,"raises":"ValueError"}',
            '{"start":3}',
            '{"id":3,"timeout":true}'
        ])
    ]);
    assert.deepEqual(await runSubject(cases, launch, { caseTimeoutMs: 100, boundMs: 10_000 }), [
        { kind: "value", value: 5n },
        { kind: "exits", how: "exits the process (exit code 0)" },
        { kind: "raises", error: "ValueError" },
        { kind: "timeout" }
    ]);
});

test("a load error is every input's outcome", async () => {
    const { launch } = scripted([ran(['{"loadError":"SyntaxError: invalid syntax"}'])]);
    const outcomes = await runSubject(cases, launch, { caseTimeoutMs: 100, boundMs: 10_000 });
    assert.deepEqual(
        outcomes.map((o) => o.kind),
        ["loadFails", "loadFails", "loadFails", "loadFails"]
    );
});

test("a process cut short by the end of the version's bound before it loaded leaves the inputs not run", async () => {
    const { launch, timeouts } = scripted([
        ran(
            [
                '{"ready":true}',
                '{"start":0}',
                '{"id":0,"ok":1}',
                '{"start":1}',
                '{"id":1,"timeout":true}',
                '{"start":2}'
            ],
            { exitCode: 75 }
        ),
        ran([], { exitCode: null, signal: "SIGKILL", timedOut: true })
    ]);
    const outcomes = await runSubject(cases, launch, { caseTimeoutMs: 100, boundMs: 300, startupMs: 200 });
    assert.equal(timeouts.length, 2);
    assert.ok(timeouts[1]! < 300, String(timeouts));
    assert.deepEqual(
        outcomes.map((o) => o.kind),
        ["value", "timeout", "exits", "notRun"]
    );
});

test("a process the bound's remainder cuts short in the middle of an input does not make that input time out", async () => {
    const { launch } = scripted([
        ran(['{"ready":true}', '{"start":0}', '{"id":0,"ok":1}', '{"start":1}'], {
            exitCode: null,
            signal: "SIGKILL",
            timedOut: true
        })
    ]);
    const outcomes = await runSubject(cases, launch, { caseTimeoutMs: 100, boundMs: 300, startupMs: 200 });
    assert.deepEqual(
        outcomes.map((o) => o.kind),
        ["value", "notRun", "notRun", "notRun"]
    );
});
