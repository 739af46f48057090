// The benchmark end to end on the suite in test/fixtures/bench/suite: real node-llama-cpp on scripted models (one per
// task, chosen by the file or function the prompt names), the real fix, tests and port chains, the hidden checks
// judged by the real toolchains in the real sandbox. The report's numbers must be exactly what the scripted replies
// imply, including a false-verified fix and a false-equivalent port; an interrupted run resumes without redoing
// finished tasks (the interruption falls in the port tasks, which sort first).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    benchReportHtml,
    loadSuite,
    runBench,
    Sandbox,
    type BenchReport,
    type BenchTask,
    type TaskOutcome
} from "../../../engine/testing.js";
import { benchSuiteRuntime } from "../../support/benchSuiteRuntime.js";
import type { RoutedRuntime } from "../../support/RoutedRuntime.js";

const suiteDir = "test/fixtures/bench/suite";
let sandbox: Sandbox;
let runtime: RoutedRuntime;
let tasks: BenchTask[];
let statePath: string;
let partial: BenchReport;
let report: BenchReport;
const resumed: string[] = [];

before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
    runtime = await benchSuiteRuntime();
    tasks = await loadSuite(suiteDir);
    statePath = join(await mkdtemp(join(tmpdir(), "ponder-bench-state-")), "state.jsonl");
    const options = {
        suite: suiteDir,
        tasks,
        runtime,
        sandbox,
        model: "scripted",
        candidates: 2,
        extraRounds: 0,
        seed: 1,
        maxMutants: 6,
        statePath
    };
    // An interrupted run: Ctrl-C while the chain works on the third task (a port).
    const interrupt = new AbortController();
    let finished = 0;
    partial = await runBench({
        ...options,
        signal: interrupt.signal,
        onProgress: () => {
            finished++;
        },
        onEvent: () => {
            if (finished === 2) interrupt.abort();
        }
    });
    report = await runBench({
        ...options,
        jobs: 2,
        onProgress: ({ outcome, resumed: wasResumed }) => {
            if (wasResumed) resumed.push(outcome.id);
        }
    });
});
after(async () => {
    await runtime?.dispose();
    await sandbox?.dispose();
});

function task(id: string): TaskOutcome {
    const found = report.tasks.find((t) => t.id === id);
    assert.ok(found, `task ${id} is in the report`);
    return found;
}

test("the suite loads every task in order, with its job and language", () => {
    assert.deepEqual(
        tasks.map((t) => [t.id, t.job, t.language, t.to]),
        [
            ["port-py-rust-bulk-looks-right", "port", "python", "rust"],
            ["port-py-rust-digits", "port", "python", "rust"],
            ["port-py-rust-midpoint-wrong", "port", "python", "rust"],
            ["port-py-ts-sign", "port", "python", "typescript"],
            ["py-leap-looks-right", "fix", "python"],
            ["py-stats-tests", "tests", "python"],
            ["py-sum-to-right", "fix", "python"],
            ["py-totals-wrong", "fix", "python"],
            ["rust-largest", "fix", "rust"],
            ["rust-triangle-tests", "tests", "rust"],
            ["ts-clamp", "fix", "typescript"],
            ["ts-range-tests", "tests", "typescript"]
        ].map((row) => (row.length === 3 ? [...row, undefined] : row))
    );
});

test("each fix task: the chain's claim and the hidden verdict follow from its replies", () => {
    const detail = JSON.stringify(report.tasks, null, 1);
    assert.equal(task("py-sum-to-right").claim, "verified", detail);
    assert.equal(task("py-sum-to-right").hidden.kind, "pass", detail);
    assert.deepEqual([task("py-sum-to-right").hidden.passed, task("py-sum-to-right").hidden.total], [3, 3]);
    // The right-looking fix: only its own tests support it, so it is plausible (not proven), and it is wrong on the
    // hidden case 2000. (Before verdicts needed a test the reply did not write, it was a false "verified".)
    assert.equal(task("py-leap-looks-right").claim, "plausible", detail);
    assert.equal(task("py-leap-looks-right").hidden.kind, "fail");
    assert.deepEqual([task("py-leap-looks-right").hidden.passed, task("py-leap-looks-right").hidden.total], [3, 4]);
    assert.match(task("py-leap-looks-right").hidden.reason!, /test_hidden_case_3/);
    assert.equal(task("py-totals-wrong").claim, "unverified", detail);
    assert.equal(task("py-totals-wrong").hidden.kind, "fail");
    // Right, but supported only by the tests written with them: plausible, with the hidden cases passing.
    assert.equal(task("ts-clamp").claim, "plausible", detail);
    assert.deepEqual(task("ts-clamp").hidden, { kind: "pass", passed: 3, total: 3 });
    assert.equal(task("rust-largest").claim, "plausible", detail);
    // The crate's own test and the three hidden ones appended to the file.
    assert.deepEqual(task("rust-largest").hidden, { kind: "pass", passed: 4, total: 4 });
    for (const outcome of report.tasks.filter((t) => t.job === "fix")) {
        assert.equal(outcome.error, undefined, detail);
        assert.equal(outcome.rounds, 1);
        assert.equal(outcome.candidates, 2);
        assert.ok(outcome.tokens.generated > 0 && outcome.tokens.prompt > 0, detail);
        assert.ok(outcome.timings.totalMs >= outcome.timings.chainMs + outcome.timings.judgeMs, detail);
    }
});

