// The tests chain on TypeScript (node:test through esbuild, V8 line coverage) and Rust (cargo test, the tests as
// a `#[cfg(test)]` module appended to the target; no coverage), end to end: a scripted model, the real toolchains
// in the real sandbox. Each reply mixes good tests, one asserting nothing, a duplicate, one that does not parse
// or build, and one exposing the bug planted in the fixture; each must land in its bucket, with its reason.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskWorkspace, LocalModelRuntime, Sandbox, applyTextEdits } from "../../../engine/testing.js";
import { runTestsChain, type TestsResult } from "../../../engine/chains/tests/index.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { withDefaults } from "../../../engine/testing.js";

let sandbox: Sandbox;
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    await sandbox?.dispose();
});

/** Runs the chain on a copy of `fixture` with the scripted `reply`; returns the result and the copy's root. */
async function runOn(
    fixture: string,
    replyFile: string,
    file: string,
    maxMutants: number
): Promise<{ result: TestsResult; root: string }> {
    const reply = await readFile(`test/fixtures/tests/${replyFile}`, "utf8");
    const { path } = await buildScriptedModel(join(testModelDir(), `${fixture}.gguf`), { replies: [reply] });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 1
    });
    try {
        const root = await mkdtemp(join(tmpdir(), "ponder-tests-"));
        await cp(`test/fixtures/tests/${fixture}`, root, { recursive: true });
        const result = await runTestsChain(withDefaults("tests", { file, candidates: 1, seed: 1, maxMutants }), {
            runtime,
            sandbox,
            workspace: new DiskWorkspace(root)
        });
        return { result, root };
    } finally {
        await runtime.dispose();
    }
}

function reasonsOf(result: TestsResult, name: string): string[] {
    return result.dropped.filter((d) => d.name === name).map((d) => d.reason);
}

function assertDropped(result: TestsResult, expectations: [string, RegExp][]): void {
    for (const [name, pattern] of expectations)
        assert.ok(
            reasonsOf(result, name).some((r) => pattern.test(r)),
            `${name}: ${reasonsOf(result, name).join(" | ") || "not dropped"}\n${JSON.stringify(result.dropped.map((d) => [d.name, d.reason]))}`
        );
}

async function assertUntouched(root: string, fixture: string, files: string[]): Promise<void> {
    for (const file of files)
        assert.equal(
            await readFile(join(root, file), "utf8"),
            await readFile(`test/fixtures/tests/${fixture}/${file}`, "utf8"),
            file
        );
}

function assertMutation(result: TestsResult): void {
    const { mutation } = result;
    assert.ok(mutation.sites > 0 && mutation.total > 0, JSON.stringify(mutation));
    assert.ok(mutation.killed > 0, JSON.stringify(mutation));
    assert.equal(mutation.survivors.length, mutation.total - mutation.killed);
    assert.equal(mutation.score, Math.round((1000 * mutation.killed) / mutation.total) / 10);
}

describe("TypeScript: node:test through esbuild, V8 coverage", () => {
    let result: TestsResult;
    let root: string;
    before(async () => {
        ({ result, root } = await runOn("ts-range", "ts-range.reply.md", "range.ts", 12));
    });

    test("good tests that cover new lines are kept", () => {
        assert.equal(result.framework, "node:test");
        assert.deepEqual(
            result.kept.map((k) => k.name).sort(),
            [
                "clamp lowers a value above the range",
                "clamp raises a value below the range",
                "range is empty when start is after end",
                "sum adds every value"
            ],
            JSON.stringify({
                kept: result.kept.map((k) => k.name),
                dropped: result.dropped.map((d) => [d.name, d.reason]),
                bugs: result.possibleBugs,
                notes: result.notes
            })
        );
        for (const kept of result.kept) {
            assert.ok(kept.coverageGain > 0, kept.name);
            assert.equal(kept.file, "range.test.ts");
        }
        assert.ok(result.coverage.measured, JSON.stringify(result.coverage));
        assert.ok(
            result.coverage.after > result.coverage.before && result.coverage.before > 0,
            JSON.stringify(result.coverage)
        );
        assert.deepEqual(result.notes, []);
    });

    test("dropped: the duplicate, the test asserting nothing, the block that does not parse", () => {
        assertDropped(result, [
            ["sum of three numbers", /a duplicate of sum adds every value/],
            ["range runs", /asserts nothing/],
            ["clamp broken", /does not parse/]
        ]);
    });

    test("the test exposing the off-by-one in range is a possible bug", () => {
        assert.deepEqual(
            result.possibleBugs.map((b) => b.name),
            ["range of one value is that value"],
            JSON.stringify(result.possibleBugs)
        );
        assert.match(result.possibleBugs[0]!.failure, /\[\s*2\s*\]|deepStrictEqual|Expected/i);
    });

    test("the edit adds the kept tests to the existing range.test.ts; the user's files are untouched", async () => {
        await assertUntouched(root, "ts-range", ["range.ts", "range.test.ts", "package.json"]);
        assert.equal(result.edits.length, 1);
        const edit = result.edits[0]!;
        assert.equal(edit.file, "range.test.ts");
        assert.equal(edit.created, false);
        const existing = await readFile(join(root, "range.test.ts"), "utf8");
        assert.equal(applyTextEdits(existing, edit.edits), edit.newText);
        assert.match(edit.newText, /clamp keeps a value inside the range/);
        for (const kept of result.kept) assert.ok(edit.newText.includes(`test("${kept.name}"`), kept.name);
        assert.doesNotMatch(edit.newText, /range of one value|range runs|sum of three/);
        // One import of each module: the file's own import of range.js gains the names the tests use (a name
        // imported twice would be a redeclaration).
        assert.equal(edit.newText.match(/from "\.\/range\.js"/g)?.length, 1, edit.newText);
        assert.match(edit.newText, /^import \{ clamp, sum, range \} from "\.\/range\.js";$/m);
        assert.doesNotMatch(edit.newText, /\n\n\n/);
        assert.equal(edit.newText.match(/from "node:test"/g)?.length, 1, edit.newText);
        assert.equal(edit.newText.match(/from "node:assert\/strict"/g)?.length, 1, edit.newText);
    });

    test("mutants of range.ts run against the kept tests", () => {
        assertMutation(result);
    });
});

