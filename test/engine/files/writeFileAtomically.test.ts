// The one atomic file write of the engine: the new text in full, private permissions unless asked otherwise, the
// parent folder made, and no temporary file left behind, whether the rename succeeds or fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomically } from "../../../engine/testing.js";

const cases: { name: string; before?: string; path: string; mode?: number; expectedMode: number }[] = [
    { name: "a new file is private", path: "state.json", expectedMode: 0o600 },
    {
        name: "an old file is replaced whole",
        before: "old text, longer than the new one",
        path: "state.json",
        expectedMode: 0o600
    },
    { name: "missing folders are made", path: "deep/er/state.json", expectedMode: 0o600 },
    { name: "an asked mode", path: "export.jsonl", mode: 0o640, expectedMode: 0o640 }
];

for (const { name, before, path, mode, expectedMode } of cases) {
    test(`writeFileAtomically: ${name}`, async () => {
        const dir = await mkdtemp(join(tmpdir(), "ponder-atomic-"));
        const file = join(dir, path);
        if (before !== undefined) await writeFile(file, before);
        await writeFileAtomically(file, "new text", mode !== undefined ? { mode } : {});
        assert.equal(await readFile(file, "utf8"), "new text");
        assert.equal((await stat(file)).mode & 0o777, expectedMode & ~process.umask());
        assert.deepEqual(
            (await readdir(join(file, ".."))).filter((entry) => entry.endsWith(".tmp")),
            []
        );
    });
}

test("writeFileAtomically: a failed rename rejects and leaves no temporary file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ponder-atomic-"));
    const occupied = join(dir, "a-folder");
    await mkdir(join(occupied, "inside"), { recursive: true });
    await assert.rejects(writeFileAtomically(occupied, "text"));
    assert.deepEqual((await readdir(dir)).sort(), ["a-folder"]);
});
