// The project's tests listed without running them, through the real runners in the real sandbox: pytest's
// collection, unittest's discovery, `go test -list`, `cargo test -- --list`, and node --test's files read by the
// grammar. Each listed id runs that test through runTests.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { runTests, type DiscoveredTest, type TestDiscovery } from "../../../engine/toolchains/index.js";
import { discoverProjectTests } from "../../../engine/toolchains/discoverTests.js";
import { checkOutcomes, fixturePath, writeProject } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });

function found(discovery: TestDiscovery): DiscoveredTest[] {
    if (discovery.kind !== "found") assert.fail(`expected tests, got ${discovery.kind}: ${discovery.message}`);
    return discovery.tests;
}

test("pytest's collection lists every test with its file and line, parameter sets and class methods included", async () => {
    const root = await writeProject(`
//- conftest.py
//- calc.py
def add(a, b):
    return a + b
//- tests/test_calc.py
import pytest
from calc import add


def test_add():
    assert add(1, 2) == 3


@pytest.mark.parametrize("a", [1, 2])
def test_param(a):
    assert add(a, 0) == a


class TestAdd:
    def test_method(self):
        assert add(0, 0) == 0
`);
    const discovery = await discoverProjectTests({ sandbox, workspaceRoot: root });
    assert.equal(discovery.kind === "found" && discovery.runner, "pytest");
    assert.deepEqual(found(discovery), [
        { id: "tests/test_calc.py::test_add", name: "test_add", file: "tests/test_calc.py", line: 5 },
        { id: "tests/test_calc.py::test_param[1]", name: "test_param[1]", file: "tests/test_calc.py", line: 9 },
        { id: "tests/test_calc.py::test_param[2]", name: "test_param[2]", file: "tests/test_calc.py", line: 9 },
        {
            id: "tests/test_calc.py::TestAdd::test_method",
            name: "test_method",
            file: "tests/test_calc.py",
            line: 15
        }
    ]);
    checkOutcomes(await runTests({ sandbox, workspaceRoot: root, tests: ["tests/test_calc.py::test_param[2]"] }), {
        "tests/test_calc.py::test_param[2]": "passed"
    });
});

test("unittest's discovery lists the TestCase methods; a file that does not import is a problem, not a test", async () => {
    const discovery = await discoverProjectTests({ sandbox, workspaceRoot: fixturePath("python-unittest") });
    assert.ok(discovery.kind === "found" && discovery.runner === "unittest", JSON.stringify(discovery));
    const ids = found(discovery).map((listed) => listed.id);
    assert.ok(ids.includes("test_calc.py::CalcTest::test_add"), ids.join(", "));
    assert.equal(found(discovery).find((listed) => listed.name === "test_add")!.line, 9);
    assert.ok(
        discovery.problems?.some((problem) => /test_broken/.test(problem)),
        JSON.stringify(discovery.problems)
    );
});

test("node --test: the test files' test() calls under their suites, as the run names them", async () => {
    const root = await writeProject(`
//- package.json
{ "type": "module" }
//- test/math.test.js
import { test, describe } from "node:test";
import assert from "node:assert/strict";
describe("math", () => {
    test("adds", () => assert.equal(1 + 1, 2));
});
test("top", () => {});
//- src/helper.js
export const x = 1;
`);
    const discovery = await discoverProjectTests({ sandbox, workspaceRoot: root });
    assert.equal(discovery.kind === "found" && discovery.runner, "node");
    assert.deepEqual(found(discovery), [
        { id: "test/math.test.js::math > adds", name: "adds", file: "test/math.test.js", line: 4 },
        { id: "test/math.test.js::top", name: "top", file: "test/math.test.js", line: 6 }
    ]);
    checkOutcomes(await runTests({ sandbox, workspaceRoot: root, tests: [found(discovery)[0]!.id] }), {
        "test/math.test.js::math > adds": "passed"
    });
});

test("cargo test -- --list: unit and integration tests with their files and lines", async () => {
    const tests = found(await discoverProjectTests({ sandbox, workspaceRoot: fixturePath("rust-crate") }));
    const adds = tests.find((listed) => listed.id === "src/lib.rs::tests::adds");
    assert.deepEqual(adds, { id: "src/lib.rs::tests::adds", name: "tests::adds", file: "src/lib.rs", line: 25 });
    assert.ok(tests.some((listed) => listed.id === "tests/api.rs::add_from_outside"));
});

test("go test -list: each package's tests with their files and lines", async () => {
    const root = await writeProject(`
//- go.mod
module example.com/shop

go 1.19
//- pricing/pricing_test.go
package pricing

import "testing"

func TestDiscount(t *testing.T) {}
//- stock/stock_test.go
package stock

import "testing"

func helper() {}

func TestCount(t *testing.T) {}
`);
    assert.deepEqual(found(await discoverProjectTests({ sandbox, workspaceRoot: root })), [
        { id: "pricing/pricing_test.go::TestDiscount", name: "TestDiscount", file: "pricing/pricing_test.go", line: 5 },
        { id: "stock/stock_test.go::TestCount", name: "TestCount", file: "stock/stock_test.go", line: 7 }
    ]);
});
