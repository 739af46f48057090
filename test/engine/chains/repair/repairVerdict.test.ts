// The repository-level fix's verdict rule as a table: each row one candidate's evidence and the status and sentence it
// earns (verified only with every failing test passing every rerun, nothing broken, the regression run complete, no
// test file changed and no tampering).
import { test } from "node:test";
import assert from "node:assert/strict";
import { repairVerdict, type RepairVerdictInput } from "../../../../engine/testing.js";

const base: RepairVerdictInput = {
    oracle: "project",
    failing: ["tests/test_cart.py::test_total_with_code"],
    fixed: ["tests/test_cart.py::test_total_with_code"],
    reruns: 2,
    flaky: [],
    regressions: [],
    passToPass: { run: 3, total: 3 },
    changesTests: [],
    tampering: []
};

const rows: [string, Partial<RepairVerdictInput>, string, RegExp][] = [
    [
        "every failing test passes, nothing breaks",
        {},
        "verified",
        /^Verified: the project's failing tests \(1\) pass on every one of 2 run\(s\), and 3 of 3 tests that passed before still pass\.$/
    ],
    ["no other test passed before", { passToPass: { run: 0, total: 0 } }, "verified", /no other test passed before/],
    [
        "reproduction tests are Ponder's own, written before the patch",
        { oracle: "reproduction" },
        "verified",
        /^Verified: Ponder's reproduction tests \(written before the patch\) \(1\) pass/
    ],
    [
        "a failing test still fails",
        { fixed: [] },
        "unverified",
        /^Not verified: 1 of 1 of the project's failing tests still fail/
    ],
    [
        "a decisive test flaky across reruns is no proof",
        { fixed: [], flaky: ["tests/test_cart.py::test_total_with_code"] },
        "unverified",
        /1 flaky across reruns, never proof/
    ],
    [
        "a regression",
        { regressions: ["tests/test_cart.py::test_subtotal"] },
        "unverified",
        /breaks 1 test\(s\) that passed before: tests\/test_cart.py::test_subtotal/
    ],
    [
        "the budget cut the regression run",
        { passToPass: { run: 1, total: 3 } },
        "plausible",
        /2 were left unrun by the regression budget/
    ],
    [
        "a flaky test elsewhere",
        { flaky: ["tests/test_other.py::test_clock"] },
        "plausible",
        /flaky \(not proof\): tests\/test_other.py::test_clock/
    ],
    [
        "it changes a test file",
        { changesTests: ["tests/test_cart.py"] },
        "changesTest",
        /^Changes your test: .*only with its change to tests\/test_cart.py/
    ],
    [
        "a changed test and a regression: the regression decides",
        { changesTests: ["tests/test_cart.py"], regressions: ["tests/test_cart.py::test_subtotal"] },
        "unverified",
        /breaks 1 test/
    ],
    [
        "tampering makes its runs no evidence",
        { tampering: ["wrote conftest.py"] },
        "unverified",
        /no evidence.*wrote conftest.py/
    ],
    [
        "the patch does not build",
        { notRun: "with the patch the tests do not build: E0308" },
        "unverified",
        /^Not verified: with the patch the tests do not build/
    ],
    ["no failing test at all proves nothing", { failing: [], fixed: [] }, "unverified", /^Not verified: 0 of 0/]
];

for (const [name, change, status, summary] of rows)
    test(`repair verdict: ${name} → ${status}`, () => {
        const verdict = repairVerdict({ ...base, ...change });
        assert.equal(verdict.status, status);
        assert.match(verdict.summary, summary);
    });
