// Runs one benchmark task: copies its workspace (without the hidden checks) to a temporary folder, runs the real
// chain on the copy, then judges the result with the hidden checks in the sandbox.

import { evidenceKindsOf, evidenceSummaryOf } from "./verdictStrength.js";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ChainDependencies } from "../chains/ChainDependencies.js";
import { runFixChain } from "../chains/fix/runFixChain.js";
import type { FixEvent, FixResult } from "../chains/fix/FixTypes.js";
import { runTestsChain } from "../chains/tests/runTestsChain.js";
import type { TestsEvent, TestsResult } from "../chains/tests/TestsTypes.js";
import type { PortEvent } from "../chains/port/PortTypes.js";
import { PonderError } from "../errors.js";
import type { ModelRuntime } from "../runtime/ModelRuntime.js";
import type { Sandbox } from "../sandbox/index.js";
import { cargoTargetDir, defaultCacheDir } from "../toolchains/index.js";
import { DiskWorkspace } from "../workspace/Workspace.js";
import type { BenchTask, HiddenChecks, HiddenVerdict, TaskOutcome } from "./BenchTypes.js";
import { runPortJob } from "./benchPortTask.js";
import { CountingRuntime } from "./CountingRuntime.js";
import { judgeKeptTests, judgeTargetText, judgeVariants, type JudgeContext } from "./judgeHidden.js";
import { loadHiddenChecks } from "./loadSuite.js";
import { withDefaults } from "../experts/jobKinds.js";

export interface BenchTaskOptions {
    runtime: ModelRuntime;
    sandbox: Sandbox;
    /** Candidates per round (G). Default: the job kind's (`withDefaults`). */
    candidates?: number;
    /** Fix: feedback rounds after the first; port: compile-repair and counterexample rounds. Default 1. */
    extraRounds?: number;
    /** Seed of each task's first candidate, so runs repeat. Default 1. */
    seed?: number;
    /** Thinking budget per candidate, in tokens. */
    thinkBudget?: number;
    /** Tests: the most mutants to run. Default 20. */
    maxMutants?: number;
    /** Port: generated inputs per function for the differential tests. Default: the port chain's (200). */
    portCases?: number;
    /** Sandbox runs at once inside the chain. */
    parallelRuns?: number;
    signal?: AbortSignal;
    onEvent?: (event: FixEvent | TestsEvent | PortEvent) => void;
}

/** A task under way: what its job runs on and how it is judged, and the time its chain and judge have taken so far. */
interface TaskRun {
    task: BenchTask;
    options: BenchTaskOptions;
    runtime: CountingRuntime;
    root: string;
    checks: HiddenChecks;
    deps: ChainDependencies<FixEvent | TestsEvent | PortEvent>;
    judge: JudgeContext;
    /** Options every chain takes alike. */
    common: { candidates?: number; seed: number; thinkBudget?: number; parallelRuns?: number };
    started: number;
    /** Set as each phase ends, so a task that fails part way still reports what its phases took. */
    spent: { chainMs: number; judgeMs: number };
}

/** What every outcome starts with: the task's identity. */
type TaskIdentity = Pick<TaskOutcome, "id" | "job" | "language" | "to" | "source">;

export async function runBenchTask(task: BenchTask, options: BenchTaskOptions): Promise<TaskOutcome> {
    const started = performance.now();
    const runtime = new CountingRuntime(options.runtime);
    const root = await mkdtemp(join(tmpdir(), "ponder-bench-task-"));
    const base: TaskIdentity = {
        id: task.id,
        job: task.job,
        language: task.language,
        ...(task.to ? { to: task.to } : {}),
        ...(task.source ? { source: task.source } : {})
    };
    const spent = { chainMs: 0, judgeMs: 0 };
    try {
        const run = await openTaskRun(task, options, runtime, root, started, spent);
        if (task.job === "port") return await runPortTask(run, base);
        if (task.job === "fix") return await runFixTask(run, base);
        return await runTestsTask(run, base);
    } catch (error) {
        if (options.signal?.aborted) throw error;
        return {
            ...base,
            claim: task.job === "fix" ? "noCandidate" : task.job === "tests" ? "noTests" : "noPort",
            hidden: { kind: "fail", passed: 0, total: 0, reason: "the task did not run" },
            timings: timings(started, spent.chainMs, runtime.modelMs, spent.judgeMs),
            tokens: { generated: runtime.generated, prompt: runtime.prompt },
            rounds: 0,
            candidates: 0,
            error:
                error instanceof PonderError
                    ? error.message
                    : `internal error: ${error instanceof Error ? error.message : String(error)}`
        };
    } finally {
        // Cargo's target folder is kept per workspace root; a task's root is used once, so its builds go with it.
        const cargoTarget = cargoTargetDir(defaultCacheDir(), root);
        await rm(root, { recursive: true, force: true });
        await rm(cargoTarget, { recursive: true, force: true });
    }
}

/** Loads the hidden checks and copies the workspace into `root`, then sets up what the chain and the judge run on. */
async function openTaskRun(
    task: BenchTask,
    options: BenchTaskOptions,
    runtime: CountingRuntime,
    root: string,
    started: number,
    spent: TaskRun["spent"]
): Promise<TaskRun> {
    const checks = await loadHiddenChecks(task);
    await cp(task.workspaceDir, root, { recursive: true });
    const originalText = await readFile(join(root, task.target.file), "utf8");
    const deps = {
        runtime,
        sandbox: options.sandbox,
        workspace: new DiskWorkspace(root),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onEvent ? { onEvent: options.onEvent } : {})
    };
    const judge: JudgeContext = {
        task,
        checks,
        sandbox: options.sandbox,
        workspaceRoot: root,
        originalText,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.parallelRuns !== undefined ? { parallelRuns: options.parallelRuns } : {})
    };
    const common = {
        ...(options.candidates !== undefined ? { candidates: options.candidates } : {}),
        seed: options.seed ?? 1,
        ...(options.thinkBudget !== undefined ? { thinkBudget: options.thinkBudget } : {}),
        ...(options.parallelRuns !== undefined ? { parallelRuns: options.parallelRuns } : {})
    };
    return { task, options, runtime, root, checks, deps, judge, common, started, spent };
}

