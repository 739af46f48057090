// `ponder fix` from a failure (no FILE): --test ID runs the named test and fixes the helper in another module,
// --json prints the result, --apply writes every file of a verified patch with a backup, a patch that changes the
// test needs --accept-test-change, --test-output reads the failing ids, no target runs every test, --issue - reads
// the report from standard input, and a FILE with --test is refused.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { main } from "../../bin/main.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fakeIo } from "../support/fakeIo.js";
import { repairFixture, think } from "../support/repairHarness.js";

const fixModel = join(testModelDir(), "cli-repair.gguf");
const testChangeModel = join(testModelDir(), "cli-repair-test-change.gguf");
const failing = "tests/test_cart.py::test_total_with_code";

before(async () => {
    await buildScriptedModel(fixModel, {
        replies: [
            think("apply_discount keeps the discount instead of the rest.") +
                "In `shop/pricing.py`:\n\n```python\ndef apply_discount(amount, code):\n    rate = discount_rate(code)\n    return round(amount * (1 - rate), 2)\n```\n"
        ]
    });
    await buildScriptedModel(testChangeModel, {
        replies: [
            think("The test may be wrong.") +
                'The test is wrong: SAVE10 gives the discount itself.\n\nIn `tests/test_cart.py`:\n\n```python\ndef test_total_with_code():\n    assert cart_total([(10.0, 2)], "SAVE10") == 2.0\n```\n'
        ]
    });
});

const flags = (model: string) => [
    "--model",
    model,
    "--threads",
    "1",
    "--context-size",
    "8192",
    "--candidates",
    "1",
    "--rounds",
    "0",
    "--seed",
    "1",
    "--trust-workspace"
];

