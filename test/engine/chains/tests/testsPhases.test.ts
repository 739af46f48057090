// The tests chain's phases on Python without a model or a sandbox: a recorded reply, an in-memory workspace, and a
// sandbox fake that plays pytest from a script. Each case checks the verdicts and reasons the phases report and
// the sandbox commands they ran (how many runs each test got, which runs measured coverage).
import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryWorkspace } from "../../../../engine/testing.js";
import { RecordedRuntime } from "../../../../engine/runtime/RecordedRuntime.js";
import type { CandidateReply } from "../../../../engine/runtime/ModelRuntime.js";
import { poolCandidates, sampleCandidates } from "../../../../engine/chains/tests/candidatePhases.js";
import { openTestsRun } from "../../../../engine/chains/tests/openTestsRun.js";
import { runEachTest } from "../../../../engine/chains/tests/runsPhase.js";
import {
    runTestsChain,
    testsProven,
    type TestsEvent,
    type TestsResult
} from "../../../../engine/chains/tests/index.js";
import { fakePytest, type ScriptedPytestTest } from "../../../support/fakePytest.js";
import { RecordingSandbox } from "../../../support/RecordingSandbox.js";
import { withDefaults } from "../../../../engine/testing.js";

const statsPy = [
    "def mean(values):",
    "    return sum(values) / len(values)",
    "",
    "",
    "def median(values):",
    "    ordered = sorted(values)",
    "    middle = len(ordered) // 2",
    "    return ordered[middle]",
    "",
    "",
    "def clamp(value, low, high):",
    "    if value < low:",
    "        return low",
    "    if value > high:",
    "        return high",
    "    return value",
    ""
].join("\n");
const coverable = [1, 2, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16];
const existingTests = "from stats import mean\n\n\ndef test_mean_existing():\n    assert mean([2, 4]) == 3\n";

/** One reply with one pytest block holding these tests, each with its own body so that none is a duplicate. */
function replyWith(names: string[]): CandidateReply {
    const tests = names.map((name, i) => `def ${name}():\n    assert clamp(${i}, 0, 100) == ${i}\n`);
    return {
        index: 0,
        seed: 1,
        thought: "Test each branch.",
        answer: `\`\`\`python\nfrom stats import clamp, mean, median\n\n\n${tests.join("\n\n")}\`\`\`\n`,
        stopReason: "endOfReply",
        thoughtClosedBy: "model",
        flags: [],
        usage: { promptTokens: 1, thoughtTokens: 1, answerTokens: 1 },
        timings: { firstTokenMs: 1, totalMs: 1, tokensPerSecond: 1 }
    };
}

function setUp(names: string[], script: Record<string, ScriptedPytestTest>, noCoverageReport = false) {
    const sandbox = new RecordingSandbox(
        fakePytest({ tests: script, targetFile: "stats.py", originalText: statsPy, coverable, noCoverageReport })
    );
    const runtime = new RecordedRuntime([{ candidates: [replyWith(names)] }]);
    const events: TestsEvent[] = [];
    const workspace = new MemoryWorkspace({ "stats.py": statsPy, "test_stats.py": existingTests });
    return {
        sandbox,
        runtime,
        events,
        deps: { runtime, sandbox, workspace, onEvent: (event: TestsEvent) => events.push(event) }
    };
}

/** The test files a recorded pytest command ran (the driver's arguments after its six own). */
function testFilesOf(call: { request: { args?: string[] } }): string[] {
    return (call.request.args ?? []).slice(6);
}

function testEvents(events: TestsEvent[]): string[] {
    return events.flatMap((e) => (e.kind === "test" ? [`${e.name}: ${e.verdict}`] : []));
}

interface RunsCase {
    name: string;
    tests: string[];
    script: Record<string, ScriptedPytestTest>;
    runs: number;
    passing: string[];
    possibleBugs: { name: string; failure: RegExp }[];
    dropped: { name: string; reason: RegExp }[];
    /** Sandbox runs each test's file was part of. */
    runsOfEach: Record<string, number>;
    sandboxCalls: number;
}

