// The failing tests a raw test run's output names, per runner: pytest's summary and verbose lines, cargo's
// `... FAILED`, go's `--- FAIL:`, node:test's `not ok` under its file's subtest.
import { test } from "node:test";
import assert from "node:assert/strict";
import { failingIdsInOutput } from "../../../../engine/testing.js";

test("pytest: the short summary's FAILED and ERROR lines, each once", () => {
    const output = [
        "tests/test_cart.py::test_subtotal PASSED",
        "tests/test_cart.py::test_total_with_code FAILED",
        "=========================== short test summary info ============================",
        "FAILED tests/test_cart.py::test_total_with_code - assert 2.0 == 18.0",
        "ERROR tests/test_db.py::TestDb::test_open - OSError"
    ].join("\n");
    assert.deepEqual(failingIdsInOutput(output), [
        "tests/test_cart.py::test_total_with_code",
        "tests/test_db.py::TestDb::test_open"
    ]);
});

test("cargo: libtest's FAILED lines", () => {
    const output = "running 2 tests\ntest cart::tests::subtotal ... ok\ntest a_code_takes_its_share_off ... FAILED\n";
    assert.deepEqual(failingIdsInOutput(output), ["a_code_takes_its_share_off"]);
});

test("go: --- FAIL lines, subtests included", () => {
    const output =
        "=== RUN   TestTotalWithCode\n    cart_test.go:14: CartTotal = 200, want 1800\n--- FAIL: TestTotalWithCode (0.00s)\nFAIL\n";
    assert.deepEqual(failingIdsInOutput(output), ["TestTotalWithCode"]);
});

test("node:test: a failing test under its file's subtest, file-level lines left out", () => {
    const output = [
        "# Subtest: test/cart.test.ts",
        "    ok 1 - subtotal adds price times quantity",
        "    not ok 2 - a code takes its share off the total",
        "not ok 1 - test/cart.test.ts"
    ].join("\n");
    assert.deepEqual(failingIdsInOutput(output), ["test/cart.test.ts::a code takes its share off the total"]);
});

test("output with no failure names nothing", () => {
    assert.deepEqual(failingIdsInOutput("all 3 tests passed\n"), []);
});
