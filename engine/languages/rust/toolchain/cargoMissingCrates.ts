// A cargo build that failed because a crate the project depends on is not vendored (runs are offline): which
// crates, and what vendors them. Never reported as a failing test.

import type { MissingDependencies } from "../../../toolchains/TestRunResult.js";

const missingPatterns = [
    /no matching package named `([^`]+)` found/g,
    /failed to get `([^`]+)` as a dependency/g,
    /failed to load source for dependency `([^`]+)`/g,
    /failed to select a version for the requirement `([^`\s=]+)/g
];

/** The crates cargo could not resolve offline, from its output. */
export function missingCrates(output: string): string[] {
    const missing = new Set<string>();
    for (const pattern of missingPatterns) for (const match of output.matchAll(pattern)) missing.add(match[1]!);
    return [...missing].sort();
}

/** What vendors them: `cargo vendor`, with the source replacement it prints written to .cargo/config.toml. */
export function cargoInstallAdvice(crates: string[]): MissingDependencies {
    return {
        packages: crates,
        advice:
            "Install the project's dependencies first: `cargo vendor` and add the `[source]` replacement it prints to " +
            `.cargo/config.toml (Ponder's runs are offline and read crates from vendor/). Not found: ${crates.join(", ")}.`
    };
}
