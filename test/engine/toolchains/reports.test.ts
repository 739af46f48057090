// The report readers on their own, table-driven: libtest's lines (crashes, slow tests, doc tests), JUnit XML
// (entities, CDATA, collection errors), source-map line mapping, and flakiness verdicts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyRuns, verdictOf, type TestRunResult } from "../../../engine/toolchains/index.js";
import { junitTestCases, parseXml } from "../../../engine/toolchains/junitXml.js";
import { parseLcov } from "../../../engine/toolchains/lcov.js";
import { parseLibtestList, parseLibtestOutput } from "../../../engine/languages/rust/toolchain/libtestOutput.js";
import { generatedToOriginalLines, mapLineHits } from "../../../engine/toolchains/sourceMapLines.js";

test("libtest: results by binary, should-panic and ignored reasons, failure sections, a crashed binary", () => {
    const output = `   Compiling calc v0.1.0 (/sandbox/work)
    Finished \`test\` profile [unoptimized + debuginfo] target(s) in 0.50s
     Running unittests src/lib.rs (/sandbox/cache/cargo-target/debug/deps/calc-0123456789abcdef)

running 4 tests
test tests::a ... ok
test tests::b - should panic ... ok
test tests::c ... ignored, needs a database
test tests::d ... FAILED

failures:

---- tests::d stdout ----

thread 'tests::d' (7) panicked at src/lib.rs:9:5:
boom

failures:
    tests::d

test result: FAILED. 2 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

     Running tests/crash.rs (/sandbox/cache/cargo-target/debug/deps/crash-fedcba9876543210)

running 2 tests
test first ... ok
test stuck has been running for over 60 seconds
error: test failed, to rerun pass \`--test crash\`

Caused by:
  process didn't exit successfully: \`/sandbox/cache/cargo-target/debug/deps/crash-fedcba9876543210\` (signal: 6, SIGABRT: process abort signal)
   Doc-tests calc

running 1 test
test src/lib.rs - add (line 5) ... ok
`;
    const parsed = parseLibtestOutput(output);
    assert.deepEqual(
        parsed.tests.map((test) => [test.id, test.outcome, test.file]),
        [
            ["src/lib.rs::tests::a", "passed", "src/lib.rs"],
            ["src/lib.rs::tests::b", "passed", "src/lib.rs"],
            ["src/lib.rs::tests::c", "skipped", "src/lib.rs"],
            ["src/lib.rs::tests::d", "failed", "src/lib.rs"],
            ["tests/crash.rs::first", "passed", "tests/crash.rs"],
            ["src/lib.rs - add (line 5)", "passed", "src/lib.rs"]
        ]
    );
    assert.equal(parsed.tests[2]!.message, "needs a database");
    assert.equal(parsed.tests[3]!.message, "thread 'tests::d' (7) panicked at src/lib.rs:9:5:\nboom");
    assert.deepEqual(
        parsed.binaries.map((binary) => [binary.crate, binary.announced, binary.reported, binary.running]),
        [
            ["calc", 4, 4, []],
            ["crash", 2, 1, ["stuck"]],
            ["calc", 1, 1, []]
        ]
    );
    assert.match(parsed.crashes[0]!, /SIGABRT/);
    assert.deepEqual(
        parseLibtestList(
            "     Running tests/crash.rs (x/crash-0123456789abcdef)\nfirst: test\nstuck: test\n\n2 tests, 0 benchmarks\n   Doc-tests calc\nsrc/lib.rs - add (line 5): test\n"
        ),
        [
            { id: "tests/crash.rs::first", name: "first", file: "tests/crash.rs" },
            { id: "tests/crash.rs::stuck", name: "stuck", file: "tests/crash.rs" },
            { id: "src/lib.rs - add (line 5)", name: "src/lib.rs - add (line 5)", file: "src/lib.rs" }
        ]
    );
});

