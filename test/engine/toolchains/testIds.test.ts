// Test ids in each runner's own syntax: parsing (a bad id is an InvalidRequestError naming the syntax), matching a
// requested id against results, and `runTests({tests})` running exactly the requested tests through real pytest,
// node --test, cargo and go test in the real sandbox.

import { test } from "node:test";
import assert from "node:assert/strict";
import { InvalidRequestError } from "../../../engine/errors.js";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { runTests, type TestCaseResult } from "../../../engine/toolchains/index.js";
import { parseTestId, testIdMatches } from "../../../engine/toolchains/testIds.js";
import { checkOutcomes, fixturePath, writeProject } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });

test("parseTestId splits each runner's ids into file or folder and names", () => {
    assert.deepEqual(parseTestId("tests/test_x.py::TestSign::test_m", "python"), {
        id: "tests/test_x.py::TestSign::test_m",
        file: "tests/test_x.py",
        names: ["TestSign", "test_m"]
    });
    assert.deepEqual(parseTestId("./tests/test_x.py::test_y[1-2]", "python").names, ["test_y[1-2]"]);
    assert.deepEqual(parseTestId("test/a.test.ts::math > adds", "javascript"), {
        id: "test/a.test.ts::math > adds",
        file: "test/a.test.ts",
        names: ["math", "adds"]
    });
    assert.deepEqual(parseTestId("pricing::tests::applies_discount", "rust"), {
        id: "pricing::tests::applies_discount",
        names: ["pricing", "tests", "applies_discount"]
    });
    assert.deepEqual(parseTestId("tests/api.rs::adds", "rust"), {
        id: "tests/api.rs::adds",
        file: "tests/api.rs",
        names: ["adds"]
    });
    assert.deepEqual(parseTestId("pkg/pricing::TestDiscount/empty", "go"), {
        id: "pkg/pricing::TestDiscount/empty",
        folder: "pkg/pricing",
        names: ["TestDiscount", "empty"]
    });
    assert.deepEqual(parseTestId("TestDiscount", "go"), { id: "TestDiscount", names: ["TestDiscount"] });
    assert.equal(parseTestId("calc_test.go::TestSum", "go").file, "calc_test.go");
});

