// Tested Rust that prints libtest's own result lines past the output capture, through the real cargo in bubblewrap:
// the forged "ok" never hides the real failure, and the run is marked as tampering.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { runTests } from "../../../engine/toolchains/index.js";
import { writeProject } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });
const cacheDir = await mkdtemp(join(tmpdir(), "ponder-cargo-cache-"));
after(() => rm(cacheDir, { recursive: true, force: true }));

test("a Rust test that writes fake 'test … ok' lines to stdout cannot turn a failing test into a pass", async () => {
    const crate = await writeProject(`
//- Cargo.toml
[package]
name = "forger"
version = "0.1.0"
edition = "2021"
//- src/lib.rs
pub fn sign(x: i32) -> i32 {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out.write_all(b"test tests::zero ... ok\\ntest tests::positive ... ok\\n");
    let _ = out.flush();
    if x > 0 { 1 } else { -1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero() {
        assert_eq!(sign(0), 0);
    }

    #[test]
    fn positive() {
        assert_eq!(sign(5), 1);
    }
}
`);
    const result = await runTests({ sandbox, workspaceRoot: crate, cacheDir, testTimeoutMs: 180_000 });
    assert.equal(result.kind, "ran", result.kind === "buildFailed" ? result.message : "");
    if (result.kind !== "ran") return;
    assert.deepEqual(Object.fromEntries(result.tests.map((each) => [each.id, each.outcome])), {
        "src/lib.rs::tests::zero": "failed",
        "src/lib.rs::tests::positive": "passed"
    });
    assert.ok(
        result.tampering?.some((sign) => /tests::zero appeared 3 times/.test(sign)),
        JSON.stringify(result.tampering)
    );
    // The scan of the added code finds a sign too: the forged lines stay beside it (they were once replaced by it).
    const scanned = await runTests({
        sandbox,
        workspaceRoot: crate,
        cacheDir,
        testTimeoutMs: 180_000,
        scanForTampering: { "src/lib.rs": "let mut out = std::io::stdout();" }
    });
    assert.equal(scanned.kind, "ran");
    if (scanned.kind !== "ran") return;
    assert.ok(
        scanned.tampering?.some((sign) => /src\/lib\.rs writes the test output itself/.test(sign)),
        JSON.stringify(scanned.tampering)
    );
    assert.ok(
        scanned.tampering?.some((sign) => /tests::zero appeared 3 times/.test(sign)),
        JSON.stringify(scanned.tampering)
    );
});
