// `ponder bench` through main() with a recorded IO: a one-task run of the suite with a scripted model whose fix
// looks right but fails a hidden case (exit 1, false-verified in the JSON, report files written), a rerun that
// resumes from the state file, an import, and bad input with clear messages and exit code 2.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../bin/main.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { benchReplies } from "../support/benchReplies.js";
import { fakeIo } from "../support/fakeIo.js";

const suite = resolve("test/fixtures/bench/suite");

test("bench --json runs the first fix task: a wrong patch only its own tests support is plausible, never false-verified (exit 0); report.json and report.html; a rerun resumes", async () => {
    const { path } = await buildScriptedModel(join(testModelDir(), "cli-bench.gguf"), {
        replies: [benchReplies.leapLooksRight]
    });
    const out = await mkdtemp(join(tmpdir(), "ponder-cli-bench-"));
    const flags = [
        "--model",
        path,
        "--threads",
        "1",
        "--context-size",
        "8192",
        "--job",
        "fix",
        "--limit",
        "1",
        "--candidates",
        "2",
        "--rounds",
        "0",
        "--trust-workspace",
        "--out",
        out
    ];
    const io = fakeIo(out);
    // Before plausible existed, this task was a false-verified fix (exit 1): its wrong patch passed its own tests.
    assert.equal(await main(["bench", suite, ...flags, "--json"], io), 0, io.stderr);
    const report = JSON.parse(io.stdout);
    assert.deepEqual(
        report.tasks.map((t: { id: string; claim: string; hidden: { kind: string } }) => [
            t.id,
            t.claim,
            t.hidden.kind
        ]),
        [["py-leap-looks-right", "plausible", "fail"]]
    );
    assert.equal(report.totals.falseVerifiedRate.count, 0);
    assert.equal(report.totals.falseVerifiedRate.of, 0);
    assert.deepEqual(report.settings, { candidates: 2, jobs: 1, job: "fix", limit: 1 });
    assert.equal(report.model, `ponder-test-scripted (${path})`);
    assert.deepEqual(JSON.parse(await readFile(join(out, "report.json"), "utf8")).totals, report.totals);
    assert.match(await readFile(join(out, "report.html"), "utf8"), /False-verified rate: 0\.0%/);

    const again = fakeIo(out);
    assert.equal(await main(["bench", suite, ...flags], again), 0, again.stderr);
    assert.match(again.stderr, /Tasks \[#+\] 1\/1 py-leap-looks-right: plausible, hidden fail \(done earlier\)/);
    assert.match(again.stdout, /py-leap-looks-right\s+fix\s+python\s+plausible\s+fail 3\/4\s+fail\s+[0-9.]+ s/);
    assert.match(again.stdout, /false-verified rate\s+0\.0% \(0\/0\)/);
    assert.match(again.stdout, /verified rate\s+0\.0% \(0\/1\)/);
    assert.match(again.stdout, /status plausible\s+100\.0% \(1\/1\)\s+100\.0% \(1\/1\)/);
    assert.match(again.stdout, new RegExp(`Report: ${join(out, "report.html")}`));
});

test("bench --expert measures one expert of an --experts file: its model and its candidates", async () => {
    const { path } = await buildScriptedModel(join(testModelDir(), "cli-bench.gguf"), {
        replies: [benchReplies.leapLooksRight]
    });
    const out = await mkdtemp(join(tmpdir(), "ponder-cli-bench-expert-"));
    const experts = join(out, "experts.json");
    await writeFile(
        experts,
        JSON.stringify({
            includeDefaults: false,
            experts: [
                { name: "fast", model: "/nonexistent/fast.gguf", strength: 1 },
                { name: "strong", model: path, strength: 2, candidates: 1 }
            ]
        })
    );
    const io = fakeIo(out);
    assert.equal(
        await main(
            [
                "bench",
                suite,
                "--experts",
                experts,
                "--expert",
                "strong",
                "--threads",
                "1",
                "--context-size",
                "8192",
                "--job",
                "fix",
                "--limit",
                "1",
                "--rounds",
                "0",
                "--trust-workspace",
                "--out",
                join(out, "report"),
                "--json"
            ],
            io
        ),
        0,
        io.stderr
    );
    const report = JSON.parse(io.stdout);
    assert.equal(report.model, `expert strong: ponder-test-scripted (${path})`);
    assert.deepEqual(report.settings, { candidates: 1, jobs: 1, job: "fix", limit: 1 });
    assert.equal(report.tasks[0].claim, "plausible");
});

test("bench import writes a suite from a QuixBugs folder", async () => {
    const dest = join(await mkdtemp(join(tmpdir(), "ponder-cli-bench-import-")), "suite");
    const io = fakeIo();
    assert.equal(await main(["bench", "import", "quixbugs", "test/fixtures/bench/quixbugs", dest], io), 0, io.stderr);
    assert.match(io.stdout, /Wrote 4 task\(s\)/);
    assert.match(io.stderr, /skipped walk_graph: no json_testcases file/);
    assert.ok(JSON.parse(await readFile(join(dest, "quixbugs-running_max-fix", "task.json"), "utf8")).job === "fix");
});

test("bench import multipl-e writes Python→Rust port tasks and names the problems it skipped", async () => {
    const dest = join(await mkdtemp(join(tmpdir(), "ponder-cli-bench-import-")), "suite");
    const io = fakeIo();
    assert.equal(await main(["bench", "import", "multipl-e", "test/fixtures/bench/multipl-e", dest], io), 0, io.stderr);
    assert.match(io.stdout, /Wrote 3 task\(s\)/);
    assert.match(io.stderr, /skipped HumanEval_7_filter_by_prefix: no HumanEval Python row/);
    assert.deepEqual(JSON.parse(await readFile(join(dest, "multipl-e-humaneval-0-rust", "task.json"), "utf8")), {
        job: "port",
        to: "rust",
        target: { file: "below_threshold.py" },
        source: "MultiPL-E HumanEval_0_below_threshold (HumanEval Python/0)"
    });
});

test("bench: bad input gets a clear message and exit code 2", async () => {
    const empty = await mkdtemp(join(tmpdir(), "ponder-cli-bench-empty-"));
    const broken = await mkdtemp(join(tmpdir(), "ponder-cli-bench-broken-"));
    await mkdir(join(broken, "t1"));
    await writeFile(join(broken, "t1", "task.json"), JSON.stringify({ job: "fix", target: { file: "a.py" } }));
    const cases: [string[], RegExp][] = [
        [["bench"], /bench needs one SUITE_DIR/],
        [["bench", suite, "--job", "merge"], /--job must be fix, tests, port; got "merge"/],
        [["bench", empty], /holds no task: a suite is one folder per task/],
        [["bench", broken], /t1\/task\.json: "target" needs a "line" \(1-based\) or a "symbol"/],
        [["bench", suite, "--jobs", "0"], /--jobs must be a whole number from 1/],
        [
            ["bench", suite, "--experts", "x.json"],
            /--experts FILE needs --expert NAME: a benchmark measures one expert/
        ],
        [
            ["bench", suite, "--model", "/nonexistent/m.gguf", "--expert", "nobody"],
            /There is no expert named "nobody"\. Experts: m\./
        ],
        [
            ["bench", "import", "svn", "a", "b"],
            /bench import needs FORMAT \(quixbugs, humanevalpack, multipl-e, swe-bench\)/
        ]
    ];
    for (const [args, message] of cases) {
        const io = fakeIo();
        assert.equal(await main(args, io), 2, `${args.join(" ")}: ${io.stderr}`);
        assert.match(io.stderr, message);
        assert.doesNotMatch(io.stderr, /at .*\.js:\d+/);
    }
});
