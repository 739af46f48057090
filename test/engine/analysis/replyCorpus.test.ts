// A corpus of realistic R1-style answers, written from the shapes seen in 690 real replies, read the way the fix
// chain reads them: at least 99% of the target functions that an answer does hold must come out exactly, and every
// miss is in the table below with its reason. Answers that hold no usable target are checked to give none.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
    applyTextEdits,
    classifyAnswer,
    CodeParser,
    findDefinition,
    mapReplacementToEdits
} from "../../../engine/analysis/index.js";

interface Task {
    file: string;
    original: string;
    target: string;
    /** The fixed definition of the target, at column 0. */
    fixed: string;
    /** For a method: the class line and another method of the class, for whole-class answers. */
    cls?: { header: string; other: string };
    test: string;
}

const tasks: Task[] = [
    {
        file: "tag.py",
        target: "test_tag",
        original:
            'import re\n\nTAG_RE = re.compile(r"^[a-z][a-z0-9_-]*$")\n\n\ndef test_tag(tag: str) -> bool:\n    """True when tag is a valid tag name."""\n    return TAG_RE.match(tag) is not None\n',
        fixed: 'def test_tag(tag: str) -> bool:\n    """True when tag is a valid tag name."""\n    return TAG_RE.fullmatch(tag) is not None',
        test: 'def test_test_tag_rejects_newline():\n    assert not test_tag("abc\\n")'
    },
    {
        file: "stack.py",
        target: "Stack.push",
        original:
            "class Stack:\n    def __init__(self):\n        self.items = []\n\n    def push(self, item):\n        self.items.insert(0, item)\n\n    def pop(self):\n        return self.items.pop()\n",
        fixed: "def push(self, item):\n    self.items.append(item)",
        cls: { header: "class Stack:", other: "def pop(self):\n    return self.items.pop()" },
        test: "def test_lifo():\n    s = Stack()\n    s.push(1)\n    s.push(2)\n    assert s.pop() == 2"
    },
    {
        file: "intervals.py",
        target: "merge_intervals",
        original:
            "def merge_intervals(intervals):\n    merged = []\n    for start, end in intervals:\n        if merged and start < merged[-1][1]:\n            merged[-1][1] = end\n        else:\n            merged.append([start, end])\n    return merged\n",
        fixed: "def merge_intervals(intervals):\n    merged = []\n    for start, end in sorted(intervals):\n        if merged and start <= merged[-1][1]:\n            merged[-1][1] = max(merged[-1][1], end)\n        else:\n            merged.append([start, end])\n    return merged",
        test: "def test_touching():\n    assert merge_intervals([[1, 2], [2, 3]]) == [[1, 3]]"
    },
    {
        file: "tags.py",
        target: "TagParser.parse_tags",
        original:
            'class TagParser:\n    def __init__(self, sep=","):\n        self.sep = sep\n\n    def parse_tags(self, text):\n        return [part for part in text.split(self.sep)]\n',
        fixed: "def parse_tags(self, text):\n    return [part.strip() for part in text.split(self.sep) if part.strip()]",
        cls: { header: "class TagParser:", other: 'def __init__(self, sep=","):\n    self.sep = sep' },
        test: 'def test_blank_parts():\n    assert TagParser().parse_tags("a, ,b") == ["a", "b"]'
    }
];

function indent(code: string, by = "    "): string {
    return code
        .split("\n")
        .map((line) => (line === "" ? line : by + line))
        .join("\n");
}

function fence(code: string, tag = "python"): string {
    return "```" + tag + "\n" + code + "\n```";
}

/** The fix as a reply writes it: alone for a function, inside its class for a method. */
function inContext(task: Task): string {
    return task.cls ? `${task.cls.header}\n${indent(task.fixed)}` : task.fixed;
}

const thought = (task: Task) =>
    `<think>\nThe bug is in ${task.target}. Draft:\n${fence(task.fixed.split("\n")[0] + "\n    ...")}\nWait, let me redo it.\n</think>\n`;

