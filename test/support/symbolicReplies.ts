// Scripted R1-style replies for the symbolic-candidate tests and benchmarks on test/fixtures/symbolic:
// wrong fixes (so only the exact tool's fix can be verified), a slow wrong one (a long thought, so a verified
// symbolic fix arrives while the model still thinks), and the right fixes for the comparison without tools.

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
const block = (tag: string, code: string) => "```" + tag + "\n" + code.trim() + "\n```\n";

const wordsTest = block(
    "rust",
    `
#[test]
fn counts_two_lines() {
    assert_eq!(total_words(&["a b".to_string(), "c".to_string()]), 3);
}
`
);

const wrongWords =
    block(
        "rust",
        `
pub fn total_words(lines: &[String]) -> usize {
    let mut total = 0;
    for line in lines {
        total += word_count(line) + 1;
    }
    total
}
`
    ) +
    "\n" +
    wordsTest;

/** About 4,500 characters of thinking per 40 steps: the model is still generating when the symbolic fix is verified. */
const longThought = (steps: number) =>
    Array.from(
        { length: steps },
        (_, i) =>
            `Step ${i + 1}: the call passes a String where a &str is expected; maybe the count should also include the separator.`
    ).join("\n");

/** A reproducing test that is right and a patch that keeps the identity comparison: only ruff's fix passes it. */
const pyIsLiteralWrong =
    think("A role read from input is a new string; maybe converting it to str helps.") +
    block(
        "python",
        `
def is_admin(role):
    """True for the admin role, however the string was built."""
    return str(role) is "admin"
`
    ) +
    "\n" +
    block(
        "python",
        `
from roles import is_admin


def test_built_admin_role_is_admin():
    assert is_admin("".join(["ad", "min"]))
`
    );

export const symbolicReplies = {
    pyIsLiteralWrong,
    rustWordsWrong: think("word_count wants a &str; pass the line and count the separator too.") + wrongWords,
    rustWordsWrongAndSlow: think(longThought(40)) + wrongWords,
    /**
     * Three times as long (about 13,500 characters; give it a context of 20,480): on a machine whose cores are all
     * busy, a cold cargo build of rustc's fix took longer than the 40-step thought, and the race's winner changed.
     */
    rustWordsWrongAndSlower: think(longThought(120)) + wrongWords,
    rustWordsRight:
        think("word_count takes &str; trim() already gives one, so drop the to_string().") +
        block(
            "rust",
            `
pub fn total_words(lines: &[String]) -> usize {
    let mut total = 0;
    for line in lines {
        total += word_count(line.trim());
    }
    total
}
`
        ) +
        "\n" +
        wordsTest,
    tsScaleWrong:
        think("Maybe the rounding is the problem.") +
        block(
            "typescript",
            `
export function toPercent(fraction: number): number {
    return clampValue(fraction * 100, 0, 100);
}
`
        ) +
        "\n" +
        block(
            "typescript",
            `
import { test } from "node:test";
import assert from "node:assert/strict";

test("a half is fifty percent", () => {
    assert.equal(toPercent(0.5), 50);
});
`
        )
};
