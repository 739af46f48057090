// The figure for issue 23: time to a verified fix from a failing test (the `repair` job given the test's id) against
// today's located fix (`fix` given FILE:LINE) on the same Python bug, in one process, through runJob on the real
// runtime with scripted models of the same style. Both must be verified; the times and their ratio are printed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { DiskWorkspace, runJob, Sandbox, trainingExamplesOf } from "../../../../engine/testing.js";
import { ByPurposeRuntime } from "../../../support/ByPurposeRuntime.js";
import { PurposeRuntime, repairFixture, ScriptedModels, think } from "../../../support/repairHarness.js";

let sandbox: Sandbox;
const models = new ScriptedModels();
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    await models.dispose();
    await sandbox.dispose();
});

const fixed =
    "def apply_discount(amount, code):\n    rate = discount_rate(code)\n    return round(amount * (1 - rate), 2)\n";
const reproduction =
    'from shop.pricing import apply_discount\n\n\ndef test_save10_keeps_ninety_percent():\n    assert apply_discount(20.0, "SAVE10") == 18.0\n';

test("figure: time to a verified fix from a failing test (repair) against the located fix chain (fix FILE:LINE)", async (t) => {
    const repairModel = await models.load("figure-repair", [
        think("The discount is applied the wrong way round.") + "In `shop/pricing.py`:\n\n```python\n" + fixed + "```\n"
    ]);
    const fixModel = await models.load("figure-fix", [
        think("The discount is applied the wrong way round.") +
            "```python\n" +
            fixed +
            "```\n\n```python\n" +
            reproduction +
            "```\n"
    ]);
    const testsModel = await models.load("figure-fix-tests", [
        think("SAVE10 keeps 90%.") + "```python\n" + reproduction.replace("ninety", "nine_tenths") + "```\n"
    ]);

    const repairRoot = await repairFixture("python-cart");
    const repairStarted = performance.now();
    const repaired = await runJob(
        "repair",
        { failure: { tests: ["tests/test_cart.py::test_total_with_code"] }, candidates: 2, extraRounds: 0, seed: 1 },
        {
            workspace: new DiskWorkspace(repairRoot),
            sandbox,
            model: { runtime: new PurposeRuntime([["repair.", repairModel]]) }
        }
    );
    const repairMs = performance.now() - repairStarted;
    assert.equal(repaired.result.status, "verified", repaired.result.evidence.summary);
    // The dataset hook: the verified repair's winning reply, found by its round's call purpose.
    const [example] = trainingExamplesOf(repaired);
    assert.equal(example?.kind, "repair");
    assert.equal(example.metadata.file, "shop/pricing.py");
    assert.match(example.prompt, /Test `tests\/test_cart.py::test_total_with_code`/);
    assert.deepEqual(example.metadata.testsPassed, ["tests/test_cart.py::test_total_with_code"]);

    const fixRoot = await repairFixture("python-cart");
    const fixStarted = performance.now();
    const located = await runJob(
        "fix",
        { file: "shop/pricing.py", target: { line: 12 }, candidates: 2, extraRounds: 0, seed: 1 },
        {
            workspace: new DiskWorkspace(fixRoot),
            sandbox,
            model: { runtime: new ByPurposeRuntime([fixModel], testsModel) }
        }
    );
    const fixMs = performance.now() - fixStarted;
    assert.equal(located.result.status, "verified", located.result.evidence.summary);

    const { timings } = repaired.result;
    const figure =
        `repair (from the failing test) ${repairMs.toFixed(0)} ms; located fix (FILE:LINE) ${fixMs.toFixed(0)} ms; ` +
        `ratio ${(repairMs / fixMs).toFixed(2)}; repair's parts: localisation ${timings.localiseMs} ms, model ${timings.modelMs} ms, ` +
        `verification ${timings.verifyMs} ms (regressions ${timings.regressionMs} ms), model calls ${repaired.calls.map((c) => c.purpose).join(", ")}`;
    t.diagnostic(figure);
    console.log(figure);
});
