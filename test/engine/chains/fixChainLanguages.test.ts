// The fix chain on TypeScript (node --test through esbuild) and Rust (cargo test, reproduction tests as a
// module appended to the file): the scripted fix is verified by the tests-only pass's test (its own test alone would
// leave it not proven), the diff is exact.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskWorkspace, LocalModelRuntime, runFixChain, Sandbox } from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { ByPurposeRuntime } from "../../support/ByPurposeRuntime.js";
import { withDefaults } from "../../../engine/testing.js";

let sandbox: Sandbox;
const runtimes: LocalModelRuntime[] = [];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
    await sandbox.dispose();
});

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;

async function scripted(name: string, reply: string): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies: [reply] });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 2
    });
    runtimes.push(runtime);
    return runtime;
}

/** `testsOnly`: the tests-only pass's reply (a test of its own that reproduces the bug). */
async function check(
    fixture: string,
    file: string,
    line: number,
    reply: string,
    testsOnly: string,
    expectedDiff: RegExp
) {
    const root = await mkdtemp(join(tmpdir(), "ponder-fix-lang-"));
    await cp(join("test/fixtures/fix", fixture), root, { recursive: true });
    const before = await readFile(join(root, file), "utf8");
    const runtime = new ByPurposeRuntime(
        [await scripted(`fix-${fixture}`, reply)],
        await scripted(`fix-${fixture}-tests`, testsOnly)
    );
    const result = await runFixChain(
        withDefaults("fix", { file, target: { line }, candidates: 2, extraRounds: 0, seed: 1 }),
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    assert.equal(
        result.status,
        "verified",
        JSON.stringify(
            {
                reason: result.unverifiedReason,
                problems: result.candidates.map((c) => c.parseProblems),
                repro: result.reproductions
            },
            null,
            1
        )
    );
    assert.match(result.patch!.diff, expectedDiff);
    assert.match(
        result.evidence.summary,
        /^Verified: 1 test written without seeing any patch fails before and passes after; its own test passes/
    );
    assert.ok(
        result.candidates.every((c) => c.reproducingTests.length === 1),
        JSON.stringify(result.reproductions, null, 1).slice(0, 3000)
    );
    assert.equal(await readFile(join(root, file), "utf8"), before);
    return result;
}

test("TypeScript: the clamp fix is verified by a node:test reproduction", async () => {
    const reply =
        think("Above the range it returns lo; it must return hi.") +
        "```typescript\nexport function clamp(x: number, lo: number, hi: number): number {\n    if (x < lo) return lo;\n    if (x > hi) return hi;\n    return x;\n}\n```\n\n" +
        '```typescript\nimport { test } from "node:test";\nimport assert from "node:assert/strict";\n\ntest("clamps above the range to hi", () => {\n    assert.equal(clamp(15, 0, 10), 10);\n});\n```\n';
    const testsOnly =
        think("Above hi it must give hi.") +
        '```typescript\nimport { test } from "node:test";\nimport assert from "node:assert/strict";\n\ntest("gives hi far above the range", () => {\n    assert.equal(clamp(99, -5, 5), 5);\n});\n```\n';
    await check(
        "ts-clamp",
        "clamp.ts",
        4,
        reply,
        testsOnly,
        /-    if \(x > hi\) return lo;\n\+    if \(x > hi\) return hi;/
    );
});

test("Rust: the largest fix is verified by a #[test] reproduction appended as a module", async () => {
    const reply =
        think("The comparison keeps the smaller value; it must keep the larger.") +
        "```rust\npub fn largest(values: &[i32]) -> i32 {\n    let mut best = values[0];\n    for &v in values {\n        if v > best {\n            best = v;\n        }\n    }\n    best\n}\n```\n\n" +
        "```rust\n#[test]\nfn finds_the_largest() {\n    assert_eq!(largest(&[1, 5, 3]), 5);\n}\n```\n";
    const testsOnly =
        think("The largest of a few values.") +
        "```rust\n#[test]\nfn largest_of_three() {\n    assert_eq!(largest(&[2, 9, 4]), 9);\n}\n```\n";
    const result = await check(
        "rust-largest",
        "src/lib.rs",
        5,
        reply,
        testsOnly,
        /-        if v < best \{\n\+        if v > best \{/
    );
    assert.match(result.regressionTests[0]!.code, /mod ponder_repro_r0_c0/);
});
