// What localisation finds: the functions most likely to hold the bug, ranked, each with the evidence that put it
// there (traceback frames, the coverage spectrum of failing against passing tests, references from the failing
// test, recent changes, names a bug report mentions), so the ranking can be shown as evidence.

import type { CodeParser } from "../../../analysis/index.js";
import type { LineCoverage, TestCaseResult } from "../../../toolchains/TestRunResult.js";
import type { Workspace } from "../../../workspace/Workspace.js";

export type LocalisationSource = "traceback" | "spectrum" | "references" | "recency" | "report";

export interface SuspectEvidence {
    /** The failing tests' stack frames inside this function: how many, and the innermost one's depth (0 innermost). */
    traceback?: { frames: number; innermostDepth: number };
    /** Ochiai suspiciousness of its most suspicious line, and the failing and passing tests that cover it. */
    spectrum?: { ochiai: number; failingCovered: number; passingCovered: number };
    /** Reached from a failing test's code through calls: the hops (1: the test calls it) and the path. */
    references?: { hops: number; path: string[] };
    /** Lines of it changed in the working tree or recent commits, and how many commits ago the latest change was. */
    recency?: { changedLines: number; commitsAgo: number };
    /** Words of the bug report that name it or its file. */
    report?: { mentions: string[] };
}

export interface Suspect {
    rank: number;
    file: string;
    /** Qualified function name (`Cart.total`), or `<module>` for top-level code. */
    name: string;
    /** 1-based, inclusive. */
    startLine: number;
    endLine: number;
    score: number;
    evidence: SuspectEvidence;
    /** In words: "in 2 failing tracebacks; Ochiai 0.71; called by test_total (2 hops)". */
    why: string;
}

export interface Localisation {
    suspects: Suspect[];
    /** The sources that had something to say (no coverage for a runner without it, no git outside a repository). */
    sources: LocalisationSource[];
    /** The top suspects' scores are too close for the evidence to choose: the model may be asked to choose among them. */
    tied: boolean;
    /** Set when the model chose among tied suspects: the suspect it chose and its reason. */
    modelChoice?: { file: string; name: string; reason: string };
    notes: string[];
}

export interface LocalisationInput {
    workspace: Workspace;
    /** The failing tests with their messages (tracebacks). */
    failing: TestCaseResult[];
    /** Tests that passed on the current code (for the spectrum). */
    passing: TestCaseResult[];
    /** Line coverage per test id, where the runner can measure it. */
    coverageByTest?: Record<string, LineCoverage>;
    /**
     * Line coverage of whole runs (the failing tests' run, a passing run), for a runner that cannot measure each test:
     * the spectrum then compares the runs, coarsely, and says so in the notes.
     */
    runCoverage?: { failing?: LineCoverage; passing?: LineCoverage };
    /** A test run's raw output, when there are no per-test results (`--test-output`). */
    testOutput?: string;
    /** A bug report's text. */
    issue?: string;
    /** How many suspects to return. Default 10. */
    limit?: number;
    parser?: CodeParser;
    signal?: AbortSignal;
}
