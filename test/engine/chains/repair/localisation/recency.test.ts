// Recency from a real git repository made at test time: a helper changed in the commit before last ranks by how
// recently it changed, an uncommitted change counts as the newest, the root commit (the project's import) and
// functions no other evidence points at say nothing, and outside a repository the source is simply absent.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localise } from "../../../../../engine/chains/repair/localisation/localise.js";
import { gitOutput } from "../../../../../engine/chains/repair/localisation/recencyEvidence.js";
import type { TestCaseResult } from "../../../../../engine/toolchains/TestRunResult.js";
import { DiskWorkspace } from "../../../../../engine/workspace/Workspace.js";
import { shopFiles } from "./shopFixture.js";

const failing: TestCaseResult = {
    id: "tests/test_cart.py::test_total",
    name: "test_total",
    file: "tests/test_cart.py",
    outcome: "failed",
    message: "assert 0 == 2"
};

function writeProject(root: string): void {
    for (const [path, text] of Object.entries(shopFiles)) {
        mkdirSync(join(root, path, ".."), { recursive: true });
        writeFileSync(join(root, path), text);
    }
}

function git(root: string, ...args: string[]): void {
    execFileSync("git", ["-C", root, "-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
        stdio: "ignore"
    });
}

function edit(root: string, path: string, from: string, to: string): void {
    const text = readFileSync(join(root, path), "utf8");
    assert.ok(text.includes(from), `${path} holds ${from}`);
    writeFileSync(join(root, path), text.replace(from, to));
}

test("recency: blame of the suspects' lines in a real repository, newest change first", async (t) => {
    const root = mkdtempSync(join(tmpdir(), "ponder-recency-"));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    writeProject(root);
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "import the shop");
    edit(root, "shop/pricing.py", "item.price / item.quantity", "item.price / item.quantity  # per unit");
    git(root, "commit", "-qam", "unit price per unit");
    edit(root, "shop/cart.py", "return len(items)", "return len(list(items))");
    git(root, "commit", "-qam", "count any iterable");
    edit(root, "shop/pricing.py", "round(amount, 2)", "round(amount, 3)");

    const found = await localise({ workspace: new DiskWorkspace(root), failing: [failing], passing: [] });
    const recency = Object.fromEntries(found.suspects.map((suspect) => [suspect.name, suspect.evidence.recency]));
    assert.deepEqual(recency["rounded"], { changedLines: 1, commitsAgo: 0 });
    assert.deepEqual(recency["unit_price"], { changedLines: 1, commitsAgo: 2 });
    // total changed only in the root commit (the project's import): nothing recent.
    assert.equal(recency["total"], undefined);
    // count changed in the last commit, but nothing else points at it: recency alone does not make a suspect.
    assert.equal(
        found.suspects.some((suspect) => suspect.name === "count"),
        false
    );
    assert.deepEqual(found.sources, ["references", "recency"]);
    assert.match(
        found.suspects.find((suspect) => suspect.name === "unit_price")!.why,
        /1 line changed 2 commits ago\.$/
    );
    // The helpers two hops from the test rank above its direct callee for their recent changes, the newest first.
    assert.deepEqual(
        found.suspects.map((suspect) => suspect.name),
        ["rounded", "unit_price", "total"]
    );
});

test("recency: an untracked file is new in the working tree", async (t) => {
    const root = mkdtempSync(join(tmpdir(), "ponder-recency-"));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    writeProject(root);
    git(root, "init", "-q");
    git(root, "add", "shop/__init__.py", "shop/cart.py", "tests");
    git(root, "commit", "-qm", "the cart");
    const found = await localise({ workspace: new DiskWorkspace(root), failing: [failing], passing: [] });
    const unitPrice = found.suspects.find((suspect) => suspect.name === "unit_price");
    assert.deepEqual(unitPrice?.evidence.recency, { changedLines: 2, commitsAgo: 0 });
});

test("recency: git refusing to blame an untracked file before reading the piped text is an answer, not a crash", async (t) => {
    const root = mkdtempSync(join(tmpdir(), "ponder-recency-"));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    writeProject(root);
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "the shop");
    // A megabyte fills the pipe, so the write is still going when git exits: the broken pipe must not escape.
    const text = "x = 1\n".repeat(200_000);
    const blamed = await gitOutput(root, ["blame", "--porcelain", "--contents", "-", "--", "untracked.py"], text);
    assert.equal(blamed, undefined);
});

test("recency: outside a repository the source is absent, without a note", async (t) => {
    const root = mkdtempSync(join(tmpdir(), "ponder-recency-"));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    writeProject(root);
    assert.throws(() => git(root, "rev-parse", "--is-inside-work-tree"), "the temporary folder is in no repository");
    const found = await localise({ workspace: new DiskWorkspace(root), failing: [failing], passing: [] });
    assert.deepEqual(found.sources, ["references"]);
    assert.deepEqual(found.notes, ["No coverage of the failing tests: the coverage spectrum was not used."]);
    assert.equal(
        found.suspects.some((suspect) => suspect.evidence.recency !== undefined),
        false
    );
});
