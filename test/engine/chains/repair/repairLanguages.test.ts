// The repository-level fix end to end on TypeScript (node:test), Rust (cargo) and Go (go test), each a cart whose
// failing test calls the cart module and whose bug sits in the pricing module's helper, each with another reply form
// (a block named in its first comment line, a unified diff, SEARCH/REPLACE); and a Python project whose dependencies
// are not installed stops with what to install instead of a false failure.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DiskWorkspace, runRepairChain, Sandbox, type RepairResult } from "../../../../engine/testing.js";
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

async function repair(fixture: string, reply: string): Promise<{ result: RepairResult; root: string }> {
    const root = await repairFixture(fixture);
    const model = await models.load(`repair-${fixture}`, [reply]);
    const runtime = new PurposeRuntime([["repair.", model]]);
    const result = await runRepairChain(
        withDefaults("repair", { failure: { runAll: true }, candidates: 2, extraRounds: 0, seed: 1 }),
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    return { result, root };
}

function explain(result: RepairResult): string {
    return JSON.stringify(
        {
            status: result.status,
            failing: result.failing,
            evidence: result.evidence,
            notes: result.notes,
            candidates: result.candidates.map((c) => ({ s: c.summary, p: c.parseProblems, f: c.forms }))
        },
        null,
        1
    );
}

async function assertFixed(
    result: RepairResult,
    root: string,
    file: string,
    form: string,
    removed: RegExp,
    added: RegExp
) {
    assert.equal(result.status, "verified", explain(result));
    assert.equal(result.failing.length, 1);
    assert.deepEqual(
        result.patch!.files.map((f) => f.file),
        [file]
    );
    assert.ok(result.candidates[0]!.forms.includes(form as never), explain(result));
    assert.match(result.patch!.diff, removed);
    assert.match(result.patch!.diff, added);
    assert.equal(result.evidence.passToPass.run, result.evidence.passToPass.total);
    assert.ok(result.evidence.passToPass.total >= 1);
    assert.match(
        result.evidence.summary,
        /^Verified: the project's failing tests \(1\) pass on every one of 2 run\(s\)/
    );
    assert.doesNotMatch(await readFile(join(root, file), "utf8"), added);
}

test("TypeScript, a block named in its first comment line: applyDiscount in src/pricing.ts is fixed", async () => {
    const reply =
        think("applyDiscount multiplies by the rate instead of what is left.") +
        "```typescript\n// src/pricing.ts\nexport function applyDiscount(amount: number, code: string | undefined): number {\n    const rate = discountRate(code);\n    return Math.round(amount * (1 - rate) * 100) / 100;\n}\n```\n";
    const { result, root } = await repair("typescript-cart", reply);
    await assertFixed(
        result,
        root,
        "src/pricing.ts",
        "commentNamedFence",
        /-    return Math\.round\(amount \* rate \* 100\) \/ 100;/,
        /\+    return Math\.round\(amount \* \(1 - rate\) \* 100\) \/ 100;/
    );
});

test("Rust, a unified diff: apply_discount in src/pricing.rs is fixed, the integration test passes", async () => {
    const reply =
        think("It keeps the percent instead of the rest.") +
        "```diff\n--- a/src/pricing.rs\n+++ b/src/pricing.rs\n@@ -11,4 +11,4 @@\n pub fn apply_discount(cents: u64, code: &str) -> u64 {\n     let percent = discount_percent(code);\n-    cents * percent / 100\n+    cents * (100 - percent) / 100\n }\n```\n";
    const { result, root } = await repair("rust-cart", reply);
    await assertFixed(
        result,
        root,
        "src/pricing.rs",
        "unifiedDiff",
        /-    cents \* percent \/ 100/,
        /\+    cents \* \(100 - percent\) \/ 100/
    );
});

test("Go, SEARCH/REPLACE: ApplyDiscount in pricing/pricing.go is fixed, the cart package's test passes", async () => {
    const reply =
        think("It keeps the percent instead of the rest.") +
        "pricing/pricing.go\n```go\n<<<<<<< SEARCH\n\treturn cents * percent / 100\n=======\n\treturn cents * (100 - percent) / 100\n>>>>>>> REPLACE\n```\n";
    const { result, root } = await repair("go-cart", reply);
    await assertFixed(
        result,
        root,
        "pricing/pricing.go",
        "searchReplace",
        /-\treturn cents \* percent \/ 100/,
        /\+\treturn cents \* \(100 - percent\) \/ 100/
    );
});

test("Python with its dependencies not installed: a clear message saying what to install, no false failure", async () => {
    const root = await repairFixture("python-missing-deps");
    const model = await models.load("repair-missing-deps", ["unused"]);
    const runtime = new PurposeRuntime([["repair.", model]]);
    await assert.rejects(
        runRepairChain(withDefaults("repair", { failure: { runAll: true }, candidates: 1, extraRounds: 0 }), {
            runtime,
            sandbox,
            workspace: new DiskWorkspace(root)
        }),
        (error: Error) => {
            assert.equal(error.name, "MissingDependenciesError");
            assert.match(error.message, /dependencies are not installed \(ponder_absent_package|ponder-absent-package/);
            assert.match(error.message, /pip install -r requirements\.txt/);
            return true;
        }
    );
    // No model call: nothing could be proven.
    assert.deepEqual(runtime.purposes, []);
});
