// `ponder tests` on the py-stats fixture: the JSON report has the shape, nothing is written without
// --apply, and --apply writes the kept tests into the project's test file with a backup that undoes it; a test file
// that is a symlink out of the workspace is refused for what it is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, cp, mkdtemp, readdir, readFile, rename, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../bin/main.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fakeIo } from "../support/fakeIo.js";

test("tests --json reports kept, dropped, possible bugs, coverage and mutation; --apply writes the test file and keeps a backup", async () => {
    const reply = await readFile("test/fixtures/tests/py-stats.reply.md", "utf8");
    const { path } = await buildScriptedModel(join(testModelDir(), "cli-tests.gguf"), { replies: [reply] });
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-tests-"));
    await cp("test/fixtures/tests/py-stats", root, { recursive: true });
    const before = await readFile(join(root, "test_stats.py"), "utf8");
    const flags = [
        "--model",
        path,
        "--threads",
        "1",
        "--context-size",
        "8192",
        "--candidates",
        "1",
        "--seed",
        "1",
        "--mutants",
        "6",
        "--trust-workspace"
    ];

    const io = fakeIo(root);
    assert.equal(await main(["tests", "stats.py", ...flags, "--json"], io), 0, io.stderr);
    const report = JSON.parse(io.stdout);
    for (const key of ["kept", "dropped", "possibleBugs", "coverage", "mutation"]) assert.ok(key in report, key);
    assert.ok(report.kept.length >= 2);
    assert.ok(
        report.kept.every(
            (t: { name: string; coverageGain: number }) => typeof t.name === "string" && t.coverageGain > 0
        )
    );
    assert.ok(report.dropped.every((t: { reason: string }) => t.reason.length > 0));
    assert.equal(report.possibleBugs.length, 1);
    assert.equal(report.keptTogether, "passed");
    assert.ok(report.coverage.after > report.coverage.before);
    assert.ok(report.mutation.total > 0 && report.mutation.killed <= report.mutation.total);
    assert.equal(await readFile(join(root, "test_stats.py"), "utf8"), before, "nothing written without --apply");

    const applying = fakeIo(root);
    assert.equal(await main(["tests", "stats.py", ...flags, "--apply"], applying), 0, applying.stderr);
    const after = await readFile(join(root, "test_stats.py"), "utf8");
    for (const line of before.split("\n").filter((l) => l.trim() !== ""))
        assert.ok(after.includes(line), `kept: ${line}`);
    assert.ok((after.match(/^def test_/gm) ?? []).length > (before.match(/^def test_/gm) ?? []).length, after);
    assert.match(applying.stderr, /the previous text is in test_stats\.py\.ponder-backup \(copy it back to undo\)/);
    assert.equal(await readFile(join(root, "test_stats.py.ponder-backup"), "utf8"), before);
    await copyFile(join(root, "test_stats.py.ponder-backup"), join(root, "test_stats.py"));
    assert.equal(await readFile(join(root, "test_stats.py"), "utf8"), before, "the backup restores the file");
});

test("tests --apply on a test file that is a symlink out of the workspace says so (not that it changed) and writes nothing", async () => {
    const reply = await readFile("test/fixtures/tests/py-stats.reply.md", "utf8");
    const { path } = await buildScriptedModel(join(testModelDir(), "cli-tests.gguf"), { replies: [reply] });
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-tests-link-"));
    const outside = await mkdtemp(join(tmpdir(), "ponder-cli-tests-outside-"));
    await cp("test/fixtures/tests/py-stats", root, { recursive: true });
    await rename(join(root, "test_stats.py"), join(outside, "test_stats.py"));
    await symlink(join(outside, "test_stats.py"), join(root, "test_stats.py"));
    const before = await readFile(join(outside, "test_stats.py"), "utf8");
    const io = fakeIo(root);
    const flags = [
        "--model",
        path,
        "--threads",
        "1",
        "--context-size",
        "8192",
        "--candidates",
        "1",
        "--seed",
        "1",
        "--mutants",
        "0",
        "--trust-workspace"
    ];
    assert.equal(await main(["tests", "stats.py", ...flags, "--apply"], io), 2, io.stderr);
    assert.match(
        io.stderr,
        /test_stats\.py is a symlink that leads out of the workspace .*; Ponder does not write or copy through it\./
    );
    assert.doesNotMatch(io.stderr, /changed while Ponder worked/);
    assert.equal(await readFile(join(outside, "test_stats.py"), "utf8"), before);
    assert.deepEqual(await readdir(outside), ["test_stats.py"]);
});
