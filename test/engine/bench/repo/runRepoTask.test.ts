// One repository task run with stand-in chains (the real ones run in `npm run bench -- repo`): the request starts
// from the task's failing tests or, without them, from its bug report; the chosen patch is judged by the hidden
// tests in the real sandbox; the gold function is ranked in the chain's localisation; the located fix chain gets
// the gold FILE:LINE; a chain that throws leaves an error outcome, not a crash.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    InvalidRequestError,
    loadRepoSuite,
    runRepoTask,
    Sandbox,
    type RepairRunner,
    type RepoTask
} from "../../../../engine/testing.js";
import type { RepairRequest, RepairResult } from "../../../../engine/chains/repair/RepairTypes.js";
import { pythonRepoTasks } from "../../../bench/repo/pythonRepoTasks.js";
import { fixedFiles, writeRepoSuite } from "../../../bench/repo/RepoTaskSource.js";

function resultWith(files: Record<string, string>, status: RepairResult["status"]): RepairResult {
    const suspect = (rank: number, file: string, name: string) => ({
        rank,
        file,
        name,
        startLine: 1,
        endLine: 3,
        score: 1 / rank,
        evidence: {},
        why: ""
    });
    return {
        status,
        failing: [],
        localisation: {
            suspects: [suspect(1, "shop/cart.py", "Cart.total"), suspect(2, "shop/pricing.py", "apply_discount")],
            sources: ["traceback"],
            tied: true,
            modelChoice: { file: "shop/pricing.py", name: "apply_discount", reason: "" },
            notes: []
        },
        patch: {
            files: Object.entries(files).map(([file, patchedText]) => ({
                file,
                originalText: "",
                patchedText,
                edits: [],
                created: false,
                isTest: false
            })),
            diff: "",
            round: 0,
            candidate: 0
        },
        evidence: {
            oracle: "project",
            failingNowPass: [],
            stillFailing: [],
            regressions: [],
            passToPass: { run: 0, total: 0, affectedFirst: 0 },
            flaky: [],
            summary: ""
        },
        rounds: 1,
        candidates: [],
        notes: [],
        timings: { localiseMs: 1, modelMs: 5, verifyMs: 40, regressionMs: 10, totalMs: 50 }
    };
}

test("a task runs from its failing tests, is judged by its hidden tests, ranks its gold and runs the located chain", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ponder-repo-task-"));
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    try {
        const tasks = await loadRepoSuite(await writeRepoSuite(dir, pythonRepoTasks));
        const cart = tasks.find((t) => t.instance_id === "py-cart-discount")!;
        const slug = tasks.find((t) => t.instance_id === "py-slug-spaces")!;
        const requests: RepairRequest[] = [];
        const located: { file: string; line: number }[] = [];
        const gold = (task: RepoTask) => fixedFiles(pythonRepoTasks.find((s) => s.instance_id === task.instance_id)!);
        const repair: RepairRunner = async (request, root, task) => {
            requests.push(request);
            // The chain works on a copy of the snapshot, never the suite's folder.
            assert.notEqual(root, task.repoDir);
            assert.equal(
                await readFile(join(root, "shop/pricing.py"), "utf8").catch(() => "absent"),
                task.instance_id === "py-cart-discount"
                    ? await readFile(join(task.repoDir, "shop/pricing.py"), "utf8")
                    : "absent"
            );
            return resultWith(
                task.instance_id === "py-cart-discount" ? gold(task) : {},
                task.instance_id === "py-cart-discount" ? "verified" : "unverified"
            );
        };
        const options = {
            sandbox,
            repair,
            located: async (location: { file: string; line: number }) => {
                located.push(location);
                return { status: "verified" };
            },
            localise: "chain" as const,
            request: { candidates: 2, seed: 1 }
        };
        const solved = await runRepoTask(cart, options);
        assert.deepEqual(requests[0], {
            candidates: 2,
            seed: 1,
            failure: { tests: ["tests/test_cart.py::test_total_with_discount"] }
        });
        assert.deepEqual(
            { ...solved, repair: undefined, located: solved.located?.status },
            {
                instance_id: "py-cart-discount",
                language: "python",
                entry: "tests",
                status: "verified",
                hidden: {
                    resolved: true,
                    failToPass: { passed: 2, total: 2 },
                    passToPass: { passed: 2, total: 2 },
                    problems: []
                },
                rank: { byEvidence: 2, withModel: 1 },
                modelChose: true,
                repair: undefined,
                located: "verified"
            }
        );
        assert.deepEqual([solved.repair.verifyMs, solved.repair.regressionMs], [40, 10]);
        assert.deepEqual(
            located,
            [cart.gold[0]].map((g) => ({ file: g.file, line: g.line! }))
        );
        assert.deepEqual(located[0], { file: "shop/pricing.py", line: 6 });

        const unsolved = await runRepoTask(slug, options);
        assert.deepEqual(requests[1]!.failure, { issue: slug.problem_statement });
        assert.deepEqual(
            [unsolved.entry, unsolved.hidden.resolved, unsolved.hidden.failToPass, unsolved.rank],
            ["issue", false, { passed: 0, total: 2 }, {}]
        );

        const broken = await runRepoTask(cart, {
            sandbox,
            localise: "chain",
            repair: () => Promise.reject(new InvalidRequestError("no tests found"))
        });
        assert.deepEqual([broken.error, broken.hidden.resolved, broken.located], ["no tests found", false, undefined]);
    } finally {
        await sandbox.dispose();
        await rm(dir, { recursive: true, force: true });
    }
});

test("by evidence alone, localisation runs the snapshot's tests and ranks from the failing test, or from the report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ponder-repo-evidence-"));
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    try {
        const tasks = await loadRepoSuite(await writeRepoSuite(dir, pythonRepoTasks));
        const ranks: Record<string, unknown> = {};
        for (const task of tasks) {
            const outcome = await runRepoTask(task, { sandbox, repair: async () => resultWith({}, "unverified") });
            ranks[task.instance_id] = outcome.rank.byEvidence;
        }
        // Localisation's first version with per-test coverage: median's spectrum puts it first; the cart's helper
        // ranks below the functions the failing test calls directly; a report that names only `slugify` does not
        // reach its helper.
        assert.deepEqual(ranks, { "py-cart-discount": 4, "py-report-median": 1, "py-slug-spaces": undefined });
    } finally {
        await sandbox.dispose();
        await rm(dir, { recursive: true, force: true });
    }
});
