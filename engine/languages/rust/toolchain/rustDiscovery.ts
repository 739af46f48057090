// The project's Rust tests as `cargo test -- --list` names them (it builds the test binaries and runs none), each
// with its line from the file libtest names; a crate that is not vendored is missing dependencies.

import type { SandboxRunResult, Scratch } from "../../../sandbox/index.js";
import type { DiscoveredTest, TestDiscovery } from "../../../toolchains/TestRunResult.js";
import { tail } from "../../../toolchains/toolchainRun.js";
import { cargoInstallAdvice, missingCrates } from "./cargoMissingCrates.js";
import { parseLibtestList } from "./libtestOutput.js";

/** The listing's tests (doc-tests included, under their file), or why there are none. */
export async function discoveredRustTests(run: SandboxRunResult, scratch: Scratch): Promise<TestDiscovery> {
    if (run.cancelled) return { kind: "failed", toolchain: "rust", message: "The listing was cancelled." };
    if (run.exitCode !== 0) {
        const missing = missingCrates(run.stdout);
        if (missing.length === 0) return { kind: "failed", toolchain: "rust", message: tail(run.stdout) };
        const dependencies = cargoInstallAdvice(missing);
        return { kind: "missingDependencies", toolchain: "rust", missing: dependencies, message: dependencies.advice };
    }
    const texts = new Map<string, string[]>();
    const tests: DiscoveredTest[] = [];
    for (const listed of parseLibtestList(run.stdout)) {
        if (!listed.file) continue;
        if (!texts.has(listed.file)) texts.set(listed.file, ((await scratch.readFile(listed.file)) ?? "").split("\n"));
        const leaf = listed.name.split("::").pop()!;
        const index = texts.get(listed.file)!.findIndex((line) => new RegExp(`\\bfn ${leaf}\\s*[(<]`).test(line));
        tests.push({
            id: listed.id,
            name: listed.name,
            file: listed.file,
            ...(index >= 0 ? { line: index + 1 } : {})
        });
    }
    return { kind: "found", toolchain: "rust", runner: "cargo", tests };
}
