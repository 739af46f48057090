// The port chain's verdicts as tables: a unit's cases compared with the original's outcomes, the status a
// unit ends with, and the whole port's status.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { HarnessOutcome } from "../../../../engine/chains/port/harnessRuns.js";
import type { Counterexample, UnitReport } from "../../../../engine/chains/port/PortTypes.js";
import {
    compareUnitCases,
    portStatus,
    unitStatus,
    type DifferentialCase,
    type UnitStatusInput
} from "../../../../engine/chains/port/unitVerdicts.js";

const value = (v: bigint | number | string | null): HarnessOutcome => ({ kind: "value", value: v });
const error: HarnessOutcome = { kind: "error", message: "ValueError: no" };

/** Each row: the original's outcome, the port's (undefined when it did not answer), and what the comparison counts it as. */
const comparisons: [
    name: string,
    expected: HarnessOutcome | undefined,
    actual: HarnessOutcome | undefined,
    counted: "equal" | "counterexample" | "skipped"
][] = [
    ["same int", value(3n), value(3n), "equal"],
    ["int and float within tolerance", value(3n), value(3.0000000000001), "equal"],
    ["different values", value(3n), value(4n), "counterexample"],
    ["any error matches any error", error, { kind: "error", message: "panicked" }, "equal"],
    ["an error where a value was expected", value(1n), error, "counterexample"],
    ["the port runs out of time", value(1n), { kind: "timeout" }, "counterexample"],
    ["the port crashes", value(1n), { kind: "crashed", message: "abort" }, "counterexample"],
    ["the original ran out of time", { kind: "timeout" }, value(1n), "skipped"],
    ["the original crashed", { kind: "crashed", message: "abort" }, value(1n), "skipped"],
    ["the original was not run", undefined, value(1n), "skipped"],
    ["outside the port's types", value(1n), { kind: "outOfDomain", message: "u32" }, "skipped"],
    ["the port did not answer", value(1n), undefined, "skipped"]
];

function checkComparison(row: (typeof comparisons)[number], id: number): void {
    const [name, expected, actual, counted] = row;
    const cases: DifferentialCase[] = [
        { unit: "f", line: { id, fn: "f", args: [BigInt(id)] }, ...(expected ? { expected } : {}) }
    ];
    const comparison = compareUnitCases("f", cases, new Map(actual ? [[id, actual]] : []), 2);
    assert.deepEqual(
        [comparison.cases, comparison.equal, comparison.skipped],
        counted === "equal" ? [1, 1, 0] : counted === "counterexample" ? [1, 0, 0] : [0, 0, 1],
        name
    );
    const wanted =
        counted === "counterexample"
            ? [{ unit: "f", args: [BigInt(id)], expected: expected!, actual: actual!, round: 2 }]
            : [];
    assert.deepEqual(comparison.counterexamples, wanted, name);
}

test("a unit's cases: equal, counterexample or skipped, one case at a time", () => {
    comparisons.forEach((row, i) => checkComparison(row, i));
});

test("a unit's cases together: counts add up and counterexamples keep the cases' order", () => {
    const cases: DifferentialCase[] = comparisons.map(([, expected], id) => ({
        unit: "f",
        line: { id, fn: "f", args: [BigInt(id)] },
        ...(expected ? { expected } : {})
    }));
    const actual = new Map(comparisons.flatMap(([, , got], id) => (got ? [[id, got] as const] : [])));
    const comparison = compareUnitCases("f", cases, actual, 0);
    assert.deepEqual([comparison.cases, comparison.equal, comparison.skipped], [7, 3, 5]);
    assert.deepEqual(
        comparison.counterexamples.map((c) => c.args[0]),
        [2n, 4n, 5n, 6n]
    );
});

const counterexample = (round: number): Counterexample => ({
    unit: "f",
    args: [1n],
    expected: value(1n),
    actual: value(2n),
    round
});
const report = (cases: number, equal: number, rounds: number[]): UnitStatusInput["report"] => ({
    cases,
    equal,
    counterexamples: rounds.map(counterexample)
});

/** Each row: what a unit's phases found, and the status it ends with. */
const statuses: [name: string, input: UnitStatusInput, status: UnitReport["status"]][] = [
    ["not in the build", { inBuild: false, harnessed: true, report: report(10, 10, []) }, "doesNotCompile"],
    [
        "not in the build wins over counterexamples",
        { inBuild: false, harnessed: true, report: report(10, 5, [0]) },
        "doesNotCompile"
    ],
    ["the harness cannot call it", { inBuild: true, harnessed: false, report: report(0, 0, []) }, "notTested"],
    ["no case compared", { inBuild: true, harnessed: true, report: report(0, 0, []) }, "notTested"],
    ["every case equal", { inBuild: true, harnessed: true, report: report(10, 10, []) }, "equivalent"],
    ["counterexamples in the only round", { inBuild: true, harnessed: true, report: report(10, 8, [0, 0]) }, "differs"],
    [
        "fixed in round 1: the round-0 counterexamples stay in the report",
        { inBuild: true, harnessed: true, report: report(10, 10, [0, 0]) },
        "equivalent"
    ],
    ["still differs in the last round", { inBuild: true, harnessed: true, report: report(10, 9, [0, 1]) }, "differs"],
    [
        "counterexamples from two rounds, every case equal now",
        { inBuild: true, harnessed: true, report: report(10, 10, [0, 1]) },
        "equivalent"
    ],
    [
        "equal falls short without a counterexample (not in the comparison)",
        { inBuild: true, harnessed: true, report: report(10, 9, []) },
        "equivalent"
    ]
];

test("a unit's status: doesNotCompile, notTested, differs or equivalent", () => {
    for (const [name, input, status] of statuses) assert.equal(unitStatus(input), status, name);
});

/** Each row: the units' statuses, and the port's. */
const portStatuses: [units: UnitReport["status"][], status: ReturnType<typeof portStatus>][] = [
    [[], "equivalent"],
    [["equivalent", "notTested"], "equivalent"],
    [["equivalent", "differs"], "differs"],
    [["differs", "doesNotCompile"], "doesNotCompile"],
    [["notTested"], "equivalent"]
];

test("the port's status: any unit out of the build, then any that differs", () => {
    for (const [units, status] of portStatuses)
        assert.equal(portStatus(units.map((s) => ({ status: s }))), status, units.join(", "));
});