const assertionFailure =
    "test_ponder_stats_r0_c2.py:12: in test_bug\nAssertionError: assert median([4, 1, 3, 2]) == 2.5";
const flaky: ScriptedPytestTest = {
    outcomes: ["passed", "failed", "passed"],
    message: "AssertionError: assert 6 == 5"
};
const bug: ScriptedPytestTest = { outcomes: ["failed"], message: assertionFailure };
const runsCases: RunsCase[] = [
    {
        name: "a passing, a flaky and a failing test: one batch of N runs, no test run alone",
        tests: ["test_pass", "test_flaky", "test_bug"],
        script: { test_flaky: flaky, test_bug: bug },
        runs: 3,
        passing: ["test_pass"],
        possibleBugs: [
            {
                name: "test_bug",
                failure:
                    /^a failed assertion: AssertionError: assert median\(\[4, 1, 3, 2\]\) == 2\.5\n\ntest_ponder_stats_r0_c2\.py:12: in test_bug\n/
            }
        ],
        dropped: [{ name: "test_flaky", reason: /^it is flaky: it passed 2 of 3 runs on the same code$/ }],
        runsOfEach: { test_pass: 3, test_flaky: 3, test_bug: 3 },
        sandboxCalls: 3
    },
    {
        name: "a file that breaks collection stops the batch: the others run again alone, N runs each",
        tests: ["test_pass", "test_flaky", "test_bug", "test_broken"],
        script: {
            test_flaky: flaky,
            test_bug: bug,
            test_broken: {
                collectionError:
                    "ImportError while importing test module 'test_ponder_stats_r0_c3.py'.\nE   ModuleNotFoundError: No module named 'numpy'"
            }
        },
        runs: 3,
        passing: ["test_pass"],
        possibleBugs: [{ name: "test_bug", failure: /^a failed assertion: / }],
        dropped: [
            { name: "test_flaky", reason: /^it is flaky: it passed 2 of 3 runs/ },
            {
                // A package the project does not have is a collection failure that names it (never a false failure).
                name: "test_broken",
                reason: /^it does not load: collection failure\nImportError while importing test module 'test_ponder_stats_r0_c3\.py'\.\nE   ModuleNotFoundError: No module named 'numpy'$/
            }
        ],
        // The batch stops at its first run (a collection failure is not repeated), then each file runs alone.
        runsOfEach: { test_pass: 4, test_flaky: 4, test_bug: 4, test_broken: 2 },
        sandboxCalls: 11
    },
    {
        name: "a lone test runs N times on its own; a flaky one is caught only with repeats",
        tests: ["test_flaky"],
        script: { test_flaky: flaky },
        runs: 2,
        passing: [],
        possibleBugs: [],
        dropped: [{ name: "test_flaky", reason: /^it is flaky: it passed 1 of 2 runs/ }],
        runsOfEach: { test_flaky: 2 },
        sandboxCalls: 2
    },
    {
        name: "with one run a flaky test's first pass is all the chain sees",
        tests: ["test_flaky"],
        script: { test_flaky: flaky },
        runs: 1,
        passing: ["test_flaky"],
        possibleBugs: [],
        dropped: [],
        runsOfEach: { test_flaky: 1 },
        sandboxCalls: 1
    },
    {
        name: "a test whose run writes no report does not load, and is not run again",
        tests: ["test_pass", "test_crash"],
        script: { test_crash: { crash: "Traceback (most recent call last):\nSystemError: the interpreter died" } },
        runs: 3,
        passing: ["test_pass"],
        possibleBugs: [],
        dropped: [
            {
                name: "test_crash",
                reason: /^it does not load: Traceback \(most recent call last\):\nSystemError: the interpreter died$/
            }
        ],
        runsOfEach: { test_pass: 4, test_crash: 2 },
        sandboxCalls: 5
    }
];