test("a bad id is an InvalidRequestError that names the runner's syntax", () => {
    const cases: [string, string, RegExp][] = [
        ["test_x::test_y", "python", /pytest's node id.*tests\/test_x\.py::test_y/],
        ["../outside.py::test_y", "python", /pytest's node id/],
        ["a.test.ts::", "javascript", /`FILE::NAME`/],
        ["tests/api.rs::not a path", "rust", /cargo test path/],
        ["pkg::helper", "go", /package folder or test file/]
    ];
    for (const [id, toolchain, syntax] of cases) {
        assert.throws(
            () => parseTestId(id, toolchain),
            (error: unknown) => error instanceof InvalidRequestError && syntax.test(error.message),
            id
        );
    }
    assert.throws(() => parseTestId("x", "cobol"), InvalidRequestError);
});

test("testIdMatches: a requested id against the ids the runs report", () => {
    const result = (id: string, name: string, file?: string): TestCaseResult => ({
        id,
        name,
        ...(file ? { file } : {}),
        outcome: "passed"
    });
    const pytestParam = result("tests/test_x.py::test_y[1]", "test_y[1]", "tests/test_x.py");
    assert.ok(testIdMatches("tests/test_x.py::test_y", pytestParam));
    assert.ok(testIdMatches("tests/test_x.py", pytestParam));
    assert.ok(!testIdMatches("tests/test_x.py::test_z", pytestParam));
    const method = result("tests/test_x.py::TestSign::test_m", "test_m", "tests/test_x.py");
    assert.ok(testIdMatches("tests/test_x.py::TestSign", method));
    assert.ok(!testIdMatches("tests/test_other.py::TestSign::test_m", method));
    const js = result("test/a.test.ts::math > adds", "adds", "test/a.test.ts");
    assert.ok(testIdMatches("test/a.test.ts::adds", js));
    assert.ok(testIdMatches("test/a.test.ts::math", js));
    assert.ok(testIdMatches("test/a.test.ts::math > adds", js));
    assert.ok(!testIdMatches("test/a.test.ts::add", js));
    const rustUnit = result("src/pricing.rs::pricing::tests::applies", "pricing::tests::applies", "src/pricing.rs");
    assert.ok(testIdMatches("pricing::tests::applies", rustUnit));
    assert.ok(!testIdMatches("tests::applies", rustUnit));
    const rustIntegration = result("tests/api.rs::adds", "adds", "tests/api.rs");
    assert.ok(testIdMatches("tests/api.rs::adds", rustIntegration));
    assert.ok(!testIdMatches("tests/other.rs::adds", rustIntegration));
    const go = result(
        "pkg/pricing/pricing_test.go::TestDiscount/empty",
        "TestDiscount/empty",
        "pkg/pricing/pricing_test.go"
    );
    assert.ok(testIdMatches("pkg/pricing::TestDiscount", go));
    assert.ok(testIdMatches("TestDiscount", go));
    assert.ok(!testIdMatches("pkg::TestDiscount", go));
    assert.ok(!testIdMatches("TestDiscountAll", go));
});

test("pytest: a test and a class's method by node id run alone", async () => {
    checkOutcomes(
        await runTests({
            sandbox,
            workspaceRoot: fixturePath("python-pytest"),
            tests: ["tests/test_calc.py::test_add_wrong", "tests/test_calc.py::TestSign::test_positive"]
        }),
        { "tests/test_calc.py::test_add_wrong": "failed", "tests/test_calc.py::TestSign::test_positive": "passed" }
    );
});

test("node --test: FILE::NAME runs that test, by its name or its suite path, and no other", async () => {
    const root = await writeProject(`
//- package.json
{ "type": "module" }
//- test/math.test.js
import { test, describe } from "node:test";
import assert from "node:assert/strict";
describe("math", () => {
    test("adds", () => assert.equal(1 + 1, 2));
    test("adds wrong", () => assert.equal(1 + 1, 3));
});
test("top", () => {});
//- test/other.test.js
import { test } from "node:test";
test("elsewhere", () => {});
`);
    checkOutcomes(
        await runTests({
            sandbox,
            workspaceRoot: root,
            tests: ["test/math.test.js::adds wrong", "test/math.test.js::top"]
        }),
        { "test/math.test.js::math > adds wrong": "failed", "test/math.test.js::top": "passed" }
    );
    checkOutcomes(await runTests({ sandbox, workspaceRoot: root, tests: ["test/math.test.js::math > adds"] }), {
        "test/math.test.js::math > adds": "passed"
    });
});

test("cargo: a unit test by its test path and an integration test by its file run alone", async () => {
    const result = await runTests({
        sandbox,
        workspaceRoot: fixturePath("rust-crate"),
        tests: ["tests::adds_wrong", "tests/api.rs::add_from_outside"]
    });
    checkOutcomes(result, { "src/lib.rs::tests::adds_wrong": "failed", "tests/api.rs::add_from_outside": "passed" });
});

test("go test: a test by package folder, and by name alone in every package", async () => {
    const root = await writeProject(`
//- go.mod
module example.com/shop

go 1.19
//- pricing/pricing_test.go
package pricing

import "testing"

func TestDiscount(t *testing.T) {}
func TestTax(t *testing.T) { t.Fatal("wrong tax") }
//- stock/stock_test.go
package stock

import "testing"

func TestDiscount(t *testing.T) { t.Fatal("stock's namesake") }
func TestCount(t *testing.T) {}
`);
    checkOutcomes(
        await runTests({ sandbox, workspaceRoot: root, tests: ["pricing::TestDiscount", "stock::TestCount"] }),
        {
            "pricing/pricing_test.go::TestDiscount": "passed",
            "stock/stock_test.go::TestCount": "passed"
        }
    );
    checkOutcomes(await runTests({ sandbox, workspaceRoot: root, tests: ["TestDiscount"] }), {
        "pricing/pricing_test.go::TestDiscount": "passed",
        "stock/stock_test.go::TestDiscount": "failed"
    });
});