/** Answer shapes from real replies; each gives the answer text, or undefined when it does not apply to the task. */
const shapes: Record<string, (task: Task) => string | undefined> = {
    "replacement alone": (t) => `The fix:\n\n${fence(inContext(t))}`,
    "replacement then tests": (t) => `${fence(inContext(t))}\n\nTests:\n\n${fence(t.test)}`,
    "after a thought with drafts": (t) =>
        `${thought(t)}\nHere is the corrected code.\n\n${fence(inContext(t))}\n\n${fence(t.test)}`,
    "mixed block with pytest and a fixture": (t) =>
        fence(`import pytest\n\n\n${inContext(t)}\n\n\n@pytest.fixture\ndef data():\n    return [1, 2]\n\n\n${t.test}`),
    "doubled fence": (t) => "```python\n" + fence(inContext(t)),
    "untagged fence": (t) => fence(inContext(t), ""),
    "tilde fence in a list": (t) =>
        `1. Replace the function:\n\n   ~~~python\n${indent(inContext(t), "   ")}\n   ~~~\n\n2. Run the tests.`,
    "helper with a decorator that needs an import": (t) =>
        fence(
            `import functools\n\n\n@functools.lru_cache(maxsize=None)\ndef _limit():\n    return 100\n\n\n${inContext(t)}`
        ),
    "one broken test beside the fix": (t) => fence(`${inContext(t)}\n\n\n${t.test}\n\n\ndef test_broken(:\n    pass`),
    "tests block cut off": (t) => `${fence(inContext(t))}\n\n\`\`\`python\n${t.test}\n\ndef test_more():\n    assert`,
    "demo code under __main__": (t) => fence(`${inContext(t)}\n\n\nif __name__ == "__main__":\n    print("demo")`),
    "fix, then a variant with the name on a closure": (t) =>
        t.cls
            ? `${fence(inContext(t))}\n\nOr with a helper:\n\n${fence(`${t.cls.header}\n    def _impl(self, text):\n        def ${t.target.split(".").pop()}(part):\n            return part\n        return [${t.target.split(".").pop()}(p) for p in text.split(self.sep)]`)}`
            : undefined,
    "whole class with an elided method": (t) =>
        t.cls
            ? fence(
                  `${t.cls.header}\n${indent(t.cls.other.split("\n")[0]!)}\n        ...  # unchanged\n\n${indent(t.fixed)}`
              )
            : undefined,
    "lone method at column 0 with two-space indents": (t) =>
        t.cls ? fence(t.fixed.replace(/\n {4}/g, "\n  ")) : undefined,
    "tests first, then the fix": (t) =>
        `Tests that fail now:\n\n${fence(t.test)}\n\nThe fix:\n\n${fence(inContext(t))}`,
    "two versions, the last one final": (t) =>
        `${fence(inContext(t).replace(/return /, "return None or "))}\n\nSimpler:\n\n${fence(inContext(t))}`,
    "whole file with the fix": (t) => fence(wholeFileWithFix(t)),
    "CRLF line endings": (t) => `The fix:\r\n\r\n${fence(inContext(t))}\r\n`.replace(/(?<!\r)\n/g, "\r\n"),
    "a new helper after the fix": (t) => fence(`${inContext(t)}\n\n\ndef _unused_helper(value):\n    return value`),
    "a path in the info string": (t) => fence(inContext(t), `python:${t.file}`),
    "the fix block never closed": (t) => "The fix:\n\n```python\n" + inContext(t) + "\n",
    "mixed block importing the target from its own module": (t) =>
        fence(
            `from ${t.file.replace(/\.py$/, "")} import ${t.target.split(".")[0]}\n\n\n${inContext(t)}\n\n\n${t.test}`
        ),
    "the target among tests in a test class": (t) =>
        fence(`${inContext(t)}\n\n\nclass TestFix:\n${indent(t.test.replace("():", "(self):"))}`)
};

/** The original file with the target replaced by its fix, as a reply that repeats the whole file writes it. */
function wholeFileWithFix(task: Task): string {
    const originalDefinition = task.original.slice(task.original.indexOf(`def ${task.target.split(".").pop()}(`));
    const end = /\n(?=\S|    def )/.exec(originalDefinition.slice(1));
    const oldText = end ? originalDefinition.slice(0, end.index + 1) : originalDefinition.trimEnd();
    return task.original.replace(oldText, task.cls ? indent(task.fixed).trimStart() : task.fixed);
}

