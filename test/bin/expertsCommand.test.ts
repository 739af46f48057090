// `ponder fix` and `ponder tests` with experts from an --experts file (two scripted GGUF models, the real runtime,
// pytest in the real sandbox): the JSON result says which expert ran and why, the human output too; only verified
// results the user applied become training examples, and `ponder dataset export|stats` reads exactly those.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, copyFile, cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../bin/main.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fakeIo } from "../support/fakeIo.js";
import { fixReplies } from "../support/fixReplies.js";

let bothExperts: string;
let fastOnly: string;
let testsExpert: string;

before(async () => {
    const dir = testModelDir();
    await buildScriptedModel(join(dir, "cli-expert-fast.gguf"), {
        replies: [fixReplies.deletesTarget],
        name: "scripted-fast"
    });
    await buildScriptedModel(join(dir, "cli-expert-strong.gguf"), {
        replies: [fixReplies.realFix],
        name: "scripted-strong"
    });
    const testsReply = await readFile("test/fixtures/tests/py-stats.reply.md", "utf8");
    await buildScriptedModel(join(dir, "cli-expert-tests.gguf"), { replies: [testsReply], name: "scripted-tests" });
    const fast = { name: "fast", model: "./cli-expert-fast.gguf", strength: 1, relativeCost: 1 };
    const strong = {
        name: "strong",
        model: "./cli-expert-strong.gguf",
        strength: 2,
        relativeCost: 2,
        sampling: { temperature: 0.6, topP: 0.95 }
    };
    bothExperts = join(dir, "experts.json");
    await writeFile(bothExperts, JSON.stringify({ experts: [fast, strong], includeDefaults: false }));
    fastOnly = join(dir, "fast-only.json");
    await writeFile(
        fastOnly,
        JSON.stringify([fast]).replace("[", '{"includeDefaults": false, "experts": [').replace(/]$/, "]}")
    );
    testsExpert = join(dir, "tests-expert.json");
    await writeFile(
        testsExpert,
        JSON.stringify({ experts: [{ name: "tester", model: "./cli-expert-tests.gguf" }], includeDefaults: false })
    );
});

async function sumToWorkspace(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-experts-"));
    await cp("test/fixtures/fix/sum-to", root, { recursive: true });
    // The project's own failing test: evidence no reply wrote, so a right fix is verified and not only plausible.
    await appendFile(join(root, "test_series.py"), "\n\ndef test_sum_to_four():\n    assert sum_to(4) == 10\n");
    return root;
}

const flags = [
    "--threads",
    "1",
    "--context-size",
    "8192",
    "--candidates",
    "1",
    "--rounds",
    "0",
    "--seed",
    "1",
    "--trust-workspace"
];

function ioFor(root: string, stateDir: string) {
    return fakeIo(root, { PONDER_STATE_DIR: stateDir, PONDER_ROUTER_SEED: "3" });
}

test("fix --json carries the expert that ran, why, and the escalation; the human output says it too", async () => {
    const root = await sumToWorkspace();
    const stateDir = await mkdtemp(join(tmpdir(), "ponder-cli-state-"));
    const io = ioFor(root, stateDir);
    assert.equal(await main(["fix", "series.py:4", ...flags, "--experts", bothExperts, "--json"], io), 0, io.stderr);
    const result = JSON.parse(io.stdout);
    assert.equal(result.status, "verified");
    assert.equal(result.expert.name, "strong");
    assert.equal(result.expert.model, "scripted-strong");
    assert.equal(result.expert.escalatedFrom, "fast");
    assert.equal(typeof result.expert.estimatedSuccessRate, "number");
    assert.equal(typeof result.expert.estimatedCostMs, "number");
    assert.deepEqual(
        result.expert.attempts.map((a: { expert: string; verified: boolean }) => [a.expert, a.verified]),
        [
            ["fast", false],
            ["strong", true]
        ]
    );
    assert.match(io.stderr, /Expert fast \(scripted-fast\): .*chance to verify/);

    const human = ioFor(root, stateDir);
    assert.equal(
        await main(["fix", "series.py:4", ...flags, "--experts", bothExperts, "--expert", "strong"], human),
        0,
        human.stderr
    );
    assert.match(
        human.stdout,
        /Expert: strong \(scripted-strong\)\. Why: chosen by the user \(estimated \d+% chance to verify, [\d.]+ s a job\)/
    );
});