async function checkRuns(c: RunsCase): Promise<void> {
    const { sandbox, runtime, events, deps } = setUp(c.tests, c.script);
    try {
        const testsRun = await openTestsRun(
            withDefaults("tests", { file: "stats.py", candidates: 1, runs: c.runs, parallelRuns: 1 }),
            deps
        );
        const pool = await poolCandidates(testsRun, await sampleCandidates(testsRun, runtime));
        assert.deepEqual(
            pool.tests.map((t) => t.name),
            c.tests
        );
        const stability = await runEachTest(testsRun, pool.tests);
        assert.deepEqual(
            stability.passing.map((r) => r.test.name),
            c.passing
        );
        assert.deepEqual(
            stability.possibleBugs.map((b) => b.name),
            c.possibleBugs.map((b) => b.name)
        );
        c.possibleBugs.forEach((bug, i) => assert.match(stability.possibleBugs[i]!.failure, bug.failure));
        assert.deepEqual(
            stability.dropped.map((d) => d.name),
            c.dropped.map((d) => d.name)
        );
        c.dropped.forEach((dropped, i) => assert.match(stability.dropped[i]!.reason, dropped.reason));
        const runsOfEach = Object.fromEntries(
            stability.ran.map((r) => [
                r.test.name,
                sandbox.calls.filter((call) => testFilesOf(call).includes(r.placed.file)).length
            ])
        );
        assert.deepEqual(runsOfEach, c.runsOfEach);
        assert.equal(sandbox.calls.length, c.sandboxCalls);
        const expectedEvents = c.tests.flatMap((name) =>
            c.possibleBugs.some((b) => b.name === name)
                ? [`${name}: possibleBug`]
                : c.dropped.some((d) => d.name === name)
                  ? [`${name}: dropped`]
                  : []
        );
        assert.deepEqual(testEvents(events), expectedEvents);
    } finally {
        await sandbox.dispose();
    }
}

for (const c of runsCases) test(`runs phase: ${c.name}`, () => checkRuns(c));

interface ChainCase {
    name: string;
    tests: string[];
    script: Record<string, ScriptedPytestTest>;
    maxMutants?: number;
    noCoverageReport?: boolean;
    check(result: TestsResult, calls: string[], events: string[]): void;
}

/** A recorded command as `coverage|run: the test files`. */
function callLabel(call: { request: { args?: string[] } }): string {
    return `${call.request.args?.[5] === "-" ? "run" : "coverage"}: ${testFilesOf(call).join(" ")}`;
}

