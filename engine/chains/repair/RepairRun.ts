// The repository-level fix's state, written down: one `RepairRun` per job (the request's settings, the failing tests
// and the baseline they came from, the localisation, every candidate checked) that each phase of `runRepairChain`
// reads and fills in its own part of.

import type { SourceLanguage } from "../../analysis/index.js";
import type { Script } from "../../text/scriptShare.js";
import type { LineCoverage, TestCaseResult } from "../../toolchains/index.js";
import type { ChainDependencies } from "../ChainDependencies.js";
import type { RankedCandidate } from "../rewardRanking.js";
import type { Localisation } from "./localisation/LocalisationTypes.js";
import type { ProjectTestRunner } from "./projectTestRunner.js";
import type { DefaultedRepairRequest, FailingTest, RepairCandidate, RepairEvent } from "./RepairTypes.js";
import type { RepairVerdict } from "./repairVerdict.js";

/** What the phases run on: the job's dependencies, with the event sink as a plain function. */
export interface RepairServices extends Omit<ChainDependencies<RepairEvent>, "onEvent"> {
    emit: (event: RepairEvent) => void;
}

/** The project's tests on the current code: the failing ones the fix starts from, and the passing ones to keep passing. */
export interface RepairBaseline {
    failing: TestCaseResult[];
    passing: TestCaseResult[];
    /** Line coverage per test id, where the runner measured it. */
    coverageByTest?: Record<string, LineCoverage>;
    /** Tests flaky already on the current code: never proof either way. */
    flaky: string[];
}

/** What running one patch found. */
export interface PatchCheck {
    /** Failing tests that passed on every rerun. */
    fixed: string[];
    stillFailing: string[];
    flaky: string[];
    regressions: string[];
    passToPass: { run: number; total: number; affectedFirst: number };
    tampering: string[];
    /** Why the patch could not be run (a build failure), when it could not. */
    notRun?: string;
    /** The failures to show the model next round, one line each. */
    failureLines: string[];
    regressionMs: number;
}

/** One candidate of some round: its parsed patch, its check (shared by identical patches) and its verdict. */
export interface CheckedCandidate {
    candidate: RepairCandidate;
    diff: string;
    check?: PatchCheck;
    verdict: RepairVerdict;
    ranking?: RankedCandidate;
}

export interface RepairRun {
    readonly request: DefaultedRepairRequest;
    readonly started: number;
    readonly runner: ProjectTestRunner;
    /** A workspace file's text, "" when it cannot be read. */
    readonly workspaceText: (file: string) => Promise<string>;
    /** The language of the failing tests (and so of the reproduction tests and the prompt's fences). */
    language: SourceLanguage;
    readonly candidatesPerRound: number;
    readonly totalRounds: number;
    readonly reruns: number;
    readonly regressionBudgetMs: number;
    readonly suspectsShown: number;
    readonly parallelRuns: number;
    readonly userScript: Script;
    baseline: RepairBaseline;
    failing: FailingTest[];
    oracle: "project" | "reproduction";
    /** A bug report's reproduction tests: where they go, their code, the contents every run lays on, which failed. */
    reproduction?: { file: string; code: string; contents: Record<string, string>; failing: string[] };
    localisation?: Localisation;
    /** Every candidate of every round, in order. */
    readonly checked: CheckedCandidate[];
    /** The failures of the best candidates, for the next round's prompt. */
    feedback: string[];
    rounds: number;
    readonly notes: string[];
    readonly timings: { localiseMs: number; modelMs: number; verifyMs: number; regressionMs: number };
}
