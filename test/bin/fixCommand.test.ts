// `ponder fix` on the README's sample bug (bitcount, which hangs): a scripted model's fix is verified by tests
// that reproduce the hang, printed as JSON, written only with --apply (with a backup to undo), and refused
// in a workspace the user has not trusted.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../bin/main.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { fakeIo } from "../support/fakeIo.js";
import { bitcountFix, bitcountHostileFix } from "../support/bitcountReplies.js";

const model = join(testModelDir(), "cli-fix.gguf");

before(async () => {
    await buildScriptedModel(model, { replies: [bitcountFix] });
});

async function sampleWorkspace(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-fix-"));
    await cp("examples/sample-bug", root, { recursive: true });
    return root;
}

const modelFlags = [
    "--model",
    model,
    "--threads",
    "1",
    "--context-size",
    "8192",
    "--candidates",
    "1",
    "--rounds",
    "0",
    "--seed",
    "1"
];

test("fix --json verifies the patch with a test that reproduces the hang, and leaves the file alone", async () => {
    const root = await sampleWorkspace();
    const original = await readFile(join(root, "bitcount.py"), "utf8");
    const io = fakeIo(root);
    const code = await main(["fix", "bitcount.py:5", ...modelFlags, "--trust-workspace", "--json"], io);
    assert.equal(code, 0, io.stderr);
    const result = JSON.parse(io.stdout);
    assert.equal(result.status, "verified");
    assert.equal(result.patch.file, "bitcount.py");
    assert.match(result.patch.diff, /-        n \^= n - 1\n\+        n &= n - 1/);
    // The engine's one fix report: the same fields the editor gets as `ponder/fix`'s evidence (a list of parse problems, not a joined string).
    const [candidate] = result.evidence.candidates;
    assert.deepEqual(
        Object.keys(candidate).filter((k) =>
            ["index", "reward", "advantage", "verified", "reproducingTests", "regressions", "parseProblems"].includes(k)
        ).length,
        7
    );
    assert.deepEqual(candidate.parseProblems, []);
    assert.equal(candidate.parseError, undefined);
    assert.equal(candidate.reproducingTests.length, 1);
    assert.match(
        result.evidence.summary,
        /^Verified: your test test_five_has_two_bits fails before and passes after; its own test passes; 1 existing test still passes$/
    );
    assert.equal(candidate.status, "verified");
    assert.equal(await readFile(join(root, "bitcount.py"), "utf8"), original);
});

test("fix says 'Not proven' and exits 1 when only the reply's own tests support the patch", async () => {
    const root = await sampleWorkspace();
    // Without the project's failing test, the reply's own test is all that supports the patch.
    await writeFile(
        join(root, "test_bitcount.py"),
        "from bitcount import bitcount\n\n\ndef test_zero():\n    assert bitcount(0) == 0\n"
    );
    const io = fakeIo(root);
    assert.equal(await main(["fix", "bitcount.py:5", ...modelFlags, "--trust-workspace"], io), 1, io.stderr);
    assert.match(io.stdout, /STATUS/);
    assert.match(io.stdout, /not proven/);
    assert.match(
        io.stdout,
        /Not proven \(round 1, candidate 0\): a patch that only its own reply's tests support, offered for review\./
    );
    assert.match(
        io.stdout,
        /Not proven: it passes the 1 test written with it; no independent test confirms it; 1 existing test still passes\./
    );
});

test("fix --apply writes the proven patch and keeps a backup to undo it", async () => {
    const root = await sampleWorkspace();
    const original = await readFile(join(root, "bitcount.py"), "utf8");
    const io = fakeIo(root);
    assert.equal(await main(["fix", "bitcount.py:5", ...modelFlags, "--trust-workspace", "--apply"], io), 0, io.stderr);
    assert.match(await readFile(join(root, "bitcount.py"), "utf8"), /n &= n - 1/);
    assert.equal(await readFile(join(root, "bitcount.py.ponder-backup"), "utf8"), original);
    assert.match(io.stdout, /Verified fix/);
    assert.match(io.stdout, /Verified: your test test_five_has_two_bits fails before and passes after/);
    assert.match(io.stderr, /Applied the patch/);
});

