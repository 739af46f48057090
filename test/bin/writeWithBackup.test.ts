// The one write of a user's file on --apply: an existing file's previous text goes to a new FILE.ponder-backup (numbered
// when taken) and copying it back undoes the write; a new file (folders made) has no backup and says to delete it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { undoNote, writeWithBackup } from "../../bin/writeWithBackup.js";

const cases: { name: string; file: string; before?: string; note: RegExp }[] = [
    {
        name: "an existing file",
        file: "calc.py",
        before: "def f():\n    return 1\n",
        note: /previous text is in calc\.py\.ponder-backup \(copy it back to undo\)/
    },
    {
        name: "an existing file in a folder",
        file: "tests/test_calc.py",
        before: "def test_f():\n    pass\n",
        note: /tests\/test_calc\.py\.ponder-backup/
    },
    { name: "a new file in a new folder", file: "new/test_new.py", note: /it is new \(delete it to undo\)/ }
];

for (const { name, file, before, note } of cases) {
    test(`writeWithBackup: ${name}`, async () => {
        const root = await mkdtemp(join(tmpdir(), "ponder-apply-"));
        if (before !== undefined) {
            await mkdir(join(root, file, ".."), { recursive: true });
            await writeFile(join(root, file), before);
        }
        const written = await writeWithBackup(root, file, "new text\n", before === undefined);
        assert.equal(await readFile(join(root, file), "utf8"), "new text\n");
        assert.match(undoNote(written), note);
        if (before === undefined) {
            assert.equal(written.backup, undefined);
            assert.equal(existsSync(join(root, `${file}.ponder-backup`)), false);
        } else {
            assert.equal(await readFile(join(root, written.backup!), "utf8"), before);
            await copyFile(join(root, written.backup!), join(root, file));
            assert.equal(await readFile(join(root, file), "utf8"), before, "the backup restores the file");
        }
    });
}

test("writeWithBackup: a backup name that is a symlink to an outside file is not followed; the outside file is unchanged", async () => {
    const base = await mkdtemp(join(tmpdir(), "ponder-apply-"));
    await mkdir(join(base, "ws"));
    await writeFile(join(base, "outside.txt"), "outside\n");
    await writeFile(join(base, "ws/gcd.py"), "old\n");
    await symlink(join(base, "outside.txt"), join(base, "ws/gcd.py.ponder-backup"));
    const written = await writeWithBackup(join(base, "ws"), "gcd.py", "new\n", false);
    assert.equal(await readFile(join(base, "outside.txt"), "utf8"), "outside\n");
    assert.equal(written.backup, "gcd.py.ponder-backup.1");
    assert.equal(await readFile(join(base, "ws", written.backup), "utf8"), "old\n");
});
