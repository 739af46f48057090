// The same-file definitions a function uses (helpers, classes, constants, members reached through
// self/this/Self) and the file's imports with the names they bind.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
    collectUsedNames,
    findUsedDefinitions,
    listImports,
    type SourceLanguage
} from "../../../engine/analysis/index.js";
import { cursorFile, fixture } from "./fixture.js";

/** The qualified names of the definitions used by the function at `$0`, in order of first use. */
async function check(language: SourceLanguage, source: string, expected: string[]): Promise<void> {
    const { file, range } = cursorFile(fixture(source));
    const used = await findUsedDefinitions(file.text, language, range.start);
    assert.deepEqual(
        used.map((definition) => definition.qualifiedName),
        expected
    );
}

const cases: [string, SourceLanguage, string, string[]][] = [
    [
        "python: annotation types, constants, helpers and self methods in order of use; not locals, the class or unused ones",
        "python",
        `
        import math
        LIMIT = 10
        UNUSED = 1

        def scale(x):
            return x * 2

        class Point:
            pass

        class Stack:
            def _grow(self):
                pass

            def other(self):
                pass

            def push(self, item: Point):
                def local():
                    return LIMIT
                if len(self.items) > LIMIT:
                    self._grow()
                self.items.append(scale(item) + math.floor(1.5))$0
                return push_count
    `,
        ["Point", "LIMIT", "scale", "Stack._grow"]
    ],
    [
        "python: recursion does not list the function itself",
        "python",
        `
        def fact(n):
            return 1 if n == 0 else n * fact(n - 1)$0
    `,
        []
    ],
    [
        "typescript: helpers, types and this-members; a type only the class's fields use is not listed",
        "typescript",
        `
        import { readFileSync } from "node:fs";
        const MAX = 5;
        interface Item { price: number }
        type Total = number;
        const round = (x: number) => Math.round(x);
        export class Cart {
            items: Item[] = [];
            private clamp(x: number): number { return Math.min(x, MAX); }
            total(): Total {
                return this.clamp(round(this.items.reduce((sum, item) => sum + item.price, 0)));$0
            }
        }
    `,
        ["Total", "round", "Cart.clamp"]
    ],
    [
        "javascript: a function using another and a class",
        "javascript",
        `
        function parse(text) { return JSON.parse(text); }
        class Config { constructor(data) { this.data = data; } }
        export function load(text) {
            return new Config(parse(text));$0
        }
    `,
        ["Config", "parse"]
    ],
    [
        "rust: free functions, constants, and Self:: / self. members of the same impl type",
        "rust",
        `
        const MAX: usize = 4;
        struct Stack { items: Vec<i32> }
        fn check(n: usize) -> bool { n < MAX }
        impl Stack {
            fn grow(&mut self) {}
            fn new() -> Self { Stack { items: vec![] } }
        }
        impl Stack {
            pub fn push(&mut self, x: i32) {
                if !check(self.items.len()) { self.grow(); }
                let _fresh = Self::new();
                self.items.push(x);$0
            }
        }
    `,
        ["check", "Stack::grow", "Stack::new"]
    ]
];

for (const [name, language, source, expected] of cases)
    test(`used definitions: ${name}`, () => check(language, source, expected));

test("used names separate plain names, self members and other members", async () => {
    const text = "def f(self, stack):\n    stack.push(helper(self.size, key=LIMIT))\n";
    const used = await collectUsedNames(text, "python", { start: 0, end: text.length });
    assert.deepEqual(used, {
        names: ["f", "self", "stack", "helper", "LIMIT"],
        memberNames: ["size"],
        otherMemberNames: ["push"]
    });
});

/** Each import of the file as `source: names`. */
async function checkImports(language: SourceLanguage, source: string, expected: string[]): Promise<void> {
    const imports = await listImports(fixture(source).files[0]!.text, language);
    assert.deepEqual(
        imports.map((statement) => `${statement.source}: ${statement.names.join(", ")}`),
        expected
    );
}

test("imports: python", () =>
    checkImports(
        "python",
        `
    from __future__ import annotations
    import os.path, json as j
    from .models import (User, Group as G)
    from typing import *
    def f():
        import inner_only
`,
        ["__future__: annotations", "os.path, json: os, j", ".models: User, G", "typing: *"]
    ));

test("imports: typescript with require", () =>
    checkImports(
        "typescript",
        `
    import fs, { readFile as rf, type Stats } from "node:fs";
    import * as path from "node:path";
    import "./side-effect.js";
    const { a, b: c } = require("x");
    const lib = require("lib");
`,
        ["node:fs: fs, rf, Stats", "node:path: path", "./side-effect.js: ", "x: a, c", "lib: lib"]
    ));

test("imports: rust", () =>
    checkImports(
        "rust",
        `
    use std::collections::{HashMap, hash_map::Entry as E};
    use crate::stack::Stack;
    use super::*;
    extern crate alloc;
    mod util;
    mod inline { fn f() {} }
`,
        ["std::collections: HashMap, E", "crate::stack: Stack", "super: *", "alloc: alloc", "util: util"]
    ));
