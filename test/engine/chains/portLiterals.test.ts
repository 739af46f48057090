// Generated inputs are made of the function's own literals: a wrong Rust port of QuixBugs'
// is_valid_parenthesization (it forgets that unclosed parentheses are invalid) was proven equivalent on 202 of
// 202 random strings that never held a `(`. Real node-llama-cpp on a scripted model, real python3 and cargo in real bubblewrap.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskWorkspace, LocalModelRuntime, runPortChain, Sandbox } from "../../../engine/testing.js";
import { generateCases } from "../../../engine/chains/port/caseGeneration.js";
import { runCaseLines } from "../../../engine/chains/port/harnessRuns.js";
import type { SandboxRunResult } from "../../../engine/sandbox/index.js";
import { sourceLiterals } from "../../../engine/chains/port/sourceLiterals.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";

/** Returns true at the end whatever the depth: "((" is valid to it. */
const wrongParensPort =
    "<think>\nCount the depth; fail when it goes below zero.\n</think>\n\n```rust\n" +
    `
pub fn is_valid_parenthesization(parens: String) -> bool {
    let mut depth: i64 = 0;
    for paren in parens.chars() {
        if paren == '(' {
            depth += 1;
        } else {
            depth -= 1;
            if depth < 0 {
                return false;
            }
        }
    }
    true
}
`.trim() +
    "\n```\n";

let sandbox: Sandbox;
let runtime: LocalModelRuntime;
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
    const { path } = await buildScriptedModel(join(testModelDir(), "port-parens-wrong.gguf"), {
        replies: [wrongParensPort]
    });
    runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 1
    });
});
after(async () => {
    await runtime.dispose();
    await sandbox.dispose();
});

test("the function's own literals: strings, their characters and integers, docstrings and comments left out", () => {
    const literals = sourceLiterals(
        `def f(s, n):\n    """Counts 'x' in s."""\n    # 'y' is ignored\n    if s == "()" or s[0] == '[':\n        return n + 41\n    return 2.5\n`
    );
    assert.deepEqual(literals.strings, ["()", "["]);
    assert.deepEqual(literals.characters, ["(", ")", "["]);
    assert.deepEqual(literals.integers, [0n, 41n]);
    assert.deepEqual(literals.floats, [2.5]);
});

test("generated strings hold the function's characters: balanced, unbalanced and open ones", () => {
    const literals = sourceLiterals("def g(p):\n    return p == '('\n");
    const texts = generateCases([{ kind: "str" }], 200, 1, literals).map((args) => args[0] as string);
    for (const wanted of ["(", "(("]) assert.ok(texts.includes(wanted), `${wanted} in the generated inputs`);
    assert.ok(
        texts.filter((text) => text.includes("(")).length >= 40,
        "random text is drawn from the literal's characters too"
    );
    assert.deepEqual(
        generateCases([{ kind: "str" }], 50, 7),
        generateCases([{ kind: "str" }], 50, 7, undefined),
        "without literals, the cases are as before"
    );
});

test("a wrong port of is_valid_parenthesization differs on a string of its own parentheses", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-port-parens-"));
    await cp("test/fixtures/port/parens", root, { recursive: true });
    const result = await runPortChain(
        { file: "parens.py", to: "rust", cases: 200, counterexampleRounds: 0 },
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    const unit = result.units.find((u) => u.name === "is_valid_parenthesization")!;
    assert.equal(unit.compiled, true, JSON.stringify(unit.notes));
    assert.equal(result.status, "differs", `${unit.equal} of ${unit.cases} equal`);
    const shown = unit.counterexamples.map((c) => c.args[0] as string);
    assert.ok(
        shown.some((text) => /^\(+$/.test(text) || text.includes("(")),
        `counterexamples hold a parenthesis: ${JSON.stringify(shown)}`
    );
});

test("outcomes are read in Ponder's process: a case answered twice (the tested code printed the harness's line) is crashed", async () => {
    const forged = '{"id": 0, "ok": true}\n{"id": 0, "ok": false}\n{"id": 1, "ok": true}\n';
    const outcomes = await runCaseLines(
        [
            { id: 0, fn: "f", args: [] },
            { id: 1, fn: "f", args: [] }
        ],
        async () =>
            ({
                exitCode: 0,
                signal: null,
                stdout: forged,
                stderr: "",
                timedOut: false,
                cancelled: false,
                durationMs: 1
            }) as unknown as SandboxRunResult
    );
    assert.equal(outcomes.get(0)?.kind, "crashed");
    assert.deepEqual(outcomes.get(1), { kind: "value", value: true });
});
