// The safe writer with real symlinks in temporary folders: it never writes through a link that leaves the workspace,
// never replaces a file Ponder did not create (backups are numbered), and the file outside stays as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readFile, readdir, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    resolveInsideWorkspace,
    UnsafeWriteError,
    writeInsideWorkspace,
    type WorkspaceWriteOptions
} from "../../../engine/testing.js";

interface Layout {
    /** Files of the workspace by relative path; a value `-> PATH` makes a symlink (`@out/…` is the outside folder). */
    files: Record<string, string>;
    write: string;
    options?: WorkspaceWriteOptions;
    /** The files expected afterwards (workspace-relative), or the error expected. */
    expect: Record<string, string> | RegExp;
}

const outsideText = "outside: must not change\n";
const cases: Record<string, Layout> = {
    "a backup name that is a symlink to an outside file gets a numbered backup beside it": {
        files: { "gcd.py": "old\n", "gcd.py.ponder-backup": "-> @out/victim.txt" },
        write: "gcd.py",
        options: { existing: "backup" },
        expect: { "gcd.py": "new\n", "gcd.py.ponder-backup.1": "old\n" }
    },
    "a user's own file named like the backup is kept and the backup is numbered": {
        files: { "gcd.py": "old\n", "gcd.py.ponder-backup": "mine\n", "gcd.py.ponder-backup.1": "mine too\n" },
        write: "gcd.py",
        options: { existing: "backup" },
        expect: {
            "gcd.py": "new\n",
            "gcd.py.ponder-backup": "mine\n",
            "gcd.py.ponder-backup.1": "mine too\n",
            "gcd.py.ponder-backup.2": "old\n"
        }
    },
    "a file that is a symlink to an outside file is refused": {
        files: { "gcd.py": "-> @out/victim.txt" },
        write: "gcd.py",
        options: { existing: "backup" },
        expect: /gcd\.py is a symlink that leads out of the workspace/
    },
    "a symlinked output folder pointing outside is refused (the port's gcd_rs)": {
        files: { gcd_rs: "-> @out" },
        write: "gcd_rs/src/lib.rs",
        options: { existing: "replace" },
        expect: /gcd_rs is a symlink that leads out of the workspace/
    },
    "a new file through a symlinked folder pointing outside is refused": {
        files: { tests: "-> @out" },
        write: "tests/test_new.py",
        expect: /tests is a symlink that leads out of the workspace/
    },
    "a dangling symlink is refused": {
        files: { "gcd.py": "-> @out/missing.txt" },
        write: "gcd.py",
        options: { existing: "replace" },
        expect: /gcd\.py is a symlink that leads/
    },
    "a path with .. that leaves the workspace is refused": {
        files: {},
        write: "../escape.txt",
        expect: /outside the workspace/
    },
    "a file Ponder meant to create that exists is refused": {
        files: { "test_gcd.py": "mine\n" },
        write: "test_gcd.py",
        expect: /test_gcd\.py already exists and Ponder did not create it/
    },
    "a symlink inside the workspace is resolved to the real file, which is backed up": {
        files: { "real/gcd.py": "old\n", "gcd.py": "-> real/gcd.py" },
        write: "gcd.py",
        options: { existing: "backup" },
        expect: { "real/gcd.py": "new\n", "real/gcd.py.ponder-backup": "old\n" }
    },
    "a new file in new folders is created": {
        files: {},
        write: "a/b/test_new.py",
        expect: { "a/b/test_new.py": "new\n" }
    },
    "an earlier port's file is replaced without a backup": {
        files: { "gcd_rs/src/lib.rs": "old\n" },
        write: "gcd_rs/src/lib.rs",
        options: { existing: "replace" },
        expect: { "gcd_rs/src/lib.rs": "new\n" }
    }
};

for (const [name, layout] of Object.entries(cases)) {
    test(`writeInsideWorkspace: ${name}`, async () => {
        const { root, outside } = await makeLayout(layout.files);
        const attempt = writeInsideWorkspace(root, layout.write, "new\n", layout.options);
        if (layout.expect instanceof RegExp)
            await assert.rejects(
                attempt,
                (error: Error) => error instanceof UnsafeWriteError && (layout.expect as RegExp).test(error.message)
            );
        else {
            const written = await attempt;
            for (const [file, text] of Object.entries(layout.expect))
                assert.equal(await readFile(join(root, file), "utf8"), text, file);
            assert.equal(
                written.backup !== undefined,
                Object.keys(layout.expect).some((file) => !(file in layout.files) && /ponder-backup/.test(file))
            );
        }
        assert.deepEqual(await readdir(outside), ["victim.txt"], "nothing was created outside");
        assert.equal(await readFile(join(outside, "victim.txt"), "utf8"), outsideText, "the outside file is unchanged");
    });
}

test("writeInsideWorkspace keeps an existing file's permissions", async () => {
    const { root } = await makeLayout({ "run.sh": "old\n" });
    await chmod(join(root, "run.sh"), 0o755);
    await writeInsideWorkspace(root, "run.sh", "new\n", { existing: "backup" });
    assert.equal((await stat(join(root, "run.sh"))).mode & 0o777, 0o755);
});

test("resolveInsideWorkspace resolves a workspace reached through a symlinked root", async () => {
    const { root } = await makeLayout({ "gcd.py": "x\n" });
    const alias = join(await mkdtemp(join(tmpdir(), "ponder-alias-")), "ws");
    await symlink(root, alias);
    const resolved = await resolveInsideWorkspace(alias, join(alias, "gcd.py"));
    assert.deepEqual({ relative: resolved.relative, exists: resolved.exists }, { relative: "gcd.py", exists: true });
});

async function makeLayout(files: Record<string, string>): Promise<{ root: string; outside: string }> {
    const base = await mkdtemp(join(tmpdir(), "ponder-writes-"));
    const root = join(base, "workspace");
    const outside = join(base, "outside");
    await mkdir(root);
    await mkdir(outside);
    await writeFile(join(outside, "victim.txt"), outsideText);
    for (const [file, text] of Object.entries(files)) {
        await mkdir(join(root, file, ".."), { recursive: true });
        if (text.startsWith("-> ")) await symlink(text.slice(3).replace("@out", outside), join(root, file));
        else await writeFile(join(root, file), text);
    }
    return { root, outside };
}
