// Defects found by replaying real R1 replies through the reading of answers, each as the reply shape that showed
// it: a target named test_*, a closure that kept the target's name, fixtures and test-only imports in the patch,
// one broken unit that dropped a whole block, and a doubled opening fence.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
    applyTextEdits,
    classifyAnswer,
    ensureTestImportsTarget,
    findExistingTests,
    mapReplacementToEdits,
    parseFencedBlocks
} from "../../../engine/analysis/index.js";
import { trimIndent } from "./fixture.js";

interface ReadReply {
    patchedText?: string;
    testCode: string;
    problems: string[];
}

/** Reads an answer the way the fix chain does: classify the blocks, map the patch block onto the file, join the tests. */
async function readReply(originalText: string, targetName: string, answer: string): Promise<ReadReply> {
    const classified = await classifyAnswer(trimIndent(answer), { language: "python", targetName, originalText });
    const problems = [...classified.problems];
    const testCode = classified.tests.map((block) => block.testCode ?? block.block.code).join("\n\n");
    const patchCode = classified.patch?.patchCode;
    if (patchCode === undefined) return { testCode, problems };
    const mapped = await mapReplacementToEdits(originalText, "python", targetName, patchCode);
    if (mapped.kind !== "edits") return { testCode, problems: [...problems, mapped.reason] };
    return { patchedText: applyTextEdits(originalText, mapped.edits), testCode, problems };
}

const tagPy = trimIndent(`
    import re

    TAG_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


    def test_tag(tag: str) -> bool:
        """True when tag is a valid tag name."""
        return TAG_RE.match(tag) is not None
`);

test("D1: a target named test_* is the target, not a test; the tests beside it stay tests", async () => {
    const read = await readReply(
        tagPy,
        "test_tag",
        `
        The pattern allows a trailing newline with \`match\`; use \`fullmatch\`.

        \`\`\`python
        def test_tag(tag: str) -> bool:
            """True when tag is a valid tag name."""
            return TAG_RE.fullmatch(tag) is not None


        def test_test_tag_rejects_newline():
            assert not test_tag("abc\\n")
        \`\`\`
    `
    );
    assert.deepEqual(read.problems, []);
    assert.match(read.patchedText ?? "", /return TAG_RE\.fullmatch\(tag\) is not None/);
    assert.doesNotMatch(read.patchedText ?? "", /def test_test_tag_rejects_newline/);
    assert.match(read.testCode, /def test_test_tag_rejects_newline/);
    assert.doesNotMatch(read.testCode, /def test_tag\(/);
});

test("D1: a method of a production class whose name starts with Test is still the target", async () => {
    const original = trimIndent(`
        class TestResult:
            def __init__(self):
                self.passed = 0

            def add_success(self):
                self.passed -= 1
    `);
    const read = await readReply(
        original,
        "TestResult.add_success",
        `
        \`\`\`python
        class TestResult:
            def add_success(self):
                self.passed += 1
        \`\`\`
    `
    );
    assert.match(read.patchedText ?? "", /self\.passed \+= 1/);
});

const parserPy = trimIndent(`
    class TagParser:
        def __init__(self, sep=","):
            self.sep = sep

        def parse_tags(self, text):
            return [part for part in text.split(self.sep)]
`);

test("D2: a closure that kept the target's name never replaces the method; an earlier real definition is the patch", async () => {
    const renamedOnly = await mapReplacementToEdits(
        parserPy,
        "python",
        "TagParser.parse_tags",
        trimIndent(`
        class TagParser:
            def _split_tags(self, text):
                def parse_tags(part):
                    return part.strip().lower()
                return [parse_tags(p) for p in text.split(self.sep) if p.strip()]
    `)
    );
    assert.equal(renamedOnly.kind, "targetMissing");
    const read = await readReply(
        parserPy,
        "TagParser.parse_tags",
        `
        First version:
        \`\`\`python
        def parse_tags(self, text):
            return [part.strip() for part in text.split(self.sep) if part.strip()]
        \`\`\`
        Or with a helper:
        \`\`\`python
        class TagParser:
            def _split_tags(self, text):
                def parse_tags(part):
                    return part.strip().lower()
                return [parse_tags(p) for p in text.split(self.sep) if p.strip()]
        \`\`\`
    `
    );
    assert.match(read.patchedText ?? "", /def parse_tags\(self, text\):\n        return \[part\.strip\(\) for part/);
    assert.doesNotMatch(read.patchedText ?? "", /def parse_tags\(part\)/);
});

const meanPy = trimIndent(`
    def mean(values):
        return sum(values) / len(values)
`);

test("D3: fixtures and test-only imports go with the tests; an import a helper needs when defined comes before it", async () => {
    const read = await readReply(
        meanPy,
        "mean",
        `
        \`\`\`python
        import functools
        import pytest
        from unittest.mock import patch


        @functools.lru_cache(maxsize=None)
        def _empty_message():
            return "mean of empty data"


        def mean(values):
            if not values:
                raise ValueError(_empty_message())
            return sum(values) / len(values)


        @pytest.fixture
        def sample():
            return [1, 2, 3]


        def test_mean(sample):
            assert mean(sample) == 2


        def test_empty():
            with pytest.raises(ValueError):
                mean([])
        \`\`\`
    `
    );
    const patched = read.patchedText ?? "";
    assert.ok(
        patched.indexOf("import functools") !== -1 &&
            patched.indexOf("import functools") < patched.indexOf("@functools.lru_cache"),
        patched
    );
    assert.doesNotMatch(patched, /import pytest|unittest\.mock|def sample|@pytest\.fixture/);
    assert.match(read.testCode, /import pytest/);
    assert.match(read.testCode, /@pytest\.fixture\ndef sample\(\):/);
    assert.match(read.testCode, /def test_mean\(sample\):/);
});

test("D3: a fixture in a block without tests is not placed in the production file", async () => {
    const mapped = await mapReplacementToEdits(
        meanPy,
        "python",
        "mean",
        trimIndent(`
        import pytest

        def mean(values):
            return sum(values) / len(values) if values else 0.0

        @pytest.fixture
        def empty():
            return []
    `)
    );
    assert.equal(mapped.kind, "edits");
    if (mapped.kind !== "edits") return;
    const patched = applyTextEdits(meanPy, mapped.edits);
    assert.doesNotMatch(patched, /pytest|def empty/);
});

test("D4: one unit that does not parse is left out; the patch and the other tests are kept", async () => {
    const read = await readReply(
        meanPy,
        "mean",
        `
        \`\`\`python
        def mean(values):
            return sum(values) / len(values) if values else 0.0


        def test_mean():
            assert mean([1, 2]) == 1.5


        def test_empty(:
            assert mean([]) == 0.0


        def test_single():
            assert mean([4]) == 4
        \`\`\`
    `
    );
    assert.match(read.patchedText ?? "", /if values else 0\.0/);
    assert.match(read.testCode, /def test_mean\(\):/);
    assert.match(read.testCode, /def test_single\(\):/);
    assert.doesNotMatch(read.testCode, /test_empty/);
    assert.deepEqual(read.problems, [
        "block 1: left out 1 unit that does not parse: `def test_empty(:` (line 9: missing `)`)"
    ]);
});

test("a doubled opening fence is one closed block, and no problem is reported", async () => {
    const answer =
        "Here is the fix:\n\n```python\n```python\ndef mean(values):\n    return sum(values) / len(values) if values else 0.0\n```\n";
    const blocks = parseFencedBlocks(answer);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]!.closed, true);
    assert.equal(blocks[0]!.code, "def mean(values):\n    return sum(values) / len(values) if values else 0.0");
    const classified = await classifyAnswer(answer, { language: "python", targetName: "mean", originalText: meanPy });
    assert.deepEqual(classified.problems, ["no block holds tests"]);
});

