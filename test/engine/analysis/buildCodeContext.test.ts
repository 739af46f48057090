// The prompt context of a target: function, diagnostics, class outline, imports, used definitions and existing
// tests, fitted to a token budget in priority order with what was left out listed. Rendered prompts are snapshots.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
    buildCodeContext,
    DefinitionNotFoundError,
    UnsupportedLanguageError,
    type BuildCodeContextOptions,
    type CodeContext
} from "../../../engine/analysis/index.js";
import { cursorFile, fixture } from "./fixture.js";
import { assertSnapshot } from "./snapshot.js";

const pythonProject = fixture(`
    //- src/stack.py
    import math
    from collections import deque

    LIMIT = 100
    UNUSED = "not shown"


    def check_size(n):
        """Raises when the stack is full."""
        if n >= LIMIT:
            raise OverflowError(n)


    class Stack:
        """A LIFO stack."""

        def __init__(self):
            self.items = deque()

        def push(self, item):
            check_size(len(self.items))
            self.items.appendleft(item)$0

        def pop(self):
            return self.items.pop()


    def unrelated():
        return math.pi
    //- tests/test_stack.py
    from stack import Stack

    def test_push_then_pop():
        s = Stack()
        s.push(1)
        s.push(2)
        assert s.pop() == 2

    def test_empty_pop():
        assert Stack().items == []
`);

function pythonOptions(overrides: Partial<BuildCodeContextOptions> = {}): BuildCodeContextOptions {
    const { file, range } = cursorFile(pythonProject);
    const diagnosticAt = file.text.indexOf("self.items.appendleft");
    return {
        path: file.path,
        text: file.text,
        target: { offset: range.start },
        diagnostics: [
            {
                range: { start: diagnosticAt, end: diagnosticAt + 21 },
                message: "test_push_then_pop: assert 1 == 2",
                severity: "error",
                source: "pytest"
            },
            { range: { start: 0, end: 11 }, message: "unused import math", severity: "warning", source: "ruff" }
        ],
        testFiles: pythonProject.files.filter((each) => each.path.startsWith("tests/")),
        tokenBudget: 2000,
        ...overrides
    };
}

function summary(context: CodeContext): { sections: string[]; omitted: string[] } {
    return {
        sections: context.sections.map((section) => `${section.kind} ${section.title}`),
        omitted: context.omitted.map((section) => `${section.kind} ${section.title} (${section.reason})`)
    };
}

test("python method: everything fits a large budget, in prompt order; diagnostics elsewhere are listed as left out", async () => {
    const context = await buildCodeContext(pythonOptions());
    assert.deepEqual(summary(context), {
        sections: [
            "imports imports",
            "definition check_size",
            "outline Stack",
            "target Stack.push",
            "diagnostics 1 diagnostic(s)",
            "test tests/test_stack.py: test_push_then_pop"
        ],
        omitted: ["diagnostics 1 diagnostic(s) elsewhere in the file (outsideTarget)"]
    });
    assert.equal(context.function?.qualifiedName, "Stack.push");
    assert.deepEqual(
        context.definitions.map((each) => each.name),
        ["check_size"]
    );
    assert.deepEqual(
        context.tests.map((each) => each.name),
        ["test_push_then_pop"]
    );
    assert.ok(context.tokens <= 2000 && !context.overBudget);
    assertSnapshot("context-python-method", context.text);
});

test("a tight budget keeps the priority order: target, diagnostics, definitions, imports, then outline and tests", async () => {
    const full = await buildCodeContext(pythonOptions());
    const sizes = Object.fromEntries(full.sections.map((section) => [section.kind, section.tokens]));
    // Room for the four sections, the line breaks between them and the note naming what was left out.
    const budget = sizes["target"]! + sizes["diagnostics"]! + sizes["definition"]! + sizes["imports"]! + 60;
    const context = await buildCodeContext(pythonOptions({ tokenBudget: budget }));
    assert.deepEqual(summary(context), {
        sections: ["imports imports", "definition check_size", "target Stack.push", "diagnostics 1 diagnostic(s)"],
        omitted: [
            "outline Stack (budget)",
            "test tests/test_stack.py: test_push_then_pop (budget)",
            "diagnostics 1 diagnostic(s) elsewhere in the file (outsideTarget)"
        ]
    });
    assert.ok(context.tokens <= budget, `${context.tokens} > ${budget}`);
    assert.match(
        context.text,
        /\(Left out of this context: outline `Stack`, test `tests\/test_stack.py: test_push_then_pop`, 1 diagnostic\(s\) elsewhere in the file\.\)$/
    );

    // Only the target and its diagnostic fit: everything else is listed as left out, in priority order.
    const tight = await buildCodeContext(pythonOptions({ tokenBudget: sizes["target"]! + sizes["diagnostics"]! + 45 }));
    assert.deepEqual(summary(tight).sections, ["target Stack.push", "diagnostics 1 diagnostic(s)"]);
    assert.deepEqual(summary(tight).omitted.slice(0, 3), [
        "definition check_size (budget)",
        "imports imports (budget)",
        "outline Stack (budget)"
    ]);
});

