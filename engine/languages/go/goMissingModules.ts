// A Go build that failed because a module the project requires is neither vendored nor in the module cache
// (runs are offline: GOPROXY=off): which modules, and what fetches them. Never reported as a failing test.

import type { MissingDependencies } from "../../toolchains/TestRunResult.js";

const missingPatterns = [
    /no required module provides package ([^\s;:]+)/g,
    /cannot find module providing package ([^\s;:]+)/g,
    /missing go\.sum entry for module providing package ([^\s;:(]+)/g,
    /([^\s:]+)@[^\s:]+: module lookup disabled by GOPROXY=off/g,
    /package ([^\s;:]+) is not in (?:GOROOT|std)/g
];

/** The packages or modules go could not find offline, from its build output. */
export function missingGoModules(output: string): string[] {
    const missing = new Set<string>();
    for (const pattern of missingPatterns)
        for (const match of output.matchAll(pattern)) {
            const name = match[1]!;
            // A standard-library-looking path (no dot in its first element) is a typo, not a module to download.
            if (name.split("/")[0]!.includes(".")) missing.add(name);
        }
    return [...missing].sort();
}

/** What fetches them: `go mod vendor` for a vendoring project, else `go mod download` into the module cache. */
export function goInstallAdvice(modules: string[], vendors: boolean): MissingDependencies {
    const command = vendors ? "go mod vendor" : "go mod download";
    return {
        packages: modules,
        advice: `Install the project's dependencies first: \`${command}\` (Ponder's runs are offline). Not found: ${modules.join(", ")}.`
    };
}
