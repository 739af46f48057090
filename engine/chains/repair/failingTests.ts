// The repair's first phase: which tests fail now, and which pass (the yardstick for regressions). Named tests are run
// exactly; a test run's output is read for its failing ids, which are run again when found; with no target every test
// runs. A project whose dependencies are not installed stops here with what to install, never a false failure.

import type { LineCoverage, TestCaseResult, TestRunResult } from "../../toolchains/index.js";
import { InvalidRequestError, MissingDependenciesError } from "../../errors.js";
import { failingIdsInOutput } from "./failingIdsInOutput.js";
import type { RepairRun, RepairServices } from "./RepairRun.js";
import type { FailingTest } from "./RepairTypes.js";
import { testIdMatches } from "../../toolchains/index.js";

/** The failing tests on the current code and the baseline of the whole suite; `[]` when nothing fails. */
export async function findFailingTests(run: RepairRun, services: RepairServices): Promise<FailingTest[]> {
    const failure = run.request.failure;
    const requested =
        "tests" in failure
            ? failure.tests
            : "testOutput" in failure
              ? failingIdsInOutput(failure.testOutput)
              : undefined;
    services.emit({
        kind: "step",
        step: "failures",
        round: 0,
        detail: requested ? `running ${requested.length} named test(s)` : "running the project's tests"
    });
    if ("testOutput" in failure && requested!.length === 0)
        run.notes.push("The test output names no failing test in a format Ponder reads; every test was run instead.");
    let failing: TestCaseResult[] | undefined;
    if (requested && requested.length > 0) {
        // Named tests run exactly, as the user named them: their outcome is the one that counts.
        const named = await runOrStop(run, requested, false);
        failing = named.tests.filter((t) => fails(t) && requested.some((id) => testIdMatches(id, t)));
        const unmatched = requested.filter((id) => !named.tests.some((t) => testIdMatches(id, t)));
        if (unmatched.length > 0) run.notes.push(`No test ran for ${unmatched.join(", ")}: check the id's syntax.`);
        if (failing.length === 0) {
            run.baseline = { failing: [], passing: named.tests.filter((t) => t.outcome === "passed"), flaky: [] };
            return [];
        }
    }
    const failingNow = await runSuite(run, failing);
    return failingNow.map((t) => failingTest(t, "project"));
}

/**
 * The whole suite once, with per-test coverage where the runner has it, as the baseline: the failing tests of a run
 * with no target (unless `failing` names them), the tests that pass now (a patch must keep them passing) and the
 * spectrum for localisation. Returns the failing tests.
 */
export async function runSuite(run: RepairRun, failing?: TestCaseResult[]): Promise<TestCaseResult[]> {
    const suite = await runOrStop(run, undefined, true);
    const failingNow = failing ?? suite.tests.filter(fails);
    run.baseline = {
        failing: failingNow,
        passing: suite.tests.filter((t) => t.outcome === "passed" && !failingNow.some((f) => f.id === t.id)),
        ...(suite.coverageByTest ? { coverageByTest: suite.coverageByTest } : {}),
        flaky: []
    };
    return failingNow;
}

function fails(test: TestCaseResult): boolean {
    return test.outcome === "failed" || test.outcome === "error" || test.outcome === "timedOut";
}

export function failingTest(test: TestCaseResult, origin: FailingTest["origin"]): FailingTest {
    return {
        id: test.id,
        name: test.name,
        ...(test.file ? { file: test.file } : {}),
        ...(test.message ? { message: test.message } : {}),
        origin
    };
}

/** What a run on the current code reported (a cancelled run reports no test). */
export interface CurrentRun {
    tests: TestCaseResult[];
    coverageByTest?: Record<string, LineCoverage>;
}

/** One run on the current code; a run that cannot start stops the job with the toolchain's own words. */
async function runOrStop(run: RepairRun, tests: string[] | undefined, coverage: boolean): Promise<CurrentRun> {
    const result = (await run.runner.run({}, tests, { coverageByTest: coverage })).runs[0]!;
    if (result.kind === "ran") return result as CurrentRun;
    if (result.kind === "cancelled") return { tests: [] };
    const missing = missingDependencies(result);
    if (missing) throw new MissingDependenciesError(missing);
    throw new InvalidRequestError(
        `The project's tests do not ${result.stage === "build" ? "build" : "load"} on the current code, so no test can prove a fix: ${result.message.split("\n").slice(0, 12).join("\n")}`
    );
}

/** The toolchain's missing-dependency result, as one message saying what to install; undefined for any other failure. */
export function missingDependencies(result: TestRunResult): string | undefined {
    if (result.kind !== "buildFailed" || !result.missing) return undefined;
    const missing = result.missing;
    return `The project's dependencies are not installed (${missing.packages.join(", ") || "see the runner's output"}), so its tests cannot run and nothing can be proven. ${missing.advice}`;
}