test("without verification the first candidate's patch is judged: the constant, where the ranked choice is the real fix", () => {
    const series = task("py-sum-to-right");
    assert.equal(series.firstCandidate!.kind, "fail", JSON.stringify(series));
    assert.equal(task("py-totals-wrong").firstCandidate!.kind, "fail");
    assert.equal(task("py-leap-looks-right").firstCandidate!.kind, "fail");
    assert.equal(task("ts-clamp").firstCandidate!.kind, "pass");
    assert.equal(task("rust-largest").firstCandidate!.kind, "pass");
});

test("each tests task: kept tests pass on the reference; hidden variants caught as the replies imply", () => {
    const detail = JSON.stringify(
        report.tasks.filter((t) => t.job === "tests"),
        null,
        1
    );
    const stats = task("py-stats-tests");
    assert.equal(stats.claim, "kept", detail);
    assert.equal(stats.keptTests, 3, detail);
    assert.deepEqual([stats.hidden.kind, stats.hidden.passed, stats.hidden.total], ["pass", 3, 3], detail);
    assert.deepEqual(stats.variantsCaught, { caught: 1, total: 2, missed: ["median-even"] }, detail);
    assert.ok(stats.mutationScore !== undefined && stats.mutationScore > 0, detail);
    const range = task("ts-range-tests");
    assert.equal(range.claim, "kept", detail);
    assert.equal(range.hidden.kind, "pass", detail);
    assert.deepEqual(range.variantsCaught, { caught: 1, total: 2, missed: ["sum-skips-first"] }, detail);
    // Rust: the kept tests live in the target file, so each variant gets them appended too.
    const triangle = task("rust-triangle-tests");
    assert.equal(triangle.claim, "kept", detail);
    assert.equal(triangle.keptTests, 2, detail);
    assert.deepEqual(triangle.hidden, { kind: "pass", passed: 2, total: 2 }, detail);
    assert.deepEqual(triangle.variantsCaught, { caught: 1, total: 2, missed: ["odd-is-even"] }, detail);
});

test("each port task: the port chain's status is the claim, and the port is judged by the hidden checks", () => {
    const detail = JSON.stringify(
        report.tasks.filter((t) => t.job === "port"),
        null,
        1
    );
    const digits = task("port-py-rust-digits");
    assert.equal(digits.claim, "equivalent", detail);
    // Four hidden cases rendered for the port's signature, and the test module appended to src/lib.rs.
    assert.deepEqual(digits.hidden, { kind: "pass", passed: 5, total: 5 }, detail);
    // The right-looking port: equivalent on every generated input, wrong on the hidden order of exactly 10000.
    const bulk = task("port-py-rust-bulk-looks-right");
    assert.equal(bulk.claim, "equivalent", detail);
    assert.deepEqual([bulk.hidden.kind, bulk.hidden.passed, bulk.hidden.total], ["fail", 3, 4], detail);
    assert.match(bulk.hidden.reason!, /^hidden_case_3: failed/);
    // Differential testing catches the truncating port.
    const midpoint = task("port-py-rust-midpoint-wrong");
    assert.equal(midpoint.claim, "differs", detail);
    assert.deepEqual(midpoint.portUnits, { equivalent: 0, total: 1 });
    assert.deepEqual([midpoint.hidden.kind, midpoint.hidden.passed, midpoint.hidden.total], ["fail", 2, 3], detail);
    // TypeScript: the port renamed sign_label to signLabel; the hidden cases call it by its new name.
    const sign = task("port-py-ts-sign");
    assert.equal(sign.claim, "equivalent", detail);
    assert.equal(sign.to, "typescript");
    assert.deepEqual(sign.hidden, { kind: "pass", passed: 3, total: 3 }, detail);
    for (const outcome of report.tasks.filter((t) => t.job === "port")) {
        assert.equal(outcome.error, undefined, detail);
        // One unit, one translation: no feedback rounds with --rounds 0.
        assert.deepEqual([outcome.rounds, outcome.candidates], [1, 1], detail);
        assert.ok(outcome.tokens.generated > 0 && outcome.tokens.prompt > 0, detail);
        assert.ok(outcome.timings.totalMs >= outcome.timings.chainMs + outcome.timings.judgeMs, detail);
    }
});

