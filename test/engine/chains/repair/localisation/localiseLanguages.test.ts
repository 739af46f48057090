// The same bug (a helper of another module divides by a zero quantity) in TypeScript, Rust and Go: each language's
// frames, tests and references lead localisation to the helper first and the function the test calls next.

import { test } from "node:test";
import assert from "node:assert/strict";
import { localise } from "../../../../../engine/chains/repair/localisation/localise.js";
import type { Localisation } from "../../../../../engine/chains/repair/localisation/LocalisationTypes.js";
import type { TestCaseResult } from "../../../../../engine/toolchains/TestRunResult.js";
import { MemoryWorkspace } from "../../../../../engine/workspace/Workspace.js";

interface LanguageCase {
    language: string;
    files: Record<string, string>;
    failing: TestCaseResult;
    /** `file name` of the top suspects, best first. */
    top: string[];
    /** The references path to the helper. */
    helperPath: string[];
}

const cases: LanguageCase[] = [
    {
        language: "TypeScript",
        files: {
            "src/pricing.ts": [
                "export interface Item { price: number; quantity: number }",
                "",
                "export function unitPrice(item: Item): number {",
                "    return item.price / item.quantity;",
                "}",
                ""
            ].join("\n"),
            "src/cart.ts": [
                'import { unitPrice, type Item } from "./pricing.js";',
                "",
                "export function total(items: Item[]): number {",
                "    return items.reduce((sum, item) => sum + unitPrice(item), 0);",
                "}",
                "",
                "export function count(items: Item[]): number {",
                "    return items.length;",
                "}",
                ""
            ].join("\n"),
            "src/cart.test.ts": [
                'import { test } from "node:test";',
                'import assert from "node:assert/strict";',
                'import { total } from "./cart.js";',
                "",
                'test("total of one item", () => {',
                "    assert.equal(total([{ price: 2, quantity: 0 }]), 2);",
                "});",
                ""
            ].join("\n")
        },
        failing: {
            id: "src/cart.test.ts::total of one item",
            name: "total of one item",
            file: "src/cart.test.ts",
            outcome: "failed",
            message: [
                "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:",
                "",
                "Infinity !== 2",
                "",
                "    at unitPrice (file:///sandbox/work/src/pricing.ts:4:23)",
                "    at /sandbox/work/src/cart.ts:4:46",
                "    at Array.reduce (<anonymous>)",
                "    at total (file:///sandbox/work/src/cart.ts:4:18)",
                "    at TestContext.<anonymous> (file:///sandbox/work/src/cart.test.ts:6:18)",
                "    at Test.run (node:internal/test_runner/test:631:25)"
            ].join("\n")
        },
        top: ["src/pricing.ts unitPrice", "src/cart.ts total"],
        helperPath: ["total of one item", "total", "unitPrice"]
    },
    {
        language: "Rust",
        files: {
            "Cargo.toml": '[package]\nname = "shop"\nversion = "0.1.0"\nedition = "2021"\n',
            "src/pricing.rs": [
                "pub struct Item {",
                "    pub price: u32,",
                "    pub quantity: u32,",
                "}",
                "",
                "pub fn unit_price(item: &Item) -> u32 {",
                "    item.price / item.quantity",
                "}",
                ""
            ].join("\n"),
            "src/cart.rs": [
                "use crate::pricing::{unit_price, Item};",
                "",
                "pub fn total(items: &[Item]) -> u32 {",
                "    items.iter().map(unit_price).sum()",
                "}",
                ""
            ].join("\n"),
            "src/lib.rs": [
                "pub mod cart;",
                "pub mod pricing;",
                "",
                "#[cfg(test)]",
                "mod tests {",
                "    use crate::cart::total;",
                "    use crate::pricing::Item;",
                "",
                "    #[test]",
                "    fn totals() {",
                "        assert_eq!(total(&[Item { price: 2, quantity: 0 }]), 2);",
                "    }",
                "}",
                ""
            ].join("\n")
        },
        failing: {
            id: "tests::totals",
            name: "tests::totals",
            outcome: "failed",
            message: [
                "thread 'tests::totals' panicked at src/pricing.rs:7:5:",
                "attempt to divide by zero",
                "stack backtrace:",
                "   0: rust_begin_unwind",
                "             at /rustc/17067e9ac6d7e98f18d4d3e4c5d8f1d2e3a4b5c6/library/std/src/panicking.rs:652:5",
                "   1: shop::pricing::unit_price",
                "             at ./src/pricing.rs:7:5",
                "   2: shop::cart::total",
                "             at ./src/cart.rs:4:5",
                "   3: shop::tests::totals",
                "             at ./src/lib.rs:11:20"
            ].join("\n")
        },
        top: ["src/pricing.rs unit_price", "src/cart.rs total"],
        helperPath: ["tests::totals", "total", "unit_price"]
    },
    {
        language: "Go",
        files: {
            "go.mod": "module example.com/shop\n\ngo 1.19\n",
            "pricing/pricing.go": [
                "package pricing",
                "",
                "type Item struct{ Price, Quantity int }",
                "",
                "func UnitPrice(item Item) int {",
                "\treturn item.Price / item.Quantity",
                "}",
                ""
            ].join("\n"),
            "cart.go": [
                "package shop",
                "",
                'import "example.com/shop/pricing"',
                "",
                "func Total(items []pricing.Item) int {",
                "\tsum := 0",
                "\tfor _, item := range items {",
                "\t\tsum += pricing.UnitPrice(item)",
                "\t}",
                "\treturn sum",
                "}",
                ""
            ].join("\n"),
            "cart_test.go": [
                "package shop",
                "",
                "import (",
                '\t"testing"',
                "",
                '\t"example.com/shop/pricing"',
                ")",
                "",
                "func TestTotal(t *testing.T) {",
                "\tif got := Total([]pricing.Item{{Price: 2, Quantity: 0}}); got != 2 {",
                '\t\tt.Errorf("Total = %d, want 2", got)',
                "\t}",
                "}",
                ""
            ].join("\n")
        },
        failing: {
            id: "TestTotal",
            name: "TestTotal",
            file: "cart_test.go",
            outcome: "failed",
            message: [
                "panic: runtime error: integer divide by zero [recovered]",
                "goroutine 7 [running]:",
                "testing.tRunner.func1.2({0x5123a0, 0x5f0e50})",
                "\t/usr/lib/go-1.19/src/testing/testing.go:1396 +0x24e",
                "example.com/shop/pricing.UnitPrice(...)",
                "\t/sandbox/work/pricing/pricing.go:6",
                "example.com/shop.Total({0xc000012345, 0x1, 0x1})",
                "\t/sandbox/work/cart.go:8 +0x1d",
                "example.com/shop.TestTotal(0x0?)",
                "\t/sandbox/work/cart_test.go:10 +0x1d"
            ].join("\n")
        },
        top: ["pricing/pricing.go UnitPrice", "cart.go Total"],
        helperPath: ["TestTotal", "Total", "UnitPrice"]
    }
];

const ranking = (localisation: Localisation) =>
    localisation.suspects.map((suspect) => `${suspect.file} ${suspect.name}`);

for (const { language, files, failing, top, helperPath } of cases) {
    test(`${language}: the helper in another module first, from its frames and the test's references`, async () => {
        const found = await localise({ workspace: new MemoryWorkspace(files), failing: [failing], passing: [] });
        assert.deepEqual(ranking(found).slice(0, top.length), top);
        assert.deepEqual(found.suspects[0]?.evidence.traceback, { frames: 1, innermostDepth: 0 });
        assert.deepEqual(found.suspects[0]?.evidence.references?.path, helperPath);
        assert.deepEqual(found.sources, ["traceback", "references"]);
        // The test code (a `.test.ts` file, Rust's `tests` module, a `_test.go` file and its `TestTotal`) is never a suspect.
        assert.ok(
            ranking(found).every((suspect) => !/test/i.test(suspect)),
            ranking(found).join("\n")
        );
    });
}
