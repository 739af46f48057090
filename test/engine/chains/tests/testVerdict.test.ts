// The verdict on a generated test after its N runs, as a table: a run's outcomes (or its build failure) in, the
// verdict and the reason a user reads out; and the gist of a build or load failure.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    classifyRuns,
    type RepeatedTestRun,
    type TestCaseResult,
    type TestOutcome,
    type TestRunResult
} from "../../../../engine/toolchains/index.js";
import { buildFailedResult, cancelledResult, ranResult } from "../../../support/testRunResults.js";
import { placeTests } from "../../../../engine/chains/fix/testPlacement.js";
import { buildFailure, verdictOf, type TestVerdictKind } from "../../../../engine/chains/tests/testVerdict.js";

const placed = placeTests("python", "stats.py", 0, 0, "def test_median():\n    assert True\n");

/** One test case per run: its outcome and message, in the placed file unless another file is named. */
type CaseRun = { outcome: TestOutcome; message?: string; file?: string };

function repeatedRuns(runs: CaseRun[]): RepeatedTestRun {
    const results: TestRunResult[] = runs.map((run) => {
        const file = run.file ?? placed.file;
        const testCase: TestCaseResult = {
            id: `${file}::test_median`,
            name: "test_median",
            file,
            outcome: run.outcome,
            ...(run.message ? { message: run.message } : {})
        };
        return ranResult([testCase]);
    });
    return { runs: results, tests: classifyRuns(results) };
}

function stopped(result: TestRunResult): RepeatedTestRun {
    return { runs: [result], tests: [] };
}

interface VerdictCase {
    name: string;
    repeated: RepeatedTestRun;
    kind: TestVerdictKind;
    reason: RegExp;
}

const assertion = "test_ponder_stats_r0_c0.py:2: in test_median\nAssertionError: assert 2 == 2.5";
const verdictCases: VerdictCase[] = [
    {
        name: "passes every run",
        repeated: repeatedRuns([{ outcome: "passed" }, { outcome: "passed" }, { outcome: "passed" }]),
        kind: "passing",
        reason: /^passes every run$/
    },
    {
        name: "passes some runs",
        repeated: repeatedRuns([
            { outcome: "passed" },
            { outcome: "failed", message: assertion },
            { outcome: "passed" }
        ]),
        kind: "flaky",
        reason: /^it is flaky: it passed 2 of 3 runs on the same code$/
    },
    {
        name: "fails by assertion every run",
        repeated: repeatedRuns([
            { outcome: "failed", message: assertion },
            { outcome: "failed", message: assertion }
        ]),
        kind: "failing",
        reason: /^a failed assertion: test_ponder_stats_r0_c0\.py:2: in test_median\nAssertionError: assert 2 == 2\.5$/
    },
    {
        name: "raises inside the code under test",
        repeated: repeatedRuns([
            { outcome: "error", message: 'File "stats.py", line 3, in median\nZeroDivisionError: division by zero' }
        ]),
        kind: "failing",
        reason: /^raises inside the code under test \(File "stats\.py", line 3, in median\): /
    },
    {
        name: "times out every run",
        repeated: repeatedRuns([{ outcome: "timedOut" }, { outcome: "timedOut" }]),
        kind: "failing",
        reason: /^times out on the current code/
    },
    {
        name: "breaks by its own NameError",
        repeated: repeatedRuns([{ outcome: "error", message: "NameError: name 'helper' is not defined" }]),
        kind: "broken",
        reason: /^it fails on the current code, but the test itself is broken \(NameError\)$/
    },
    {
        name: "is skipped every run",
        repeated: repeatedRuns([{ outcome: "skipped" }, { outcome: "skipped" }]),
        kind: "broken",
        reason: /^it is skipped$/
    },
    {
        name: "the runner reports only another file's tests",
        repeated: repeatedRuns([{ outcome: "passed", file: "test_other.py" }]),
        kind: "broken",
        reason: /^the runner found no test in it$/
    },
    {
        name: "does not load",
        repeated: stopped(
            buildFailedResult("collect", "collecting ...\nE   ImportError: cannot import name 'mean'\n\n1 error")
        ),
        kind: "broken",
        reason: /^it does not load: collecting \.\.\.\nE {3}ImportError: cannot import name 'mean'\n1 error$/
    },
    {
        name: "does not build",
        repeated: stopped(
            buildFailedResult(
                "build",
                "error[E0425]: cannot find value `x`\n --> src/lib.rs:3:5\nerror: could not compile `stats`"
            )
        ),
        kind: "broken",
        reason: /^it does not build: error\[E0425\]: cannot find value `x`\n --> src\/lib\.rs:3:5$/
    },
    { name: "was cancelled", repeated: stopped(cancelledResult()), kind: "broken", reason: /^cancelled$/ }
];

function checkVerdict(c: VerdictCase): void {
    const verdict = verdictOf(c.repeated, placed, "python", "stats.py", 10);
    assert.equal(verdict.kind, c.kind, verdict.reason);
    assert.match(verdict.reason, c.reason);
}

for (const c of verdictCases) test(`verdict: a test that ${c.name}`, () => checkVerdict(c));

interface BuildFailureCase {
    name: string;
    message: string;
    gist: string;
}

const rustSnippet = [
    "   Compiling stats v0.1.0",
    "error[E0308]: mismatched types",
    " --> src/lib.rs:4:20",
    "  |",
    "4 |     let x: u32 = -1;",
    "  |            ---   ^^ expected `u32`",
    "warning: unused variable",
    "error: aborting due to 1 previous error",
    "error: could not compile `stats`"
].join("\n");
const buildFailureCases: BuildFailureCase[] = [
    {
        name: "rustc's first error with its snippet, up to the next diagnostic",
        message: rustSnippet,
        gist: "error[E0308]: mismatched types\n --> src/lib.rs:4:20\n  |\n4 |     let x: u32 = -1;\n  |            ---   ^^ expected `u32`"
    },
    {
        name: "an error snippet cut at eight lines",
        message: ["error: expected `;`", ...Array.from({ length: 10 }, (_, i) => `  | line ${i}`)].join("\n"),
        gist: ["error: expected `;`", ...Array.from({ length: 7 }, (_, i) => `  | line ${i}`)].join("\n")
    },
    {
        name: "only cargo's summary errors: the last four lines",
        message: "a\nb\n\nc\nd\nerror: could not compile `stats`",
        gist: "b\nc\nd\nerror: could not compile `stats`"
    },
    {
        name: "a short load failure as it is, blank lines left out",
        message: "\nImportError: no module named stats\n\n",
        gist: "ImportError: no module named stats"
    }
];

function checkBuildFailure(c: BuildFailureCase): void {
    assert.equal(buildFailure(c.message), c.gist);
}

for (const c of buildFailureCases) test(`build failure gist: ${c.name}`, () => checkBuildFailure(c));