test("the totals are exactly what the replies imply: no false verified fix, a false-equivalent port above zero", () => {
    const t = report.totals;
    assert.deepEqual([t.tasks, t.fixTasks, t.testsTasks, t.portTasks, t.errors], [12, 5, 3, 4, 0]);
    assert.deepEqual(t.portEquivalenceRate, { count: 3, of: 4, value: 0.75 });
    assert.deepEqual(t.falseEquivalentRate, { count: 1, of: 3, value: 1 / 3 });
    assert.deepEqual(t.portHiddenPassRate, { count: 2, of: 4, value: 0.5 });
    assert.deepEqual(t.verifiedRate, { count: 1, of: 5, value: 0.2 });
    assert.deepEqual(t.falseVerifiedRate, { count: 0, of: 1, value: 0 });
    assert.deepEqual(t.passAt1WithVerification, { count: 3, of: 5, value: 0.6 });
    assert.deepEqual(t.passAt1WithoutVerification, { count: 2, of: 5, value: 0.4 });
    assert.deepEqual(t.falseKeptRate, { count: 0, of: 3, value: 0 });
    assert.deepEqual(t.variantsCaughtRate, { count: 3, of: 6, value: 0.5 });
    assert.ok(t.meanMutationScore !== null && t.meanMutationScore > 0);
    assert.ok(t.tokensGenerated > 0);
});

test("a rerun after an interruption skips the finished tasks and keeps their outcomes; the task cut short runs again", async () => {
    assert.deepEqual(
        partial.tasks.map((t) => t.id),
        ["port-py-rust-bulk-looks-right", "port-py-rust-digits"]
    );
    assert.equal(partial.totals.tasks, 2);
    assert.deepEqual(resumed, ["port-py-rust-bulk-looks-right", "port-py-rust-digits"]);
    assert.deepEqual(report.tasks.slice(0, 2), partial.tasks);
    const lines = (await readFile(statePath, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
    assert.equal(lines[0].kind, "settings");
    assert.deepEqual(
        lines
            .slice(1)
            .map((l) => l.outcome.id)
            .sort(),
        tasks.map((t) => t.id).sort(),
        "each task recorded once"
    );
});

test("the HTML page shows every metric with an inline chart, and the tasks", () => {
    const html = benchReportHtml(report);
    for (const title of [
        "Verified rate",
        "False-verified rate",
        "pass@1 with verification",
        "pass@1 without verification",
        "Hidden bugs caught",
        "Mutation score of kept tests",
        "Port equivalence rate",
        "False-equivalent rate",
        "Hidden pass rate of ports"
    ])
        assert.match(
            html,
            new RegExp(`<section class="metric" data-metric="${title}"><h2>${title}: [0-9.]+%</h2><p>[^<]+</p><svg `)
        );
    assert.match(html, /False-verified rate: 0\.0%/);
    assert.match(
        html,
        /<tr><th>false-verified rate<\/th><td>0\.0% \(0 of 1\)<\/td><\/tr>\n<tr><th>false-equivalent rate \(port\)<\/th><td>33\.3% \(1 of 3\)<\/td><\/tr>/
    );
    assert.match(html, /False-equivalent rate: 33\.3%/);
    assert.match(
        html,
        /<td>port-py-ts-sign<\/td><td>port→typescript<\/td><td>python<\/td><td>equivalent<\/td><td class="pass">pass 3\/3<\/td><td>1\/1 units equivalent<\/td>/
    );
    assert.doesNotMatch(html, /<script|src=|href=/);
    for (const outcome of report.tasks) assert.ok(html.includes(`<td>${outcome.id}</td>`));
});
