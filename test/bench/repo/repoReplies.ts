// Scripted replies of the repository suite, per task and per model call: the repair chain's patch (correct, wrong
// but passing the visible failing test, or changing the failing test), the reproduction tests written from a bug
// report, the choice among tied suspects, and the located fix chain's reply (the corrected function and a test).
// A report's figures follow from these exactly.

import type { RepoTaskSource } from "./RepoTaskSource.js";
import { repoSuite } from "./repoSuite.js";

const think = (text: string) => `<think>\n${text}\n</think>\n\n`;
const fence = (tag: string, code: string) => "```" + tag + "\n" + code.trim() + "\n```\n";
const fenceTags: Record<string, string> = { python: "python", typescript: "typescript", go: "go", rust: "rust" };

/** What the scripted model answers for one task, by the kind of call. */
export interface RepoTaskReplies {
    /** `repair.round*`: the patch. */
    repair: string;
    /** `repair.reproduce`: reproduction tests from the bug report (report-only tasks). */
    reproduce?: string;
    /** `repair.choose`: the choice among tied suspects. */
    choose: string;
    /** `fix.round*`: today's fix chain given the gold location. */
    located: string;
    /** `fix.tests`: that chain's tests-only pass. */
    locatedTests: string;
    /** How the patch reply was written, for the report. */
    kind: "correct" | "looksRight" | "changesTest";
}

interface TaskScript {
    thought: string;
    /** A test of the gold function for the located fix chain, in the style its target file's tests take. */
    locatedTest: string;
    /** The located chain's tests-only pass (it sees no patch): a different test, so it is independent evidence. */
    testsOnly: string;
    reproduce?: string;
    /** Replaces the correct patch. */
    patch?: { kind: "looksRight" | "changesTest"; reply: string };
    choice?: number;
}

