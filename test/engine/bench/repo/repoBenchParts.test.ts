// The repository bench's pure parts: the suite loader's errors, the resolved
// verdict from one run, the gold function's rank in a localisation, and the totals.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    goldRank,
    InvalidRequestError,
    loadRepoSuite,
    repoBenchTotals,
    resolvedVerdictOf,
    type RepoTaskOutcome,
    type TestRunResult
} from "../../../../engine/testing.js";
import type { Localisation } from "../../../../engine/chains/repair/localisation/LocalisationTypes.js";

async function suiteWith(task: Record<string, unknown>, folders = ["repo", "hidden"]): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "ponder-repo-loader-"));
    await mkdir(join(dir, "t1"));
    for (const folder of folders) await mkdir(join(dir, "t1", folder));
    if (folders.includes("repo")) await writeFile(join(dir, "t1", "repo", "lib.py"), "def f():\n    return 1\n");
    await writeFile(join(dir, "t1", "task.json"), JSON.stringify(task));
    return dir;
}

const good = {
    instance_id: "t1",
    language: "python",
    problem_statement: "f is wrong",
    FAIL_TO_PASS: '["tests/test_f.py::test_f"]',
    PASS_TO_PASS: [],
    gold: [{ file: "lib.py", function: "f", line: 2 }]
};

