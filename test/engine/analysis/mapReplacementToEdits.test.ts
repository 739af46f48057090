// A rewritten function from a model reply becomes exact edits of the file: in place, at the file's indentation
// and indent unit, keeping decorators/export/doc comments the reply left out, replacing changed definitions,
// adding helpers beside the target and missing imports, ignoring tests, elided copies and demo code.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
    applyTextEdits,
    mapReplacementToEdits,
    type ReplacementMapping,
    type SourceLanguage
} from "../../../engine/analysis/index.js";
import { trimIndent } from "./fixture.js";

type Expected =
    | { text: string; replaced?: string[]; added?: string[]; addedImports?: string[]; ignored?: string[] }
    | Exclude<ReplacementMapping, { kind: "edits" }>;

async function check(
    language: SourceLanguage,
    original: string,
    targetName: string,
    reply: string,
    expected: Expected
): Promise<void> {
    const before = trimIndent(original);
    const result = await mapReplacementToEdits(before, language, targetName, trimIndent(reply));
    if ("kind" in expected) {
        assert.deepEqual(result, expected);
        return;
    }
    assert.equal(result.kind, "edits", "reason" in result ? result.reason : "");
    if (result.kind !== "edits") return;
    assert.equal(applyTextEdits(before, result.edits), trimIndent(expected.text));
    for (const key of ["replaced", "added", "addedImports", "ignored"] as const) {
        if (expected[key]) assert.deepEqual(result[key], expected[key], key);
    }
}

const stackPy = `
    import os


    class Stack:
        def __init__(self):
            self.items = []

        # Adds an item on top.
        @trace
        def push(self, item):
            self.items.insert(0, item)

        def pop(self):
            return self.items.pop()
`;

test("python: a lone method at column 0 with two-space indents goes back into the class; decorator and comment stay", () =>
    check(
        "python",
        stackPy,
        "Stack.push",
        `
        def push(self, item):
          if item is None:
            raise ValueError("no None")
          self.items.append(item)
    `,
        {
            text: `
            import os


            class Stack:
                def __init__(self):
                    self.items = []

                # Adds an item on top.
                @trace
                def push(self, item):
                    if item is None:
                        raise ValueError("no None")
                    self.items.append(item)

                def pop(self):
                    return self.items.pop()
        `,
            replaced: ["Stack.push"],
            added: [],
            addedImports: [],
            ignored: []
        }
    ));

test("python: a whole-class reply with elided methods, new helpers, an import, a test and demo code; the comment it left out stays", () =>
    check(
        "python",
        stackPy,
        "Stack.push",
        `
        import math
        import os

        def _size(items):
            return len(items)

        class Stack:
            def pop(self):
                ...  # unchanged

            @trace
            def push(self, item):
                """Pushes on top."""
                self._check(item)
                self.items.append(item)

            def _check(self, item):
                assert _size(self.items) < math.inf

        def test_push():
            s = Stack()
            s.push(1)

        print(Stack().push(3))
    `,
        {
            text: `
            import os
            import math


            def _size(items):
                return len(items)


            class Stack:
                def __init__(self):
                    self.items = []

                def _check(self, item):
                    assert _size(self.items) < math.inf

                # Adds an item on top.
                @trace
                def push(self, item):
                    """Pushes on top."""
                    self._check(item)
                    self.items.append(item)

                def pop(self):
                    return self.items.pop()
        `,
            replaced: ["Stack.push"],
            added: ["_size", "_check"],
            addedImports: ["import math"],
            ignored: [
                "1 test unit(s): tests are not part of the patch",
                "Stack.pop: elided in the reply",
                "top-level statement `print(Stack().push(3))`: not part of a definition"
            ]
        }
    ));