test("fix --test ID --json: the helper in another module is fixed and verified; the files are left alone", async () => {
    const root = await repairFixture("python-cart");
    const io = fakeIo(root);
    assert.equal(await main(["fix", "--test", failing, ...flags(fixModel), "--json"], io), 0, io.stderr);
    const result = JSON.parse(io.stdout);
    assert.equal(result.status, "verified");
    assert.deepEqual(
        result.failing.map((f: { id: string }) => f.id),
        [failing]
    );
    assert.match(result.patch.diff, /\+    return round\(amount \* \(1 - rate\), 2\)/);
    assert.match(result.evidence.summary, /^Verified: the project's failing tests \(1\) pass/);
    assert.ok(result.localisation.suspects.length > 0);
    assert.match(await readFile(join(root, "shop/pricing.py"), "utf8"), /return round\(amount \* rate, 2\)/);
});

test("fix with no target runs the project's tests, prints the failing tests, the localisation table, the verdict and the diff; --apply writes it with a backup", async () => {
    const root = await repairFixture("python-cart");
    const original = await readFile(join(root, "shop/pricing.py"), "utf8");
    const io = fakeIo(root);
    assert.equal(await main(["fix", ...flags(fixModel), "--apply"], io), 0, io.stderr);
    assert.match(io.stdout, /Failing tests \(the project's\):\n  tests\/test_cart\.py::test_total_with_code/);
    assert.match(io.stdout, /RANK +WHERE +FUNCTION +SCORE +WHY/);
    assert.match(io.stdout, /shop\/pricing\.py:10 +apply_discount/);
    assert.match(io.stdout, /Verified fix \(round 1, candidate 0\):\nVerified: /);
    assert.match(io.stdout, /\+\+\+ b\/shop\/pricing\.py/);
    assert.match(await readFile(join(root, "shop/pricing.py"), "utf8"), /return round\(amount \* \(1 - rate\), 2\)/);
    assert.equal(await readFile(join(root, "shop/pricing.py.ponder-backup"), "utf8"), original);
    assert.match(io.stderr, /Applied the patch to shop\/pricing\.py; /);
});

test("fix --test-output FILE with no FILE reads the failing test's id from pytest's output", async () => {
    const root = await repairFixture("python-cart");
    await writeFile(join(root, "out.txt"), `FAILED ${failing} - assert 2.0 == 18.0\n`);
    const io = fakeIo(root);
    assert.equal(await main(["fix", "--test-output", "out.txt", ...flags(fixModel), "--json"], io), 0, io.stderr);
    assert.deepEqual(
        JSON.parse(io.stdout).failing.map((f: { id: string }) => f.id),
        [failing]
    );
});

test("a patch that changes the test is not applied without --accept-test-change, and is with it", async () => {
    const root = await repairFixture("python-cart");
    const original = await readFile(join(root, "tests/test_cart.py"), "utf8");
    const io = fakeIo(root);
    assert.equal(await main(["fix", "--test", failing, ...flags(testChangeModel), "--apply"], io), 1, io.stderr);
    assert.match(io.stdout, /Changes your test \(round 1, candidate 0\):/);
    assert.match(io.stdout, /Why the test would change: .*test is wrong/);
    assert.match(io.stderr, /Not applied: the patch changes your test; --accept-test-change applies it/);
    assert.equal(await readFile(join(root, "tests/test_cart.py"), "utf8"), original);
    const accepted = fakeIo(root);
    assert.equal(
        await main(["fix", "--test", failing, ...flags(testChangeModel), "--apply", "--accept-test-change"], accepted),
        1
    );
    assert.match(await readFile(join(root, "tests/test_cart.py"), "utf8"), /== 2\.0/);
    assert.equal(await readFile(join(root, "tests/test_cart.py.ponder-backup"), "utf8"), original);
});

test("fix --test on a passing test: nothing to fix, exit 1", async () => {
    const root = await repairFixture("python-cart");
    const io = fakeIo(root);
    assert.equal(
        await main(["fix", "--test", "tests/test_cart.py::test_subtotal", ...flags(fixModel)], io),
        1,
        io.stderr
    );
    assert.match(
        io.stdout,
        /Nothing to fix:\nNothing to fix: the tests named \(or all of them\) pass on the current code\./
    );
});

test("fix --issue - reads the bug report from standard input and writes reproduction tests first", async () => {
    const root = await repairFixture("python-cart");
    const io = fakeIo(root);
    io.readStdin = async () => "SAVE10 on 20.00 gives 2.00; it should be 18.00.\n";
    // The scripted model answers the reproduction call with a fix, not a test: nothing reproduces the report.
    assert.equal(await main(["fix", "--issue", "-", ...flags(fixModel), "--json"], io), 1);
    const result = JSON.parse(io.stdout);
    assert.equal(result.status, "unverified");
    assert.equal(result.evidence.oracle, "reproduction");
    assert.match(result.evidence.summary, /reproduction test/);
});

test("fix refuses a FILE with --test, and --apply-unverified for a fix from a failure", async () => {
    const root = await repairFixture("python-cart");
    const io = fakeIo(root);
    assert.equal(await main(["fix", "shop/pricing.py:12", "--test", failing, ...flags(fixModel)], io), 2);
    assert.match(io.stderr, /--test and --issue take no FILE/);
    const unverified = fakeIo(root);
    assert.equal(await main(["fix", "--test", failing, ...flags(fixModel), "--apply-unverified"], unverified), 2);
    assert.match(unverified.stderr, /written only when verified/);
});

test("fix with no target on a project whose dependencies are not installed: exit 3, saying what to install", async () => {
    const root = await repairFixture("python-missing-deps");
    const io = fakeIo(root);
    assert.equal(await main(["fix", ...flags(fixModel)], io), 3, io.stderr);
    assert.match(io.stderr, /dependencies are not installed/);
    assert.match(io.stderr, /pip install -r requirements\.txt/);
    assert.equal(io.stdout, "");
});

test("fix --regression-budget 0 --reruns 3: the unaffected tests are cut, so the fix is only plausible and not applied", async () => {
    const root = await repairFixture("python-cart");
    const io = fakeIo(root);
    const code = await main(
        ["fix", "--test", failing, ...flags(fixModel), "--regression-budget", "0", "--reruns", "3", "--apply"],
        io
    );
    assert.equal(code, 1, io.stderr);
    assert.match(
        io.stdout,
        /Not proven \(plausible\) \(round 1, candidate 0\):\nPlausible: the project's failing tests \(1\) pass on every one of 3 run\(s\) and 2 of 3 tests that passed before still pass; 1 were left unrun by the regression budget\./
    );
    assert.match(io.stderr, /Not applied: the patch is not verified \(status plausible\)/);
    assert.match(await readFile(join(root, "shop/pricing.py"), "utf8"), /return round\(amount \* rate, 2\)/);
});
