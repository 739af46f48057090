// Scripted replies for the benchmark suite in test/fixtures/bench/suite: per task, replies that are right, wrong,
// or right-looking but wrong on a hidden case, so a report's numbers follow from them exactly. A port reply holds
// the unit's item and a JSON block of the edge cases the "model" thought of.

import { fixReplies } from "./fixReplies.js";

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
const fenced = (language: string, code: string) => "```" + language + "\n" + code.trim() + "\n```\n";

export const benchReplies = {
    /** series.py: the real fix (verified; passes the hidden tests). */
    seriesRight: fixReplies.realFix,
    /** series.py and totals.py: a constant (its own test reproduces the bug, the patch fails it: unverified). */
    constant: fixReplies.deletesTarget,
    /** leap.py: forgets the 400-year rule; its own tests pass, so it is verified, but the hidden case 2000 fails. */
    leapLooksRight:
        think("A year divisible by 100 is not a leap year, so 1900 must be false.") +
        fenced(
            "python",
            `
def is_leap(year):
    """Whether the year has 366 days in the Gregorian calendar."""
    return year % 4 == 0 and year % 100 != 0
`
        ) +
        "\n" +
        fenced(
            "python",
            `
from leap import is_leap


def test_century_is_not_leap():
    assert not is_leap(1900)


def test_ordinary_leap_year():
    assert is_leap(2024)
`
        ),
    /** clamp.ts: the real fix. */
    clampRight:
        think("Above the range it returns lo; it must return hi.") +
        fenced(
            "typescript",
            `
export function clamp(x: number, lo: number, hi: number): number {
    if (x < lo) return lo;
    if (x > hi) return hi;
    return x;
}
`
        ) +
        "\n" +
        fenced(
            "typescript",
            `
import { test } from "node:test";
import assert from "node:assert/strict";

test("clamps above the range to hi", () => {
    assert.equal(clamp(15, 0, 10), 10);
});
`
        ),
    /** src/lib.rs: the real fix. */
    largestRight:
        think("The comparison keeps the smaller value; it must keep the larger.") +
        fenced(
            "rust",
            `
pub fn largest(values: &[i32]) -> i32 {
    let mut best = values[0];
    for &v in values {
        if v > best {
            best = v;
        }
    }
    best
}
`
        ) +
        "\n" +
        fenced(
            "rust",
            `
#[test]
fn finds_the_largest() {
    assert_eq!(largest(&[1, 5, 3]), 5);
}
`
        ),
    /** stats.py (tests of clamp): three good tests; they catch the clamp variant, not the median one. */
    statsTests:
        think("clamp has three paths: below, above and inside the range.") +
        fenced(
            "python",
            `
from stats import clamp


def test_clamp_below_range():
    assert clamp(-5, 0, 10) == 0


def test_clamp_above_range():
    assert clamp(15, 0, 10) == 10


def test_clamp_inside_range():
    assert clamp(5, 0, 10) == 5
`
        ),
    /** range.ts (tests of range): they catch the exclusive-end variant, not the sum variant. */
    rangeTests:
        think("range includes both ends.") +
        fenced(
            "typescript",
            `
import { test } from "node:test";
import assert from "node:assert/strict";
import { range } from "./range.js";

test("range of one value is that value", () => {
    assert.deepEqual(range(2, 2), [2]);
});

test("range counts up to its end", () => {
    assert.deepEqual(range(1, 3), [1, 2, 3]);
});
`
        ),
    /** digits.py → Rust: right (unsigned_abs keeps i64::MIN exact); equivalent, passes the hidden checks. */
    digitsPort:
        think("abs of i64::MIN overflows, so take the unsigned magnitude.") +
        fenced(
            "rust",
            `
pub fn digit_sum(n: i64) -> i64 {
    let mut rest = n.unsigned_abs();
    let mut total: i64 = 0;
    while rest > 0 {
        total += (rest % 10) as i64;
        rest /= 10;
    }
    total
}
`
        ) +
        "\nEdge cases:\n" +
        fenced("json", "[[0], [9], [-10], [99999]]"),
    /** bulk.py → Rust: \`>=\` where Python has \`>\`. Only 10000 itself differs, which no generated input hits (the source writes it `100 * 100`, so it is not among the literals the inputs are made of): claimed equivalent, hidden fails. */
    bulkPortLooksRight:
        think("Python ints do not overflow: i128 holds quantity * 250 for any i64 quantity.") +
        fenced(
            "rust",
            `
pub fn bulk_price(quantity: i128) -> i128 {
    if quantity <= 0 {
        return 0;
    }
    let mut total = quantity * 250;
    if quantity >= 10000 {
        total = total * 4 / 5;
    }
    total
}
`
        ) +
        "\nEdge cases:\n" +
        fenced("json", "[[0], [1], [-1], [20000]]"),
    /** midpoint.py → Rust: \`/\` truncates where Python's \`//\` floors; the differential tests find it: differs. */
    midpointPortWrong:
        think("Add and halve.") +
        fenced(
            "rust",
            `
pub fn midpoint(a: i64, b: i64) -> i64 {
    (a + b) / 2
}
`
        ),
    /** sign.py → TypeScript: right, renamed to camelCase. */
    signPort:
        think("Three branches, the same order.") +
        fenced(
            "typescript",
            `
export function signLabel(n: number): string {
    if (n < 0) return "negative";
    if (n === 0) return "zero";
    return "positive";
}
`
        ),
    /** src/lib.rs (tests of triangle): they catch the exclusive-end variant, not the is_even one. */
    triangleTests:
        think("triangle(n) adds 1 to n, n included.") +
        fenced(
            "rust",
            `
#[test]
fn triangle_of_three() {
    assert_eq!(triangle(3), 6);
}

#[test]
fn triangle_of_zero() {
    assert_eq!(triangle(0), 0);
}
`
        )
};
