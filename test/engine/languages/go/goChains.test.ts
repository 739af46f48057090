// Go through the fix and tests chains end to end: a scripted model (real llama.cpp), real `go test` in real
// bubblewrap. Fix: the largest-value bug in a small module (go.mod, no dependencies) is verified by the tests-only
// pass's test, the diff is exact and the user's file is untouched. Tests: a generated Go test that passes and covers
// the function is kept in the package's `_test.go` file, one that asserts nothing is dropped.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { DiskWorkspace, LocalModelRuntime, runFixChain, Sandbox } from "../../../../engine/testing.js";
import { runTestsChain } from "../../../../engine/chains/tests/index.js";
import { ByPurposeRuntime } from "../../../support/ByPurposeRuntime.js";
import { buildScriptedModel, testModelDir } from "../../../support/models/index.js";
import { writeProject } from "../../toolchains/toolchainFixtures.js";
import { withDefaults } from "../../../../engine/testing.js";

let sandbox: Sandbox;
const runtimes: LocalModelRuntime[] = [];
const roots: string[] = [];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
    await sandbox.dispose();
    for (const root of roots) await rm(root, { recursive: true, force: true });
});

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;

async function scripted(name: string, reply: string, candidates: number): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies: [reply] });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: candidates
    });
    runtimes.push(runtime);
    return runtime;
}

const largestGo =
    "package stats\n\n// Largest returns the largest of values, which is not empty.\nfunc Largest(values []int) int {\n\tbest := values[0]\n\tfor _, v := range values {\n\t\tif v < best {\n\t\t\tbest = v\n\t\t}\n\t}\n\treturn best\n}\n";

async function statsModule(): Promise<string> {
    const root = await writeProject(`
//- go.mod
module example.com/stats

go 1.19
//- stats.go
${largestGo}`);
    roots.push(root);
    return root;
}

test("fix chain on Go: the Largest fix is verified by a go test the tests-only pass wrote", async () => {
    const root = await statsModule();
    const reply =
        think("The comparison keeps the smaller value; it must keep the larger.") +
        "```go\nfunc Largest(values []int) int {\n\tbest := values[0]\n\tfor _, v := range values {\n\t\tif v > best {\n\t\t\tbest = v\n\t\t}\n\t}\n\treturn best\n}\n```\n\n" +
        '```go\npackage stats\n\nimport "testing"\n\nfunc TestFindsTheLargest(t *testing.T) {\n\tif got := Largest([]int{1, 5, 3}); got != 5 {\n\t\tt.Errorf("Largest = %d, want 5", got)\n\t}\n}\n```\n';
    const testsOnly =
        think("The largest of a few values.") +
        '```go\npackage stats\n\nimport "testing"\n\nfunc TestLargestOfThree(t *testing.T) {\n\tif got := Largest([]int{2, 9, 4}); got != 9 {\n\t\tt.Fatalf("Largest = %d, want 9", got)\n\t}\n}\n```\n';
    const runtime = new ByPurposeRuntime(
        [await scripted("go-fix-largest", reply, 2)],
        await scripted("go-fix-largest-tests", testsOnly, 2)
    );
    const result = await runFixChain(
        withDefaults("fix", { file: "stats.go", target: { line: 4 }, candidates: 2, extraRounds: 0, seed: 1 }),
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
        ).slice(0, 4000)
    );
    assert.match(result.patch!.diff, /-\t\tif v < best \{\n\+\t\tif v > best \{/);
    assert.match(
        result.evidence.summary,
        /^Verified: 1 test written without seeing any patch fails before and passes after/
    );
    assert.match(result.regressionTests[0]!.code, /func Test\w+\(t \*testing\.T\)/);
    assert.equal(await readFile(join(root, "stats.go"), "utf8"), largestGo);
});

test("tests chain on Go: a passing, covering test is kept in stats_test.go; one asserting nothing is dropped", async () => {
    const root = await statsModule();
    const fixed = largestGo.replace("v < best", "v > best");
    const workspaceFile = join(root, "stats.go");
    await import("node:fs/promises").then(({ writeFile }) => writeFile(workspaceFile, fixed));
    const reply =
        think("Largest over a few slices.") +
        '```go\npackage stats\n\nimport "testing"\n\nfunc TestLargestPicksTheMaximum(t *testing.T) {\n\tif got := Largest([]int{3, 8, 1}); got != 8 {\n\t\tt.Errorf("Largest = %d, want 8", got)\n\t}\n}\n\nfunc TestLargestRuns(t *testing.T) {\n\tLargest([]int{1})\n}\n```\n';
    const runtime = await scripted("go-tests-largest", reply, 1);
    const result = await runTestsChain(
        withDefaults("tests", { file: "stats.go", candidates: 1, seed: 1, maxMutants: 4 }),
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    assert.deepEqual(
        result.kept.map((k) => k.name),
        ["TestLargestPicksTheMaximum"],
        JSON.stringify({ kept: result.kept.map((k) => k.name), dropped: result.dropped.map((d) => [d.name, d.reason]) })
    );
    assert.ok(
        result.dropped.some((d) => d.name === "TestLargestRuns" && /assert/i.test(d.reason)),
        JSON.stringify(result.dropped.map((d) => [d.name, d.reason]))
    );
    assert.deepEqual(
        result.edits.map((edit) => [edit.file, edit.created]),
        [["stats_test.go", true]]
    );
    assert.match(result.edits[0]!.newText, /^package stats\n/);
    assert.match(result.edits[0]!.newText, /func TestLargestPicksTheMaximum\(t \*testing\.T\)/);
    assert.equal(await readFile(workspaceFile, "utf8"), fixed);
});
