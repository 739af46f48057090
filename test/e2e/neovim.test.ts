// The server through a real third-party client: headless Neovim from apt starts `ponder lsp --stdio`, gets the
// "Ponder: fix with proof" code actions for bitcount.py, runs the fix action's `ponder/fix` request on a scripted
// model, applies the verified edit and saves. The test reads what Neovim wrote: its JSON report and the file.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { FixResponse, ProjectTestsResponse, RepairResponse } from "../../protocol/index.js";
import { buildScriptedModel, testModelDir } from "../support/models/index.js";
import { sampleBugWorkspace } from "../server/lspTestClient.js";

const goodFix =
    "<think>\nThe update uses XOR, so n never reaches zero. Clearing the lowest set bit needs AND.\n</think>\n\n" +
    '```python\ndef bitcount(n):\n    """Return the number of 1 bits in the binary form of a non-negative integer n."""\n    count = 0\n    while n:\n        n &= n - 1\n        count += 1\n    return count\n```\n\n' +
    "```python\nfrom bitcount import bitcount\n\n\ndef test_three_has_two_bits():\n    assert bitcount(3) == 2\n```\n";
const model = join(testModelDir(), "nvim-fix.gguf");
/** How an editor starts Ponder's server. */
export const serverCommand = [process.execPath, resolve("bin/ponder.js"), "lsp", "--stdio"];

before(async () => {
    await buildScriptedModel(model, { replies: [goodFix] });
});

interface NeovimReport {
    error?: string;
    actions?: { title: string; kind: string; command: { command: string } }[];
    functionActions?: { title: string; kind: string }[];
    fix?: FixResponse;
    fixError?: { code: number; message: string };
    traces?: string[];
}

function runNeovim(
    configPath: string,
    timeoutMs: number,
    script = "test/e2e/neovimFix.lua"
): Promise<{ code: number | null; stderr: string }> {
    return new Promise((done, fail) => {
        const child = spawn("nvim", ["--headless", "--clean", "-n", "-c", `luafile ${resolve(script)}`], {
            // What the server learns of the workspace (its solution memory) stays in the test's temp folder.
            env: {
                ...process.env,
                PONDER_NVIM_CONFIG: configPath,
                PONDER_STATE_DIR: join(dirname(configPath), "ponder-state")
            },
            stdio: ["ignore", "ignore", "pipe"]
        });
        let stderr = "";
        child.stderr.on("data", (chunk) => (stderr += chunk));
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        child.on("error", fail);
        child.on("close", (code) => {
            clearTimeout(timer);
            done({ code, stderr });
        });
    });
}

test("Neovim gets the fix and tests code actions for bitcount.py and applies the verified edit from ponder/fix", async () => {
    const root = await sampleBugWorkspace();
    const output = join(root, "..", `${root.split("/").pop()}-nvim-report.json`);
    const configPath = join(root, "..", `${root.split("/").pop()}-nvim-config.json`);
    const original = await readFile(join(root, "bitcount.py"), "utf8");
    await writeFile(
        configPath,
        JSON.stringify({
            command: serverCommand,
            root,
            file: join(root, "bitcount.py"),
            output,
            fixTimeoutMs: 150_000,
            settings: { model, candidates: 1, extraRounds: 0, threads: 1, contextSize: 8192, trustedWorkspace: true },
            diagnostic: {
                range: { start: { line: 4, character: 8 }, end: { line: 4, character: 18 } },
                message: "bitcount(3) hangs",
                severity: 1
            }
        })
    );
    const run = await runNeovim(configPath, 180_000);
    const report = JSON.parse(
        await readFile(output, "utf8").catch(() =>
            assert.fail(`Neovim wrote no report (exit ${run.code}): ${run.stderr}`)
        )
    ) as NeovimReport;
    assert.equal(report.error, undefined);
    assert.equal(report.fixError, undefined, JSON.stringify(report.fixError));
    const tests = [
        ["Ponder: generate tests for bitcount", "refactor.ponder.tests"],
        ["Ponder: generate tests for bitcount.py", "refactor.ponder.tests"],
        ["Ponder: port to Rust", "refactor.ponder.port"],
        ["Ponder: port to TypeScript", "refactor.ponder.port"]
    ];
    assert.deepEqual(
        report.actions!.map((a) => [a.title, a.kind]),
        [["Ponder: fix with proof", "quickfix"], ...tests]
    );
    assert.equal(report.actions![0]!.command.command, "ponder.fix");
    assert.deepEqual(
        report.functionActions!.map((a) => [a.title, a.kind]),
        [["Ponder: fix with proof", "refactor.rewrite"], ...tests]
    );
    assert.equal(report.fix!.status, "verified");
    assert.match(report.fix!.diff!, /-        n \^= n - 1\n\+        n &= n - 1/);
    assert.equal(report.fix!.evidence.candidates[0]!.verified, true);
    assert.ok(report.traces!.includes("thought") && report.traces!.at(-1) === "done", report.traces!.join(","));
    assert.equal(await readFile(join(root, "bitcount.py"), "utf8"), original.replace("n ^= n - 1", "n &= n - 1"));
});

const repairFix =
    "<think>\napply_discount keeps the discount instead of the rest.\n</think>\n\nIn `shop/pricing.py`:\n\n```python\n" +
    "def apply_discount(amount, code):\n    rate = discount_rate(code)\n    return round(amount * (1 - rate), 2)\n```\n";

interface NeovimRepairReport {
    error?: string;
    projectTests?: ProjectTestsResponse;
    repair?: RepairResponse;
    repairError?: { code: number; message: string };
    traces?: string[];
}

test("Neovim lists the project's tests, sends ponder/repair for the failing one and applies the edit to a file it never opened", async () => {
    const repairModel = join(testModelDir(), "nvim-repair.gguf");
    await buildScriptedModel(repairModel, { replies: [repairFix] });
    const root = await mkdtemp(join(tmpdir(), "ponder-nvim-repair-"));
    await cp("test/fixtures/repair/python-cart", root, { recursive: true });
    const output = join(root, "..", `${root.split("/").pop()}-nvim-report.json`);
    const configPath = join(root, "..", `${root.split("/").pop()}-nvim-config.json`);
    const original = await readFile(join(root, "shop/pricing.py"), "utf8");
    const failing = "tests/test_cart.py::test_total_with_code";
    await writeFile(
        configPath,
        JSON.stringify({
            command: serverCommand,
            root,
            output,
            test: failing,
            timeoutMs: 240_000,
            settings: {
                model: repairModel,
                candidates: 1,
                extraRounds: 0,
                threads: 1,
                contextSize: 8192,
                trustedWorkspace: true
            }
        })
    );
    const run = await runNeovim(configPath, 300_000, "test/e2e/neovimRepair.lua");
    const report = JSON.parse(
        await readFile(output, "utf8").catch(() =>
            assert.fail(`Neovim wrote no report (exit ${run.code}): ${run.stderr}`)
        )
    ) as NeovimRepairReport;
    assert.equal(report.error, undefined);
    assert.equal(report.repairError, undefined, JSON.stringify(report.repairError));
    assert.ok(report.projectTests!.tests.some((t) => t.id === failing));
    assert.equal(report.repair!.status, "verified", JSON.stringify(report.repair!.report.evidence));
    assert.ok(report.traces!.at(-1) === "done", report.traces!.join(","));
    assert.equal(
        await readFile(join(root, "shop/pricing.py"), "utf8"),
        original.replace("amount * rate", "amount * (1 - rate)")
    );
});
