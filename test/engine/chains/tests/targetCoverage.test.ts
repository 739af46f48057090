// Coverage arithmetic, as tables: the target's own lines out of a run's coverage of its file, and percentages to
// a tenth.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { LineCoverage, TestRunResult } from "../../../../engine/toolchains/index.js";
import { percentOf, targetLines } from "../../../../engine/chains/tests/targetCoverage.js";
import { buildFailedResult, ranResult } from "../../../support/testRunResults.js";

function ranWith(coverage: LineCoverage | undefined): TestRunResult {
    return ranResult([], coverage);
}

interface LinesCase {
    name: string;
    result: TestRunResult | undefined;
    lines: [number, number];
    expected: { covered: number[]; coverable: number[] } | undefined;
}

const statsCoverage = { "stats.py": { coveredLines: [1, 2, 5, 9], coverableLines: [1, 2, 3, 5, 8, 9] } };
const linesCases: LinesCase[] = [
    {
        name: "the whole file",
        result: ranWith(statsCoverage),
        lines: [1, 9],
        expected: { covered: [1, 2, 5, 9], coverable: [1, 2, 3, 5, 8, 9] }
    },
    {
        name: "a symbol's lines, both ends included",
        result: ranWith(statsCoverage),
        lines: [2, 8],
        expected: { covered: [2, 5], coverable: [2, 3, 5, 8] }
    },
    {
        name: "a run that measured other files only",
        result: ranWith({ "other.py": statsCoverage["stats.py"] }),
        lines: [1, 9],
        expected: undefined
    },
    { name: "a run without coverage", result: ranWith(undefined), lines: [1, 9], expected: undefined },
    { name: "a run that did not load", result: buildFailedResult("collect", ""), lines: [1, 9], expected: undefined },
    { name: "no run", result: undefined, lines: [1, 9], expected: undefined }
];

function checkLines(c: LinesCase): void {
    const lines = targetLines(c.result, "stats.py", c.lines[0], c.lines[1]);
    assert.deepEqual(lines && { covered: [...lines.covered], coverable: lines.coverable }, c.expected);
}

for (const c of linesCases) test(`target lines: ${c.name}`, () => checkLines(c));

const percentCases: { count: number; total: number; percent: number }[] = [
    { count: 0, total: 0, percent: 0 },
    { count: 3, total: 0, percent: 0 },
    { count: 1, total: 3, percent: 33.3 },
    { count: 2, total: 3, percent: 66.7 },
    { count: 7, total: 7, percent: 100 },
    { count: 1, total: 8, percent: 12.5 }
];

function checkPercent(c: { count: number; total: number; percent: number }): void {
    assert.equal(percentOf(c.count, c.total), c.percent);
}

for (const c of percentCases) test(`percent: ${c.count} of ${c.total}`, () => checkPercent(c));
