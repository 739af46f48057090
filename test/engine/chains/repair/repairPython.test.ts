// The repository-level fix end to end on Python (real runtime on scripted models, real pytest in bubblewrap): the
// failing test calls cart_total in shop/cart.py and the bug sits in apply_discount in shop/pricing.py. Each reply
// form is parsed, verified against the project's tests and leaves the files alone; a bug report gets Ponder's own
// reproduction test first; a patch that edits the test is `changesTest`; a wrong patch stays unverified; a two-file
// bug is fixed by one patch of two files.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
    DiskWorkspace,
    runRepairChain,
    Sandbox,
    type RepairRequest,
    type RepairResult
} from "../../../../engine/testing.js";
import { PurposeRuntime, repairFixture, ScriptedModels, think } from "../../../support/repairHarness.js";
import { withDefaults } from "../../../../engine/testing.js";

let sandbox: Sandbox;
const models = new ScriptedModels();
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    await models.dispose();
    await sandbox.dispose();
});

const failingTest = "tests/test_cart.py::test_total_with_code";
const fixedBody =
    "def apply_discount(amount, code):\n    rate = discount_rate(code)\n    return round(amount * (1 - rate), 2)\n";
const expectedDiff =
    /--- a\/shop\/pricing\.py\n\+\+\+ b\/shop\/pricing\.py\n[\s\S]*-    return round\(amount \* rate, 2\)\n\+    return round\(amount \* \(1 - rate\), 2\)/;

