// A JS test file that failed to load because it imports a package node_modules does not hold: which packages,
// and what installs them (the project's package manager, by its lock file). Never reported as a failing test.

import { builtinModules } from "node:module";
import type { MissingDependencies, TestCaseResult } from "../../../toolchains/TestRunResult.js";

const missingPatterns = [
    /Cannot find (?:module|package) '([^']+)'/g,
    /Failed to (?:load|resolve) (?:url|import) "?([^"\s]+)"?/g
];

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Bare specifiers (not relative, not absolute, not node's own modules) that could not be found. */
export function missingJavaScriptPackages(texts: readonly string[]): string[] {
    const missing = new Set<string>();
    for (const text of texts)
        for (const pattern of missingPatterns)
            for (const match of text.matchAll(pattern)) {
                const specifier = match[1]!;
                if (/^[./]/.test(specifier) || /^[a-z]+:/.test(specifier)) continue;
                const name = packageOf(specifier);
                if (!builtinModules.includes(name)) missing.add(name);
            }
    return [...missing].sort();
}

/** Results that stand for a whole file that did not load (`test/a.test.js`, no test name). */
export function unloadedFiles(tests: readonly TestCaseResult[]): TestCaseResult[] {
    return tests.filter((test) => test.outcome !== "passed" && !test.id.includes("::"));
}

/** What installs them: `npm ci`/`npm install`, `yarn install` or `pnpm install`, by the project's lock file. */
export function javascriptInstallAdvice(packages: string[], files: readonly string[]): MissingDependencies {
    const command = files.includes("pnpm-lock.yaml")
        ? "pnpm install"
        : files.includes("yarn.lock")
          ? "yarn install"
          : "npm install";
    return {
        packages,
        advice: `Install the project's dependencies first: \`${command}\` (Ponder shows the project's node_modules to its runs read-only). Not found: ${packages.join(", ")}.`
    };
}