test("the file's path may be given under its older name, `file`", async () => {
    const { file } = cursorFile(pythonProject);
    const context = await buildCodeContext({
        file: file.path,
        text: file.text,
        target: { name: "check_size" },
        tokenBudget: 1000
    });
    assert.equal(context.path, file.path);
    assert.equal(context.function?.qualifiedName, "check_size");
});

test("a function bigger than the budget is still given, alone, and flagged", async () => {
    const context = await buildCodeContext(pythonOptions({ tokenBudget: 10, diagnostics: [] }));
    assert.deepEqual(
        context.sections.map((section) => section.kind),
        ["target"]
    );
    assert.equal(context.overBudget, true);
});

test("the target as a diagnostic, with a custom token counter", async () => {
    const { file } = cursorFile(pythonProject);
    const at = file.text.indexOf("raise OverflowError");
    const counted: string[] = [];
    const context = await buildCodeContext({
        path: file.path,
        text: file.text,
        tokenBudget: 500,
        target: {
            diagnostic: { range: { start: at, end: at + 5 }, message: "OverflowError raised", source: "pytest" }
        },
        countTokens: (text) => {
            counted.push(text);
            return text.split(/\s+/).length;
        }
    });
    assert.equal(context.function?.qualifiedName, "check_size");
    assert.ok(counted.length > 0);
    assert.match(
        context.sections.find((section) => section.kind === "diagnostics")!.text,
        /^## Diagnostics\n- line 11, column 9: error: OverflowError raised \(pytest\)$/
    );
});

test("a target outside every function shows the lines around it", async () => {
    const { file } = cursorFile(pythonProject);
    const context = await buildCodeContext({
        path: file.path,
        text: file.text,
        target: { offset: file.text.indexOf("UNUSED") },
        tokenBudget: 1000,
        surroundingLines: 4
    });
    assert.equal(context.function, undefined);
    assert.equal(
        context.sections.find((section) => section.kind === "target")!.text,
        '## Code around the target (src/stack.py, lines 3-7)\n```python\n\nLIMIT = 100\nUNUSED = "not shown"\n\n\n```'
    );
});

test("rust method by name: outline of the struct and its impl with bodies elided; #[test] in the same file", async () => {
    const rust = fixture(`
        //- src/lib.rs
        use std::collections::VecDeque;

        const CAPACITY: usize = 8;

        /// A bounded stack.
        pub struct Stack {
            items: VecDeque<i32>,
        }

        impl Stack {
            pub fn new() -> Self {
                Stack { items: VecDeque::new() }
            }

            pub fn push(&mut self, x: i32) -> bool {
                if self.items.len() > CAPACITY {
                    return false;
                }
                self.items.push_front(x);
                true
            }
        }

        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn pushes() {
                let mut s = Stack::new();
                assert!(s.push(1));
            }
        }
    `);
    const file = rust.files[0]!;
    const context = await buildCodeContext({
        path: file.path,
        text: file.text,
        target: { name: "Stack::push" },
        testFiles: rust.files,
        tokenBudget: 2000
    });
    assert.deepEqual(summary(context).sections, [
        "imports imports",
        "definition CAPACITY",
        "outline Stack",
        "target Stack::push",
        "test src/lib.rs: tests::pushes"
    ]);
    assertSnapshot("context-rust-method", context.text);
});

test("a file the analysis cannot read, or a function it does not define, is the user's error", async () => {
    await assert.rejects(
        buildCodeContext({ path: "Main.java", text: "class Main {}", target: { offset: 0 }, tokenBudget: 100 }),
        UnsupportedLanguageError
    );
    await assert.rejects(
        buildCodeContext({ path: "a.py", text: "def f(): pass\n", target: { name: "g" }, tokenBudget: 100 }),
        (error: unknown) =>
            error instanceof DefinitionNotFoundError &&
            error.badInput &&
            /a\.py has no function named g/.test(error.message)
    );
});