async function repair(
    name: string,
    reply: string,
    request: Partial<RepairRequest> = {},
    fixture = "python-cart",
    reproduce?: string
): Promise<{ result: RepairResult; root: string; runtime: PurposeRuntime }> {
    const root = await repairFixture(fixture);
    const round = await models.load(`repair-py-${name}`, [reply]);
    const runtime = new PurposeRuntime([
        ["repair.round", round],
        ["repair.choose", round],
        ...(reproduce
            ? [
                  ["repair.reproduce", await models.load(`repair-py-${name}-repro`, [reproduce], 1)] as [
                      string,
                      typeof round
                  ]
              ]
            : [])
    ]);
    const result = await runRepairChain(
        withDefaults("repair", {
            failure: { tests: [failingTest] },
            candidates: 2,
            extraRounds: 0,
            seed: 1,
            ...request
        }),
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    return { result, root, runtime };
}

function explain(result: RepairResult): string {
    return JSON.stringify(
        {
            status: result.status,
            evidence: result.evidence,
            notes: result.notes,
            candidates: result.candidates.map((c) => ({ s: c.summary, p: c.parseProblems, f: c.forms })),
            suspects: result.localisation.suspects.slice(0, 3).map((s) => `${s.file}:${s.name}`)
        },
        null,
        1
    );
}

async function assertVerified(result: RepairResult, root: string, form: string): Promise<void> {
    assert.equal(result.status, "verified", explain(result));
    assert.deepEqual(
        result.failing.map((f) => [f.id, f.origin]),
        [[failingTest, "project"]]
    );
    assert.match(result.patch!.diff, expectedDiff);
    assert.deepEqual(
        result.patch!.files.map((f) => f.file),
        ["shop/pricing.py"]
    );
    assert.ok(
        result.candidates.every((c) => c.forms.includes(form as never)),
        explain(result)
    );
    assert.deepEqual(result.evidence.failingNowPass, [failingTest]);
    assert.equal(result.evidence.passToPass.total, 3);
    assert.equal(result.evidence.passToPass.run, 3);
    assert.match(
        result.evidence.summary,
        /^Verified: the project's failing tests \(1\) pass on every one of 2 run\(s\), and 3 of 3 tests that passed before still pass\.$/
    );
    // The suspects: the helper in the other module is among them, and no test file is.
    assert.ok(
        result.localisation.suspects.some((s) => s.file === "shop/pricing.py" && s.name === "apply_discount"),
        explain(result)
    );
    assert.ok(result.localisation.suspects.every((s) => !s.file.startsWith("tests/")));
    // It never writes the user's files.
    assert.match(await readFile(join(root, "shop/pricing.py"), "utf8"), /return round\(amount \* rate, 2\)/);
}

test("Python, a named fence: the helper in the other module is fixed and verified by the project's test", async () => {
    const reply =
        think("apply_discount keeps the discount instead of the rest.") +
        "In `shop/pricing.py`:\n\n```python\n" +
        fixedBody +
        "```\n";
    const { result, root } = await repair("named", reply);
    await assertVerified(result, root, "namedFence");
});

test("Python, a bare function named uniquely among the suspects", async () => {
    const reply = think("The discount is applied the wrong way round.") + "```python\n" + fixedBody + "```\n";
    const { result, root } = await repair("bare", reply);
    await assertVerified(result, root, "bareFunction");
});

test("Python, a bug report: Ponder's reproduction test is written first, seen failing, then the fix is verified by it", async () => {
    const reproduce =
        think("SAVE10 on 20.00 should give 18.00.") +
        '```python\nfrom shop.cart import cart_total\n\n\ndef test_save10_takes_ten_percent_off():\n    assert cart_total([(20.0, 1)], "SAVE10") == 18.0\n```\n';
    const reply =
        think("apply_discount keeps the discount instead of the rest.") +
        "In `shop/pricing.py`:\n\n```python\n" +
        fixedBody +
        "```\n";
    const { result, root, runtime } = await repair(
        "issue",
        reply,
        { failure: { issue: "With the code SAVE10 a cart of 20.00 costs 2.00 at checkout; it should cost 18.00." } },
        "python-cart",
        reproduce
    );
    assert.equal(result.status, "verified", explain(result));
    assert.equal(runtime.purposes[0], "repair.reproduce");
    assert.ok(runtime.purposes.indexOf("repair.round0") > 0);
    assert.equal(result.evidence.oracle, "reproduction");
    assert.deepEqual(
        result.failing.map((f) => f.origin),
        ["reproduction"]
    );
    assert.match(result.failing[0]!.id, /test_save10_takes_ten_percent_off/);
    assert.deepEqual(result.reproduction!.failing, [result.failing[0]!.id]);
    assert.match(result.reproduction!.code, /def test_save10_takes_ten_percent_off/);
    assert.match(
        result.evidence.summary,
        /^Verified: Ponder's reproduction tests \(written before the patch\) \(1\) pass/
    );
    assert.match(result.patch!.diff, expectedDiff);
    // The reproduction test was never written into the project.
    assert.deepEqual(
        result.patch!.files.map((f) => f.file),
        ["shop/pricing.py"]
    );
    assert.match(await readFile(join(root, "shop/pricing.py"), "utf8"), /return round\(amount \* rate, 2\)/);
});

test("Python, a bug report no test reproduces: unverified, saying so, and no patch is sampled", async () => {
    const reproduce =
        think("Subtotals are fine.") +
        "```python\nfrom shop.cart import subtotal\n\n\ndef test_subtotal_of_one():\n    assert subtotal([(20.0, 1)]) == 20.0\n```\n";
    const { result, runtime } = await repair(
        "issue-none",
        "unused",
        { failure: { issue: "The subtotal is wrong." } },
        "python-cart",
        reproduce
    );
    assert.equal(result.status, "unverified");
    assert.equal(result.patch, undefined);
    assert.deepEqual(runtime.purposes, ["repair.reproduce"]);
    assert.match(result.evidence.summary, /None of Ponder's 1 reproduction test\(s\) fails on the current code/);
});

test("Python, a candidate that changes the failing test is `changesTest`, with its reason", async () => {
    const reply =
        think("Maybe the test expects the wrong value.") +
        'The test is wrong: SAVE10 gives the discount amount, not the price.\n\nIn `tests/test_cart.py`:\n\n```python\ndef test_total_with_code():\n    assert cart_total([(10.0, 2)], "SAVE10") == 2.0\n```\n';
    const { result } = await repair("changes-test", reply);
    assert.equal(result.status, "changesTest", explain(result));
    assert.deepEqual(result.evidence.testChange!.files, ["tests/test_cart.py"]);
    assert.match(result.evidence.testChange!.reason, /test is wrong/);
    assert.match(result.evidence.summary, /^Changes your test: /);
    assert.ok(result.patch!.files.every((f) => f.isTest));
});

test("Python, a wrong patch stays unverified and says which test still fails", async () => {
    const reply =
        think("Subtract the rate.") +
        "In `shop/pricing.py`:\n\n```python\ndef apply_discount(amount, code):\n    rate = discount_rate(code)\n    return round(amount - rate, 2)\n```\n";
    const { result } = await repair("wrong", reply);
    assert.equal(result.status, "unverified", explain(result));
    assert.deepEqual(result.evidence.stillFailing, [failingTest]);
    assert.match(
        result.evidence.summary,
        /^Not verified: 1 of 1 of the project's failing tests still fail: tests\/test_cart.py::test_total_with_code\./
    );
    assert.ok(result.patch);
});

test("Python, a bug in two files is fixed by one patch of both, verified by the project's two failing tests", async () => {
    const reply =
        think("Light parcels cost more than heavy ones, and tax is added as an amount.") +
        "In `shop/fees.py`:\n\n```python\ndef shipping_fee(weight_kg):\n    if weight_kg > 10:\n        return 10.0\n    return 5.0\n```\n\n" +
        "In `shop/tax.py`:\n\n```python\ndef add_tax(amount, rate):\n    return round(amount * (1 + rate), 2)\n```\n";
    const { result } = await repair("two-files", reply, { failure: { runAll: true } }, "python-invoice");
    assert.equal(result.status, "verified", explain(result));
    assert.deepEqual(result.failing.map((f) => f.name).sort(), [
        "test_light_parcel_with_tax",
        "test_untaxed_heavy_parcel_costs_more"
    ]);
    assert.deepEqual(result.patch!.files.map((f) => f.file).sort(), ["shop/fees.py", "shop/tax.py"]);
    assert.match(
        result.patch!.diff,
        /\+\+\+ b\/shop\/fees\.py[\s\S]*\+\+\+ b\/shop\/tax\.py|\+\+\+ b\/shop\/tax\.py[\s\S]*\+\+\+ b\/shop\/fees\.py/
    );
});

test("Python, a patch whose added code reaches into pytest: its runs are no evidence, so it stays unverified", async () => {
    const reply =
        think("Fix it and make sure.") +
        "In `shop/pricing.py`:\n\n```python\ndef apply_discount(amount, code):\n    import _pytest\n    rate = discount_rate(code)\n    return round(amount * (1 - rate), 2)\n```\n";
    const { result } = await repair("tampering", reply);
    assert.equal(result.status, "unverified", explain(result));
    assert.match(result.evidence.summary, /^Not verified: its runs are no evidence, .*reaches into pytest/);
});

test("Python, a regression budget of 0: the affected tests run first, the rest are cut, so the fix is only plausible", async () => {
    const reply =
        think("apply_discount keeps the discount instead of the rest.") +
        "In `shop/pricing.py`:\n\n```python\n" +
        fixedBody +
        "```\n";
    const { result } = await repair("budget", reply, { regressionBudgetMs: 0 });
    assert.equal(result.status, "plausible", explain(result));
    // test_pricing.py's two tests name the changed module: they ran; test_subtotal was left to the budget.
    assert.deepEqual(result.evidence.passToPass, { run: 2, total: 3, affectedFirst: 2 });
    assert.match(
        result.evidence.summary,
        /^Plausible: .*2 of 3 tests that passed before still pass; 1 were left unrun by the regression budget\.$/
    );
});

test("Python, tied suspects: one short call lets the model choose, and its choice leads the ranking", async () => {
    // With per-test coverage, cart_total (which the test calls) and apply_discount (which holds the bug) score within
    // localisation's tie margin on this project.
    const root = await repairFixture("python-cart");
    const choose = await models.load(
        "repair-py-choose",
        [think("The discount is computed in the pricing helper.") + "CHOICE: 2\nThe discount is computed there."],
        1
    );
    const round = await models.load("repair-py-choose-round", [
        think("Fix the helper.") + "In `shop/pricing.py`:\n\n```python\n" + fixedBody + "```\n"
    ]);
    const runtime = new PurposeRuntime([
        ["repair.choose", choose],
        ["repair.round", round]
    ]);
    const result = await runRepairChain(
        withDefaults("repair", { failure: { tests: [failingTest] }, candidates: 1, extraRounds: 0, seed: 1 }),
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    assert.equal(result.localisation.tied, true, explain(result));
    assert.deepEqual(runtime.purposes, ["repair.choose", "repair.round0"]);
    assert.match(runtime.prompts[0]!, /The evidence cannot tell which of these functions holds the bug:\n1\. .*\n2\. /);
    const choice = result.localisation.modelChoice!;
    assert.equal(choice.reason, "The discount is computed there.");
    assert.deepEqual(
        [
            result.localisation.suspects[0]!.file,
            result.localisation.suspects[0]!.name,
            result.localisation.suspects[0]!.rank
        ],
        [choice.file, choice.name, 1]
    );
    assert.equal(result.status, "verified", explain(result));
});
