// Splitting type texts at top-level commas, as the Rust target, Rust literals and Python hints read them; and the
// one seeded random source repeating its sequence for a seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { splitTopLevel } from "../../../engine/text/splitTopLevel.js";
import { seededRandom } from "../../../engine/random/seededRandom.js";

const splitCases: { text: string; parts: string[] }[] = [
    { text: "", parts: [] },
    { text: "i64", parts: ["i64"] },
    { text: "String, Vec<i64>", parts: ["String", "Vec<i64>"] },
    { text: "HashMap<String, i64>, (u8, char), [i32; 3]", parts: ["HashMap<String, i64>", "(u8, char)", "[i32; 3]"] },
    { text: "str, dict[str, list[int]]", parts: ["str", "dict[str, list[int]]"] },
    { text: " a ,b , ", parts: ["a", "b"] }
];

for (const { text, parts } of splitCases) {
    test(`splitTopLevel(${JSON.stringify(text)})`, () => assert.deepEqual(splitTopLevel(text), parts));
}

test("seededRandom: one seed, one sequence in [0, 1); another seed, another", () => {
    const draws = (seed: number) => {
        const random = seededRandom(seed);
        return Array.from({ length: 5 }, () => random());
    };
    assert.deepEqual(draws(7), draws(7));
    assert.notDeepEqual(draws(7), draws(8));
    assert.ok(draws(7).every((x) => x >= 0 && x < 1));
});