describe("Rust: cargo test, tests appended as a #[cfg(test)] module", () => {
    let result: TestsResult;
    let root: string;
    before(async () => {
        ({ result, root } = await runOn("rust-mini", "rust-mini.reply.md", "src/lib.rs", 8));
    });

    test("passing tests are kept without a coverage check, with a note", () => {
        assert.equal(result.framework, "rust");
        assert.deepEqual(
            result.kept.map((k) => k.name).sort(),
            ["clamp_above_range", "clamp_below_range", "is_even_tells_four_from_three", "triangle_of_zero"],
            JSON.stringify({
                kept: result.kept.map((k) => k.name),
                dropped: result.dropped.map((d) => [d.name, d.reason]),
                bugs: result.possibleBugs,
                notes: result.notes
            })
        );
        for (const kept of result.kept) assert.equal(kept.file, "src/lib.rs");
        assert.equal(result.coverage.measured, false);
        assert.ok(
            result.notes.some((n) => /coverage is not measured/i.test(n)),
            JSON.stringify(result.notes)
        );
    });

    test("dropped: the duplicate, the test asserting nothing, the one that does not build, the one that does not parse", () => {
        assertDropped(result, [
            ["clamp_above_again", /a duplicate of clamp_above_range/],
            ["triangle_runs", /asserts nothing/],
            ["clamp_returns_text", /does not build: error\[E0308\]: mismatched types[\s\S]*"one"/],
            ["clamp_broken", /does not parse/]
        ]);
    });

    test("the test exposing the off-by-one in triangle is a possible bug", () => {
        assert.deepEqual(
            result.possibleBugs.map((b) => b.name),
            ["triangle_of_four"],
            JSON.stringify(result.possibleBugs)
        );
        assert.match(result.possibleBugs[0]!.failure, /6|10|assert/);
    });

    test("the edit appends a test module to src/lib.rs beside its own; the user's files are untouched", async () => {
        await assertUntouched(root, "rust-mini", ["src/lib.rs", "Cargo.toml"]);
        assert.equal(result.edits.length, 1);
        const edit = result.edits[0]!;
        assert.equal(edit.file, "src/lib.rs");
        assert.equal(edit.created, false);
        const existing = await readFile(join(root, "src/lib.rs"), "utf8");
        assert.equal(applyTextEdits(existing, edit.edits), edit.newText);
        assert.ok(edit.newText.startsWith(existing));
        assert.match(edit.newText, /#\[cfg\(test\)\]\nmod ponder_tests \{\n    use super::\*;\n/);
        for (const kept of result.kept)
            assert.match(edit.newText, new RegExp(`#\\[test\\]\\n    fn ${kept.name}\\(\\)`));
        assert.doesNotMatch(
            edit.newText,
            /triangle_of_four|triangle_runs|clamp_above_again|clamp_returns_text|clamp_broken/
        );
    });

    test("mutants of lib.rs (its test module left alone) run against the kept tests", () => {
        assertMutation(result);
        assert.ok(
            result.mutation.survivors.every((s) => s.line < 21),
            JSON.stringify(result.mutation.survivors)
        );
    });
});
