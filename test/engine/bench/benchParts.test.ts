// The benchmark's parts that need no model: the state file refuses other settings and survives a line cut short,
// Rust kept tests are carried into a variant of the file they live in, and cases.json is refused for Rust.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BenchState, renderCaseTests, type TaskOutcome } from "../../../engine/index.js";
import { carryInsertion } from "../../../engine/bench/judgeHidden.js";

const settings = { suite: "/s", model: "m", candidates: 2, extraRounds: 0, seed: 1 };
const outcome = (id: string): TaskOutcome => ({
    id, job: "fix", language: "python", claim: "verified", hidden: { kind: "pass", passed: 1, total: 1 },
    timings: { totalMs: 1, chainMs: 1, modelMs: 0, judgeMs: 0 }, tokens: { generated: 1, prompt: 1 }, rounds: 1, candidates: 1
});

test("the state file keeps finished tasks, ignores a line cut short, and refuses a run with other settings", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "ponder-bench-state-")), "out", "state.jsonl");
    const state = await BenchState.open(path, settings);
    await state.record(outcome("a"));
    await appendFile(path, '{"kind":"task","outcome":{"id":"b"');
    const reopened = await BenchState.open(path, settings);
    assert.deepEqual([...reopened.finished.keys()], ["a"]);
    await reopened.record(outcome("c"));
    assert.deepEqual([...(await BenchState.open(path, settings)).finished.keys()], ["a", "c"]);
    assert.match((await readFile(path, "utf8")).split("\n")[2]!, /^\{"kind":"task","outcome":\{"id":"b"$/);
    await assert.rejects(BenchState.open(path, { ...settings, candidates: 4 }), /belongs to a run with other settings .*choose another --out folder/);
});

test("kept tests inserted into a Rust file are carried into the variant of that file", () => {
    const original = "fn f() -> i32 { 1 }\n";
    const withTests = original + "#[cfg(test)]\nmod t { #[test] fn one() {} }\n";
    assert.equal(carryInsertion(original, withTests, "fn f() -> i32 { 2 }\n"), "fn f() -> i32 { 2 }\n#[cfg(test)]\nmod t { #[test] fn one() {} }\n");
    const inserted = "use a;\nmod t {}\nfn f() -> i32 { 1 }\n";
    assert.equal(carryInsertion("use a;\nfn f() -> i32 { 1 }\n", inserted, "use a;\nfn f() -> i32 { 3 }\n"), "use a;\nmod t {}\nfn f() -> i32 { 3 }\n");
    assert.equal(carryInsertion("abc", "xbcy", "abd"), undefined, "two separate changes cannot be carried");
});

test("cases render as one test per case in Python and TypeScript; Rust is refused with what to do instead", () => {
    const cases = { function: "f", cases: [{ input: [1, [2]], output: "x\"y" }, { input: [], output: null }] };
    const python = renderCaseTests(cases, "python", "pkg/mod.py");
    assert.equal(python.path, "pkg/test_ponder_hidden_cases.py");
    assert.match(python.text, /^from pkg\.mod import f$/m);
    assert.match(python.text, /def test_hidden_case_0\(\):\n    _check\(0\)\n\n\ndef test_hidden_case_1\(\):/);
    const ts = renderCaseTests(cases, "typescript", "src/mod.ts");
    assert.equal(ts.path, "src/ponder-hidden-cases.test.ts");
    assert.match(ts.text, /import \{ f \} from "\.\/mod\.js";/);
    assert.throws(() => renderCaseTests(cases, "rust", "src/lib.rs"), /a Rust task puts its #\[test\] functions in hidden\/append\//);
    assert.throws(() => renderCaseTests({ ...cases, function: "f; import os" }, "python", "m.py"), /is not a function name/);
});