test("python: a helper the reply changed is replaced too; a file indented with tabs gets tabs", () =>
    check(
        "python",
        "def helper(x):\n\treturn x\n\n\ndef target(xs):\n\treturn [helper(x) for x in xs]\n",
        "target",
        `
        def helper(x):
            return x * 2

        def target(xs):
            return [helper(x) for x in xs if x]
    `,
        {
            text: "def helper(x):\n\treturn x * 2\n\n\ndef target(xs):\n\treturn [helper(x) for x in xs if x]\n",
            replaced: ["target", "helper"]
        }
    ));

test("python: offsets are UTF-16 (text with accents and emoji before the target)", () =>
    check(
        "python",
        `
        GREETING = "héllo 😀 wörld 𝔘"

        def shout(text):
            return text.lower()
    `,
        "shout",
        'def shout(text):\n    return text.upper() + "!"\n',
        {
            text: `
            GREETING = "héllo 😀 wörld 𝔘"

            def shout(text):
                return text.upper() + "!"
        `
        }
    ));

test("typescript: a lone method and a free helper into a tab-indented class; JSDoc kept", () =>
    check(
        "typescript",
        "export class Calc {\n\ttotal = 0;\n\t/** Adds. */\n\tplus(n: number): this {\n\t\tthis.total -= n;\n\t\treturn this;\n\t}\n}\n",
        "Calc.plus",
        `
        plus(n: number): this {
            this.total = clamp(this.total + n);
            return this;
        }

        function clamp(x: number): number {
            return Math.max(0, x);
        }
    `,
        {
            text: "function clamp(x: number): number {\n\treturn Math.max(0, x);\n}\n\nexport class Calc {\n\ttotal = 0;\n\t/** Adds. */\n\tplus(n: number): this {\n\t\tthis.total = clamp(this.total + n);\n\t\treturn this;\n\t}\n}\n",
            added: ["clamp"]
        }
    ));

test("typescript: a lone method with a new private helper method: both go into the class", () =>
    check(
        "typescript",
        "class Cart {\n  items: number[] = [];\n  total(): number {\n    return this.items.length;\n  }\n}\n",
        "Cart.total",
        `
        total(): number {
          return this.sum(this.items);
        }

        private sum(xs: number[]): number {
          return xs.reduce((a, b) => a + b, 0);
        }
    `,
        {
            text: "class Cart {\n  items: number[] = [];\n  private sum(xs: number[]): number {\n    return xs.reduce((a, b) => a + b, 0);\n  }\n\n  total(): number {\n    return this.sum(this.items);\n  }\n}\n",
            added: ["sum"]
        }
    ));

test("typescript: `export` stays when the reply leaves it out; an exported arrow function is replaced whole", async () => {
    await check(
        "typescript",
        "export function last<T>(xs: T[]): T {\n    return xs[xs.length];\n}\n",
        "last",
        "function last<T>(xs: T[]): T {\n    return xs[xs.length - 1];\n}",
        { text: "export function last<T>(xs: T[]): T {\n    return xs[xs.length - 1];\n}\n" }
    );
    await check(
        "typescript",
        'import { x } from "./x.js";\n\nexport const mid = (a: number, b: number) => (a + b) / 3;\n',
        "mid",
        "export const mid = (a: number, b: number): number => (a + b) / 2;",
        { text: 'import { x } from "./x.js";\n\nexport const mid = (a: number, b: number): number => (a + b) / 2;\n' }
    );
});

test("javascript: a method inside the class given back whole", () =>
    check(
        "javascript",
        "class Counter {\n  count = 0;\n  increment() {\n    this.count -= 1;\n  }\n}\n",
        "Counter.increment",
        `
        class Counter {
          count = 0;
          increment() {
            this.count += 1;
          }
        }
    `,
        {
            text: "class Counter {\n  count = 0;\n  increment() {\n    this.count += 1;\n  }\n}\n",
            replaced: ["Counter.increment"]
        }
    ));

