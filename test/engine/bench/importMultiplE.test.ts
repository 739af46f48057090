// The MultiPL-E importer on a small folder in the public layouts (HumanEvalPack's Python rows, MultiPL-E's Rust
// rows as JSON lines and as one JSON file), written by the team: each Rust problem with a Python original becomes a
// Python→Rust port task whose hidden cases are MultiPL-E's asserts. The cases pass on the Python original, and,
// rendered for a port's own signature (`&[i64]`, `&str`) and run by cargo in the sandbox, pass a right port and
// fail a wrong one. Problems without an original or with tests that are not plain asserts are skipped with why.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    importSuite,
    loadHiddenChecks,
    loadSuite,
    Sandbox,
    type BenchTask,
    type PortResult
} from "../../../engine/testing.js";
import { judgeTargetText } from "../../../engine/bench/judgeHidden.js";
import { judgePort } from "../../../engine/bench/judgePort.js";
import { casesOfRustTests } from "../../../engine/bench/importers/rustTestValues.js";

let sandbox: Sandbox;
let tasks: BenchTask[];
let skipped: { name: string; reason: string }[];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
    const dest = await mkdtemp(join(tmpdir(), "ponder-bench-multipl-e-"));
    skipped = (await importSuite("multipl-e", "test/fixtures/bench/multipl-e", dest)).skipped;
    tasks = await loadSuite(dest);
});
after(async () => {
    await sandbox?.dispose();
});

function task(id: string): BenchTask {
    const found = tasks.find((t) => t.id === id);
    assert.ok(found, `${id} in ${tasks.map((t) => t.id).join(", ")}`);
    return found;
}

/** A hand-written crate as the port chain would return it, judged by the task's hidden checks. */
async function judgeRustPort(port: BenchTask, crate: string, lib: string) {
    const result = {
        status: "equivalent",
        to: "rust",
        outDir: crate,
        file: port.target.file,
        units: [],
        order: [],
        imports: [],
        tests: [],
        notes: [],
        outputs: [
            {
                path: `${crate}/Cargo.toml`,
                text: `[package]\nname = "${crate}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n\n[workspace]\n`
            },
            { path: `${crate}/src/lib.rs`, text: lib }
        ],
        timings: { modelMs: 0, buildMs: 0, differentialMs: 0, totalMs: 0 }
    } satisfies PortResult;
    const workspaceRoot = await mkdtemp(join(tmpdir(), "ponder-bench-multipl-e-judge-"));
    return judgePort(
        { task: port, checks: await loadHiddenChecks(port), sandbox, workspaceRoot, testTimeoutMs: 120_000 },
        result
    );
}

test("each MultiPL-E Rust problem with a HumanEval original is a port task; the others are skipped with the reason", () => {
    assert.deepEqual(
        tasks.map((t) => [t.id, t.job, t.to, t.language, t.target]),
        [
            ["multipl-e-humaneval-0-rust", "port", "rust", "python", { file: "below_threshold.py" }],
            ["multipl-e-humaneval-1-rust", "port", "rust", "python", { file: "shout_words.py" }],
            ["multipl-e-humaneval-2-rust", "port", "rust", "python", { file: "min_max.py" }]
        ]
    );
    assert.deepEqual(
        skipped.map((s) => s.name),
        ["HumanEval_3_double_sum", "HumanEval_7_filter_by_prefix"]
    );
    assert.match(
        skipped[0]!.reason,
        /its Rust tests are not plain asserts on literal values: expected "\)" at "\.iter\(\)/
    );
    assert.equal(skipped[1]!.reason, "no HumanEval Python row with task_id Python/7 or HumanEval/7");
});

test("the Python original is HumanEval's prompt and canonical solution; the hidden cases are MultiPL-E's asserts and pass on it", async () => {
    const port = task("multipl-e-humaneval-0-rust");
    const row = JSON.parse(
        (await readFile("test/fixtures/bench/multipl-e/humanevalpack.jsonl", "utf8")).split("\n")[0]!
    );
    const original = await readFile(join(port.workspaceDir, "below_threshold.py"), "utf8");
    assert.equal(original, row.prompt + row.canonical_solution);
    // Cases are read exactly: integers as bigints.
    assert.deepEqual((await loadHiddenChecks(port)).cases, {
        function: "below_threshold",
        cases: [
            { input: [[1n, 2n, 4n, 10n], 100n], output: true },
            { input: [[1n, 20n, 4n, 10n], 5n], output: false },
            { input: [[1n, 8n, 4n, 10n], 11n], output: true },
            { input: [[1n, 8n, 4n, 10n], 10n], output: false }
        ]
    });
    for (const id of ["multipl-e-humaneval-0-rust", "multipl-e-humaneval-1-rust", "multipl-e-humaneval-2-rust"]) {
        const t = task(id);
        const text = await readFile(join(t.workspaceDir, t.target.file), "utf8");
        const verdict = await judgeTargetText(
            {
                task: t,
                checks: await loadHiddenChecks(t),
                sandbox,
                workspaceRoot: t.workspaceDir,
                originalText: text,
                testTimeoutMs: 5000
            },
            text
        );
        assert.equal(verdict.kind, "pass", `${id}: ${JSON.stringify(verdict)}`);
    }
});

test("the cases are rendered for the port's own signature: a right port with slices and &str passes, a wrong one fails", async () => {
    const right = "pub fn below_threshold(l: &[i64], t: i64) -> bool {\n    l.iter().all(|&e| e < t)\n}\n";
    assert.deepEqual(await judgeRustPort(task("multipl-e-humaneval-0-rust"), "below_threshold_rs", right), {
        kind: "pass",
        passed: 4,
        total: 4
    });
    const wrong = await judgeRustPort(
        task("multipl-e-humaneval-0-rust"),
        "below_threshold_rs",
        right.replace("e < t", "e <= t")
    );
    assert.deepEqual([wrong.kind, wrong.passed, wrong.total], ["fail", 3, 4]);
    assert.match(wrong.reason!, /^hidden_case_3: failed/);
    const shout =
        "pub fn shout_words(s: &str) -> Vec<String> {\n    s.split_whitespace().map(|w| w.to_uppercase()).collect()\n}\n";
    assert.deepEqual(await judgeRustPort(task("multipl-e-humaneval-1-rust"), "shout_words_rs", shout), {
        kind: "pass",
        passed: 3,
        total: 3
    });
});

test("MultiPL-E's Rust literals read as JSON values: strings, chars, tuples, options, maps, suffixes and negatives", () => {
    const tests =
        `}\n\nfn main() {\n    let candidate = f;\n` +
        `    assert_eq!(candidate(String::from("a\\"b\\n"), 'c', -3, 2_000i64, vec![(1, 2.5)]), Some((String::from("x"), None)));\n` +
        `    assert_eq!(candidate(HashMap::from([(String::from("k"), 1)]), "s".to_string(), 12345678901234567890u64, -0.5, Vec::<isize>::new()), HashMap::new());\n` +
        `    assert!(!candidate(vec![]));\n}\n`;
    assert.deepEqual(casesOfRustTests(tests), [
        { input: ['a"b\n', "c", -3n, 2000n, [[1n, 2.5]]], output: ["x", null] },
        { input: [{ k: 1n }, "s", 12345678901234567890n, -0.5, []], output: {} },
        { input: [[]], output: false }
    ]);
    assert.throws(() => casesOfRustTests("fn main() { assert_eq!(1, 1); }"), /no `let candidate = …;` line/);
});
