// The importers on small folders written in the public layouts (QuixBugs; HumanEvalPack for Python and Rust): the
// tasks they write load as a suite, and their hidden checks, run by the real toolchains in the real sandbox,
// pass the reference solution and fail the buggy one. What cannot be imported is skipped with a reason.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    importSuite,
    loadHiddenChecks,
    loadSuite,
    Sandbox,
    type BenchTask,
    type HiddenVerdict
} from "../../../engine/testing.js";
import { judgeTargetText } from "../../../engine/bench/judgeHidden.js";

let sandbox: Sandbox;
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    await sandbox?.dispose();
});

async function imported(format: "quixbugs" | "humanevalpack", fixture: string) {
    const dest = await mkdtemp(join(tmpdir(), "ponder-bench-import-"));
    const result = await importSuite(format, `test/fixtures/bench/${fixture}`, dest);
    return { dest, result, tasks: await loadSuite(dest) };
}

/** The hidden verdict of `text` as the target of `task`, judged on the task's own workspace. */
async function judge(task: BenchTask, text: string): Promise<HiddenVerdict> {
    const originalText = await readFile(join(task.workspaceDir, task.target.file), "utf8");
    return judgeTargetText(
        {
            task,
            checks: await loadHiddenChecks(task),
            sandbox,
            workspaceRoot: task.workspaceDir,
            originalText,
            testTimeoutMs: 5000
        },
        text
    );
}

test("QuixBugs: a fix and a tests task per program with cases; helpers and programs without cases are skipped", async () => {
    const { result, tasks } = await imported("quixbugs", "quixbugs");
    assert.deepEqual(
        tasks.map((t) => [t.id, t.job, t.target]),
        [
            ["quixbugs-count_set_bits-fix", "fix", { file: "count_set_bits.py", symbol: "count_set_bits" }],
            ["quixbugs-count_set_bits-tests", "tests", { file: "count_set_bits.py", symbol: "count_set_bits" }],
            ["quixbugs-running_max-fix", "fix", { file: "running_max.py", symbol: "running_max" }],
            ["quixbugs-running_max-tests", "tests", { file: "running_max.py", symbol: "running_max" }]
        ]
    );
    assert.deepEqual(result.skipped, [
        { name: "node", reason: "no json_testcases file (its tests need helper classes)" },
        { name: "walk_graph", reason: "no json_testcases file (its tests need helper classes)" }
    ]);
    const fix = tasks[2]!;
    const checks = await loadHiddenChecks(fix);
    // Cases are read exactly: integers as bigints (floats stay numbers, see quixBugsJudge.test.ts).
    assert.deepEqual(checks.cases!.cases[0], { input: [[1n, 3n, 2n, 5n]], output: [1n, 3n, 3n, 5n] });
    assert.equal(
        await readFile(join(fix.workspaceDir, "running_max.py"), "utf8"),
        await readFile("test/fixtures/bench/quixbugs/python_programs/running_max.py", "utf8")
    );
    const correct = await readFile("test/fixtures/bench/quixbugs/correct_python_programs/running_max.py", "utf8");
    const buggy = await readFile("test/fixtures/bench/quixbugs/python_programs/running_max.py", "utf8");
    assert.deepEqual(await judge(fix, correct), { kind: "pass", passed: 3, total: 3 });
    const failing = await judge(fix, buggy);
    assert.deepEqual([failing.kind, failing.passed, failing.total], ["fail", 1, 3]);
    // The tests task gets the correct program; the buggy one is its hidden variant.
    const testsTask = tasks[3]!;
    assert.equal(await readFile(join(testsTask.workspaceDir, "running_max.py"), "utf8"), correct);
    assert.deepEqual((await loadHiddenChecks(testsTask)).variants, [
        { name: "quixbugs-bug", files: { "running_max.py": buggy } }
    ]);
});

test("HumanEvalPack Python: the row's check runs as a pytest test, passing the canonical solution and failing the buggy one", async () => {
    const { tasks } = await imported("humanevalpack", "humanevalpack");
    const fix = tasks.find((t) => t.id === "humanevalpack-python-0-fix")!;
    assert.deepEqual(fix.target, { file: "solution.py", symbol: "count_above" });
    const row = JSON.parse(
        await readFile("test/fixtures/bench/humanevalpack/data/python/data/humanevalpack.jsonl", "utf8")
    );
    assert.equal(await readFile(join(fix.workspaceDir, "solution.py"), "utf8"), row.prompt + row.buggy_solution);
    assert.deepEqual(await judge(fix, row.prompt + row.canonical_solution), { kind: "pass", passed: 1, total: 1 });
    const failing = await judge(fix, row.prompt + row.buggy_solution);
    assert.equal(failing.kind, "fail");
    assert.match(failing.reason!, /test_check: failed/);
});

test("HumanEvalPack Rust: a crate without the unavailable crates' imports, the row's test module appended; a row needing regex is skipped", async () => {
    const { result, tasks } = await imported("humanevalpack", "humanevalpack");
    assert.deepEqual(result.skipped, [
        { name: "Rust/1", reason: "it uses a crate (rand, regex, md5) an offline build cannot fetch" }
    ]);
    assert.deepEqual(
        tasks.map((t) => t.id),
        [
            "humanevalpack-python-0-fix",
            "humanevalpack-python-0-tests",
            "humanevalpack-rust-0-fix",
            "humanevalpack-rust-0-tests"
        ]
    );
    const fix = tasks.find((t) => t.id === "humanevalpack-rust-0-fix")!;
    const lib = await readFile(join(fix.workspaceDir, "src/lib.rs"), "utf8");
    assert.doesNotMatch(lib, /use (rand|regex|md5)/);
    assert.match(
        lib,
        /use std::any::\{Any, TypeId\};\n\nfn count_above\(values: Vec<i32>, limit: i32\) -> i32\{\n    values.iter\(\).filter\(\|v\| \*\*v >= limit\)/
    );
    const canonical = lib.replace(">= limit", "> limit");
    assert.deepEqual(await judge(fix, canonical), { kind: "pass", passed: 1, total: 1 });
    assert.equal((await judge(fix, lib)).kind, "fail");
});

test("importing into a folder that already holds the tasks is refused; a folder of another layout gets a clear message", async () => {
    const { dest } = await imported("quixbugs", "quixbugs");
    await assert.rejects(
        importSuite("quixbugs", "test/fixtures/bench/quixbugs", dest),
        /already holds a task; import into an empty folder/
    );
    await assert.rejects(
        importSuite("quixbugs", "test/fixtures/bench/humanevalpack", dest),
        /is not a QuixBugs folder: it has no python_programs\//
    );
    await assert.rejects(importSuite("humanevalpack", "test/fixtures/bench/quixbugs", dest), /holds no \.jsonl file/);
});
