// The repository suite checked by its own judge in the real sandbox (pytest, node, go, cargo): on each snapshot
// every FAIL_TO_PASS test fails and every PASS_TO_PASS test passes, and with the gold fix the task is resolved.
// This proves the tasks, their test ids and the hidden-test judge together.

import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { judgeResolved, loadRepoSuite, Sandbox } from "../../../../engine/testing.js";
import { repoSuite } from "../../../bench/repo/repoSuite.js";
import { fixedFiles, writeRepoSuite } from "../../../bench/repo/RepoTaskSource.js";

test("every suite task fails its hidden FAIL_TO_PASS on the snapshot and is resolved by its gold fix", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ponder-repo-suite-"));
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    try {
        const tasks = await loadRepoSuite(await writeRepoSuite(dir, repoSuite));
        assert.equal(tasks.length, repoSuite.length);
        for (const task of tasks) {
            const source = repoSuite.find((s) => s.instance_id === task.instance_id)!;
            const root = await mkdtemp(join(tmpdir(), "ponder-repo-suite-task-"));
            try {
                await cp(task.repoDir, root, { recursive: true });
                const context = { task, sandbox, workspaceRoot: root };
                const before = await judgeResolved(context, {});
                assert.deepEqual(
                    { resolved: before.resolved, failToPass: before.failToPass.passed, passToPass: before.passToPass },
                    {
                        resolved: false,
                        failToPass: 0,
                        passToPass: { passed: task.PASS_TO_PASS.length, total: task.PASS_TO_PASS.length }
                    },
                    `${task.instance_id} before the fix: ${before.problems.join("; ")}`
                );
                const after = await judgeResolved(context, fixedFiles(source));
                assert.equal(
                    after.resolved,
                    true,
                    `${task.instance_id} with the gold fix: ${after.problems.join("; ")}`
                );
            } finally {
                await rm(root, { recursive: true, force: true });
            }
        }
    } finally {
        await sandbox.dispose();
        await rm(dir, { recursive: true, force: true });
    }
});