const covering: Record<string, ScriptedPytestTest> = {
    test_mean_existing: { covers: [1, 2] },
    test_median: { covers: [5, 6, 7, 8] },
    test_clamp_low: { covers: [11, 12, 13] },
    test_clamp_low_again: { covers: [11, 12, 13] },
    test_mean: { covers: [1, 2] },
    test_bug: bug
};
const chainCases: ChainCase[] = [
    {
        name: "a kept test must pass in the merged test file: one that passes alone but fails beside the others is dropped, the rest run again",
        tests: ["test_median", "test_clamp_low"],
        script: { ...covering, test_clamp_low: { covers: [11, 12, 13], failsBesideOthers: true } },
        check(result, calls, events) {
            assert.deepEqual(
                result.kept.map((k) => k.name),
                ["test_median"]
            );
            assert.deepEqual(
                result.dropped.map((d) => [d.name, d.reason]),
                [["test_clamp_low", "it failed when the kept tests ran together: AssertionError"]]
            );
            assert.doesNotMatch(result.edits[0]!.newText, /test_clamp_low/);
            assert.match(result.edits[0]!.newText, /def test_median\(\)/);
            assert.match(
                result.notes.join("\n"),
                /Dropped 1 test\(s\) that did not pass when the kept tests ran together in test_stats\.py: test_clamp_low/
            );
            assert.equal(
                calls.filter((c) => c === "coverage: test_stats.py").length,
                3,
                "the baseline, then the merged file twice"
            );
            assert.deepEqual(events.slice(-1), ["test_clamp_low: dropped"]);
        }
    },
    {
        name: "kept greedily by new lines over the existing tests; the kept tests together give the final coverage; covered mutants die",
        tests: ["test_clamp_low", "test_median", "test_clamp_low_again", "test_mean", "test_bug"],
        script: covering,
        check(result, calls, events) {
            assert.deepEqual(
                result.kept.map((k) => [k.name, k.newLines, k.coverageGain]),
                [
                    ["test_median", [5, 6, 7, 8], 33.3],
                    ["test_clamp_low", [11, 12, 13], 25]
                ]
            );
            assert.deepEqual(
                result.dropped.map((d) => [d.name, d.reason]),
                [
                    [
                        "test_clamp_low_again",
                        "it adds no line coverage over the existing tests and the tests kept before it"
                    ],
                    ["test_mean", "it adds no line coverage over the existing tests and the tests kept before it"]
                ]
            );
            assert.deepEqual(
                result.possibleBugs.map((b) => b.name),
                ["test_bug"]
            );
            assert.deepEqual(result.coverage, { before: 16.7, after: 75, measured: true, coverableLines: 12 });
            assert.deepEqual(result.notes, []);
            assert.equal(result.keptTogether, "passed");
            assert.equal(testsProven(result), true);
            assert.equal(result.edits.length, 1);
            assert.equal(result.edits[0]!.file, "test_stats.py");
            assert.match(
                result.edits[0]!.newText,
                /^from stats import mean\n[\s\S]*def test_mean_existing\(\)[\s\S]*def test_clamp_low\(\)[\s\S]*def test_median\(\)/
            );
            assert.doesNotMatch(result.edits[0]!.newText, /test_clamp_low_again|test_bug|def test_mean\(/);
            // Mutants on the lines the kept tests cover die; those on mean's and clamp's upper branch survive.
            assert.ok(
                result.mutation.killed > 0 && result.mutation.survivors.length > 0,
                JSON.stringify(result.mutation)
            );
            for (const survivor of result.mutation.survivors)
                assert.ok(![5, 6, 7, 8, 11, 12, 13].includes(survivor.line), JSON.stringify(survivor));
            assert.deepEqual(
                [...new Set(result.mutation.survivors.map((s) => s.line))].sort((a, b) => a - b),
                [2, 14, 15, 16]
            );
            assert.equal(result.mutation.total, result.mutation.killed + result.mutation.survivors.length);
            // N batch runs, the baseline, each of the four passing tests alone, the kept tests together, then the mutants.
            assert.deepEqual(calls.slice(0, 9), [
                ...Array.from(
                    { length: 3 },
                    () =>
                        "run: test_ponder_stats_r0_c0.py test_ponder_stats_r0_c1.py test_ponder_stats_r0_c2.py test_ponder_stats_r0_c3.py test_ponder_stats_r0_c4.py"
                ),
                "coverage: test_stats.py",
                "coverage: test_ponder_stats_r0_c0.py",
                "coverage: test_ponder_stats_r0_c1.py",
                "coverage: test_ponder_stats_r0_c2.py",
                "coverage: test_ponder_stats_r0_c3.py",
                "coverage: test_stats.py"
            ]);
            assert.deepEqual(new Set(calls.slice(9)), new Set(["run: test_ponder_stats_r1_c0.py"]));
            assert.equal(calls.length, 9 + result.mutation.total + result.mutation.stillborn);
            assert.deepEqual(events, [
                "test_bug: possibleBug",
                "test_median: kept",
                "test_clamp_low: kept",
                "test_clamp_low_again: dropped",
                "test_mean: dropped"
            ]);
        }
    },
    {
        name: "no test passes: nothing kept, no edit, no coverage run of kept tests, no mutant",
        tests: ["test_bug"],
        script: covering,
        check(result, calls, events) {
            assert.deepEqual(result.kept, []);
            assert.deepEqual(result.edits, []);
            assert.equal(result.keptTogether, "notRun");
            assert.deepEqual(
                result.possibleBugs.map((b) => b.name),
                ["test_bug"]
            );
            assert.deepEqual(result.coverage, { before: 16.7, after: 16.7, measured: true, coverableLines: 12 });
            assert.deepEqual(result.mutation, { killed: 0, total: 0, score: 0, stillborn: 0, sites: 0, survivors: [] });
            assert.deepEqual(calls, [
                "run: test_ponder_stats_r0_c0.py",
                "run: test_ponder_stats_r0_c0.py",
                "run: test_ponder_stats_r0_c0.py",
                "coverage: test_stats.py"
            ]);
            assert.deepEqual(events, ["test_bug: possibleBug"]);
        }
    },
    {
        name: "passing tests whose coverage cannot be read are all kept, with a note, and mutation still runs",
        tests: ["test_pass", "test_pass_too"],
        script: {},
        maxMutants: 2,
        noCoverageReport: true,
        check(result, calls, events) {
            assert.deepEqual(
                result.kept.map((k) => [k.name, k.newLines, k.coverageGain]),
                [
                    ["test_pass", [], 0],
                    ["test_pass_too", [], 0]
                ]
            );
            assert.equal(result.coverage.measured, false);
            assert.deepEqual([result.coverage.before, result.coverage.after], [0, 0]);
            assert.deepEqual(result.notes, [
                "Line coverage is not measured for python here: passing tests were kept without a coverage check."
            ]);
            assert.equal(result.mutation.sites > 2, true);
            assert.equal(result.mutation.total + result.mutation.stillborn, 2);
            assert.equal(calls.filter((c) => c.startsWith("coverage")).length, 3);
            // N batch runs, the baseline and each test alone for coverage, the kept tests together (their proof), two mutants.
            assert.equal(calls.filter((c) => c === "run: test_stats.py").length, 1);
            assert.equal(calls.length, 3 + 3 + 1 + 2);
            assert.equal(
                result.keptTogether,
                "passed",
                "without coverage the kept tests still run together: that proves the edit"
            );
            assert.deepEqual(events, ["test_pass: kept", "test_pass_too: kept"]);
        }
    },
    {
        name: "a kept test that fails in the test file is dropped; the file that is left, run whole, proves the edit",
        tests: ["test_median", "test_clamp_low"],
        script: {
            test_median: { covers: [5, 6, 7, 8] },
            test_clamp_low: { covers: [11, 12, 13], failsIn: "test_stats.py" }
        },
        check(result) {
            assert.deepEqual(
                result.kept.map((k) => k.name),
                ["test_median"]
            );
            assert.equal(result.keptTogether, "passed");
            assert.equal(testsProven(result), true);
            assert.match(
                result.notes.join("\n"),
                /Dropped 1 test\(s\) that did not pass when the kept tests ran together in test_stats\.py: test_clamp_low/
            );
        }
    }
];

async function checkChain(c: ChainCase): Promise<void> {
    const { sandbox, events, deps } = setUp(c.tests, c.script, c.noCoverageReport);
    try {
        const result = await runTestsChain(
            withDefaults("tests", {
                file: "stats.py",
                candidates: 1,
                runs: 3,
                parallelRuns: 1,
                ...(c.maxMutants !== undefined ? { maxMutants: c.maxMutants } : {})
            }),
            deps
        );
        const steps = events.flatMap((e) => (e.kind === "step" ? [e.step] : []));
        assert.deepEqual(steps, ["context", "candidates", "pool", "runs", "coverage", "mutation"]);
        c.check(result, sandbox.calls.map(callLabel), testEvents(events));
    } finally {
        await sandbox.dispose();
    }
}

for (const c of chainCases) test(`tests chain: ${c.name}`, () => checkChain(c));
