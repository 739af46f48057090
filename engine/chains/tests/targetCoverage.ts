// Coverage arithmetic of the tests chain: the target's own lines out of a run's coverage of its file, and
// percentages rounded to a tenth as the report shows them.

import type { TestRunResult } from "../../toolchains/index.js";

/** The target's lines (1-based, inclusive) a run covered and could have covered; undefined when it measured none. */
export function targetLines(
    result: TestRunResult | undefined,
    file: string,
    firstLine: number,
    lastLine: number
): { covered: Set<number>; coverable: number[] } | undefined {
    const coverage = result?.kind === "ran" ? result.coverage?.[file] : undefined;
    if (!coverage) return undefined;
    const inTarget = (line: number) => line >= firstLine && line <= lastLine;
    return {
        covered: new Set(coverage.coveredLines.filter(inTarget)),
        coverable: coverage.coverableLines.filter(inTarget)
    };
}

/** `count` out of `total` in percent, to a tenth; 0 when there is nothing to count. */
export function percentOf(count: number, total: number): number {
    return total === 0 ? 0 : Math.round(((100 * count) / total) * 10) / 10;
}
