// Whether a test result is the test a user named in the runner's id syntax. A stand-in until the toolchains'
// `testIdMatches` lands: an exact id, or a named id ending in the result's (file-less) id or name.

import type { TestCaseResult } from "../../toolchains/index.js";

export function sameTest(requested: string, result: TestCaseResult): boolean {
    if (requested === result.id) return true;
    const tail = requested.split("::").pop()!;
    return result.id.endsWith(`::${requested}`) || (result.name === tail && (!result.file || requested.startsWith(result.file) || !requested.includes("::")));
}
