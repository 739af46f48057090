// Rust through the sandbox: cargo test --offline on a crate using a Debian-packaged dependency, with unit,
// integration and doc tests that pass, fail, flake, are ignored or hang; compile errors as values; a shared
// target folder so the second build only rebuilds the crate.

import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Sandbox } from "../../../engine/sandbox/index.js";
import { cargoTargetDir, runTests, runTestsRepeatedly } from "../../../engine/toolchains/index.js";
import { checkOutcomes, fixturePath } from "./toolchainFixtures.js";

const sandbox = await Sandbox.create({ workspaceTrusted: true });
const cacheDir = await mkdtemp(join(tmpdir(), "ponder-cargo-cache-"));
const crate = fixturePath("rust-crate");

after(() => rm(cacheDir, { recursive: true, force: true }));

test("cargo test: unit, integration and doc tests parsed from libtest's lines; flakiness over three runs", async () => {
    const repeated = await runTestsRepeatedly({
        sandbox,
        workspaceRoot: crate,
        cacheDir,
        coverage: true,
        testTimeoutMs: 120_000,
        times: 3
    });
    const first = checkOutcomes(repeated.runs[0]!, {
        "src/lib.rs::tests::adds": "passed",
        "src/lib.rs::tests::adds_wrong": "failed",
        "src/lib.rs::tests::ignored": "skipped",
        "src/lib.rs::tests::panics": "passed",
        "src/lib.rs::tests::flaky": "passed",
        "src/lib.rs::tests::platform_is_unix": "passed",
        "tests/api.rs::add_from_outside": "passed",
        "src/lib.rs - add (line 5)": "passed"
    });
    assert.equal(first.runner, "cargo");
    const wrong = first.tests.find((test) => test.id === "src/lib.rs::tests::adds_wrong")!;
    assert.match(wrong.message!, /assertion `left == right` failed: one plus two/);
    assert.equal(first.tests.find((test) => test.id === "src/lib.rs::tests::ignored")!.message, "not today");
    assert.equal(first.coverage, undefined);
    assert.match(first.notes.join(" "), /Coverage is not measured for Rust/);
    assert.deepEqual(repeated.tests.find((test) => test.name === "tests::flaky")!.outcomes, [
        "passed",
        "failed",
        "passed"
    ]);
    assert.equal(repeated.tests.find((test) => test.name === "tests::flaky")!.verdict, "flaky");
    assert.equal(repeated.tests.find((test) => test.name === "tests::adds_wrong")!.verdict, "failing");
    // The shared target folder now holds the build, owned by the sandbox user, outside scratch.
    assert.ok((await readdir(join(cargoTargetDir(cacheDir, crate), "debug"))).includes("deps"));
});

test("a compile error is a build failure value with rustc's message", async () => {
    const result = await runTests({
        sandbox,
        workspaceRoot: crate,
        cacheDir,
        contents: { "src/lib.rs": 'pub fn add(a: i32, b: i32) -> i32 { a + b + "1" }\n' }
    });
    assert.ok(result.kind === "buildFailed" && result.stage === "build");
    assert.match(result.kind === "buildFailed" ? result.message : "", /error\[E0277\]: cannot add `&str` to `i32`/);
});

test("a hanging test: the run stops at the time limit, finished tests keep their results, the rest are timedOut", async () => {
    const result = checkOutcomes(
        await runTests({
            sandbox,
            workspaceRoot: crate,
            cacheDir,
            testTimeoutMs: 4000,
            contents: {
                "tests/zz_hang.rs":
                    "#[test]\nfn hangs() {\n    std::thread::sleep(std::time::Duration::from_secs(60));\n}\n"
            }
        }),
        {
            "src/lib.rs::tests::adds": "passed",
            "src/lib.rs::tests::adds_wrong": "failed",
            "src/lib.rs::tests::ignored": "skipped",
            "src/lib.rs::tests::panics": "passed",
            "src/lib.rs::tests::flaky": "passed",
            "src/lib.rs::tests::platform_is_unix": "passed",
            "tests/api.rs::add_from_outside": "passed",
            "tests/zz_hang.rs::hangs": "timedOut",
            "src/lib.rs - add (line 5)": "timedOut"
        }
    );
    assert.equal(result.run.timedOut, true);
});
