// Mutation scoring, as tables: what one mutant's run says about the kept tests, and the report over every mutant
// run (killed, stillborn, survivors in mutant order, score).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TestCaseResult, TestRunResult } from "../../../../engine/toolchains/index.js";
import { buildFailedResult, cancelledResult, ranResult } from "../../../support/testRunResults.js";
import { placeTests } from "../../../../engine/chains/fix/testPlacement.js";
import { mutantOutcome, mutationScore, type MutantOutcome } from "../../../../engine/chains/tests/mutationScore.js";

const placed = placeTests("python", "stats.py", 1, 0, "def test_mean():\n    assert True\n");

function ran(tests: Partial<TestCaseResult>[]): TestRunResult {
    return ranResult(
        tests.map((t, i) => ({
            id: `${t.file ?? placed.file}::test_${i}`,
            name: `test_${i}`,
            file: placed.file,
            outcome: "passed",
            ...t
        }))
    );
}

interface OutcomeCase {
    name: string;
    result: TestRunResult;
    outcome: MutantOutcome;
}

const outcomeCases: OutcomeCase[] = [
    { name: "every kept test passes", result: ran([{}, { outcome: "skipped" }]), outcome: "survived" },
    { name: "a kept test fails", result: ran([{}, { outcome: "failed" }]), outcome: "killed" },
    { name: "a kept test times out", result: ran([{ outcome: "timedOut" }]), outcome: "killed" },
    {
        name: "only another file's test fails",
        result: ran([{}, { file: "test_other.py", outcome: "failed" }]),
        outcome: "survived"
    },
    { name: "no kept test is reported", result: ran([{ file: "test_other.py" }]), outcome: "killed" },
    { name: "the tests do not load", result: buildFailedResult("collect", "ImportError"), outcome: "killed" },
    { name: "the mutant does not build", result: buildFailedResult("build", "error[E0308]"), outcome: "stillborn" },
    { name: "the run was cancelled", result: cancelledResult(), outcome: "cancelled" }
];

function checkOutcome(c: OutcomeCase): void {
    assert.equal(mutantOutcome(c.result, placed), c.outcome);
}

for (const c of outcomeCases) test(`mutant outcome: ${c.name}`, () => checkOutcome(c));

interface ScoreCase {
    name: string;
    outcomes: MutantOutcome[];
    sites: number;
    report: { killed: number; total: number; score: number; stillborn: number; survivors: number[] };
}

const scoreCases: ScoreCase[] = [
    {
        name: "no mutant run",
        outcomes: [],
        sites: 0,
        report: { killed: 0, total: 0, score: 0, stillborn: 0, survivors: [] }
    },
    {
        name: "every mutant killed",
        outcomes: ["killed", "killed"],
        sites: 2,
        report: { killed: 2, total: 2, score: 100, stillborn: 0, survivors: [] }
    },
    {
        name: "survivors in mutant order, stillborn and cancelled counted in neither",
        outcomes: ["survived", "killed", "stillborn", "survived", "cancelled", "killed"],
        sites: 40,
        report: { killed: 2, total: 4, score: 50, stillborn: 1, survivors: [0, 3] }
    },
    {
        name: "a score to a tenth",
        outcomes: ["killed", "killed", "survived"],
        sites: 3,
        report: { killed: 2, total: 3, score: 66.7, stillborn: 0, survivors: [2] }
    },
    {
        name: "only stillborn mutants",
        outcomes: ["stillborn"],
        sites: 1,
        report: { killed: 0, total: 0, score: 0, stillborn: 1, survivors: [] }
    }
];

function checkScore(c: ScoreCase): void {
    const runs = c.outcomes.map((outcome, i) => ({ mutant: { description: `mutant ${i}`, line: 10 + i }, outcome }));
    const report = mutationScore(runs, c.sites);
    assert.deepEqual(report, {
        killed: c.report.killed,
        total: c.report.total,
        score: c.report.score,
        stillborn: c.report.stillborn,
        sites: c.sites,
        survivors: c.report.survivors.map((i) => ({ description: `mutant ${i}`, line: 10 + i }))
    });
}

for (const c of scoreCases) test(`mutation score: ${c.name}`, () => checkScore(c));
