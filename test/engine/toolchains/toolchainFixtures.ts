// Fixtures for toolchain tests: folders under test/fixtures/toolchains, projects written from one string
// with `//- path` markers, and a `check` that compares a run's outcomes by test id.

import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestOutcome, TestRunResult } from "../../../engine/toolchains/index.js";

/** The repository root (tests run from out/test/…). */
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");

export function fixturePath(name: string): string {
    return join(repositoryRoot, "test", "fixtures", "toolchains", name);
}

/** Writes `//- path` sections of one string as files of a fresh temp folder and returns the folder. */
export async function writeProject(sections: string): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-fixture-"));
    const parts = sections.split(/^\/\/- (.+)$/m).slice(1);
    for (let index = 0; index < parts.length; index += 2) {
        const path = join(root, parts[index]!.trim());
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, parts[index + 1]!.replace(/^\n/, ""));
    }
    return root;
}

/** Asserts the run ran and its outcomes by id are exactly `expected`; returns the run for further checks. */
export function checkOutcomes(
    result: TestRunResult,
    expected: Record<string, TestOutcome>
): Extract<TestRunResult, { kind: "ran" }> {
    if (result.kind !== "ran")
        assert.fail(`expected the tests to run, got ${result.kind}: ${"message" in result ? result.message : ""}`);
    const actual = Object.fromEntries(result.tests.map((test) => [test.id, test.outcome]));
    assert.deepEqual(actual, expected);
    return result;
}
