// What proves a tests result, for --apply and the editor's Apply: at least one test was kept (each ran and passed
// every stability run in the sandbox and covered something new) and the kept tests, run together in the test file
// exactly as the edits leave it, all passed.

import type { TestsResult } from "./TestsTypes.js";

export function testsProven(result: Pick<TestsResult, "kept" | "keptTogether">): boolean {
    return result.kept.length > 0 && result.keptTogether === "passed";
}
