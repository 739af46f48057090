// Every language's `failureFrames` as one table: real failure texts (a pytest long report, a native traceback, V8
// stacks, Rust panics with and without a backtrace, Go's t.Errorf lines and a panic's goroutine trace) and the frames
// each names, outermost first, workspace-relative, without the runtime's or installed packages' frames.

import { test } from "node:test";
import assert from "node:assert/strict";
import { languageSupportOf, type SourceLanguage } from "../../../engine/languages/index.js";

interface FramesCase {
    language: SourceLanguage;
    what: string;
    message: string;
    frames: [file: string, line: number][];
}

const pytestLongReport = [
    "ZeroDivisionError: division by zero",
    "",
    "    def test_total():",
    ">       assert total([Item(2, 0)]) == 2",
    "",
    "tests/test_cart.py:5: ",
    "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _",
    "shop/cart.py:9: in total",
    "    return sum(unit_price(item) for item in items)",
    "shop/cart.py:9: in <genexpr>",
    "    return sum(unit_price(item) for item in items)",
    "_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _",
    "",
    "/sandbox/work/shop/pricing.py:4: ZeroDivisionError"
].join("\n");

const nativeTraceback = [
    "Traceback (most recent call last):",
    '  File "/sandbox/work/tests/test_cart.py", line 5, in test_total',
    "    total([])",
    '  File "/usr/lib/python3.11/functools.py", line 12, in wrapper',
    '  File "/home/dev/.venv/lib/python3.11/site-packages/attr/_make.py", line 3, in f',
    '  File "/sandbox/work/shop/pricing.py", line 4, in unit_price',
    "ZeroDivisionError: division by zero"
].join("\n");

const v8Stack = [
    "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:",
    "",
    "3 !== 4",
    "",
    "    at unitPrice (file:///sandbox/work/src/pricing.ts:4:11)",
    "    at Array.map (<anonymous>)",
    "    at total (/sandbox/work/src/cart.ts:9:20)",
    "    at /sandbox/work/node_modules/lodash/lodash.js:10:3",
    "    at TestContext.<anonymous> (file:///sandbox/work/test/cart.test.ts:7:5)",
    "    at Test.runInAsyncScope (node:async_hooks:206:9)",
    "    at Test.run (node:internal/test_runner/test:631:25)"
].join("\n");

const rustBacktrace = [
    "thread 'tests::totals' panicked at src/pricing.rs:7:5:",
    "attempt to divide by zero",
    "stack backtrace:",
    "   0: rust_begin_unwind",
    "             at /rustc/17067e9ac6d7e98f18d4d3e4c5d8f1d2e3a4b5c6/library/std/src/panicking.rs:652:5",
    "   1: shop::pricing::unit_price",
    "             at ./src/pricing.rs:7:5",
    "   2: shop::cart::total",
    "             at ./src/cart.rs:12:9",
    "   3: shop::tests::totals",
    "             at ./src/lib.rs:30:9",
    "   4: core::ops::function::FnOnce::call_once",
    "             at /home/dev/.cargo/registry/src/index/foo-1.0/src/lib.rs:250:5"
].join("\n");

const goPanic = [
    "panic: runtime error: integer divide by zero [recovered]",
    "\tpanic: runtime error: integer divide by zero",
    "",
    "goroutine 7 [running]:",
    "testing.tRunner.func1.2({0x5123a0, 0x5f0e50})",
    "\t/usr/lib/go-1.19/src/testing/testing.go:1396 +0x24e",
    "panic({0x5123a0, 0x5f0e50})",
    "\t/usr/lib/go-1.19/src/runtime/panic.go:884 +0x212",
    "example.com/shop/pricing.UnitPrice(...)",
    "\t/sandbox/work/pricing/pricing.go:6",
    "example.com/shop.Total({0xc000012345, 0x1, 0x1})",
    "\t/sandbox/work/cart.go:10 +0x1d",
    "example.com/shop.TestTotal(0x0?)",
    "\t/sandbox/work/cart_test.go:9 +0x1d",
    "testing.tRunner(0xc000007860, 0x53a4f8)",
    "\t/usr/lib/go-1.19/src/testing/testing.go:1446 +0x10b"
].join("\n");

const cases: FramesCase[] = [
    {
        language: "python",
        what: "pytest's long report",
        message: pytestLongReport,
        frames: [
            ["tests/test_cart.py", 5],
            ["shop/cart.py", 9],
            ["shop/cart.py", 9],
            ["shop/pricing.py", 4]
        ]
    },
    {
        language: "python",
        what: "a native traceback through the standard library and an installed package",
        message: nativeTraceback,
        frames: [
            ["tests/test_cart.py", 5],
            ["shop/pricing.py", 4]
        ]
    },
    { language: "python", what: "no frame", message: "assert 1 == 2", frames: [] },
    {
        language: "typescript",
        what: "a V8 stack with node's own frames and a package's",
        message: v8Stack,
        frames: [
            ["test/cart.test.ts", 7],
            ["src/cart.ts", 9],
            ["src/pricing.ts", 4]
        ]
    },
    {
        language: "javascript",
        what: "a bare location frame",
        message: "TypeError: x is undefined\n    at lib/util.js:3:1",
        frames: [["lib/util.js", 3]]
    },
    {
        language: "rust",
        what: "a panic with a backtrace",
        message: rustBacktrace,
        frames: [
            ["src/lib.rs", 30],
            ["src/cart.rs", 12],
            ["src/pricing.rs", 7]
        ]
    },
    {
        language: "rust",
        what: "a panic of Rust before 1.73 without a backtrace",
        message: "thread 'tests::t' panicked at 'index out of bounds', src/stack.rs:14:9",
        frames: [["src/stack.rs", 14]]
    },
    {
        language: "go",
        what: "a t.Errorf line",
        message: "    stats_test.go:9: Median = 1, want 2",
        frames: [["stats_test.go", 9]]
    },
    {
        language: "go",
        what: "a panic's goroutine trace through the runtime and testing",
        message: goPanic,
        frames: [
            ["cart_test.go", 9],
            ["cart.go", 10],
            ["pricing/pricing.go", 6]
        ]
    }
];

for (const { language, what, message, frames } of cases) {
    test(`${language}: failureFrames of ${what}`, () => {
        const found = languageSupportOf(language).tests.failureFrames(message);
        assert.deepEqual(
            found.map((frame) => [frame.file, frame.line]),
            frames
        );
    });
}