/** Answers that hold no usable target: the reading must give no patch (they are not counted as extractable). */
const noTarget: Record<string, (task: Task) => string> = {
    "only an elided target": (t) => fence(`${t.fixed.split("\n")[0]}\n    ...  # unchanged`),
    "only a closure with the target's name": (t) =>
        fence(`def _renamed(items):\n    ${t.fixed.split("\n")[0]}\n        return items\n    return _renamed`)
};

/** Every extractable case the reading gets wrong, with why. Empty today. */
const knownMisses: Record<string, string> = {};

interface Reading {
    patched?: string;
    testCode: string;
    problem?: string;
}

async function read(task: Task, answer: string): Promise<Reading> {
    const classified = await classifyAnswer(answer, {
        language: "python",
        targetName: task.target,
        originalText: task.original
    });
    const testCode = classified.tests.map((block) => block.testCode ?? block.block.code).join("\n\n");
    if (classified.patch?.patchCode === undefined) return { testCode, problem: classified.problems.join("; ") };
    const mapped = await mapReplacementToEdits(task.original, "python", task.target, classified.patch.patchCode);
    if (mapped.kind !== "edits") return { testCode, problem: mapped.reason };
    return { patched: applyTextEdits(task.original, mapped.edits), testCode };
}

const normalized = (code: string) => code.replace(/\s+/g, " ").trim();

async function extractedRight(task: Task, reading: Reading): Promise<string | undefined> {
    if (reading.patched === undefined) return `no patch (${reading.problem})`;
    const broken = await CodeParser.shared().parse(reading.patched, "python", (source) => source.root.hasError);
    if (broken) return "the patched file does not parse";
    const definition = await findDefinition(reading.patched, "python", task.target);
    if (!definition || normalized(definition.text) !== normalized(task.fixed))
        return `wrong target: ${definition?.text.slice(0, 80)}`;
    if (/import pytest|def data\(|def test_/.test(reading.patched.replace(/def test_tag\(tag/, "")))
        return "test code in the production file";
    if (reading.patched.includes(`from ${task.file.replace(/\.py$/, "")} import`)) return "the file imports itself";
    return undefined;
}

test("at least 99% of the extractable targets in the corpus come out exactly; every miss is in the table", async (t) => {
    const misses: Record<string, string> = {};
    let extractable = 0;
    for (const task of tasks) {
        for (const [shape, make] of Object.entries(shapes)) {
            const answer = make(task);
            if (answer === undefined) continue;
            extractable++;
            const miss = await extractedRight(task, await read(task, answer));
            if (miss) misses[`${task.file}: ${shape}`] = miss;
        }
    }
    const right = extractable - Object.keys(misses).length;
    t.diagnostic(`${right} of ${extractable} extractable targets extracted exactly`);
    assert.deepEqual(misses, knownMisses);
    assert.ok(right >= 0.99 * extractable, `${right} of ${extractable}`);
});

test("answers that hold no usable target give no patch", async () => {
    for (const task of tasks) {
        for (const [shape, make] of Object.entries(noTarget)) {
            const reading = await read(task, make(task));
            assert.equal(reading.patched, undefined, `${task.file}: ${shape} gave a patch`);
        }
    }
});

test("the tests of each shape that has some are kept, without the target's own definition", async () => {
    for (const task of tasks) {
        for (const shape of [
            "replacement then tests",
            "mixed block with pytest and a fixture",
            "one broken test beside the fix",
            "tests block cut off"
        ]) {
            const reading = await read(task, shapes[shape]!(task)!);
            assert.ok(reading.testCode.includes(task.test.split("\n")[0]!), `${task.file}: ${shape} lost its tests`);
            assert.ok(
                !reading.testCode.includes(task.fixed.split("\n")[0]!),
                `${task.file}: ${shape} put the target with the tests`
            );
        }
    }
});
