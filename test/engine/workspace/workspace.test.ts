// The three workspaces read, list and seed the scratch copy alike: the disk as it is, open buffers over the disk
// (an unsaved new file is listed and seeded, an unsaved edit wins), and memory alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskWorkspace, MemoryWorkspace, OverlayWorkspace, type Workspace } from "../../../engine/testing.js";

async function diskProject(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-workspace-"));
    await writeFile(join(root, "calc.py"), "def add(a, b):\n    return a - b\n");
    await mkdir(join(root, "node_modules", "dep"), { recursive: true });
    await writeFile(join(root, "node_modules", "dep", "index.js"), "module.exports = 1;\n");
    return root;
}

interface WorkspaceCase {
    name: string;
    open(root: string): Workspace;
    files: string[];
    calc: string;
    seed: { files: string[]; contents: string[] };
}

const cases: WorkspaceCase[] = [
    {
        name: "disk",
        open: (root) => new DiskWorkspace(root),
        files: ["calc.py"],
        calc: "def add(a, b):\n    return a - b\n",
        seed: { files: ["calc.py"], contents: [] }
    },
    {
        name: "editor buffers over the disk",
        open: (root) =>
            new OverlayWorkspace(root, {
                "calc.py": "def add(a, b):\n    return a + b\n",
                "test_calc.py": "from calc import add\n"
            }),
        files: ["calc.py", "test_calc.py"],
        calc: "def add(a, b):\n    return a + b\n",
        seed: { files: ["calc.py"], contents: ["calc.py", "test_calc.py"] }
    },
    {
        name: "memory",
        open: () => new MemoryWorkspace({ "calc.py": "x = 1\n", "./pkg/util.py": "y = 2\n" }),
        files: ["calc.py", "pkg/util.py"],
        calc: "x = 1\n",
        seed: { files: [], contents: ["calc.py", "pkg/util.py"] }
    }
];

for (const c of cases) {
    test(`${c.name}: reads, lists and seeds the scratch copy`, async () => {
        const workspace = c.open(await diskProject());
        assert.deepEqual(await workspace.listFiles(), c.files);
        assert.equal(await workspace.readText("calc.py"), c.calc);
        const seed = await workspace.scratchSeed();
        assert.deepEqual(seed.files, c.seed.files);
        assert.deepEqual(Object.keys(seed.contents).sort(), c.seed.contents);
        await assert.rejects(workspace.readText("missing.py"), /Cannot read missing\.py/);
    });
}
