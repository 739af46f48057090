// The SWE-bench importer on a tiny hand-written instance: the snapshot found by instance id or by repo@commit,
// the test_patch applied into hidden/, the gold location (file + enclosing method) read from the gold patch's
// hunks, the JSON-encoded test lists decoded; then the imported task loads, fails its hidden test on the snapshot
// and is resolved by the gold patch in the real sandbox. Instances that cannot be imported are skipped with why.

import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    applyPatchSection,
    changedOldLines,
    importSuite,
    judgeResolved,
    loadRepoSuite,
    parseGitPatch,
    Sandbox
} from "../../../../engine/testing.js";
import { writeTree } from "../../../bench/repo/RepoTaskSource.js";

const ops = `"""Arithmetic helpers."""


class Calculator:
    def __init__(self, base):
        self.base = base

    def add(self, value):
        return self.base + value

    def scale(self, factor):
        return self.base + factor


def negate(value):
    return -value
`;

const goldPatch = `diff --git a/calc/ops.py b/calc/ops.py
index 1111111..2222222 100644
--- a/calc/ops.py
+++ b/calc/ops.py
@@ -9,7 +9,7 @@ class Calculator:
         return self.base + value
 
     def scale(self, factor):
-        return self.base + factor
+        return self.base * factor
 
 
 def negate(value):
`;

const testPatch = `diff --git a/tests/test_ops.py b/tests/test_ops.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/tests/test_ops.py
@@ -0,0 +1,9 @@
+from calc.ops import Calculator
+
+
+def test_scale():
+    assert Calculator(3).scale(4) == 12
+
+
+def test_add():
+    assert Calculator(3).add(4) == 7
`;

const instance = {
    instance_id: "acme__calc-1",
    repo: "acme/calc",
    base_commit: "abc123",
    problem_statement: "Calculator.scale adds instead of multiplying.",
    patch: goldPatch,
    test_patch: testPatch,
    FAIL_TO_PASS: JSON.stringify(["tests/test_ops.py::test_scale"]),
    PASS_TO_PASS: JSON.stringify(["tests/test_ops.py::test_add"])
};

test("a git patch's hunks apply by their line numbers and name the old lines they change", () => {
    const [section] = parseGitPatch(goldPatch);
    assert.deepEqual(
        [section!.oldPath, section!.newPath, changedOldLines(section!)],
        ["calc/ops.py", "calc/ops.py", [12]]
    );
    assert.equal(applyPatchSection(ops, section!), ops.replace("self.base + factor", "self.base * factor"));
    assert.throws(
        () => applyPatchSection(ops.replace("self.base + factor", "self.base - factor"), section!),
        /calc\/ops.py:12: the patch expects/
    );
    const [created] = parseGitPatch(testPatch);
    assert.deepEqual([created!.oldPath, created!.newPath], [undefined, "tests/test_ops.py"]);
    assert.match(applyPatchSection("", created!), /^from calc\.ops import Calculator\n[\s\S]*== 7$/);
});

test("SWE-bench-style JSON lines import over snapshots into a suite the judge resolves with the gold patch", async () => {
    const src = await mkdtemp(join(tmpdir(), "ponder-swe-src-"));
    const suite = await mkdtemp(join(tmpdir(), "ponder-swe-suite-"));
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    try {
        // One snapshot named <owner>__<name>@<commit>, one instance without a snapshot, one whose patch does not apply.
        await writeTree(join(src, "snapshots", "acme__calc@abc123"), {
            "conftest.py": "",
            "calc/__init__.py": "",
            "calc/ops.py": ops
        });
        await writeTree(join(src, "snapshots", "acme__calc-3"), { "calc/ops.py": "def other():\n    pass\n" });
        const rows = [
            instance,
            { ...instance, instance_id: "acme__calc-2", base_commit: "nowhere" },
            { ...instance, instance_id: "acme__calc-3" }
        ];
        await writeFile(join(src, "instances.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
        const result = await importSuite("swe-bench", src, suite);
        assert.deepEqual(result.written, [join(suite, "acme__calc-1")]);
        assert.deepEqual(
            result.skipped.map((s) => [s.name, s.reason.split(" (")[0]]),
            [
                ["acme__calc-2", `no snapshot in ${join(src, "snapshots")}`],
                [
                    "acme__calc-3",
                    'calc/ops.py:9: the patch expects "        return self.base + value", the file has "(end of file)"'
                ]
            ]
        );
        const [task] = await loadRepoSuite(suite);
        assert.deepEqual(
            { ...task!, repoDir: undefined, hiddenDir: undefined },
            {
                instance_id: "acme__calc-1",
                language: "python",
                problem_statement: "Calculator.scale adds instead of multiplying.",
                FAIL_TO_PASS: ["tests/test_ops.py::test_scale"],
                PASS_TO_PASS: ["tests/test_ops.py::test_add"],
                gold: [{ file: "calc/ops.py", function: "Calculator.scale", line: 12 }],
                source: "SWE-bench acme__calc-1 (acme/calc@abc123)",
                repoDir: undefined,
                hiddenDir: undefined
            }
        );
        assert.match(await readFile(join(task!.hiddenDir, "tests/test_ops.py"), "utf8"), /def test_scale/);
        const root = await mkdtemp(join(tmpdir(), "ponder-swe-judge-"));
        try {
            await cp(task!.repoDir, root, { recursive: true });
            const context = { task: task!, sandbox, workspaceRoot: root };
            const before = await judgeResolved(context, {});
            assert.deepEqual([before.resolved, before.failToPass.passed, before.passToPass.passed], [false, 0, 1]);
            const fixed = applyPatchSection(ops, parseGitPatch(goldPatch)[0]!);
            assert.equal((await judgeResolved(context, { "calc/ops.py": fixed })).resolved, true);
        } finally {
            await rm(root, { recursive: true, force: true });
        }
    } finally {
        await sandbox.dispose();
        await rm(src, { recursive: true, force: true });
        await rm(suite, { recursive: true, force: true });
    }
});
