// End to end over the analysis layer, as the fix chain uses it: a whole model answer in, the patched file and
// the tests (with their imports) out, for Python, TypeScript and Rust; and the evidence when nothing applies.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
    applyTextEdits,
    applyUnifiedDiff,
    classifyAnswer,
    ensureTestImportsTarget,
    mapReplacementToEdits,
    type SourceLanguage,
    type TestImportTarget
} from "../../../engine/analysis/index.js";
import { trimIndent } from "./fixture.js";

interface Case {
    language: SourceLanguage;
    original: string;
    targetName: string;
    importTarget: TestImportTarget;
    answer: string;
    patched: string;
    tests: string[];
}

/** Classifies the answer, applies its patch (diff or replacement) and completes its tests' imports. */
async function check({ language, original, targetName, importTarget, answer, patched, tests }: Case): Promise<void> {
    const text = trimIndent(original);
    const classified = await classifyAnswer(trimIndent(answer), { language, targetName, originalText: text });
    const patch = classified.patch;
    assert.ok(patch, classified.problems.join("; "));
    let result: string;
    if (patch.role === "diff") {
        const applied = applyUnifiedDiff(text, patch.diff!);
        assert.equal(applied.kind, "applied", applied.kind === "failed" ? applied.reason : "");
        result = applied.kind === "applied" ? applied.text : text;
    } else {
        const mapped = await mapReplacementToEdits(text, language, targetName, patch.patchCode!);
        assert.equal(mapped.kind, "edits", "reason" in mapped ? mapped.reason : "");
        result = mapped.kind === "edits" ? applyTextEdits(text, mapped.edits) : text;
    }
    assert.equal(result, trimIndent(patched));
    const testCode: string[] = [];
    for (const block of classified.tests)
        testCode.push((await ensureTestImportsTarget(block.testCode!, language, importTarget)).code);
    assert.deepEqual(
        testCode,
        tests.map((each) => trimIndent(each).trimEnd())
    );
}

test("python: prose, a fenced fix at method indentation, and a test without its import", () =>
    check({
        language: "python",
        targetName: "Stack.pop",
        importTarget: { modulePath: "stack", targetName: "Stack.pop" },
        original: `
        class Stack:
            def __init__(self):
                self.items = []

            def pop(self):
                return self.items.pop(0)
    `,
        answer: `
        <think>
        pop(0) takes the oldest item; a stack must take the newest.
        </think>
        **Fix** — take from the end:

            \`\`\`python
                def pop(self):
                    if not self.items:
                        raise IndexError("pop from empty stack")
                    return self.items.pop()
            \`\`\`

        **Test**
        \`\`\`python
        import pytest

        def test_pop_is_lifo():
            s = Stack()
            s.items = [1, 2]
            assert s.pop() == 2
        \`\`\`
    `,
        patched: `
        class Stack:
            def __init__(self):
                self.items = []

            def pop(self):
                if not self.items:
                    raise IndexError("pop from empty stack")
                return self.items.pop()
    `,
        tests: [
            `
        import pytest
        from stack import Stack

        def test_pop_is_lifo():
            s = Stack()
            s.items = [1, 2]
            assert s.pop() == 2
    `
        ]
    }));

test("typescript: a diff with made-up line numbers and node:test tests", () =>
    check({
        language: "typescript",
        targetName: "median",
        importTarget: { modulePath: "./stats.js", targetName: "median" },
        original: `
        export function median(xs: number[]): number {
            const sorted = xs.sort();
            return sorted[Math.floor(sorted.length / 2)];
        }
    `,
        answer: `
        The default sort compares strings.
        \`\`\`diff
        --- a/src/stats.ts
        +++ b/src/stats.ts
        @@ -120,3 +120,3 @@ export function median
         export function median(xs: number[]): number {
        -    const sorted = xs.sort();
        +    const sorted = [...xs].sort((a, b) => a - b);
             return sorted[Math.floor(sorted.length / 2)];
        \`\`\`
        \`\`\`ts
        import { test } from "node:test";
        import assert from "node:assert/strict";

        test("numeric order", () => {
            assert.equal(median([10, 9, 2]), 9);
        });
        \`\`\`
    `,
        patched: `
        export function median(xs: number[]): number {
            const sorted = [...xs].sort((a, b) => a - b);
            return sorted[Math.floor(sorted.length / 2)];
        }
    `,
        tests: [
            `
        import { test } from "node:test";
        import assert from "node:assert/strict";
        import { median } from "./stats.js";

        test("numeric order", () => {
            assert.equal(median([10, 9, 2]), 9);
        });
    `
        ]
    }));

test("rust: an untagged block with the fix and a tests module that lacks `use super::*`", () =>
    check({
        language: "rust",
        targetName: "sum_to",
        importTarget: { modulePath: "super", targetName: "sum_to" },
        original: `
        pub fn sum_to(n: u32) -> u32 {
            (0..n).sum()
        }
    `,
        answer: `
        \`\`\`
        pub fn sum_to(n: u32) -> u32 {
            (0..=n).sum()
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn includes_n() {
                assert_eq!(sum_to(3), 6);
            }
        }
        \`\`\`
    `,
        patched: `
        pub fn sum_to(n: u32) -> u32 {
            (0..=n).sum()
        }
    `,
        tests: [
            `
        #[cfg(test)]
        mod tests {
            use super::*;
            #[test]
            fn includes_n() {
                assert_eq!(sum_to(3), 6);
            }
        }
    `
        ]
    }));
