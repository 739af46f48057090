// The project's JS and TS tests listed without running them: node --test, vitest and jest cannot list tests
// without loading (and so running) the test files, so the test files are read with the grammar's tests query.
// Ids are those a run reports: `FILE::suite > name`.

import { listTestUnits } from "../../../analysis/index.js";
import { languageOfPath } from "../../index.js";
import type { DiscoveredTest, TestDiscovery } from "../../../toolchains/TestRunResult.js";
import type { ToolchainContext } from "../../../toolchains/toolchainRun.js";
import { lineStarts } from "../../../analysis/textPositions.js";
import { isNodeTestFile, type JavaScriptRunner } from "./javascriptToolchain.js";

const testFileName = /\.(test|spec)\.[cm]?[jt]sx?$/;

/** The test files' `test(`/`it(` calls, with their suites, as the runner would report them. */
export async function discoverJavaScriptTests(
    context: ToolchainContext,
    runner: JavaScriptRunner
): Promise<TestDiscovery> {
    const { options, scratch } = context;
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
