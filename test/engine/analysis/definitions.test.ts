// Language detection, the definitions of a file, and the function around a cursor or a range, in Python,
// TypeScript/TSX, JavaScript and Rust (decorators, attributes, doc comments, nesting, UTF-16 offsets).

import { test } from "node:test";
import assert from "node:assert/strict";
import {
    findEnclosingFunction,
    languageOfFenceTag,
    languageOfPath,
    listDefinitions,
    type SourceLanguage
} from "../../../engine/analysis/index.js";
import { cursorFile, fixture } from "./fixture.js";

test("language from a path and from a fence tag", () => {
    const paths: [string, SourceLanguage | undefined][] = [
        ["src/stack.py", "python"],
        ["a/b.PYI", "python"],
        ["x.ts", "typescript"],
        ["x.d.ts", "typescript"],
        ["x.mts", "typescript"],
        ["App.tsx", "tsx"],
        ["x.js", "javascript"],
        ["x.cjs", "javascript"],
        ["x.jsx", "javascript"],
        ["src\\lib.rs", "rust"],
        ["Makefile", undefined],
        [".py", undefined],
        ["x.go", "go"],
        ["Main.java", undefined]
    ];
    for (const [path, language] of paths) assert.equal(languageOfPath(path), language, path);
    const tags: [string, SourceLanguage | undefined][] = [
        ["python", "python"],
        ["Py", "python"],
        ['python title="x.py"', "python"],
        ["ts", "typescript"],
        ["TypeScript", "typescript"],
        ["tsx", "tsx"],
        ["js", "javascript"],
        ["rs", "rust"],
        ["rust,ignore", "rust"],
        ["diff", undefined],
        ["bash", undefined],
        ["", undefined]
    ];
    for (const [tag, language] of tags) assert.equal(languageOfFenceTag(tag), language, tag);
});

interface Expected {
    qualifiedName: string;
    kind: "function" | "method";
    signature: string;
    docstring?: string;
    /** The first line of the definition's text (its decorators, attributes or comments come first). */
    firstLine: string;
}

/** The function around the fixture's `$0` mark(s), or undefined. */
async function check(language: SourceLanguage, source: string, expected: Expected | undefined): Promise<void> {
    const { file, range } = cursorFile(fixture(source));
    const target = range.start === range.end ? range.start : range;
    const found = await findEnclosingFunction(file.text, language, target);
    if (!expected) {
        assert.equal(found, undefined, `expected no function, got ${found?.qualifiedName}`);
        return;
    }
    assert.ok(found, `no function found at ${JSON.stringify(range)}`);
    const { qualifiedName, kind, signature, docstring, text } = found;
    assert.deepEqual(
        { qualifiedName, kind, signature, docstring, firstLine: text.split("\n")[0] },
        { docstring: undefined, ...expected }
    );
    assert.equal(
        file.text.slice(found.fullRange.start, found.fullRange.end),
        found.text,
        "text is the slice of fullRange"
    );
}

