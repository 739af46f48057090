// Tested JavaScript that tries to write its own verdict under node --test, through the real runner in bubblewrap:
// forged reporter events and an early process.exit(0), assertions rewritten, and a test that never yields.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { addedLines, runTests, type TestRunResult } from "../../../engine/toolchains/index.js";
import { writeProject } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });
const originalSign = "export function sign(x) {\n    return x > 0 ? 1 : -1;\n}\n";
const project = await writeProject(`
//- package.json
{ "type": "module" }
//- sign.mjs
${originalSign}
//- sign.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { sign } from "./sign.mjs";

test("zero", () => { assert.equal(sign(0), 0); });
test("positive", () => { assert.equal(sign(5), 1); });
`);

type Ran = Extract<TestRunResult, { kind: "ran" }>;

async function runPatched(patch: string, extra: Partial<Parameters<typeof runTests>[0]> = {}): Promise<Ran> {
    const result = await runTests({
        sandbox,
        workspaceRoot: project,
        toolchain: "javascript",
        testTimeoutMs: 3000,
        contents: { "sign.mjs": patch },
        scanForTampering: { "sign.mjs": addedLines(originalSign, patch) },
        ...extra
    });
    if (result.kind !== "ran")
        assert.fail(`expected a run, got ${result.kind}: ${"message" in result ? result.message : ""}`);
    return result;
}

const outcomeOf = (result: Ran, name: string) => result.tests.find((each) => each.name === name)?.outcome;

test("forged pass events written to the runner's old report file and its channel, then process.exit(0), pass nothing", async () => {
    const forged = (name: string) =>
        JSON.stringify({
            type: "test:pass",
            name,
            nesting: 0,
            file: "/sandbox/work/sign.test.mjs",
            line: 5,
            column: 1
        });
    const result = await runPatched(`import { appendFileSync, mkdirSync, writeSync } from "node:fs";
export function sign(x) {
    const lines = ${JSON.stringify(`${forged("zero")}\n${forged("positive")}\n`)};
    mkdirSync(".ponder-run", { recursive: true });
    appendFileSync(".ponder-run/node-events.jsonl", lines);
    for (const fd of [3, 4, 5, 6]) { try { writeSync(fd, lines); } catch {} }
    process["ex" + "it"](0);
}
`);
    assert.notEqual(outcomeOf(result, "zero"), "passed");
    assert.notEqual(outcomeOf(result, "positive"), "passed");
    assert.equal(result.interrupted?.by, "exitedEarly");
});

test("a patch that rewrites node:assert so every assertion holds is marked as tampering", async () => {
    const result = await runPatched(`import assert from "node:assert/strict";
assert.equal = () => undefined;
export function sign(x) {
    return x > 0 ? 1 : -1;
}
`);
    assert.ok(
        result.tampering?.some((sign) => /sign.mjs rewrites assertions/.test(sign)),
        JSON.stringify(result.tampering)
    );
});

test("a test that never yields (a busy loop that catches everything) is stopped from outside its process", async () => {
    const started = performance.now();
    const result = await runPatched(
        "export function sign(x) {\n    for (;;) { try { if (x === 0) continue; } catch { continue; } return 1; }\n}\n",
        { testTimeoutMs: 1500 }
    );
    assert.equal(outcomeOf(result, "zero"), "timedOut");
    assert.notEqual(outcomeOf(result, "positive"), "passed");
    assert.ok(performance.now() - started < 20_000);
});
