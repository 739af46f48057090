// Unified diffs as models write them: wrong line numbers, no @@ headers, trimmed context lines, shifted
// indentation, repeated lines, several files; and a clear failure when a hunk is not in the file.

import { test } from "node:test";
import assert from "node:assert/strict";
import { applyTextEdits, applyUnifiedDiff, type ApplyUnifiedDiffOptions } from "../../../engine/analysis/index.js";
import { trimIndent } from "./fixture.js";

const stack = trimIndent(`
    class Stack:
        def __init__(self):
            self.items = []

        def push(self, item):
            self.items.insert(0, item)

        def pop(self):
            return self.items.pop()

        def peek(self):
            return self.items.pop()
`);

type Expected = { text: string; lines?: number[]; match?: string[] } | { failed: string; hunkIndex?: number };

function check(original: string, diff: string, expected: Expected, options: ApplyUnifiedDiffOptions = {}): void {
    const result = applyUnifiedDiff(original, trimIndent(diff), options);
    if ("failed" in expected) {
        assert.equal(result.kind, "failed", result.kind === "applied" ? result.text : "");
        if (result.kind !== "failed") return;
        assert.equal(result.reason, expected.failed);
        assert.equal(result.hunkIndex, expected.hunkIndex);
        return;
    }
    assert.equal(result.kind, "applied", result.kind === "failed" ? result.reason : "");
    if (result.kind !== "applied") return;
    assert.equal(result.text, expected.text);
    assert.equal(applyTextEdits(original, result.edits), result.text, "the edits give the same text");
    if (expected.lines)
        assert.deepEqual(
            result.hunks.map((hunk) => hunk.appliedLine),
            expected.lines
        );
    if (expected.match)
        assert.deepEqual(
            result.hunks.map((hunk) => hunk.match),
            expected.match
        );
}

const fixedPush = stack.replace("self.items.insert(0, item)", "self.items.append(item)");
const fixedBoth = fixedPush.replace(
    "def peek(self):\n        return self.items.pop()",
    "def peek(self):\n        return self.items[-1]"
);

test("a diff with the right line numbers", () =>
    check(
        stack,
        `
    --- a/stack.py
    +++ b/stack.py
    @@ -5,2 +5,2 @@
         def push(self, item):
    -        self.items.insert(0, item)
    +        self.items.append(item)
`,
        { text: fixedPush, lines: [5], match: ["exact"] }
    ));

test("wrong line numbers: each hunk is found by content, nearest to where the header says", () =>
    check(
        stack,
        `
    @@ -40,3 +40,3 @@ class Stack:
         def push(self, item):
    -        self.items.insert(0, item)
    +        self.items.append(item)
    @@ -47,2 +47,2 @@
         def peek(self):
    -        return self.items.pop()
    +        return self.items[-1]
`,
        { text: fixedBoth, lines: [5, 11] }
    ));

test("a repeated line goes to the occurrence nearest the claimed line", () =>
    check(
        stack,
        `
    @@ -12,1 +12,1 @@
    -        return self.items.pop()
    +        return self.items[-1]
`,
        {
            text: stack.replace(
                /return self\.items\.pop\(\)(?![\s\S]*return self\.items\.pop\(\))/,
                "return self.items[-1]"
            ),
            lines: [12]
        }
    ));

test("no @@ headers at all, and context lines without their leading space", () =>
    check(
        stack,
        `
    def push(self, item):
    -        self.items.insert(0, item)
    +        self.items.append(item)
`,
        { text: fixedPush }
    ));

test("indentation shifted by the model: matched ignoring it, added lines moved to the file's indentation", () =>
    check(
        stack,
        `
    @@ -5,2 +5,2 @@
       def push(self, item):
    -    self.items.insert(0, item)
    +    self.items.append(item)
`,
        { text: fixedPush, match: ["indentation"] }
    ));

test("a pure insertion placed by its line number", () =>
    check(
        "a\nb\nc\n",
        `
    @@ -2,0 +3,1 @@
    +inserted
`,
        { text: "a\nb\ninserted\nc\n" }
    ));

test("CRLF files keep CRLF on added lines", () =>
    check(
        "x = 1\r\ny = 2\r\n",
        `
    -y = 2
    +y = 3
    +z = 4
`,
        { text: "x = 1\r\ny = 3\r\nz = 4\r\n" }
    ));

test("a file without a final line break", () => check("a\nb", "-b\n+c\n", { text: "a\nc" }));

test("several files: the one named by the path is applied", () =>
    check(
        stack,
        `
    --- a/README.md
    +++ b/README.md
    @@ -1 +1 @@
    -old
    +new
    --- a/src/stack.py
    +++ b/src/stack.py
    @@ -5,2 +5,2 @@
         def push(self, item):
    -        self.items.insert(0, item)
    +        self.items.append(item)
`,
        { text: fixedPush },
        { path: "/work/project/src/stack.py" }
    ));

test("failures are values with the reason", () => {
    check(
        stack,
        `
        @@ -5,2 +5,2 @@
             def push(self, item):
        -        self.items.appendleft(item)
        +        self.items.append(item)
    `,
        {
            failed: 'hunk 1 (@@ -5,2 +5,2 @@): its context and removed lines are not in the file; the first is "    def push(self, item):"',
            hunkIndex: 0
        }
    );
    check(
        fixedPush,
        `
        -        self.items.insert(0, item)
        +        self.items.append(item)
    `,
        {
            failed: 'hunk 1 (1): its context and removed lines are not in the file; the first is "        self.items.insert(0, item)" (its new lines are already there: was it applied before?)',
            hunkIndex: 0
        }
    );
    check(stack, "Just replace insert with append.", {
        failed: "the diff has no hunks (no lines starting with +, - or @@)"
    });
    check(stack, "--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a\n+b\n--- a/y.py\n+++ b/y.py\n@@ -1 +1 @@\n-a\n+b\n", {
        failed: "the diff changes 2 files (x.py, y.py); name the one to patch"
    });
    check(stack, "@@\n+orphan line\n", {
        failed: "hunk 1 only adds lines and gives neither context nor a line number to place them",
        hunkIndex: 0
    });
});
