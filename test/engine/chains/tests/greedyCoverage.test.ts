// The greedy keep by coverage, as a table: passing tests with the target's lines they cover and the baseline in;
// kept tests with the lines each adds, and dropped ones with the reason, out, in the order the decisions are made.
import { test } from "node:test";
import assert from "node:assert/strict";
import { noNewCoverage, selectByCoverage } from "../../../../engine/chains/tests/greedyCoverage.js";

interface GreedyCase {
    name: string;
    /** Each test's covered lines; undefined where its coverage could not be read. */
    tests: Record<string, number[] | undefined>;
    baseline: number[];
    measured: boolean;
    /** Decisions in order: `name: new lines` for a kept test, `name: dropped` for a dropped one. */
    decisions: string[];
    covered: number[];
}

const cases: GreedyCase[] = [
    {
        name: "the test adding most lines first, then what the others still add",
        tests: { small: [1, 2], large: [2, 3, 4, 5], middle: [5, 6, 7] },
        baseline: [],
        measured: true,
        decisions: ["large: 2,3,4,5", "middle: 6,7", "small: 1"],
        covered: [1, 2, 3, 4, 5, 6, 7]
    },
    {
        name: "a test covering only lines the baseline covers is dropped",
        tests: { old: [1, 2], fresh: [2, 9] },
        baseline: [1, 2, 3],
        measured: true,
        decisions: ["fresh: 9", "old: dropped"],
        covered: [1, 2, 3, 9]
    },
    {
        name: "a test covering only what a kept test covers is dropped; ties keep the pool's order",
        tests: { first: [4, 5], second: [5, 4], third: [6, 7] },
        baseline: [],
        measured: true,
        decisions: ["first: 4,5", "third: 6,7", "second: dropped"],
        covered: [4, 5, 6, 7]
    },
    {
        name: "a test whose coverage could not be read adds nothing",
        tests: { unread: undefined, read: [3] },
        baseline: [],
        measured: true,
        decisions: ["read: 3", "unread: dropped"],
        covered: [3]
    },
    {
        name: "new lines are sorted",
        tests: { only: [9, 2, 5] },
        baseline: [],
        measured: true,
        decisions: ["only: 2,5,9"],
        covered: [2, 5, 9]
    },
    {
        name: "unmeasured: every passing test is kept, in pool order, with no lines",
        tests: { a: undefined, b: undefined, c: undefined },
        baseline: [],
        measured: false,
        decisions: ["a: ", "b: ", "c: "],
        covered: []
    },
    { name: "no passing test", tests: {}, baseline: [1], measured: true, decisions: [], covered: [1] }
];

function check(c: GreedyCase): void {
    const candidates = Object.entries(c.tests).map(([name, lines]) => ({
        test: name,
        ...(lines ? { covered: new Set(lines) } : {})
    }));
    const { decisions, covered } = selectByCoverage(candidates, new Set(c.baseline), c.measured);
    assert.deepEqual(
        decisions.map((d) => `${d.test}: ${d.kept ? d.newLines.join(",") : "dropped"}`),
        c.decisions
    );
    assert.deepEqual(
        [...covered].sort((a, b) => a - b),
        c.covered
    );
    for (const decision of decisions) {
        const reason = !decision.kept
            ? noNewCoverage
            : c.measured
              ? `covers ${decision.newLines.length} new lines`
              : "passes every run";
        assert.equal(decision.reason, reason, String(decision.test));
    }
}

for (const c of cases) test(`greedy keep: ${c.name}`, () => check(c));