const scripts: Record<string, TaskScript> = {
    "py-cart-discount": {
        testsOnly: `from shop.pricing import apply_discount


def test_half_off():
    assert apply_discount(50.0, 50) == 25.0
`,
        thought:
            "Cart.total passes the percent to apply_discount, which subtracts the percent itself instead of that share of the price.",
        locatedTest: `from shop.pricing import apply_discount


def test_quarter_off():
    assert apply_discount(80.0, 25) == 60.0
`,
        // Passes the visible failing test (200 less 2 * 10 is 180) and fails the hidden 80 less 25%.
        patch: {
            kind: "looksRight",
            reply:
                think("The cart test wants 180 from 200 with 10 off, so the discount must be twice the percent.") +
                "`shop/pricing.py`\n" +
                fence(
                    "python",
                    `def apply_discount(price, percent):
    """The price less \`percent\` per cent of it."""
    return price - percent * 2`
                )
        }
    },
    "py-slug-spaces": {
        testsOnly: `from text.normalize import collapse_spaces


def test_three_spaces_become_one():
    assert collapse_spaces("x   y") == "x y"
`,
        thought: "collapse_spaces replaces each pair of spaces once, so a run of four spaces leaves two.",
        locatedTest: `from text.normalize import collapse_spaces


def test_four_spaces_become_one():
    assert collapse_spaces("a    b") == "a b"
`,
        reproduce: `from text.slugs import slugify


def test_several_spaces_make_one_hyphen():
    assert slugify("Hello    World") == "hello-world"
`
    },
    "py-report-median": {
        testsOnly: `from stats.order import median


def test_four_values():
    assert median([1, 2, 3, 4]) == 2.5
`,
        thought: "For an even count the middle pair is middle - 1 and middle, not middle and middle + 1.",
        locatedTest: `from stats.order import median


def test_even_count():
    assert median([10, 20]) == 15
`,
        patch: {
            kind: "changesTest",
            reply:
                think("The test's expectation looks off to me; the upper pair gives 3.5.") +
                "The test is wrong: the median of 1, 2, 3, 4 taken from the upper middle pair is 3.5.\n\n" +
                "`tests/test_report.py`\n" +
                fence(
                    "python",
                    `def test_summary_even():
    assert summary([4, 1, 3, 2])["median"] == 3.5`
                )
        }
    },
    "ts-invoice-rounding": {
        testsOnly: `import { test } from "node:test";
import assert from "node:assert/strict";

test("rounds to the nearer cent", () => {
    assert.equal(roundCents(2.996), 3);
});
`,
        thought: "roundCents truncates with Math.floor; rounding to the nearest cent needs Math.round.",
        locatedTest: `import { test } from "node:test";
import assert from "node:assert/strict";

test("rounds up from half a cent", () => {
    assert.equal(roundCents(1.006), 1.01);
});
`
    },
    "ts-word-count": {
        testsOnly: `import { test } from "node:test";
import assert from "node:assert/strict";

test("a tab separates words", () => {
    assert.deepEqual(splitWords("x\\ty"), ["x", "y"]);
});
`,
        thought: "splitWords splits on single spaces, so two spaces give an empty word and tabs do not split.",
        locatedTest: `import { test } from "node:test";
import assert from "node:assert/strict";

test("splits on runs of whitespace", () => {
    assert.deepEqual(splitWords("a  b\\tc"), ["a", "b", "c"]);
});
`,
        reproduce: `import { test } from "node:test";
import assert from "node:assert/strict";
import { wordCount } from "../src/textStats.js";

test("two spaces separate two words", () => {
    assert.equal(wordCount("one  two"), 2);
});
`
    },
    "go-temperature-report": {
        testsOnly: `package convert

import "testing"

func TestFreezingIsThirtyTwo(t *testing.T) {
	if got := CelsiusToFahrenheit(-40); got != -40 {
		t.Fatalf("CelsiusToFahrenheit(-40) = %v, want -40", got)
	}
}
`,
        thought: "Fahrenheit is Celsius times 9/5 plus 32; the helper multiplies by 5/9.",
        locatedTest: `package convert

import "testing"

func TestBoilingPoint(t *testing.T) {
	if got := CelsiusToFahrenheit(100); got != 212 {
		t.Fatalf("CelsiusToFahrenheit(100) = %v, want 212", got)
	}
}
`
    },
    "go-shelf-reserve": {
        testsOnly: `package stock

import "testing"

func TestCanTakeAllButReserve(t *testing.T) {
	if !canTake(5, 4, 1) {
		t.Fatal("canTake(5, 4, 1) = false, want true")
	}
}
`,
        thought: "Taking down to exactly the reserve leaves have - want == keep, which must be allowed.",
        locatedTest: `package stock

import "testing"

func TestCanTakeDownToReserve(t *testing.T) {
	if !canTake(10, 8, 2) {
		t.Fatal("canTake(10, 8, 2) = false, want true")
	}
}
`,
        reproduce: `package stock

import "testing"

func TestTakeExactlyToReserve(t *testing.T) {
	s := Shelf{Items: 10, Reserve: 2}
	if !s.Take(8) {
		t.Fatalf("Take(8) = false with 10 items and a reserve of 2")
	}
}
`
    },
    "rust-mean-total": {
        testsOnly: `#[test]
fn counts_the_first_value() {
    assert_eq!(total(&[5.0]), 5.0);
}
`,
        thought: "total skips the first value; the mean needs every value summed.",
        locatedTest: `#[test]
fn adds_every_value() {
    assert_eq!(total(&[1.0, 2.0]), 3.0);
}
`
    },
    "rust-config-equals": {
        testsOnly: `#[test]
fn keeps_later_equals_in_the_value() {
    assert_eq!(split_pair("a=b=c"), Some(("a", "b=c")));
}
`,
        thought: "split_pair splits at the last '='; the key ends at the first one.",
        locatedTest: `#[test]
fn splits_at_the_first_equals() {
    assert_eq!(split_pair("url = a=b"), Some(("url", "a=b")));
}
`,
        reproduce: `#[test]
fn value_keeps_its_equals_sign() {
    let config = parse_config("url = a=b");
    assert_eq!(config.get("url").map(String::as_str), Some("a=b"));
}
`
    }
};

function repliesOf(task: RepoTaskSource): RepoTaskReplies {
    const script = scripts[task.instance_id];
    if (!script) throw new Error(`no scripted replies for ${task.instance_id}`);
    const tag = fenceTags[task.language]!;
    const correct =
        think(script.thought) + task.fixes.map((fix) => `\`${fix.file}\`\n` + fence(tag, fix.after)).join("\n");
    const located = think(script.thought) + fence(tag, task.fixes[0]!.after) + "\n" + fence(tag, script.locatedTest);
    return {
        repair: script.patch?.reply ?? correct,
        ...(script.reproduce
            ? { reproduce: think("A test that shows the report's case.") + fence(tag, script.reproduce) }
            : {}),
        choose: `CHOICE: ${script.choice ?? 1}\nIts code computes the value the failing test checks.`,
        located,
        locatedTests: think("A test of the function's contract.") + fence(tag, script.testsOnly),
        kind: script.patch?.kind ?? "correct"
    };
}

/** Every suite task's replies, by instance id. */
export const repoReplies: Record<string, RepoTaskReplies> = Object.fromEntries(
    repoSuite.map((task) => [task.instance_id, repliesOf(task)])
);
