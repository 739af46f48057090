// A test run's raw output (`ponder fix --test-output FILE`) cut into one section per failing test, by the headers
// the runners print before each failure, so each failure's frames are read as one call chain.

/** One failing test's part of a run's output: its name when the header gives it, and its text. */
export interface TestOutputSection {
    name?: string;
    message: string;
}

/**
 * The headers that start a failure's report: pytest's `____ test_total ____` (and `____ Class.test ____`), cargo's
 * `---- tests::totals stdout ----`, Go's `--- FAIL: TestTotal (0.00s)`, TAP's `not ok 3 - total of one item`.
 */
const failureHeader =
    /^(?:_{3,} (?<pytest>[\w.[\]-]+) _{3,}|---- (?<cargo>[\w:]+) stdout ----|\s*--- FAIL: (?<go>[\w/]+)(?: \([\d.]+s\))?|\s*not ok \d+ - (?<tap>.+))\s*$/gm;

/** The output's failure sections; the whole output as one section when no runner's header is in it. */
export function testOutputSections(output: string): TestOutputSection[] {
    const headers = [...output.matchAll(failureHeader)];
    if (headers.length === 0) return [{ message: output }];
    return headers.map((header, position) => {
        const end = headers[position + 1]?.index ?? output.length;
        const groups = header.groups ?? {};
        const name = (groups["pytest"] ?? groups["cargo"] ?? groups["go"] ?? groups["tap"])!.trim();
        return { name, message: output.slice(header.index, end) };
    });
}