test("D1: the tests import a target named test_* marked as no test, so pytest does not collect it as one", async () => {
    const added = await ensureTestImportsTarget(
        'def test_rejects_newline():\n    assert not test_tag("abc\\n")\n',
        "python",
        { modulePath: "tag", targetName: "test_tag" }
    );
    assert.equal(
        added.code,
        'from tag import test_tag\ntest_tag.__test__ = False\n\ndef test_rejects_newline():\n    assert not test_tag("abc\\n")\n'
    );
    const own = await ensureTestImportsTarget(
        'from tag import test_tag\n\n\ndef test_ok():\n    assert test_tag("a")\n',
        "python",
        { modulePath: "tag", targetName: "test_tag" }
    );
    assert.equal(
        own.code,
        'from tag import test_tag\ntest_tag.__test__ = False\n\n\ndef test_ok():\n    assert test_tag("a")\n'
    );
    const other = await ensureTestImportsTarget("def test_ok():\n    assert gcd(2, 4) == 2\n", "python", {
        modulePath: "m",
        targetName: "gcd"
    });
    assert.equal(other.code, "from m import gcd\n\ndef test_ok():\n    assert gcd(2, 4) == 2\n");
});

test("D4 in TypeScript and Rust: the top-level units that parse are kept", async () => {
    const ts = await classifyAnswer(
        trimIndent(`
        \`\`\`ts
        export function clamp(x: number, lo: number, hi: number): number {
            return Math.min(Math.max(x, lo), hi);
        }

        test("clamps high", () => {
            assert.equal(clamp(5, 0, 3), 3);
        });

        test("broken", () => {
            assert.equal(clamp(5 0, 3) 0);
        });
        \`\`\`
    `),
        { language: "typescript", targetName: "clamp" }
    );
    assert.equal(ts.blocks[0]!.role, "mixed");
    assert.deepEqual(ts.blocks[0]!.testNames, ["clamps high"]);
    assert.match(ts.blocks[0]!.patchCode ?? "", /return Math\.min/);
    assert.deepEqual(ts.problems, [
        'block 1: left out 1 unit that does not parse: `test("broken", () => {` (line 10: unexpected `0`)'
    ]);
    const rust = await classifyAnswer(
        trimIndent(`
        \`\`\`rust
        pub fn largest(v: &[i32]) -> i32 {
            *v.iter().max().unwrap()
        }

        #[cfg(test)]
        mod tests {
            use super::*;
            #[test]
            fn broken() { assert_eq!(largest(&[1], 1) }
        }
        \`\`\`
    `),
        { language: "rust", targetName: "largest" }
    );
    assert.equal(rust.blocks[0]!.role, "replacement");
    assert.equal(rust.blocks[0]!.droppedUnits?.[0]?.firstLine, "mod tests {");
});

test("D1: a file that defines the target test_tag beside its tests lists only the tests as existing tests", async () => {
    const found = await findExistingTests(
        [{ path: "tag.py", text: tagPy + '\n\ndef test_accepts_lowercase():\n    assert test_tag("abc")\n' }],
        "test_tag",
        "python"
    );
    assert.deepEqual(
        found.map((unit) => unit.name),
        ["test_accepts_lowercase"]
    );
});
