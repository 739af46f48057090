// Per-test coverage through the real runners in the real sandbox, at each runner's granularity: per test for
// pytest and unittest (coverage.py's dynamic contexts), per test file for node --test, per package for go test,
// none for cargo (a note says so).

import { test } from "node:test";
import assert from "node:assert/strict";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { runTests, type TestRunResult } from "../../../engine/toolchains/index.js";
import { fixturePath, writeProject } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });

function ran(result: TestRunResult): Extract<TestRunResult, { kind: "ran" }> {
    if (result.kind !== "ran")
        assert.fail(`expected a run, got ${result.kind}: ${JSON.stringify(result).slice(0, 600)}`);
    return result;
}

test("pytest: each test's own lines, not the lines other tests or the imports ran", async () => {
    const root = await writeProject(`
//- conftest.py
//- shop/pricing.py
def discount(price):
    if price > 100:
        return price * 0.9
    return price
//- shop/__init__.py
//- tests/test_pricing.py
from shop.pricing import discount


def test_cheap():
    assert discount(10) == 10


def test_expensive():
    assert discount(200) == 180
`);
    const result = ran(await runTests({ sandbox, workspaceRoot: root, coverageByTest: true }));
    const byTest = result.coverageByTest!;
    assert.deepEqual(byTest["tests/test_pricing.py::test_cheap"]!["shop/pricing.py"], {
        coveredLines: [2, 4],
        coverableLines: [1, 2, 3, 4]
    });
    assert.deepEqual(byTest["tests/test_pricing.py::test_expensive"]!["shop/pricing.py"]!.coveredLines, [2, 3]);
    // The whole run's coverage is there too, import-time lines (the def, line 1) included.
    assert.deepEqual(result.coverage!["shop/pricing.py"]!.coveredLines, [1, 2, 3, 4]);
});

test("unittest: each test's own lines by its id", async () => {
    const result = ran(
        await runTests({
            sandbox,
            workspaceRoot: fixturePath("python-unittest"),
            coverageByTest: true,
            testTimeoutMs: 1500
        })
    );
    const sign = result.coverageByTest!["test_calc.py::CalcTest::test_sign"]!["pkg/calc.py"]!;
    const add = result.coverageByTest!["test_calc.py::CalcTest::test_add"]!["pkg/calc.py"]!;
    assert.ok(sign.coveredLines.length > 0 && add.coveredLines.length > 0);
    assert.notDeepEqual(sign.coveredLines, add.coveredLines);
});

test("node --test: per test file, every test of a file sharing its file's coverage", async () => {
    const root = await writeProject(`
//- package.json
{ "type": "module" }
//- src/pricing.js
export function discount(price) {
    if (price > 100) {
        return price * 0.9;
    }
    return price;
}
//- test/cheap.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { discount } from "../src/pricing.js";
test("cheap", () => assert.equal(discount(10), 10));
test("cheap again", () => assert.equal(discount(20), 20));
//- test/expensive.test.js
import { test } from "node:test";
import assert from "node:assert/strict";
import { discount } from "../src/pricing.js";
test("expensive", () => assert.equal(discount(200), 180));
`);
    const result = ran(await runTests({ sandbox, workspaceRoot: root, coverageByTest: true }));
    const byTest = result.coverageByTest!;
    const cheap = byTest["test/cheap.test.js::cheap"]!["src/pricing.js"]!.coveredLines;
    const expensive = byTest["test/expensive.test.js::expensive"]!["src/pricing.js"]!.coveredLines;
    assert.ok(!cheap.includes(3), `cheap ran line 3: ${cheap.join(",")}`);
    assert.ok(expensive.includes(3), `expensive did not run line 3: ${expensive.join(",")}`);
    assert.deepEqual(byTest["test/cheap.test.js::cheap again"], byTest["test/cheap.test.js::cheap"]);
});

test("go test: per package, each test sharing its package's coverage of the package's own files", async () => {
    const root = await writeProject(`
//- go.mod
module example.com/shop

go 1.19
//- pricing/pricing.go
package pricing

func Discount(price int) int {
	if price > 100 {
		return price * 9 / 10
	}
	return price
}
//- pricing/pricing_test.go
package pricing

import "testing"

func TestCheap(t *testing.T) {
	if Discount(10) != 10 {
		t.Fatal("cheap")
	}
}
//- stock/stock.go
package stock

func Count() int { return 1 }
//- stock/stock_test.go
package stock

import "testing"

func TestCount(t *testing.T) {
	if Count() != 1 {
		t.Fatal("count")
	}
}
`);
    const byTest = ran(await runTests({ sandbox, workspaceRoot: root, coverageByTest: true })).coverageByTest!;
    assert.deepEqual(Object.keys(byTest["pricing/pricing_test.go::TestCheap"]!), ["pricing/pricing.go"]);
    assert.ok(!byTest["pricing/pricing_test.go::TestCheap"]!["pricing/pricing.go"]!.coveredLines.includes(5));
    assert.deepEqual(Object.keys(byTest["stock/stock_test.go::TestCount"]!), ["stock/stock.go"]);
});

test("cargo: no per-test coverage, and a note says so", async () => {
    const result = ran(
        await runTests({
            sandbox,
            workspaceRoot: fixturePath("rust-crate"),
            coverageByTest: true,
            tests: ["tests::adds"]
        })
    );
    assert.equal(result.coverageByTest, undefined);
    assert.ok(result.notes.some((note) => /Coverage is not measured for Rust/.test(note)));
});
