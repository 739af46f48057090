// The project's Go tests listed by `go test -list` in the sandbox (it builds the test binaries and runs none),
// each named by its test file and line from the declared test functions. A build that cannot find a module offline
// is missing dependencies.

import { posix } from "node:path";
import type { DiscoveredTest, TestDiscovery } from "../../toolchains/TestRunResult.js";
import { runOutput, tail, type ToolchainContext } from "../../toolchains/toolchainRun.js";
import type { SandboxRunResult } from "../../sandbox/index.js";
import { folderOfImportPath } from "./goModule.js";
import { goInstallAdvice, missingGoModules } from "./goMissingModules.js";

export interface GoListing {
    modulePath: string;
    /** Package folder → test file → its top-level tests. */
    declared: Map<string, Map<string, string[]>>;
    vendors: boolean;
    list(): Promise<SandboxRunResult>;
}

export async function discoverGoTests(context: ToolchainContext, listing: GoListing): Promise<TestDiscovery> {
    const run = await listing.list();
    if (run.cancelled) return { kind: "failed", toolchain: "go", message: "The listing was cancelled." };
    const output = runOutput(run);
    const missing = missingGoModules(output);
    if (missing.length > 0) {
        const dependencies = goInstallAdvice(missing, listing.vendors);
        return { kind: "missingDependencies", toolchain: "go", missing: dependencies, message: dependencies.advice };
    }
    const tests: DiscoveredTest[] = [];
    for (const line of run.stdout.split("\n")) {
        if (!line.startsWith("{")) continue;
        const event = JSON.parse(line) as { Action?: string; Package?: string; Output?: string };
        const name = event.Output?.trim();
        if (event.Action !== "output" || !event.Package || !name || !/^(Test|Example|Benchmark|Fuzz)\w*$/.test(name))
            continue;
        const folder = folderOfImportPath(listing.modulePath, event.Package) ?? event.Package;
        for (const [file, names] of listing.declared.get(folder) ?? []) {
            if (!names.includes(name)) continue;
            const path = folder === "." ? file : posix.join(folder, file);
            const text = (await context.scratch.readFile(path)) ?? "";
            const index = text.split("\n").findIndex((source) => new RegExp(`^func ${name}\\(`).test(source));
            tests.push({ id: `${path}::${name}`, name, file: path, ...(index >= 0 ? { line: index + 1 } : {}) });
        }
    }
    if (tests.length === 0 && run.exitCode !== 0) return { kind: "failed", toolchain: "go", message: tail(output) };
    // Packages report in the order they finish; the listing is in file order.
    tests.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
    return { kind: "found", toolchain: "go", runner: "go", tests };
}
