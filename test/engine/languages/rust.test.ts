// Rust's registry entry, as one table (see languageTable.ts). The target file is a test file of itself: its
// `#[cfg(test)]` module is where a Rust file's unit tests live (one rule for fix and tests, which once differed).

import { test } from "node:test";
import { checkLanguage } from "./languageTable.js";

test("rust: files, fences, grammar, in-file test conventions, toolchain and capabilities", () =>
    checkLanguage({
        language: "rust",
        paths: [
            ["src/lib.rs", "rust"],
            ["Cargo.toml", undefined]
        ],
        fenceTags: ["rust", "rs", "lib.rs"],
        promptTag: "rust",
        sample: {
            text: "pub fn gcd(a: u64, b: u64) -> u64 { if b == 0 { a } else { gcd(b, a % b) } }\n",
            functions: ["gcd"]
        },
        testFiles: [
            ["src/lib.rs", "src/lib.rs", true],
            ["tests/gcd.rs", "src/lib.rs", true],
            ["src/other.rs", "src/lib.rs", false]
        ],
        testFileFor: [
            { target: "src/lib.rs", project: { files: [{ path: "tests/gcd.rs", text: "" }] }, expected: "src/lib.rs" }
        ],
        placement: {
            target: "src/lib.rs",
            tag: "r0_c1",
            code: "#[test]\nfn t() {}",
            expected: {
                file: "src/lib.rs",
                module: "ponder_repro_r0_c1",
                code: "\n#[cfg(test)]\nmod ponder_repro_r0_c1 {\n    #[allow(unused_imports)]\n    use super::*;\n    #[test]\n    fn t() {}\n}\n"
            }
        },
        importHint: {
            file: "src/lib.rs",
            names: ["gcd"],
            expected: { hint: "The tests see the file's items through `use super::*;`.", modulePath: "super" }
        },
        inTargetFile: true,
        toolchain: {
            name: "rust",
            projectMarkers: ["Cargo.toml"],
            runsNamedFiles: false,
            buildsBeforeTests: true,
            measuresCoverage: false
        },
        failure: {
            message: "thread 'tests::t' panicked at src/lib.rs:3:5:\nattempt to divide by zero",
            site: { file: "src/lib.rs", line: 3 }
        },
        capabilities: { behaviour: false, portSource: false, portTarget: true, symbolicTools: ["rustc"] }
    }));
