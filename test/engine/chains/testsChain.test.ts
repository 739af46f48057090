// The tests chain end to end: real node-llama-cpp on a scripted model, real pytest in real bubblewrap, on the
// py-stats fixture. Its reply mixes good tests, a test with no assertion, a flaky one, one that does not parse,
// one broken by its own NameError, duplicates, a test adding no coverage, and one that exposes the real bug in
// `median`: each must land in its bucket with its reason, and the user's files must never change.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskWorkspace, LocalModelRuntime, Sandbox, applyTextEdits } from "../../../engine/testing.js";
import { runTestsChain, type TestsResult } from "../../../engine/chains/tests/index.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { withDefaults } from "../../../engine/testing.js";

let sandbox: Sandbox;
let runtime: LocalModelRuntime;
let result: TestsResult;
let root: string;
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
    const reply = await readFile("test/fixtures/tests/py-stats.reply.md", "utf8");
    const { path } = await buildScriptedModel(join(testModelDir(), "tests-chain.gguf"), { replies: [reply] });
    runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 2
    });
    root = await mkdtemp(join(tmpdir(), "ponder-tests-"));
    await cp("test/fixtures/tests/py-stats", root, { recursive: true });
    result = await runTestsChain(withDefaults("tests", { file: "stats.py", candidates: 2, seed: 1 }), {
        runtime,
        sandbox,
        workspace: new DiskWorkspace(root)
    });
});
after(async () => {
    await runtime?.dispose();
    await sandbox?.dispose();
});

function reasonOf(name: string): string[] {
    return result.dropped.filter((d) => d.name === name).map((d) => d.reason);
}

test("good tests that cover new lines are kept, greedily by the lines they add", () => {
    assert.equal(result.framework, "pytest");
    assert.deepEqual(result.kept.map((k) => k.name).sort(), [
        "test_clamp_above_range",
        "test_clamp_below_range",
        "test_mean_of_three",
        "test_median_odd_length"
    ]);
    for (const kept of result.kept) {
        assert.ok(kept.coverageGain > 0, kept.name);
        assert.equal(kept.file, "test_stats.py");
    }
    assert.ok(result.coverage.measured);
    assert.ok(result.coverage.after > result.coverage.before, JSON.stringify(result.coverage));
    assert.deepEqual(result.notes, []);
});

test("every dropped test has its reason: duplicate, no assertion, flaky, does not parse, broken, no new coverage", () => {
    const expectations: [string, RegExp][] = [
        ["test_mean_same_values", /a duplicate of test_mean_of_three/],
        ["test_mean_runs", /asserts nothing/],
        ["test_clamp_first_run_only", /flaky: it passed 1 of 3 runs/],
        ["test_clamp_broken", /does not parse/],
        ["test_mean_uses_helper", /the test itself is broken \(NameError\)/],
        ["test_clamp_inside_again", /adds no line coverage/]
    ];
    for (const [name, pattern] of expectations)
        assert.ok(
            reasonOf(name).some((r) => pattern.test(r)),
            `${name}: ${reasonOf(name).join(" | ")}`
        );
    // The second candidate gave the same reply: all its tests are duplicates of the first's.
    assert.equal(result.candidates.length, 2);
    for (const name of result.candidates[1]!.tests)
        assert.ok(
            reasonOf(name).some((r) => /duplicate/.test(r)),
            name
        );
    for (const dropped of result.dropped) assert.ok(dropped.reason.length > 0);
});

test("a test failing by assertion on the current code is a possible bug, with the failing case", () => {
    assert.deepEqual(
        result.possibleBugs.map((b) => b.name),
        ["test_median_even_length"]
    );
    assert.match(result.possibleBugs[0]!.failure, /assert/i);
    assert.match(result.possibleBugs[0]!.code, /median\(\[4, 1, 3, 2\]\) == 2\.5/);
});

test("the edits add the kept tests to the existing test file; the engine wrote nothing", async () => {
    assert.equal(result.edits.length, 1);
    const edit = result.edits[0]!;
    const existing = await readFile(join(root, "test_stats.py"), "utf8");
    assert.equal(existing, await readFile("test/fixtures/tests/py-stats/test_stats.py", "utf8"));
    assert.equal(
        await readFile(join(root, "stats.py"), "utf8"),
        await readFile("test/fixtures/tests/py-stats/stats.py", "utf8")
    );
    assert.equal(edit.created, false);
    assert.equal(applyTextEdits(existing, edit.edits), edit.newText);
    assert.match(edit.newText, /def test_clamp_inside\(\)/);
    for (const kept of result.kept) assert.match(edit.newText, new RegExp(`def ${kept.name}\\(`));
    assert.doesNotMatch(edit.newText, /test_median_even_length|test_mean_runs|first_run_only/);
});

test("mutants of the target run against the kept tests: score and survivors", () => {
    const { mutation } = result;
    assert.ok(mutation.total >= 10, JSON.stringify(mutation));
    assert.ok(mutation.killed > 0 && mutation.killed < mutation.total, JSON.stringify(mutation));
    assert.equal(mutation.survivors.length, mutation.total - mutation.killed);
    // No kept test checks a value on the boundary of clamp: moving the boundary survives.
    assert.ok(
        mutation.survivors.some((s) => s.line === 3 && s.description === "`<` → `<=`"),
        JSON.stringify(mutation.survivors)
    );
    assert.equal(mutation.score, Math.round((1000 * mutation.killed) / mutation.total) / 10);
});
