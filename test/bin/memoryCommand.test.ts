// `ponder fix` with the solution memory and symbolic candidates from the command line, and `ponder memory
// stats|clear`: a second similar bug recalls the first fix (printed, and in --json), the counts show it, and
// one command empties the memory (a damaged memory file too).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../bin/main.js";
import { defaultMemoryFile } from "../../engine/testing.js";
import { fakeIo } from "../support/fakeIo.js";
import { memoryReplies } from "../support/memoryReplies.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";

const firstModel = join(testModelDir(), "cli-memory-sum-to.gguf");
const secondModel = join(testModelDir(), "cli-memory-sum-squares.gguf");

before(async () => {
    await buildScriptedModel(firstModel, { replies: [memoryReplies.sumToFix] });
    await buildScriptedModel(secondModel, { replies: [memoryReplies.sumSquaresFix] });
});

const flags = (model: string) => [
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
    "1",
    "--trust-workspace"
];

async function workspaceWithBothBugs() {
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-memory-"));
    await cp("test/fixtures/memory/sum-to", root, { recursive: true });
    await cp("test/fixtures/memory/sum-squares", root, { recursive: true });
    return root;
}

test("fix recalls the workspace's earlier verified fix, prints it and the symbolic tools; memory stats counts it; clear empties it", async () => {
    const root = await workspaceWithBothBugs();
    const env = { PONDER_STATE_DIR: await mkdtemp(join(tmpdir(), "ponder-cli-state-")) };
    const file = defaultMemoryFile(root, env);

    const first = fakeIo(root, env);
    assert.equal(await main(["fix", "series.py:4", ...flags(firstModel), "--json"], first), 0, first.stderr);
    const firstJson = JSON.parse(first.stdout);
    assert.deepEqual(firstJson.evidence.memory.recalled, []);
    assert.equal(firstJson.evidence.memory.source, file);
    assert.ok(firstJson.evidence.memory.storedId);
    assert.deepEqual(
        firstJson.evidence.symbolic.sources.map((s: { tool: string; status: string }) => [s.tool, s.status]),
        [["ruff", "unavailable"]]
    );

    const second = fakeIo(root, env);
    assert.equal(await main(["fix", "squares.py:4", ...flags(secondModel)], second), 0, second.stderr);
    assert.match(
        second.stdout,
        new RegExp(
            `Solution memory: recalled 1 verified fix\\(es\\) from ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`
        )
    );
    assert.match(
        second.stdout,
        /  sum_to in series\.py \(similarity \d\.\d\d, stored [^)]*; its pattern is in the winning patch\)/
    );
    assert.match(second.stdout, /Symbolic candidates: ruff unavailable \(ruff is not on PATH/);
    assert.match(second.stdout, /Verified fix/);
    assert.match(second.stderr, /memory: recalled 1 verified fix\(es\)/);

    const stats = fakeIo(root, env);
    assert.equal(await main(["memory", "stats", "--json"], stats), 0, stats.stderr);
    const counts = JSON.parse(stats.stdout);
    assert.equal(counts.entries, 2);
    assert.equal(counts.hits, 1);
    assert.equal(counts.recalls, 1);
    assert.equal(counts.file, file);

    const text = fakeIo(root, env);
    assert.equal(await main(["memory", "stats"], text), 0);
    assert.match(text.stdout, /solutions: 2 of at most 500 \(fix 2; python 2\)/);

    const clear = fakeIo(root, env);
    assert.equal(await main(["memory", "clear"], clear), 0);
    assert.match(clear.stdout, /Cleared the solution memory of .* \(2 solutions\)/);
    const after = fakeIo(root, env);
    await main(["memory", "stats", "--json"], after);
    assert.equal(JSON.parse(after.stdout).entries, 0);

    // --no-memory leaves the memory untouched and reports none.
    const without = fakeIo(root, env);
    assert.equal(
        await main(["fix", "series.py:4", ...flags(firstModel), "--json", "--no-memory", "--no-symbolic"], without),
        0,
        without.stderr
    );
    const withoutJson = JSON.parse(without.stdout);
    assert.equal(withoutJson.evidence.memory, undefined);
    assert.equal(withoutJson.evidence.symbolic, undefined);
    const still = fakeIo(root, env);
    await main(["memory", "stats", "--json"], still);
    assert.equal(JSON.parse(still.stdout).entries, 0);
});

test("memory with a bad action, and with a damaged file, says what to do; clear recovers", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-cli-memory-"));
    const env = { PONDER_STATE_DIR: await mkdtemp(join(tmpdir(), "ponder-cli-state-")) };
    const bad = fakeIo(root, env);
    assert.equal(await main(["memory", "forget"], bad), 2);
    assert.match(bad.stderr, /stats or clear/);

    const file = defaultMemoryFile(root, env);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, "garbage");
    const stats = fakeIo(root, env);
    // A damaged state file is the machine's state, not this command's input.
    assert.equal(await main(["memory", "stats"], stats), 3);
    assert.match(stats.stderr, /cannot be read \(it is not valid JSON\).*ponder memory clear/);
    assert.equal(await readFile(file, "utf8"), "garbage", "the damaged file is left as it is");
    const clear = fakeIo(root, env);
    assert.equal(await main(["memory", "clear"], clear), 0);
    const after = fakeIo(root, env);
    assert.equal(await main(["memory", "stats", "--json"], after), 0);
    assert.equal(JSON.parse(after.stdout).entries, 0);
});

test("--memory-size must be a whole number in the ponder.memorySize setting's range", async () => {
    const root = await workspaceWithBothBugs();
    const io = fakeIo(root);
    assert.equal(await main(["fix", "series.py:4", ...flags(firstModel), "--memory-size", "1.5"], io), 2);
    assert.match(io.stderr, /--memory-size must be a whole number from 0 to 1000000/);
});