test("a task with SWE-bench's JSON-encoded test lists loads, with its folders and gold", async () => {
    const dir = await suiteWith(good);
    try {
        const [task] = await loadRepoSuite(dir);
        assert.deepEqual(task!.FAIL_TO_PASS, ["tests/test_f.py::test_f"]);
        assert.equal(task!.failing_tests, undefined);
        assert.deepEqual(task!.gold, [{ file: "lib.py", function: "f", line: 2 }]);
        assert.equal(task!.repoDir, join(dir, "t1", "repo"));
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
});

test("a malformed task is refused naming its file and what is wrong", async () => {
    const cases: [Record<string, unknown>, string[] | undefined, RegExp][] = [
        [{ ...good, language: "cobol" }, undefined, /"language" must be one of .*python/],
        [{ ...good, FAIL_TO_PASS: [] }, undefined, /"FAIL_TO_PASS" must name at least one test/],
        [{ ...good, FAIL_TO_PASS: "not json" }, undefined, /not a JSON-encoded list/],
        [{ ...good, gold: [] }, undefined, /"gold" must be a non-empty list/],
        [{ ...good, gold: [{ file: "missing.py", function: "f" }] }, undefined, /repo\/missing.py does not exist/],
        [good, ["repo"], /no hidden\/ folder/],
        [{ ...good, problem_statement: "" }, undefined, /"problem_statement" must be a non-empty string/]
    ];
    for (const [task, folders, message] of cases) {
        const dir = await suiteWith(task, folders);
        try {
            await assert.rejects(loadRepoSuite(dir), (error: Error) => {
                assert.ok(error instanceof InvalidRequestError);
                assert.match(error.message, message);
                assert.match(error.message, /task\.json/);
                return true;
            });
        } finally {
            await rm(dir, { recursive: true, force: true });
        }
    }
});

test("resolved needs every FAIL_TO_PASS passing and every PASS_TO_PASS still passing; one not run is not passing", () => {
    const ran = (outcomes: Record<string, "passed" | "failed">): TestRunResult => ({
        kind: "ran",
        toolchain: "python",
        runner: "pytest",
        durationMs: 1,
        notes: [],
        tests: Object.entries(outcomes).map(([id, outcome]) => ({ id, name: id.split("::")[1]!, outcome })),
        run: {} as never
    });
    const task = { FAIL_TO_PASS: ["t.py::a"], PASS_TO_PASS: ["t.py::b", "t.py::c"] };
    assert.equal(
        resolvedVerdictOf(task, ran({ "t.py::a": "passed", "t.py::b": "passed", "t.py::c": "passed" })).resolved,
        true
    );
    const regressed = resolvedVerdictOf(task, ran({ "t.py::a": "passed", "t.py::b": "failed", "t.py::c": "passed" }));
    assert.deepEqual(
        [regressed.resolved, regressed.passToPass, regressed.problems],
        [false, { passed: 1, total: 2 }, ["t.py::b: failed"]]
    );
    const missing = resolvedVerdictOf(task, ran({ "t.py::a": "passed", "t.py::b": "passed" }));
    assert.deepEqual([missing.resolved, missing.problems], [false, ["t.py::c: not run"]]);
    const build = resolvedVerdictOf(task, {
        kind: "buildFailed",
        stage: "build",
        message: "error[E0308]\nmore",
        toolchain: "rust",
        runner: "cargo",
        durationMs: 1,
        notes: []
    });
    assert.deepEqual([build.resolved, build.problems], [false, ["did not build: error[E0308]"]]);
});

test("the gold function's rank: by the evidence's order, and with the model's choice among tied suspects first", () => {
    const suspect = (rank: number, file: string, name: string) => ({
        rank,
        file,
        name,
        startLine: 1,
        endLine: 2,
        score: 1 / rank,
        evidence: {},
        why: ""
    });
    const localisation: Localisation = {
        suspects: [
            suspect(1, "shop/cart.py", "Cart.total"),
            suspect(2, "shop/pricing.py", "apply_discount"),
            suspect(3, "shop/pricing.py", "with_tax")
        ],
        sources: ["traceback"],
        tied: true,
        modelChoice: { file: "shop/pricing.py", name: "apply_discount", reason: "the test's expectation is a share" },
        notes: []
    };
    const gold = [{ file: "shop/pricing.py", function: "apply_discount" }];
    assert.deepEqual(goldRank(gold, localisation), { byEvidence: 2, withModel: 1 });
    assert.deepEqual(goldRank([{ file: "shop/cart.py", function: "total" }], localisation), {
        byEvidence: 1,
        withModel: 2
    });
    assert.deepEqual(goldRank([{ file: "shop/other.py", function: "apply_discount" }], localisation), {});
    // Two qualified names must be equal: Order.total is not Cart.total.
    assert.deepEqual(goldRank([{ file: "shop/cart.py", function: "Order.total" }], localisation), {});
    const { modelChoice: _, ...untied } = localisation;
    assert.deepEqual(goldRank(gold, { ...untied, tied: false }), { byEvidence: 2, withModel: 2 });
});

test("totals: resolved, false-verified, top-k, time to a verified fix against the located chain, regression share", () => {
    const outcome = (
        status: RepoTaskOutcome["status"],
        resolved: boolean,
        rank: RepoTaskOutcome["rank"],
        ms: number,
        located?: RepoTaskOutcome["located"]
    ): RepoTaskOutcome => ({
        instance_id: `t${ms}`,
        language: "python",
        entry: "tests",
        status,
        hidden: { resolved, failToPass: { passed: 0, total: 1 }, passToPass: { passed: 0, total: 0 }, problems: [] },
        rank,
        modelChose: false,
        repair: { totalMs: ms, verifyMs: 100, regressionMs: 25, modelMs: 0 },
        ...(located ? { located } : {})
    });
    const totals = repoBenchTotals([
        outcome("verified", true, { byEvidence: 1, withModel: 1 }, 1000, { status: "verified", totalMs: 500 }),
        outcome("verified", false, { byEvidence: 3, withModel: 1 }, 3000, { status: "verified", totalMs: 1000 }),
        outcome("changesTest", false, { byEvidence: 6, withModel: 6 }, 2000, { status: "plausible", totalMs: 100 }),
        outcome("unverified", false, {}, 4000)
    ]);
    assert.deepEqual(
        [
            totals.resolvedRate.count,
            totals.verifiedRate.count,
            totals.falseVerifiedRate,
            totals.top1ByEvidence.count,
            totals.top5ByEvidence.count,
            totals.top1WithModel.count,
            totals.top5WithModel.count
        ],
        [1, 2, { count: 1, of: 2, value: 0.5 }, 1, 2, 2, 2]
    );
    assert.deepEqual(totals.timeToVerified, { tasks: 2, repairMs: 2000, locatedMs: 750, ratio: 2000 / 750 });
    assert.deepEqual(totals.regressionShare, { regressionMs: 100, verifyMs: 400, value: 0.25 });
});
