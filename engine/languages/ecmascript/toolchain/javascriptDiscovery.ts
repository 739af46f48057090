// The project's JS and TS tests listed without running them: node --test, vitest and jest cannot list tests
// without loading (and so running) the test files, so the test files are read with the grammar's tests query. A
// dependency of package.json that node_modules lacks is missing dependencies.
// Ids are those a run reports: `FILE::suite > name`.

import { access } from "node:fs/promises";
import { join } from "node:path";
import { listTestUnits } from "../../../analysis/index.js";
import { languageOfPath } from "../../index.js";
import type { DiscoveredTest, TestDiscovery } from "../../../toolchains/TestRunResult.js";
import type { ToolchainContext } from "../../../toolchains/toolchainRun.js";
import { lineStarts } from "../../../analysis/textPositions.js";
import { isNodeTestFile, type JavaScriptRunner } from "./javascriptToolchain.js";
import { javascriptInstallAdvice } from "./javascriptMissingPackages.js";

const testFileName = /\.(test|spec)\.[cm]?[jt]sx?$/;

/** package.json's dependencies and devDependencies that the workspace's node_modules does not hold. */
async function uninstalledDependencies(workspaceRoot: string, manifest: string): Promise<string[]> {
    let declared: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    try {
        declared = JSON.parse(manifest || "{}") as typeof declared;
    } catch {
        return [];
    }
    const names = Object.keys({ ...declared.dependencies, ...declared.devDependencies });
    const missing: string[] = [];
    for (const name of names)
        if (
            !(await access(join(workspaceRoot, "node_modules", name, "package.json")).then(
                () => true,
                () => false
            ))
        )
            missing.push(name);
    return missing.sort();
}

/** The test files' `test(`/`it(` calls, with their suites, as the runner would report them. */
export async function discoverJavaScriptTests(
    context: ToolchainContext,
    runner: JavaScriptRunner
): Promise<TestDiscovery> {
    const { options, scratch } = context;
    const missing = await uninstalledDependencies(
        options.workspaceRoot,
        (await scratch.readFile("package.json")) ?? ""
    );
    if (missing.length > 0) {
        const dependencies = javascriptInstallAdvice(missing, options.files ?? []);
        return {
            kind: "missingDependencies",
            toolchain: "javascript",
            missing: dependencies,
            message: dependencies.advice
        };
    }
    const tests: DiscoveredTest[] = [];
    for (const file of options.files ?? []) {
        const language = languageOfPath(file);
        if (!language || !(testFileName.test(file) || isNodeTestFile(file))) continue;
        const text = await scratch.readFile(file);
        if (text === undefined) continue;
        const starts = lineStarts(text);
        const lineOf = (offset: number) => starts.filter((start) => start <= offset).length;
        for (const unit of await listTestUnits(text, language)) {
            if (unit.kind !== "test") continue;
            tests.push({ id: `${file}::${unit.qualifiedName}`, name: unit.name, file, line: lineOf(unit.range.start) });
        }
    }
    return { kind: "found", toolchain: "javascript", runner, tests };
}
