// What a fix's problem says about itself, for the solution memory's recall: the test output the user gave, the
// diagnostic, the compile error, or how the existing tests fail on the original code.

import type { SourceLanguage } from "../../analysis/index.js";
import type { TestRunResult } from "../../toolchains/index.js";
import type { FixRequest } from "./FixTypes.js";
import { isExistingTest } from "./testEvidence.js";

/** The first of: the request's test output, its diagnostic's message, the build failure, the existing tests' failures. */
export function problemMessage(
    request: Pick<FixRequest, "testOutput" | "target">,
    baseline: TestRunResult | undefined,
    existingTestFiles: string[],
    language: SourceLanguage
): string {
    if (request.testOutput) return request.testOutput;
    if ("diagnostic" in request.target) return request.target.diagnostic.message;
    if (baseline?.kind === "buildFailed") return baseline.message;
    if (baseline?.kind === "ran")
        return baseline.tests
            .filter(
                (t) =>
                    isExistingTest(t, existingTestFiles, language) && t.outcome !== "passed" && t.outcome !== "skipped"
            )
            .map((t) => t.message ?? "")
            .join("\n")
            .slice(0, 4000);
    return "";
}
