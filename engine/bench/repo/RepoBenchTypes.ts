// The repository-level benchmark's plain data: a task in SWE-bench's terms (instance id, problem statement, the
// tests that must go from failing to passing and those that must keep passing) over a repository snapshot folder,
// with the gold locations only the bench sees, and what a run of the repair chain scored on it.

import type { SourceLanguage } from "../../analysis/index.js";
import type { RepairStatus } from "../../chains/repair/RepairTypes.js";
import type { Rate } from "../BenchTypes.js";

/** Where the fix belongs: a file and the (qualified) function the gold patch changes. Never shown to the chain. */
export interface GoldLocation {
    file: string;
    /** Qualified name as localisation writes it (`Cart.total`), or the bare name; `<module>` for top-level code. */
    function: string;
    /** 1-based line inside the function (the first changed line), for the located fix chain's `FILE:LINE`. */
    line?: number;
}

/** One task as its task.json states it, with the folders the loader found beside it. */
export interface RepoTask {
    instance_id: string;
    language: SourceLanguage;
    /** The bug report (SWE-bench's `problem_statement`). */
    problem_statement: string;
    /** Hidden tests that fail on the snapshot and must pass with the fix, in the runner's own id syntax. */
    FAIL_TO_PASS: string[];
    /** Hidden tests that pass on the snapshot and must keep passing. */
    PASS_TO_PASS: string[];
    /**
     * Tests of the snapshot the chain is told fail (`ponder fix --test ID`); absent or empty: the chain gets only
     * the bug report (`ponder fix --issue`) and writes its reproduction tests itself.
     */
    failing_tests?: string[];
    gold: GoldLocation[];
    /** Where the task came from ("suite", "SWE-bench django__django-11099"). */
    source?: string;
    /** Absolute folder of the repository snapshot handed to the chain (a copy of it, never the folder itself). */
    repoDir: string;
    /** Absolute folder of files laid over the snapshot when judging (SWE-bench's `test_patch` applied); hidden. */
    hiddenDir: string;
}

/** What the hidden tests said about a patched snapshot. */
export interface ResolvedVerdict {
    /** Every FAIL_TO_PASS test passes and every PASS_TO_PASS test still passes. */
    resolved: boolean;
    failToPass: { passed: number; total: number };
    passToPass: { passed: number; total: number };
    /** Required tests that did not pass (or did not run), and why in a few words. */
    problems: string[];
}

/** Where the gold function stood in a ranking: 1-based, or undefined when it is not in the list. */
export interface GoldRank {
    byEvidence?: number;
    withModel?: number;
}

export interface RepoTaskOutcome {
    instance_id: string;
    language: SourceLanguage;
    /** `tests` when the chain got failing tests, `issue` when only the bug report. */
    entry: "tests" | "issue";
    status: RepairStatus;
    hidden: ResolvedVerdict;
    rank: GoldRank;
    /** The model chose among tied suspects. */
    modelChose: boolean;
    /** The repair chain's time to its result, and its verification and regression-run parts. */
    repair: { totalMs: number; verifyMs: number; regressionMs: number; modelMs: number };
    /** The located fix chain (`runJob("fix")` given the gold FILE:LINE) on the same bug, when it ran. */
    located?: { status: string; totalMs: number };
    /** Set when the task could not run (a bad task, a fault); it counts as not resolved. */
    error?: string;
}

export interface RepoBenchTotals {
    tasks: number;
    /** Tasks whose chosen patch makes the hidden FAIL_TO_PASS pass and keeps PASS_TO_PASS passing. */
    resolvedRate: Rate;
    /** Tasks the chain called verified. */
    verifiedRate: Rate;
    /** Verified tasks whose hidden tests fail, of verified tasks. Must stay 0. */
    falseVerifiedRate: Rate;
    top1ByEvidence: Rate;
    top5ByEvidence: Rate;
    top1WithModel: Rate;
    top5WithModel: Rate;
    /** Median time to a verified fix over tasks both chains verified, and the ratio repair/located. */
    timeToVerified: { tasks: number; repairMs: number | null; locatedMs: number | null; ratio: number | null };
    /** Regression runs' share of verification time, summed over tasks that verified something. */
    regressionShare: { regressionMs: number; verifyMs: number; value: number | null };
    errors: number;
}
