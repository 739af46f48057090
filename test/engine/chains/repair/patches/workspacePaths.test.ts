// Paths a reply names, checked against a real folder: a symlink that leads outside the root (to a folder, or
// dangling) is refused, a new file under the root is allowed, and `..` never leaves it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseMultiFilePatch } from "../../../../../engine/chains/repair/patches/parseMultiFilePatch.js";
import { resolveWorkspacePath } from "../../../../../engine/chains/repair/patches/workspacePaths.js";
import { DiskWorkspace } from "../../../../../engine/workspace/Workspace.js";

test("on a real folder, a symlink out of the root is refused and a new file under the root is allowed", async () => {
    const base = await mkdtemp(join(tmpdir(), "ponder-patch-paths-"));
    try {
        const root = join(base, "project");
        const elsewhere = join(base, "elsewhere");
        await mkdir(join(root, "shop"), { recursive: true });
        await mkdir(elsewhere);
        await writeFile(join(root, "shop", "pricing.py"), "def price():\n    return 1\n");
        await writeFile(join(elsewhere, "secret.py"), "def price():\n    return 1\n");
        await symlink(elsewhere, join(root, "linked"));
        await symlink(join(elsewhere, "missing.py"), join(root, "dangling.py"));
        await symlink(join(root, "shop"), join(root, "alias"));
        const workspace = new DiskWorkspace(root);
        const fix = "```python\ndef price():\n    return 2\n```";
        const answer = [
            `In \`linked/secret.py\`:\n${fix}`,
            `--- /dev/null\n+++ b/linked/new.py\n@@ -0,0 +1 @@\n+X = 1\n`,
            `--- /dev/null\n+++ b/dangling.py\n@@ -0,0 +1 @@\n+X = 1\n`,
            `--- /dev/null\n+++ b/shop/money.py\n@@ -0,0 +1 @@\n+CENTS = 100\n`,
            `In \`alias/pricing.py\`:\n${fix}`
        ].join("\n\n");
        const patch = await parseMultiFilePatch(answer, { workspace, suspects: [] });
        assert.deepEqual(
            patch.files.map((file) => [file.file, file.created]),
            [
                ["shop/money.py", true],
                ["alias/pricing.py", false]
            ]
        );
        assert.equal(patch.problems.length, 3, patch.problems.join("\n"));
        assert.match(
            patch.problems[0]!,
            /^refused linked\/secret\.py: linked\/secret\.py resolves to .*elsewhere\/secret\.py, outside the workspace$/
        );
        assert.match(patch.problems[1]!, /^refused linked\/new\.py: .*elsewhere\/new\.py, outside the workspace$/);
        assert.match(patch.problems[2]!, /^refused dangling\.py: .*a symlink whose target does not exist/);
        assert.deepEqual(await resolveWorkspacePath(workspace, "shop/../../project/shop/pricing.py"), {
            kind: "refused",
            reason: "shop/../../project/shop/pricing.py leaves the workspace (`..`)"
        });
        assert.deepEqual(await resolveWorkspacePath(workspace, `${root}/shop/pricing.py`), {
            kind: "inside",
            path: "shop/pricing.py"
        });
    } finally {
        await rm(base, { recursive: true, force: true });
    }
});