const cases: [string, SourceLanguage, string, Expected | undefined][] = [
    [
        "python method with a comment, a decorator and a docstring",
        "python",
        `
        greeting = "héllo 😀 wörld"

        class Stack:
            # Adds an item.
            @trace
            def push(self, item) -> None:
                """Push item."""
                self.items.append($0item)
    `,
        {
            qualifiedName: "Stack.push",
            kind: "method",
            signature: "def push(self, item) -> None:",
            docstring: '"""Push item."""',
            firstLine: "# Adds an item."
        }
    ],
    [
        "python: the cursor on the decorator belongs to the function",
        "python",
        `
        @$0cache
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)
    `,
        { qualifiedName: "fib", kind: "function", signature: "def fib(n):", firstLine: "@cache" }
    ],
    [
        "python nested function: the innermost one",
        "python",
        `
        def outer(xs):
            def key(x):
                return -$0x
            return sorted(xs, key=key)
    `,
        { qualifiedName: "outer.key", kind: "function", signature: "def key(x):", firstLine: "def key(x):" }
    ],
    [
        "python module-level code is in no function",
        "python",
        `
        LIMIT = $010

        def f():
            pass
    `,
        undefined
    ],
    [
        "python range across two functions is in no function",
        "python",
        `
        def f():
            $0return 1

        def g():
            return 2$0
    `,
        undefined
    ],
    [
        "python range inside one function",
        "python",
        `
        def f(a, b):
            $0total = a + b
            return total$0
    `,
        { qualifiedName: "f", kind: "function", signature: "def f(a, b):", firstLine: "def f(a, b):" }
    ],
    [
        "typescript exported async arrow function",
        "typescript",
        `
        /** Sums two numbers. */
        export const add = async (a: number, b: number): Promise<number> => a $0+ b;
    `,
        {
            qualifiedName: "add",
            kind: "function",
            signature: "const add = async (a: number, b: number): Promise<number> =>",
            docstring: "/** Sums two numbers. */",
            firstLine: "/** Sums two numbers. */"
        }
    ],
    [
        "typescript method with JSDoc inside a class",
        "typescript",
        `
        export class Calc {
            private total = 0;

            /**
             * Adds n.
             */
            plus(n: number): this {
                this.total $0+= n;
                return this;
            }
        }
    `,
        {
            qualifiedName: "Calc.plus",
            kind: "method",
            signature: "plus(n: number): this",
            docstring: "/**\n     * Adds n.\n     */",
            firstLine: "/**"
        }
    ],
    [
        "typescript: an anonymous callback belongs to the named function holding it",
        "typescript",
        `
        export function total(items: Item[]): number {
            return items.map((item) => item.price $0* item.count).reduce((a, b) => a + b, 0);
        }
    `,
        {
            qualifiedName: "total",
            kind: "function",
            signature: "function total(items: Item[]): number",
            firstLine: "export function total(items: Item[]): number {"
        }
    ],
    [
        "tsx component",
        "tsx",
        `
        export function Badge({ count }: { count: number }) {
            return <span className="badge">{count $0> 99 ? "99+" : count}</span>;
        }
    `,
        {
            qualifiedName: "Badge",
            kind: "function",
            signature: "function Badge({ count }: { count: number })",
            firstLine: "export function Badge({ count }: { count: number }) {"
        }
    ],
    [
        "javascript class field holding an arrow function",
        "javascript",
        `
        class Counter {
            count = 0;
            increment = () => {
                this.count $0+= 1;
            };
        }
    `,
        {
            qualifiedName: "Counter.increment",
            kind: "method",
            signature: "increment = () =>",
            firstLine: "increment = () => {"
        }
    ],
    [
        "javascript CommonJS export assigned a function",
        "javascript",
        `
        "use strict";

        /** Doubles. */
        module.exports.double = function (x) {
            return x $0* 2;
        };
    `,
        {
            qualifiedName: "double",
            kind: "function",
            signature: "module.exports.double = function (x)",
            docstring: "/** Doubles. */",
            firstLine: "/** Doubles. */"
        }
    ],
    [
        "javascript prototype method assigned an arrow function",
        "javascript",
        `
        function Stack() { this.items = []; }

        Stack.prototype.pop = () => {
            return this.items.$0shift();
        };
    `,
        {
            qualifiedName: "pop",
            kind: "function",
            signature: "Stack.prototype.pop = () =>",
            firstLine: "Stack.prototype.pop = () => {"
        }
    ],
    [
        "rust impl method with a doc comment and an attribute",
        "rust",
        `
        pub struct Stack<T> { items: Vec<T> }

        impl<T: Clone> Stack<T> {
            /// Pushes an item.
            #[inline]
            pub fn push(&mut self, item: T) {
                self.items.push($0item);
            }
        }
    `,
        {
            qualifiedName: "Stack::push",
            kind: "method",
            signature: "pub fn push(&mut self, item: T)",
            docstring: "/// Pushes an item.",
            firstLine: "/// Pushes an item."
        }
    ],
    [
        "rust test function in a tests module",
        "rust",
        `
        #[cfg(test)]
        mod tests {
            use super::*;

            #[test]
            fn pushes() {
                let mut s = Stack::new();
                s.push($01);
            }
        }
    `,
        { qualifiedName: "tests::pushes", kind: "function", signature: "fn pushes()", firstLine: "#[test]" }
    ],
    [
        "rust trait default method",
        "rust",
        `
        trait Shape {
            fn area(&self) -> f64;
            fn describe(&self) -> String {
                format!("area {}", self.area($0))
            }
        }
    `,
        {
            qualifiedName: "Shape::describe",
            kind: "method",
            signature: "fn describe(&self) -> String",
            firstLine: "fn describe(&self) -> String {"
        }
    ]
];

for (const [name, language, source, expected] of cases) {
    test(`enclosing function: ${name}`, () => check(language, source, expected));
}

test("definitions of a file, in order, with kinds and qualified names", async () => {
    const table: [SourceLanguage, string, string[]][] = [
        [
            "python",
            `
            import os
            MAX = 3
            class Stack(Base):
                size = 0
                def push(self, x): pass
                @property
                def top(self): return 1
            def helper(): pass
        `,
            ["constant MAX", "class Stack", "method Stack.push", "method Stack.top", "function helper"]
        ],
        [
            "typescript",
            `
            import { x } from "./x.js";
            export interface Shape { area(): number }
            type Id = string;
            export enum Color { Red }
            const LIMIT = 10;
            export abstract class Base { abstract run(): void; go() {} }
            function* ids() { yield 1; }
            let handler = function () {};
        `,
            [
                "type Shape",
                "type Id",
                "type Color",
                "constant LIMIT",
                "class Base",
                "method Base.go",
                "function ids",
                "function handler"
            ]
        ],
        [
            "rust",
            `
            const MAX: usize = 3;
            static NAME: &str = "x";
            pub enum Op { Add }
            struct P(i32);
            type Pair = (i32, i32);
            macro_rules! twice { ($e:expr) => { $e * 2 } }
            impl P { fn get(&self) -> i32 { self.0 } }
            mod util { pub fn clamp(x: i32) -> i32 { x } }
        `,
            [
                "constant MAX",
                "constant NAME",
                "class Op",
                "class P",
                "type Pair",
                "function twice",
                "method P::get",
                "function util::clamp"
            ]
        ]
    ];
    for (const [language, source, expected] of table) {
        const definitions = await listDefinitions(fixture(source).files[0]!.text, language);
        assert.deepEqual(
            definitions.map((definition) => `${definition.kind} ${definition.qualifiedName}`),
            expected,
            language
        );
    }
});
