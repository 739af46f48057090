// The solution memory on its own: message normalisation, recall by structure and message, the bound and its
// least-recently-useful eviction, persistence across a restart, clearing, and a damaged file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    defaultMemoryFile,
    describeProblem,
    MemoryFileError,
    normaliseMessage,
    patternShare,
    solutionPattern,
    SolutionMemory,
    type SourceLanguage
} from "../../../engine/testing.js";

async function solution(language: SourceLanguage, code: string, message: string, target = "f") {
    return {
        kind: "fix" as const,
        signature: await describeProblem({ language, message, code }),
        file: `${target}.x`,
        target,
        example: { before: code, after: code, diff: `--- a/${target}\n+++ b/${target}\n` },
        pattern: ["1"]
    };
}

const offByOne = (name: string, variable: string) =>
    `def ${name}(${variable}):\n    total = 0\n    for i in range(${variable}):\n        total += i\n    return total\n`;
const stringJoin = `def greet(names):\n    return ", ".join(name.upper() for name in names if name)\n`;
const rustParse = `fn parse(text: &str) -> Result<u32, String> {\n    text.trim().parse::<u32>().map_err(|e| e.to_string())\n}\n`;

test("messages lose their paths, numbers and names but keep error codes", () => {
    assert.equal(
        normaliseMessage("error[E0308]: mismatched types at src/lib.rs:12:5, expected `u32`, found `&str`"),
        "error[E0308]: mismatched types at <path>, expected <name>, found <name>"
    );
    assert.equal(
        normaliseMessage('  File "/tmp/x/series.py", line 4, in sum_to\nassert 3 == 6'),
        "File <name>, line <n>, in sum_to\nassert <n> == <n>"
    );
});

test("recall ranks the structurally similar problem first and never crosses languages", async () => {
    const memory = await SolutionMemory.open();
    await memory.remember(await solution("python", stringJoin, "AssertionError: assert 'A, B' == 'a, b'", "greet"));
    await memory.remember(await solution("python", offByOne("sum_to", "n"), "assert 3 == 6", "sum_to"));
    await memory.remember(await solution("rust", rustParse, "error[E0308]: mismatched types", "parse"));
    const query = await describeProblem({
        language: "python",
        message: "assert 0 == 1",
        code: offByOne("add_up", "count")
    });
    const recalled = memory.recall(query, { minSimilarity: 0 });
    assert.equal(recalled[0]!.solution.target, "sum_to");
    assert.ok(
        recalled[0]!.similarity > recalled[1]!.similarity + 0.2,
        JSON.stringify(recalled.map((r) => [r.solution.target, r.similarity]))
    );
    assert.ok(recalled.every((r) => r.solution.language === "python"));
    assert.deepEqual(
        memory.recall(await describeProblem({ language: "typescript", message: "", code: "function f() {}" })),
        []
    );
});

test("the memory stays within its bound, evicting the least recently useful", async () => {
    const memory = await SolutionMemory.open({ maxEntries: 5 });
    const first = await memory.remember(await solution("python", offByOne("f0", "n"), "m0", "f0"));
    for (let i = 1; i < 12; i++) {
        await memory.remember(await solution("python", offByOne(`f${i}`, "n"), `m${i}`, `f${i}`));
        // The first solution keeps proving useful, so it survives while later ones are evicted.
        await memory.noteOutcome([first.id], [first.id]);
        assert.ok(memory.size <= 5);
    }
    assert.equal(memory.size, 5);
    const kept = memory
        .all()
        .map((s) => s.target)
        .sort();
    assert.deepEqual(kept, ["f0", "f10", "f11", "f8", "f9"]);
    assert.equal(memory.get(first.id)!.hits, 11);
    assert.equal((await memory.stats()).entries, 5);
});

test("the memory survives a restart, is empty after clear, and writes atomically", async () => {
    const state = await mkdtemp(join(tmpdir(), "ponder-memory-"));
    const file = defaultMemoryFile("/some/workspace", { PONDER_STATE_DIR: state });
    assert.ok(file.startsWith(state) && file.endsWith("memory.json"));
    assert.notEqual(file, defaultMemoryFile("/another/workspace", { PONDER_STATE_DIR: state }));
    const memory = await SolutionMemory.open({ file });
    const stored = await memory.remember(await solution("python", offByOne("sum_to", "n"), "assert 3 == 6", "sum_to"));
    const reopened = await SolutionMemory.open({ file });
    assert.equal(reopened.size, 1);
    assert.deepEqual(reopened.get(stored.id), stored);
    const query = await describeProblem({ language: "python", message: "assert 1 == 0", code: offByOne("total", "m") });
    assert.equal(reopened.recall(query)[0]!.solution.id, stored.id);
    assert.deepEqual(
        (await readdir(join(file, ".."))).filter((name) => name.endsWith(".tmp")),
        []
    );
    await reopened.clear();
    assert.equal(reopened.size, 0);
    assert.equal((await SolutionMemory.open({ file })).size, 0);
    assert.equal((await reopened.stats()).bytes, 0);
});

test("two writers of one memory file (two editor windows, the CLI) lose nothing the other stored", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "ponder-memory-")), "memory.json");
    const [a, b] = await Promise.all([SolutionMemory.open({ file }), SolutionMemory.open({ file })]);
    const stored = await Promise.all([
        ...[0, 1, 2].map(async (i) => a.remember(await solution("python", offByOne(`a${i}`, "n"), `a${i}`, `a${i}`))),
        ...[0, 1, 2].map(async (i) => b.remember(await solution("python", offByOne(`b${i}`, "n"), `b${i}`, `b${i}`)))
    ]);
    await b.noteOutcome([stored[0]!.id], [stored[0]!.id]);
    const reopened = await SolutionMemory.open({ file });
    assert.deepEqual(
        reopened
            .all()
            .map((s) => s.target)
            .sort(),
        ["a0", "a1", "a2", "b0", "b1", "b2"]
    );
    assert.equal(reopened.get(stored[0]!.id)!.hits, 1, "a counter noted by the other writer is kept");
    assert.deepEqual(
        (await readdir(join(file, ".."))).filter((name) => name !== "memory.json"),
        [],
        "no lock or temporary file is left"
    );
});

test("a damaged memory file is a clear error and is left as it is", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "ponder-memory-")), "memory.json");
    await writeFile(file, "{ not json");
    await assert.rejects(
        SolutionMemory.open({ file }),
        (error: unknown) =>
            error instanceof MemoryFileError &&
            /not valid JSON/.test(error.message) &&
            /ponder memory clear/.test(error.message)
    );
    assert.equal(await readFile(file, "utf8"), "{ not json");
});

test("a solution's pattern abstracts local names, so the same idea matches in another function", () => {
    const first = solutionPattern("    for i in range(n):\n", "    for i in range(1, n + 1):\n");
    const second = solutionPattern(
        "    for k in range(count):\n        x += k\n",
        "    for k in range(1, count + 1):\n        x += k\n"
    );
    assert.deepEqual(first, ["+", ",", "1", "1"]);
    assert.equal(patternShare(first, second), 1);
    assert.equal(patternShare(first, solutionPattern("if a < b:\n", "if a > b:\n")), 0);
});
