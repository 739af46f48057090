// Evidence from the coverage spectrum: Ochiai suspiciousness per line from which failing and passing tests ran it,
// and a function scored by its most suspicious line. Per-test coverage is the real spectrum; a whole failing run
// against a whole passing run (when only that exists) is a coarse one, and says so.

import type { LineCoverage } from "../../../toolchains/TestRunResult.js";
import { functionKey, type IndexedFunction, type SourceIndex } from "./SourceIndex.js";

export interface SpectrumFinding {
    fn: IndexedFunction;
    /** Ochiai of its best line: failed(l) / √(totalFailed · (failed(l) + passed(l))), in [0, 1]. */
    ochiai: number;
    failingCovered: number;
    passingCovered: number;
    strength: number;
}

/** Coverage of whole runs, when the runner cannot measure each test: a run of the failing tests, one of passing ones. */
export interface RunCoverage {
    failing?: LineCoverage;
    passing?: LineCoverage;
}

export interface SpectrumInput {
    failingIds: readonly string[];
    passingIds: readonly string[];
    coverageByTest?: Record<string, LineCoverage>;
    runCoverage?: RunCoverage;
}

/** Ochiai's coefficient of one line; 0 when no failing test ran it. */
export function ochiai(failedCovering: number, passedCovering: number, totalFailed: number): number {
    if (failedCovering === 0 || totalFailed === 0) return 0;
    return failedCovering / Math.sqrt(totalFailed * (failedCovering + passedCovering));
}

export function spectrumEvidence(
    index: SourceIndex,
    input: SpectrumInput
): { byFunction: Map<string, SpectrumFinding>; kind: "perTest" | "perRun" | "none" } {
    let failing = input.failingIds.flatMap((id) => (input.coverageByTest?.[id] ? [input.coverageByTest[id]] : []));
    let passing = input.passingIds.flatMap((id) => (input.coverageByTest?.[id] ? [input.coverageByTest[id]] : []));
    let kind: "perTest" | "perRun" | "none" = "perTest";
    if (failing.length === 0) {
        failing = input.runCoverage?.failing ? [input.runCoverage.failing] : [];
        passing = input.runCoverage?.passing ? [input.runCoverage.passing] : [];
        kind = "perRun";
    }
    const byFunction = new Map<string, SpectrumFinding>();
    if (failing.length === 0) return { byFunction, kind: "none" };
    // Per workspace file and line: how many failing and passing tests ran it.
    const counts = new Map<string, Map<number, { failed: number; passed: number }>>();
    const tally = (coverage: LineCoverage, field: "failed" | "passed") => {
        for (const [coveredPath, file] of Object.entries(coverage)) {
            const path = index.resolvePath(coveredPath);
            if (path === undefined) continue;
            const lines = counts.get(path) ?? new Map<number, { failed: number; passed: number }>();
            counts.set(path, lines);
            for (const line of new Set(file.coveredLines)) {
                const count = lines.get(line) ?? { failed: 0, passed: 0 };
                count[field]++;
                lines.set(line, count);
            }
        }
    };
    for (const coverage of failing) tally(coverage, "failed");
    for (const coverage of passing) tally(coverage, "passed");
    for (const [path, lines] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
        for (const [line, count] of [...lines].sort(([a], [b]) => a - b)) {
            const score = ochiai(count.failed, count.passed, failing.length);
            if (score === 0) continue;
            const fn = index.functionAt(path, line);
            // Top-level code and header lines run when a module loads, whichever test loads it: no evidence.
            if (!fn || fn.isTestCode || fn.qualifiedName === "<module>" || line < fn.bodyStartLine) continue;
            const known = byFunction.get(functionKey(fn));
            if (known && (known.ochiai > score || (known.ochiai === score && known.failingCovered >= count.failed)))
                continue;
            byFunction.set(functionKey(fn), {
                fn,
                ochiai: score,
                failingCovered: count.failed,
                passingCovered: count.passed,
                strength: score
            });
        }
    }
    return { byFunction, kind };
}
