// The project's own tests for the editor's Test Explorer: `ponder/projectTests` lists them through the project's
// runner and `ponder/runProjectTests` runs some (or all) by id, both in the sandbox and never waiting for the model.
// A project whose dependencies are not installed gets what to install, never an empty list or false failures.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
    discoverProjectTests,
    runTests,
    type Sandbox,
    type TestRunResult,
    type OverlayWorkspace
} from "../engine/index.js";
import type { ProjectTestsResponse, RunTestsResponse } from "../protocol/index.js";
import { runTestsResponse } from "./runTestsResponse.js";

export async function projectTests(
    workspace: OverlayWorkspace,
    sandbox: Sandbox,
    signal: AbortSignal
): Promise<ProjectTestsResponse> {
    const discovery = await discoverProjectTests({ workspaceRoot: workspace.root, sandbox, signal });
    if (discovery.kind !== "found") return { kind: discovery.kind, message: discovery.message, tests: [] };
    return {
        kind: "found",
        tests: discovery.tests.map((test) => ({
            id: test.id,
            name: test.name,
            file: test.file,
            uri: pathToFileURL(join(workspace.root, test.file)).href,
            ...(test.line !== undefined ? { line: test.line } : {})
        })),
        ...(discovery.problems && discovery.problems.length > 0 ? { message: discovery.problems.join("\n") } : {})
    };
}

export async function runProjectTests(
    workspace: OverlayWorkspace,
    sandbox: Sandbox,
    ids: readonly string[],
    signal: AbortSignal
): Promise<RunTestsResponse> {
    const seed = await workspace.scratchSeed();
    const result: TestRunResult = await runTests({
        sandbox,
        workspaceRoot: workspace.root,
        files: seed.files,
        contents: seed.contents,
        signal,
        ...(ids.length > 0 ? { tests: [...ids] } : {})
    });
    const response = runTestsResponse(result, undefined);
    if (result.kind === "buildFailed" && result.missing)
        return { ...response, message: `${result.missing.advice}\n${result.message}` };
    return response;
}