test("rust: an impl block with the fix and a new method; fn main is a demo; a new use is added", () =>
    check(
        "rust",
        `
        use std::fmt;

        pub struct Stack { items: Vec<i32> }

        impl Stack {
            /// Pushes.
            pub fn push(&mut self, x: i32) -> usize {
                self.items.push(x);
                self.items.len() - 2
            }
        }
    `,
        "Stack::push",
        `
        use std::cmp::max;

        impl Stack {
            pub fn push(&mut self, x: i32) -> usize {
                self.items.push(x);
                self.last_index()
            }

            fn last_index(&self) -> usize {
                max(self.items.len(), 1) - 1
            }
        }

        fn main() {
            println!("{}", Stack { items: vec![] }.push(1));
        }
    `,
        {
            text: `
            use std::fmt;
            use std::cmp::max;

            pub struct Stack { items: Vec<i32> }

            impl Stack {
                fn last_index(&self) -> usize {
                    max(self.items.len(), 1) - 1
                }

                /// Pushes.
                pub fn push(&mut self, x: i32) -> usize {
                    self.items.push(x);
                    self.last_index()
                }
            }
        `,
            added: ["last_index"],
            addedImports: ["use std::cmp::max;"],
            ignored: ["fn main: a demo, not part of the patch"]
        }
    ));

test("a CRLF file keeps CRLF in every edit; a replacement still wrapped in its fence is read inside it", async () => {
    const original = "import os\r\n\r\n\r\nclass Stack:\r\n    def pop(self):\r\n        return self.items.pop(0)\r\n";
    const reply =
        '```python\ndef pop(self):\n    if not self.items:\n        raise IndexError("empty")\n    return self.items.pop()\n\n\ndef _empty():\n    return []\n```\n';
    const result = await mapReplacementToEdits(original, "python", "Stack.pop", reply);
    assert.equal(result.kind, "edits", "reason" in result ? result.reason : "");
    if (result.kind !== "edits") return;
    assert.equal(
        applyTextEdits(original, result.edits),
        "import os\r\n\r\n\r\ndef _empty():\r\n    return []\r\n\r\n\r\nclass Stack:\r\n" +
            '    def pop(self):\r\n        if not self.items:\r\n            raise IndexError("empty")\r\n        return self.items.pop()\r\n'
    );
});

test("javascript: a CommonJS export and a prototype method are replaced whole", async () => {
    await check(
        "javascript",
        `
        function Stack() { this.items = []; }

        Stack.prototype.pop = function () {
          return this.items.shift();
        };

        module.exports.top = function (stack) { return stack.items[0]; };
    `,
        "pop",
        `
        Stack.prototype.pop = function () {
          return this.items.pop();
        };
    `,
        {
            text: `
            function Stack() { this.items = []; }

            Stack.prototype.pop = function () {
              return this.items.pop();
            };

            module.exports.top = function (stack) { return stack.items[0]; };
        `,
            replaced: ["pop"]
        }
    );
    await check(
        "javascript",
        "exports.top = (stack) => stack.items[0];\n",
        "top",
        "exports.top = (stack) => stack.items.at(-1);\n",
        { text: "exports.top = (stack) => stack.items.at(-1);\n", replaced: ["top"] }
    );
});

test("failures are values: unparseable reply, target missing from the file or the reply, an elided target", async () => {
    await check("python", stackPy, "Stack.push", "def push(self, item:\n    self.items.append(item)\n", {
        kind: "unparseable",
        reason: "the reply's code does not parse (line 1: unexpected `def push(self, item:`)"
    });
    await check("python", stackPy, "Stack.peek", "def peek(self):\n    return self.items[-1]\n", {
        kind: "targetMissing",
        reason: "the file defines no Stack.peek"
    });
    await check("python", stackPy, "Stack.push", "def pop(self):\n    return self.items.pop(0)\n", {
        kind: "targetMissing",
        reason: "the reply does not define Stack.push"
    });
    await check("rust", "fn f() -> i32 { 1 }\n", "f", "fn f() -> i32 {\n    // unchanged\n}\n", {
        kind: "targetMissing",
        reason: "the reply's f has no real body (it is elided)"
    });
});