/** What the model spent on the task so far, and the task's timings up to now. */
function usage(run: TaskRun): Pick<TaskOutcome, "timings" | "tokens"> {
    return {
        timings: timings(run.started, run.spent.chainMs, run.runtime.modelMs, run.spent.judgeMs),
        tokens: { generated: run.runtime.generated, prompt: run.runtime.prompt }
    };
}

async function runPortTask(run: TaskRun, base: TaskIdentity): Promise<TaskOutcome> {
    const { task, options } = run;
    const port = await runPortJob(
        task,
        {
            seed: run.common.seed,
            extraRounds: options.extraRounds ?? 1,
            ...(options.thinkBudget !== undefined ? { thinkBudget: options.thinkBudget } : {}),
            ...(options.portCases !== undefined ? { cases: options.portCases } : {})
        },
        run.deps,
        {
            task,
            checks: run.checks,
            sandbox: options.sandbox,
            workspaceRoot: run.root,
            ...(options.signal ? { signal: options.signal } : {})
        }
    );
    run.spent.chainMs = port.chainMs;
    run.spent.judgeMs = port.judgeMs;
    return {
        ...base,
        claim: port.claim,
        hidden: port.hidden,
        portUnits: port.portUnits!,
        ...usage(run),
        rounds: port.rounds,
        candidates: port.candidates
    };
}

/** The fix chain, then its chosen patch and its first candidate's patch judged by the hidden checks. */
async function runFixTask(run: TaskRun, base: TaskIdentity): Promise<TaskOutcome> {
    const { task, judge } = run;
    const chainStarted = performance.now();
    // The bench calls the chain itself (it times and judges it), so it fills the defaults in as runJob does.
    const result: FixResult = await runFixChain(
        withDefaults("fix", {
            ...run.common,
            file: task.target.file,
            extraRounds: run.options.extraRounds ?? 1,
            target:
                "line" in task.target
                    ? { line: task.target.line }
                    : { name: "symbol" in task.target ? task.target.symbol : "" }
        }),
        run.deps
    );
    run.spent.chainMs = performance.now() - chainStarted;
    const judgeStarted = performance.now();
    const chosen = result.candidates.find(
        (c) => result.patch && c.round === result.patch.round && c.index === result.patch.candidate
    );
    const first = result.candidates.find((c) => c.round === 0 && c.index === 0);
    // The first candidate often writes the chosen patch: each distinct text is judged once, both at once.
    const same = first?.patchedText !== undefined && first.patchedText === chosen?.patchedText;
    const [hidden, firstVerdict] = await Promise.all([
        judgeTargetText(judge, chosen?.patchedText),
        same ? undefined : judgeTargetText(judge, first?.patchedText)
    ]);
    const firstCandidate: HiddenVerdict = firstVerdict ?? hidden;
    run.spent.judgeMs = performance.now() - judgeStarted;
    return {
        ...base,
        claim: result.status,
        hidden,
        firstCandidate,
        ...(evidenceKindsOf(result) ? { evidenceKinds: evidenceKindsOf(result)! } : {}),
        ...(evidenceSummaryOf(result) ? { evidenceSummary: evidenceSummaryOf(result)! } : {}),
        ...usage(run),
        rounds: result.rounds,
        candidates: result.candidates.length
    };
}

/** The tests chain, then its kept tests judged on the reference code and on the hidden buggy variants. */
async function runTestsTask(run: TaskRun, base: TaskIdentity): Promise<TaskOutcome> {
    const { task, judge, checks } = run;
    const chainStarted = performance.now();
    const result: TestsResult = await runTestsChain(
        withDefaults("tests", {
            ...run.common,
            file: task.target.file,
            maxMutants: run.options.maxMutants ?? 20,
            ...("symbol" in task.target ? { symbol: task.target.symbol } : {})
        }),
        run.deps
    );
    run.spent.chainMs = performance.now() - chainStarted;
    const judgeStarted = performance.now();
    const testFiles = Object.fromEntries(result.edits.map((edit) => [edit.file, edit.newText]));
    const kept = result.kept.length > 0;
    const [hidden, variantsCaught] = kept
        ? await Promise.all([judgeKeptTests(judge, testFiles), judgeVariants(judge, testFiles)])
        : [
              { kind: "noPatch", passed: 0, total: 0, reason: "no test was kept" } satisfies HiddenVerdict,
              { caught: 0, total: checks.variants.length, missed: checks.variants.map((v) => v.name) }
          ];
    run.spent.judgeMs = performance.now() - judgeStarted;
    return {
        ...base,
        claim: kept ? "kept" : "noTests",
        hidden,
        variantsCaught,
        keptTests: result.kept.length,
        ...(result.mutation.total > 0 ? { mutationScore: result.mutation.score } : {}),
        ...usage(run),
        rounds: 1,
        candidates: result.candidates.length
    };
}

function timings(started: number, chainMs: number, modelMs: number, judgeMs: number) {
    return {
        totalMs: Math.round(performance.now() - started),
        chainMs: Math.round(chainMs),
        modelMs: Math.round(modelMs),
        judgeMs: Math.round(judgeMs)
    };
}
