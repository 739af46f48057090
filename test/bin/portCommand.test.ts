// `ponder port` on the halve fixture: --json has the shape, the files land in the sibling folder and
// build, the original is untouched, the exit code says whether every unit is equivalent, and bad input is
// refused before any work with a clear message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../bin/main.js";
import { workspaceStateDir } from "../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fakeIo } from "../support/fakeIo.js";
import { portReplies, typescriptPortReplies } from "../support/portReplies.js";

async function fixture(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-port-"));
    await cp("test/fixtures/port/halve", root, { recursive: true });
    return root;
}

const common = ["--threads", "1", "--context-size", "8192", "--cases", "40", "--trust-workspace"];

test("port --json: a port that differs exits 1 with counterexamples; a correct one exits 0 and writes the crate beside the file", async () => {
    const wrong = await buildScriptedModel(join(testModelDir(), "cli-port-wrong.gguf"), {
        replies: [portReplies.halveTruncating]
    });
    const root = await fixture();
    const original = await readFile(join(root, "halve.py"), "utf8");
    const io = fakeIo(root);
    assert.equal(
        await main(
            [
                "port",
                "halve.py",
                "--to",
                "rust",
                "--model",
                wrong.path,
                ...common,
                "--counterexample-rounds",
                "0",
                "--json"
            ],
            io
        ),
        1,
        io.stderr
    );
    const report = JSON.parse(io.stdout);
    assert.equal(report.status, "differs");
    // One expert, the --model one, answered: the router recorded it like any job.
    assert.equal(report.expert.name, "cli-port-wrong");
    assert.deepEqual(
        report.expert.attempts.map((a: { expert: string; verified: boolean }) => [a.expert, a.verified]),
        [["cli-port-wrong", false]]
    );
    assert.deepEqual(Object.keys(report.units[0]).slice(0, 7), [
        "name",
        "kind",
        "status",
        "compiled",
        "cases",
        "equal",
        "skipped"
    ]);
    const [unit] = report.units;
    assert.equal(unit.name, "halve");
    assert.equal(unit.compiled, true);
    assert.ok(unit.equal < unit.cases);
    const counterexample = unit.counterexamples.find((c: { args: unknown[] }) => c.args[0] === -1);
    assert.deepEqual(counterexample, {
        args: [-1],
        expected: { kind: "value", value: -1 },
        actual: { kind: "value", value: 0 },
        round: 0,
        // The sentence the editor shows: the CLI's JSON and `ponder/port`'s response are one report (portReport).
        text: "halve(-1): the original gives -1, the port 0"
    });
    assert.ok(report.outDir.length > 0 && Array.isArray(report.order));
    assert.deepEqual(report.outputs.sort(), [
        "halve_rs/Cargo.toml",
        "halve_rs/src/bin/halve_rs_harness.rs",
        "halve_rs/src/lib.rs",
        "halve_rs/tests/counterexamples.rs",
        "halve_rs/tests/ported.rs"
    ]);
    assert.match(
        await readFile(join(root, "halve_rs/src/lib.rs"), "utf8"),
        /pub fn halve\(n: i64\) -> i64 \{\n    n \/ 2\n\}/
    );
    assert.equal(await readFile(join(root, "halve.py"), "utf8"), original);

    // A second port into the same folder replaces the earlier port.
    const right = await buildScriptedModel(join(testModelDir(), "cli-port-right.gguf"), {
        replies: [portReplies.halveFloor]
    });
    const again = fakeIo(root);
    assert.equal(
        await main(["port", "halve.py", "--to", "rust", "--model", right.path, ...common, "--keep-dataset"], again),
        0,
        again.stderr
    );
    // With --keep-dataset the proven function's reply is kept as a training example.
    assert.match(again.stderr, /Kept it as a training example in .*examples\.jsonl/);
    const kept = (await readFile(join(workspaceStateDir(root, again.env), "dataset", "examples.jsonl"), "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
    assert.deepEqual(
        kept.map((e: { kind: string; metadata: { unit: string; language: string; reward: number } }) => [
            e.kind,
            e.metadata.unit,
            e.metadata.language,
            e.metadata.reward
        ]),
        [["port", "halve", "rust", 1]]
    );
    assert.match(kept[0].answer, /div_euclid/);
    assert.match(again.stdout, /halve\.py → rust: equivalent/);
    assert.match(again.stdout, /halve\s+equivalent\s+compiled yes\s+(\d+)\/\1 equal/);
    assert.match(again.stdout, /Tests: 1 of 1 ported and passing/);
    assert.match(again.stdout, /Expert: cli-port-right \(ponder-test-scripted\)\. Why: /);
    assert.match(await readFile(join(root, "halve_rs/src/lib.rs"), "utf8"), /div_euclid/);
    assert.match(again.stderr, /differential: \d+ cases on Python and Rust/);
});

test("port refuses bad input before loading a model, and never writes into a folder of other files", async () => {
    const root = await fixture();
    await writeFile(join(root, "notes.txt"), "not code");
    const cases: [string[], RegExp][] = [
        [["port", "halve.py"], /--to rust or --to typescript/],
        [["port", "halve.py", "--to", "go"], /--to rust or --to typescript/],
        [["port", "notes.txt", "--to", "typescript"], /cannot port notes\.txt to typescript yet/],
        [["port", "missing.py", "--to", "rust"], /Cannot read missing\.py/],
        [["port", "halve.py", "--to", "rust", "--cases", "lots"], /--cases must be a whole number/]
    ];
    for (const [args, message] of cases) {
        const io = fakeIo(root);
        assert.equal(await main([...args, "--model", "/nonexistent.gguf", "--trust-workspace"], io), 2, args.join(" "));
        assert.match(io.stderr, message);
    }
    await mkdir(join(root, "elsewhere"));
    await writeFile(join(root, "elsewhere", "notes.txt"), "mine");
    const io = fakeIo(root);
    assert.equal(
        await main(
            [
                "port",
                "halve.py",
                "--to",
                "rust",
                "--out",
                "elsewhere",
                "--model",
                "/nonexistent.gguf",
                "--trust-workspace"
            ],
            io
        ),
        2
    );
    assert.match(io.stderr, /elsewhere already holds files that are not an earlier port/);
    assert.equal(await readFile(join(root, "elsewhere", "notes.txt"), "utf8"), "mine");

    // --out . names the folder it refuses (it once said "ponder:  already holds files" with an empty name).
    const here = fakeIo(root);
    assert.equal(
        await main(
            ["port", "halve.py", "--to", "rust", "--out", ".", "--model", "/nonexistent.gguf", "--trust-workspace"],
            here
        ),
        2
    );
    assert.match(here.stderr, /^ponder: The workspace folder itself already holds files that are not an earlier port/m);

    // A default out folder that is a symlink to a folder outside (here an earlier port) is refused; the outside files are unchanged.
    const outside = await mkdtemp(join(tmpdir(), "ponder-cli-port-outside-"));
    await mkdir(join(outside, "src"));
    await writeFile(join(outside, "Cargo.toml"), "# Ported from halve.py by Ponder.\n");
    await writeFile(join(outside, "src", "lib.rs"), "outside\n");
    await symlink(outside, join(root, "halve_rs"));
    const linked = fakeIo(root);
    assert.equal(
        await main(["port", "halve.py", "--to", "rust", "--model", "/nonexistent.gguf", "--trust-workspace"], linked),
        2
    );
    assert.match(linked.stderr, /halve_rs is a symlink that leads out of the workspace/);
    assert.equal(await readFile(join(outside, "src", "lib.rs"), "utf8"), "outside\n");
});

test("port --to typescript writes the TypeScript package beside a JavaScript file", async () => {
    const { path } = await buildScriptedModel(join(testModelDir(), "cli-port-ts.gguf"), {
        replies: [typescriptPortReplies.textutils]
    });
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-port-ts-"));
    await cp("test/fixtures/port/textutils", root, { recursive: true });
    const io = fakeIo(root);
    assert.equal(
        await main(["port", "textutils.js", "--to", "typescript", "--model", path, ...common, "--json"], io),
        0,
        io.stderr
    );
    const report = JSON.parse(io.stdout);
    assert.equal(report.status, "equivalent");
    assert.deepEqual(
        report.units.map((u: { name: string; status: string }) => [u.name, u.status]),
        [
            ["countVowels", "equivalent"],
            ["vowelRatio", "equivalent"]
        ]
    );
    assert.match(
        await readFile(join(root, "textutils_ts/src/textutils.ts"), "utf8"),
        /export function vowelRatio\(text: string\): number/
    );
    assert.match(
        await readFile(join(root, "textutils_ts/test/textutils.test.ts"), "utf8"),
        /assert\.throws\(\(\) => countVowels\(5\)\);/
    );
});