test("JUnit XML: pytest ids from file and classname, outcomes, entities and CDATA in messages", () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<!-- a comment -->
<testsuites><testsuite name="pytest">
  <testcase classname="pkg.test_m.TestA" name="test_x[1-&lt;2&gt;]" file="pkg/test_m.py" line="3" time="0.012"/>
  <testcase classname="pkg.test_m" name="test_y" file="pkg/test_m.py" time="0.5"><failure message="assert 1 == 2">E assert &amp; fail</failure></testcase>
  <testcase classname="pkg.test_m" name="test_z" file="pkg/test_m.py" time="0"><error message="failed on setup"><![CDATA[<fixture> broke]]></error></testcase>
  <testcase classname="pkg.test_m" name="test_s" file="pkg/test_m.py" time="0"><skipped type="pytest.skip" message="later"/></testcase>
  <testcase classname="" name="pkg.test_bad" file="pkg/test_bad.py" time="0"><error message="collection failure">ImportError</error></testcase>
</testsuite></testsuites>`;
    assert.deepEqual(
        junitTestCases(xml).map((test) => [test.id, test.outcome, test.message ?? null, test.durationMs]),
        [
            ["pkg/test_m.py::TestA::test_x[1-<2>]", "passed", null, 12],
            ["pkg/test_m.py::test_y", "failed", "assert 1 == 2\n\nE assert & fail", 500],
            ["pkg/test_m.py::test_z", "error", "failed on setup\n\n<fixture> broke", 0],
            ["pkg/test_m.py::test_s", "skipped", "later", 0],
            ["pkg/test_bad.py", "error", "collection failure\n\nImportError", 0]
        ]
    );
    assert.throws(() => parseXml("<a><b></a>"), /Malformed XML/);
});

test("source maps: generated lines map to original lines; hits carry over; unmapped lines are not code", () => {
    // Generated line 1 ← original line 1; line 2 has no mapping; line 3 ← original lines 3 and 4.
    const mappings = "AAAA;;AAEA,SACA";
    assert.deepEqual(
        [...generatedToOriginalLines(mappings)].map(([line, originals]) => [line, [...originals]]),
        [
            [1, [1]],
            [3, [3, 4]]
        ]
    );
    assert.deepEqual(
        mapLineHits(
            new Map([
                [1, 2],
                [2, 5],
                [3, 0]
            ]),
            mappings
        ),
        { covered: [1], coverable: [1, 3, 4] }
    );
    assert.deepEqual(
        [...parseLcov("SF:a.js\nDA:1,3\nDA:2,0\nend_of_record\n").get("a.js")!],
        [
            [1, 3],
            [2, 0]
        ]
    );
});

test("flakiness verdicts from outcomes across runs", () => {
    const table: [Parameters<typeof verdictOf>[0], string][] = [
        [["passed", "passed", "passed"], "passing"],
        [["failed", "error", "timedOut"], "failing"],
        [["passed", "failed", "passed"], "flaky"],
        [["passed", "timedOut", "passed"], "flaky"],
        [["skipped", "skipped", "skipped"], "skipped"],
        [["passed", "skipped", "passed"], "passing"],
        [["passed", undefined, "passed"], "flaky"]
    ];
    for (const [outcomes, verdict] of table) assert.equal(verdictOf(outcomes), verdict, JSON.stringify(outcomes));
    const run = (outcome: "passed" | "failed"): TestRunResult => ({
        kind: "ran",
        toolchain: "python",
        runner: "pytest",
        durationMs: 1,
        notes: [],
        tests: [{ id: "t", name: "t", outcome, ...(outcome === "failed" ? { message: "no" } : {}) }],
        run: {
            exitCode: 0,
            signal: null,
            timedOut: false,
            oomKilled: false,
            cancelled: false,
            stdout: "",
            stderr: "",
            stdoutTruncated: false,
            stderrTruncated: false,
            durationMs: 1,
            files: {}
        }
    });
    assert.deepEqual(classifyRuns([run("passed"), run("failed")]), [
        { id: "t", name: "t", verdict: "flaky", outcomes: ["passed", "failed"], message: "no" }
    ]);
});
