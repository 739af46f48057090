// The repair job's one report: plain JSON that survives a round trip unchanged, keeps each file's edits and its own
// diff for the editor's multi-file WorkspaceEdit, and leaves out what only the chain needs (original texts, rankings).
import { test } from "node:test";
import assert from "node:assert/strict";
import { repairReport } from "../../engine/jobs/index.js";
import type { RepairResult } from "../../engine/chains/repair/RepairTypes.js";

const result: RepairResult = {
    status: "verified",
    failing: [
        { id: "tests/test_cart.py::test_total", name: "test_total", origin: "project", message: "assert 9 == 10" }
    ],
    localisation: {
        suspects: [
            {
                rank: 1,
                file: "shop/pricing.py",
                name: "discount",
                startLine: 3,
                endLine: 5,
                score: 0.9,
                evidence: { traceback: { frames: 1, innermostDepth: 0 } },
                why: "in 1 failing traceback"
            }
        ],
        sources: ["traceback"],
        tied: false,
        notes: []
    },
    patch: {
        files: [
            {
                file: "shop/pricing.py",
                originalText: "x = 1\n",
                patchedText: "x = 2\n",
                edits: [{ start: 4, end: 5, newText: "2" }],
                created: false,
                isTest: false
            },
            {
                file: "shop/cart.py",
                originalText: "y = 1\n",
                patchedText: "y = 3\n",
                edits: [{ start: 4, end: 5, newText: "3" }],
                created: false,
                isTest: false
            }
        ],
        diff: "--- a/shop/pricing.py\n+++ b/shop/pricing.py\n",
        round: 0,
        candidate: 1
    },
    evidence: {
        oracle: "project",
        failingNowPass: ["tests/test_cart.py::test_total"],
        stillFailing: [],
        regressions: [],
        passToPass: { run: 3, total: 3, affectedFirst: 2 },
        flaky: [],
        summary: "The failing test passes; 3 of 3 passing tests still pass."
    },
    rounds: 1,
    candidates: [],
    notes: [],
    timings: { localiseMs: 1, modelMs: 2, verifyMs: 3, regressionMs: 4, totalMs: 10 }
};

test("the repair report is plain JSON: a round trip leaves it unchanged", () => {
    const report = repairReport(result);
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
});

test("the report keeps every file's edits and its own diff, and drops the whole texts", () => {
    const report = repairReport(result);
    assert.deepEqual(
        report.patch?.files.map((f) => [f.file, f.edits.length]),
        [
            ["shop/pricing.py", 1],
            ["shop/cart.py", 1]
        ]
    );
    assert.match(
        report.patch!.files[1]!.diff,
        /^--- a\/shop\/cart\.py\n\+\+\+ b\/shop\/cart\.py\n@@[^\n]*\n-y = 1\n\+y = 3\n/
    );
    assert.equal(JSON.stringify(report).includes("originalText"), false);
    assert.equal(report.localisation.suspects[0]?.why, "in 1 failing traceback");
});

test("no patch is null, as in the fix report", () => {
    const { patch: _omitted, ...rest } = result;
    assert.equal(repairReport({ ...rest, status: "noCandidate" }).patch, null);
});
