// The benchmark's parts that need no model: the state file refuses other settings and survives a line cut short,
// Rust kept tests are carried into a variant of the file they live in, cases.json is refused for a Rust fix but
// rendered for a Rust port's own signature, and a port task's task.json is checked against the pairs the chain knows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    BenchState,
    benchTotals,
    evidenceKindsOf,
    loadHiddenChecks,
    loadSuite,
    renderCaseTests,
    type TaskOutcome
} from "../../../engine/testing.js";
import { renderRustPortCaseTests } from "../../../engine/bench/hiddenCaseTests.js";
import { rustParameter } from "../../../engine/languages/rust/port/rustSignature.js";
import { carryInsertion } from "../../../engine/bench/judgeHidden.js";

const settings = { suite: "/s", model: "m", candidates: 2, extraRounds: 0, seed: 1 };
const outcome = (id: string): TaskOutcome => ({
    id,
    job: "fix",
    language: "python",
    claim: "verified",
    hidden: { kind: "pass", passed: 1, total: 1 },
    timings: { totalMs: 1, chainMs: 1, modelMs: 0, judgeMs: 0 },
    tokens: { generated: 1, prompt: 1 },
    rounds: 1,
    candidates: 1
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
    await assert.rejects(
        BenchState.open(path, { ...settings, candidates: 4 }),
        /belongs to a run with other settings .*choose another --out folder/
    );
});

test("kept tests inserted into a Rust file are carried into the variant of that file", () => {
    const original = "fn f() -> i32 { 1 }\n";
    const withTests = original + "#[cfg(test)]\nmod t { #[test] fn one() {} }\n";
    assert.equal(
        carryInsertion(original, withTests, "fn f() -> i32 { 2 }\n"),
        "fn f() -> i32 { 2 }\n#[cfg(test)]\nmod t { #[test] fn one() {} }\n"
    );
    const inserted = "use a;\nmod t {}\nfn f() -> i32 { 1 }\n";
    assert.equal(
        carryInsertion("use a;\nfn f() -> i32 { 1 }\n", inserted, "use a;\nfn f() -> i32 { 3 }\n"),
        "use a;\nmod t {}\nfn f() -> i32 { 3 }\n"
    );
    assert.equal(carryInsertion("abc", "xbcy", "abd"), undefined, "two separate changes cannot be carried");
});

test("cases render as one test per case in Python and TypeScript; Rust is refused with what to do instead", () => {
    const cases = {
        function: "f",
        cases: [
            { input: [1, [2]], output: 'x"y' },
            { input: [], output: null }
        ]
    };
    const python = renderCaseTests(cases, "python", "pkg/mod.py");
    assert.equal(python.path, "pkg/test_ponder_hidden_cases.py");
    assert.match(python.text, /^from pkg\.mod import f$/m);
    assert.match(python.text, /def test_hidden_case_0\(\):\n    _check\(0\)\n\n\ndef test_hidden_case_1\(\):/);
    const ts = renderCaseTests(cases, "typescript", "src/mod.ts");
    assert.equal(ts.path, "src/ponder-hidden-cases.test.ts");
    assert.match(ts.text, /import \{ f \} from "\.\/mod\.js";/);
    assert.throws(
        () => renderCaseTests(cases, "rust", "src/lib.rs"),
        /a Rust fix or tests task puts its #\[test\] functions in hidden\/append\//
    );
    assert.throws(
        () => renderCaseTests({ ...cases, function: "f; import os" }, "python", "m.py"),
        /is not a function name/
    );
});

