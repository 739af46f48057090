// Which inputs and units the port chain keeps, as tables: argument lists without repeats, the counterexamples
// kept as regression tests (ten per unit, one per input), and whether a unit uses one without code.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    dependsOnMissing,
    keptCounterexamples,
    uniqueArgumentLists,
    type UnitWithCode
} from "../../../../engine/chains/port/caseSelection.js";
import type { ExactJson } from "../../../../engine/chains/port/exactJson.js";
import type { Counterexample } from "../../../../engine/chains/port/PortTypes.js";

/** Each row: argument lists, and those kept. */
const uniqueRows: [name: string, lists: ExactJson[][], kept: ExactJson[][]][] = [
    ["no repeats", [[1n], [2n]], [[1n], [2n]]],
    ["a repeat keeps the first place", [[2n], [1n], [2n]], [[2n], [1n]]],
    ["an int and a float are different inputs", [[1n], [1.0]], [[1n], [1.0]]],
    ["a string and its digits are different inputs", [["1"], [1n]], [["1"], [1n]]],
    ["null, false and an empty list are different inputs", [[null], [false], [[]], [null]], [[null], [false], [[]]]],
    ["argument boundaries count", [[1n, 2n], [[1n, 2n]], [1n, 2n]], [[1n, 2n], [[1n, 2n]]]],
    ["nested values compare whole", [[{ a: [1n] }], [{ a: [1n] }], [{ a: [2n] }]], [[{ a: [1n] }], [{ a: [2n] }]]],
    ["NaN repeats like any value", [[NaN], [NaN]], [[NaN]]],
    ["nothing", [], []]
];

test("argument lists without repeats", () => {
    for (const [name, lists, kept] of uniqueRows) assert.deepEqual(uniqueArgumentLists(lists), kept, name);
});

const found = (input: bigint, round: number): Counterexample => ({
    unit: "f",
    args: [input],
    expected: { kind: "value", value: input },
    actual: { kind: "value", value: -input },
    round
});

/** Each row: the counterexamples found, and the inputs and rounds of those kept. */
const keptRows: [name: string, counterexamples: Counterexample[], kept: [bigint, number][]][] = [
    [
        "all of few",
        [found(1n, 0), found(2n, 0)],
        [
            [1n, 0],
            [2n, 0]
        ]
    ],
    [
        "one per input, the latest round's, at the first place",
        [found(1n, 0), found(2n, 0), found(1n, 1)],
        [
            [1n, 1],
            [2n, 0]
        ]
    ],
    [
        "ten of many",
        Array.from({ length: 14 }, (_, i) => found(BigInt(i), 0)),
        Array.from({ length: 10 }, (_, i) => [BigInt(i), 0] as [bigint, number])
    ],
    [
        "ten distinct inputs even when repeats come first",
        [found(0n, 0), found(0n, 1), ...Array.from({ length: 12 }, (_, i) => found(BigInt(i + 1), 1))],
        [[0n, 1], ...Array.from({ length: 9 }, (_, i) => [BigInt(i + 1), 1] as [bigint, number])]
    ],
    ["none", [], []]
];

test("counterexamples kept as regression tests: ten per unit, one per input", () => {
    for (const [name, counterexamples, kept] of keptRows) {
        assert.deepEqual(
            keptCounterexamples(counterexamples).map((c) => [c.args[0], c.round]),
            kept,
            name
        );
    }
    assert.equal(keptCounterexamples(keptRows[2]![1], 3).length, 3, "the limit is a parameter");
});

/** A file's units as `name:uses,uses` with `!` after a name that has no code. */
function unitsOf(spec: string): Map<string, UnitWithCode> {
    return new Map(
        spec.split(" ").map((entry) => {
            const [head, uses] = entry.split(":");
            const name = head!.replace(/!$/, "");
            return [
                name,
                { unit: { name, uses: uses ? uses.split(",") : [] }, ...(head!.endsWith("!") ? {} : { item: {} }) }
            ];
        })
    );
}

/** Each row: the units, the unit asked about, and whether it depends on one without code. */
const dependencyRows: [units: string, unit: string, missing: boolean][] = [
    ["a b:a", "b", false],
    ["a! b:a", "b", true],
    ["a! b:a c:b", "c", true],
    ["a b:a,x", "b", false],
    ["a:b b:a", "a", false],
    ["a:b b!:a", "a", true],
    ["a! b", "b", false],
    ["a!", "a", false]
];

test("a unit depends on a missing one directly or through others; names outside the file and cycles do not count", () => {
    for (const [spec, unit, missing] of dependencyRows) {
        const units = unitsOf(spec);
        assert.equal(dependsOnMissing(units.get(unit)!, units), missing, `${spec}: ${unit}`);
    }
});
