// One rule for "which project files are tests of the target", for fix and tests alike. It once had two copies
// that differed for Rust: the tests chain left out the target file, so a Rust target's own `#[cfg(test)]` tests
// never reached its prompt, and the model was asked to cover what they already covered.

import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryWorkspace } from "../../../engine/testing.js";
import { projectTestFiles } from "../../../engine/languages/projectTestFiles.js";
import { openTestsRun } from "../../../engine/chains/tests/openTestsRun.js";
import { RecordedRuntime } from "../../../engine/runtime/RecordedRuntime.js";
import { RecordingSandbox } from "../../support/RecordingSandbox.js";
import { withDefaults } from "../../../engine/testing.js";

const libRs = [
    "pub fn gcd(a: u64, b: u64) -> u64 {",
    "    if b == 0 { a } else { gcd(b, a % b) }",
    "}",
    "",
    "#[cfg(test)]",
    "mod tests {",
    "    use super::*;",
    "",
    "    #[test]",
    "    fn gcd_with_zero_is_the_other() {",
    "        assert_eq!(gcd(7, 0), 7);",
    "    }",
    "}",
    ""
].join("\n");

const workspace = () =>
    new MemoryWorkspace({
        "Cargo.toml": '[package]\nname = "g"\nversion = "0.1.0"\n',
        "src/lib.rs": libRs,
        "src/other.rs": "pub fn x() {}\n",
        "tests/gcd.rs": "#[test]\nfn t() { assert_eq!(g::gcd(2, 4), 2); }\n",
        "calc.py": "def add(a, b):\n    return a + b\n",
        "test_calc.py": "from calc import add\n",
        "helpers.py": ""
    });

test("the project's test files of a target, by its language's rule", async () => {
    assert.deepEqual((await projectTestFiles(workspace(), "src/lib.rs", "rust")).files.map((f) => f.path).sort(), [
        "src/lib.rs",
        "tests/gcd.rs"
    ]);
    assert.deepEqual(
        (await projectTestFiles(workspace(), "calc.py", "python")).files.map((f) => f.path),
        ["test_calc.py"]
    );
});

test("the tests chain shows a Rust target's own in-file tests of the symbol as existing tests", async () => {
    const testsRun = await openTestsRun(withDefaults("tests", { file: "src/lib.rs", symbol: "gcd", candidates: 1 }), {
        runtime: new RecordedRuntime([]),
        sandbox: new RecordingSandbox(() => {
            throw new Error("nothing runs while opening");
        }),
        workspace: workspace()
    });
    assert.match(testsRun.prompt, /gcd_with_zero_is_the_other/);
    assert.deepEqual(testsRun.project.files.map((f) => f.path).sort(), ["src/lib.rs", "tests/gcd.rs"]);
});