test("fix --apply writes nothing unproven; --apply-unverified writes it and says its status; the diff shows escapes, not raw ESC/BEL", async () => {
    const hostile = await buildScriptedModel(join(testModelDir(), "cli-fix-hostile.gguf"), {
        replies: [bitcountHostileFix]
    });
    const flags = ["--model", hostile.path, ...modelFlags.slice(2), "--trust-workspace"];
    const root = await sampleWorkspace();
    const original = await readFile(join(root, "bitcount.py"), "utf8");
    const refused = fakeIo(root);
    assert.equal(await main(["fix", "bitcount.py:5", ...flags, "--apply"], refused), 1, refused.stderr);
    assert.equal(await readFile(join(root, "bitcount.py"), "utf8"), original, "--apply left the file alone");
    assert.match(
        refused.stderr,
        /Not applied: the patch is not proven \(status unverified: .+\)\. Review it; --apply-unverified writes it anyway\./
    );
    assert.doesNotMatch(refused.stderr, /Applied/);
    // The terminal gets the escapes as visible text: no ESC or BEL byte reaches it, and the changed line is still there.
    assert.doesNotMatch(refused.stdout + refused.stderr, /[\x07\x1b]/);
    assert.match(refused.stdout, /\+        n >>= 2  # \\x1b\[2K\\x1b\[1A\\x1b\]0;title\\x07\n/);

    const forced = fakeIo(root);
    assert.equal(await main(["fix", "bitcount.py:5", ...flags, "--apply-unverified"], forced), 1, forced.stderr);
    assert.match(await readFile(join(root, "bitcount.py"), "utf8"), /n >>= 2  # \x1b\[2K/);
    assert.match(
        forced.stderr,
        /Applied an UNPROVEN patch to bitcount\.py \(status unverified: .+\); the previous text is in bitcount\.py\.ponder-backup/
    );

    // --json stays exact: the patch's text carries the real escape characters.
    const json = fakeIo(await sampleWorkspace());
    await main(["fix", "bitcount.py:5", ...flags, "--json", "--no-memory"], json);
    assert.match(JSON.parse(json.stdout).patch.diff, /\x1b\[2K\x1b\[1A\x1b\]0;title\x07/);
});

test("fix refuses to run generated code in a workspace the user has not trusted", async () => {
    const root = await sampleWorkspace();
    const io = fakeIo(root);
    assert.equal(await main(["fix", "bitcount.py:5", ...modelFlags], io), 2);
    assert.match(io.stderr, /trust/i);
});

test("without a line, the target comes from the failing test output's innermost frame in the file", async () => {
    const { lineFromTestOutput } = await import("../../bin/commands/fixCommand.js");
    const cases: [string, string, string | undefined][] = [
        [
            '  File "/w/test_b.py", line 3, in test_x\n  File "/w/bitcount.py", line 5, in bitcount\nRecursionError',
            "bitcount.py",
            "5"
        ],
        ["bitcount.py:4: in bitcount\nE   Failed: Timeout\nbitcount.py:6: Failed", "src/bitcount.py", "6"],
        ["thread 'tests::t' panicked at src/lib.rs:12:9:\nindex out of bounds", "src/lib.rs", "12"],
        ["AssertionError: nothing about the file", "bitcount.py", undefined]
    ];
    for (const [output, file, line] of cases) assert.equal(lineFromTestOutput(output, file), line, output);
    const root = await sampleWorkspace();
    const io = fakeIo(root);
    const code = await main(
        ["fix", "bitcount.py", ...modelFlags, "--trust-workspace", "--json", "--test-output", "/nonexistent/out.txt"],
        io
    );
    assert.equal(code, 2);
    assert.match(io.stderr, /Cannot read --test-output/);
});