test("a Rust port's cases take the port's parameter types; a value the types cannot hold is a failing test, not a dropped one", () => {
    const signature = {
        name: "total",
        parameters: [rustParameter("values", "&[i32]")],
        returnType: "Option<i64>",
        generic: false,
        header: "pub fn total(values: &[i32]) -> Option<i64>"
    };
    const cases = [
        { input: [[1n, 2n]], output: 3n },
        { input: [[]], output: null },
        { input: [[4294967296n]], output: 4294967296n }
    ];
    const rendered = renderRustPortCaseTests(cases, signature, "sums_rs");
    assert.equal(rendered.path, "tests/ponder_hidden_cases.rs");
    assert.match(rendered.text, /^use sums_rs::\*;$/m);
    assert.match(
        rendered.text,
        /#\[test\]\nfn hidden_case_0\(\) \{\n    assert_eq!\(total\(&\[1, 2\]\), Some\(3\)\);\n\}/
    );
    assert.match(rendered.text, /fn hidden_case_1\(\) \{\n    assert_eq!\(total\(&\[\]\), None\);/);
    assert.match(
        rendered.text,
        /fn hidden_case_2\(\) \{\n    panic!\("the input does not fit the port's parameter types \(pub fn total\(values: &\[i32\]\) -> Option<i64>\)"\);/
    );
});

test("a port task names a pair the port chain knows; 'to' belongs to port tasks only; a port needs hidden checks", async () => {
    const write = async (suite: string, task: object, hidden = true) => {
        await mkdir(join(suite, "t", "workspace"), { recursive: true });
        await writeFile(join(suite, "t", "task.json"), JSON.stringify(task));
        await writeFile(join(suite, "t", "workspace", "a.py"), "def f(x):\n    return x\n");
        await writeFile(join(suite, "t", "workspace", "a.rs"), "pub fn f() {}\n");
        if (hidden) await mkdir(join(suite, "t", "hidden"), { recursive: true });
    };
    const cases: [object, RegExp][] = [
        [
            { job: "port", target: { file: "a.py" } },
            /a port task needs "to" naming a pair the port chain knows \(python to rust, python to typescript, javascript to typescript\); got python to null/
        ],
        [{ job: "port", to: "go", target: { file: "a.py" } }, /got python to "go"/],
        [{ job: "port", to: "typescript", target: { file: "a.rs" } }, /got rust to "typescript"/],
        [{ job: "fix", to: "rust", target: { file: "a.py", line: 1 } }, /"to" is read only for a port task/],
        // A repair task is a repository: run as a function-level task it would have run the tests chain.
        [{ job: "repair", target: { file: "a.py", line: 1 } }, /"job": "repair" tasks are repositories/]
    ];
    for (const [task, message] of cases) {
        const suite = await mkdtemp(join(tmpdir(), "ponder-bench-port-task-"));
        await write(suite, task);
        await assert.rejects(loadSuite(suite), message);
    }
    const suite = await mkdtemp(join(tmpdir(), "ponder-bench-port-task-"));
    await write(suite, { job: "port", to: "rust", target: { file: "a.py" } });
    const [port] = await loadSuite(suite);
    assert.deepEqual([port!.job, port!.to, port!.target], ["port", "rust", { file: "a.py" }]);
    await assert.rejects(
        loadHiddenChecks(port!),
        /its hidden folder has no tests\/, append\/ or cases\.json to judge a port with/
    );
});

test("verdicts by strength: each status's share and wrong rate (plausible read as a string), and each evidence kind's", () => {
    const judged = (
        id: string,
        claim: string,
        hidden: "pass" | "fail" | "noPatch",
        evidenceKinds?: string[]
    ): TaskOutcome => ({
        ...outcome(id),
        claim: claim as TaskOutcome["claim"],
        hidden: { kind: hidden, passed: 0, total: 1 },
        ...(evidenceKinds ? { evidenceKinds } : {})
    });
    const totals = benchTotals([
        judged("a", "verified", "pass", ["user", "own"]),
        judged("b", "verified", "fail", ["otherSample"]),
        judged("c", "plausible", "fail", ["own"]),
        judged("d", "plausible", "pass", ["own"]),
        judged("e", "unverified", "fail"),
        judged("f", "noCandidate", "noPatch")
    ]);
    assert.deepEqual(Object.keys(totals.byStatus), ["verified", "plausible", "unverified", "noCandidate"]);
    assert.deepEqual(totals.byStatus["verified"], {
        share: { count: 2, of: 6, value: 2 / 6 },
        wrong: { count: 1, of: 2, value: 0.5 }
    });
    assert.deepEqual(totals.byStatus["plausible"]!.wrong, { count: 1, of: 2, value: 0.5 });
    assert.deepEqual(
        totals.byStatus["noCandidate"]!.wrong,
        { count: 0, of: 1, value: 0 },
        "no patch offered is not a wrong patch"
    );
    assert.deepEqual(totals.byEvidence["own"]!.wrong, { count: 1, of: 3, value: 1 / 3 });
    assert.deepEqual(totals.byEvidence["otherSample"]!.wrong, { count: 1, of: 1, value: 1 });
    assert.deepEqual(totals.verifiedRate, { count: 2, of: 6, value: 2 / 6 });
    // A fix result's evidence as the verdict branch shapes it: kinds with a test that fails before and passes after.
    assert.deepEqual(
        evidenceKindsOf({
            evidence: {
                sources: [
                    { kind: "user", reproduces: ["test_a"], pins: [] },
                    { kind: "own", reproduces: [], pins: ["t"] }
                ],
                summary: "s"
            }
        }),
        ["user"]
    );
    assert.equal(evidenceKindsOf({ status: "verified" }), undefined, "a result without evidence names none");
});
