// Snapshot expectations kept as files beside the tests (`snapshots/<name>.txt`). Run the tests with
// UPDATE_SNAPSHOTS=1 to write the current output as the new expectation, then review the diff.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

/** The source folder of these tests: compiled tests run from out/test/…, snapshots live in test/…. */
const snapshotDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../../test/engine/analysis/snapshots");

export function assertSnapshot(name: string, actual: string): void {
    const path = join(snapshotDir, `${name}.txt`);
    if (process.env["UPDATE_SNAPSHOTS"] === "1" || !existsSync(path)) {
        mkdirSync(snapshotDir, { recursive: true });
        writeFileSync(path, actual);
        if (process.env["UPDATE_SNAPSHOTS"] !== "1")
            assert.fail(`snapshot ${name} did not exist; it was written to ${path}: review it and run again`);
        return;
    }
    assert.equal(actual, readFileSync(path, "utf8"), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 rewrites it)`);
}