test("only verified results the user applied become training examples; export and stats read exactly those", async () => {
    const root = await sumToWorkspace();
    const stateDir = await mkdtemp(join(tmpdir(), "ponder-cli-state-"));
    const original = await readFile(join(root, "series.py"), "utf8");
    const run = async (args: string[], expected: number) => {
        const io = ioFor(root, stateDir);
        assert.equal(await main(args, io), expected, io.stderr);
        return io;
    };

    // Verified but not applied: not kept.
    const notApplied = await run(
        ["fix", "series.py:4", ...flags, "--experts", bothExperts, "--keep-dataset", "--json"],
        0
    );
    assert.match(notApplied.stderr, /only applied fixes are kept/);
    // Applied but not verified (the only expert fails; --apply would refuse it): not kept.
    const unverified = await run(
        ["fix", "series.py:4", ...flags, "--experts", fastOnly, "--keep-dataset", "--apply-unverified"],
        1
    );
    assert.match(unverified.stderr, /only verified results are kept/);
    await copyFile(join(root, "series.py.ponder-backup"), join(root, "series.py"));
    assert.equal(await readFile(join(root, "series.py"), "utf8"), original);
    // Verified and applied, but the dataset is off: not kept.
    await run(["fix", "series.py:4", ...flags, "--experts", bothExperts, "--expert", "strong", "--apply"], 0);
    await copyFile(join(root, "series.py.ponder-backup"), join(root, "series.py"));
    // Verified, applied, dataset on: kept.
    const kept = await run(["fix", "series.py:4", ...flags, "--experts", bothExperts, "--keep-dataset", "--apply"], 0);
    assert.match(kept.stderr, /Kept it as a training example in .*examples\.jsonl/);
    assert.match(await readFile(join(root, "series.py"), "utf8"), /range\(1, n \+ 1\)/);

    const out = join(root, "..", `${root.split("/").pop()}-sft.jsonl`);
    const exported = await run(["dataset", "export", "--out", out], 0);
    assert.match(exported.stderr, /Wrote 1 example\(s\)/);
    const lines = (await readFile(out, "utf8")).split("\n").filter((l) => l !== "");
    assert.equal(lines.length, 1);
    for (const line of lines) {
        const record = JSON.parse(line);
        assert.deepEqual(
            record.messages.map((m: { role: string }) => m.role),
            ["user", "assistant"]
        );
        assert.match(record.messages[0].content, /There is a bug in the function `sum_to`/);
        const turn = /^<think>\n([\s\S]+)\n<\/think>\n\n([\s\S]+)$/.exec(record.messages[1].content);
        assert.ok(turn, "the thought is closed and followed by the answer");
        assert.doesNotMatch(turn![1]!, /<\/?think>/);
        assert.match(turn![2]!, /range\(1, n \+ 1\)/);
        assert.equal(record.metadata.expert, "strong");
        assert.equal(record.metadata.model, "scripted-strong");
        assert.ok(record.metadata.reward > 1);
        assert.ok(record.metadata.testsPassed.length > 0);
    }
    const stats = await run(["dataset", "stats", "--json"], 0);
    const summary = JSON.parse(stats.stdout);
    assert.equal(summary.examples, 1);
    assert.deepEqual(summary.byExpert, { strong: 1 });
    assert.equal(summary.thoughtsClosedByModel, 1);
    const filtered = await run(["dataset", "export", "--min-reward", "5"], 0);
    assert.equal(filtered.stdout, "");
    const human = await run(["dataset", "stats"], 0);
    assert.match(human.stdout, /^1 example\(s\) in .*\n {2}by kind: fix 1\n/);
});

test("tests --json carries the expert too, and applied kept tests become a training example", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-experts-tests-"));
    await cp("test/fixtures/tests/py-stats", root, { recursive: true });
    const stateDir = await mkdtemp(join(tmpdir(), "ponder-cli-state-"));
    const io = ioFor(root, stateDir);
    const code = await main(
        [
            "tests",
            "stats.py",
            "--threads",
            "1",
            "--context-size",
            "8192",
            "--candidates",
            "1",
            "--seed",
            "1",
            "--mutants",
            "2",
            "--trust-workspace",
            "--experts",
            testsExpert,
            "--json",
            "--apply",
            "--keep-dataset"
        ],
        io
    );
    assert.equal(code, 0, io.stderr);
    const report = JSON.parse(io.stdout);
    assert.ok(report.kept.length > 0);
    assert.equal(report.expert.name, "tester");
    assert.equal(report.expert.model, "scripted-tests");
    assert.match(report.expert.why, /the only expert/);
    assert.match(io.stderr, /Kept it as a training example/);
    const exported = ioFor(root, stateDir);
    assert.equal(await main(["dataset", "export"], exported), 0, exported.stderr);
    const records = exported.stdout
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l));
    assert.equal(records.length, 1);
    assert.equal(records[0].metadata.kind, "tests");
    assert.deepEqual(
        [...records[0].metadata.testsPassed].sort(),
        report.kept.map((k: { name: string }) => k.name).sort()
    );
    assert.match(records[0].messages[1].content, /^<think>\n[\s\S]+\n<\/think>\n\n```python/);
});

test("bad expert settings and an unknown expert are clear input errors", async () => {
    const root = await sumToWorkspace();
    const stateDir = await mkdtemp(join(tmpdir(), "ponder-cli-state-"));
    const cases: [string, RegExp][] = [
        [
            '{"experts": [{"name": "x", "model": "m.gguf", "temperature": 1}]}',
            /experts\[0\] has an unknown field "temperature"/
        ],
        ['{"experts": [{"name": "x"}]}', /experts\[0\] needs a "model"/],
        [
            '{"experts": [{"name": "x", "model": "a.gguf"}, {"name": "x", "model": "b.gguf"}]}',
            /two experts are named "x"/
        ],
        [
            '{"experts": [{"name": "x", "model": "a.gguf", "candidates": 99}]}',
            /experts\[0\]\.candidates must be a whole number from 1 to 16/
        ],
        ["not json", /is not JSON/]
    ];
    for (const [text, message] of cases) {
        const file = join(root, "bad-experts.json");
        await writeFile(file, text);
        const io = ioFor(root, stateDir);
        assert.equal(await main(["fix", "series.py:4", ...flags, "--experts", file], io), 2, text);
        assert.match(io.stderr, message);
        assert.match(io.stderr, /The expert settings in .*bad-experts\.json are not valid/);
    }
    const io = ioFor(root, stateDir);
    assert.equal(await main(["fix", "series.py:4", ...flags, "--experts", bothExperts, "--expert", "huge"], io), 2);
    assert.match(io.stderr, /There is no expert named "huge". Experts: fast, strong\./);
    const both = ioFor(root, stateDir);
    assert.equal(await main(["fix", "series.py:4", ...flags, "--experts", bothExperts, "--model", "x.gguf"], both), 2);
    assert.match(both.stderr, /either --experts FILE or --model/);
});
