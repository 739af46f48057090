// Runs one repository-level task: copies the snapshot to a temporary folder, runs the repair chain from the
// task's failing tests (or its bug report alone), judges the chosen patch with the hidden tests, ranks the gold
// function in the chain's localisation, and runs the located fix chain on the same bug from the gold FILE:LINE.
// The chains are passed in, so the bench drives the real ones through `runJob` and unit tests drive stand-ins.

import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RepairRequest, RepairResult } from "../../chains/repair/RepairTypes.js";
import { PonderError } from "../../errors.js";
import type { Sandbox } from "../../sandbox/index.js";
import { cargoTargetDir, defaultCacheDir } from "../../toolchains/index.js";
import type { Localisation } from "../../chains/repair/localisation/LocalisationTypes.js";
import { goldRank } from "./goldRank.js";
import { localiseByEvidence } from "./localiseByEvidence.js";
import { judgeResolved } from "./judgeResolved.js";
import type { RepoTask, RepoTaskOutcome } from "./RepoBenchTypes.js";

/** Runs the repair chain on the snapshot copy at `workspaceRoot`. */
export type RepairRunner = (request: RepairRequest, workspaceRoot: string, task: RepoTask) => Promise<RepairResult>;
/** Runs today's fix chain given a location; only its status and time are read. */
export type LocatedFixRunner = (
    location: { file: string; line: number },
    workspaceRoot: string,
    task: RepoTask
) => Promise<{ status: string }>;

export interface RepoTaskOptions {
    sandbox: Sandbox;
    repair: RepairRunner;
    /** When given, the located fix chain runs on the same bug from the gold location's line. */
    located?: LocatedFixRunner;
    /**
     * Localisation by evidence alone (no model), ranked for the top-k figures "by evidence"; default
     * `localiseByEvidence`. Without it, the chain's own ranking before the model's choice is used.
     */
    localise?: ((task: RepoTask, workspaceRoot: string) => Promise<Localisation>) | "chain";
    /** Request fields every task shares (candidates, seed, budgets). */
    request?: Omit<RepairRequest, "failure">;
    testTimeoutMs?: number;
    signal?: AbortSignal;
}

/** The gold's rank by evidence alone (the chain's own ranking when no separate one ran) and with the model's choice. */
function ranks(task: RepoTask, byEvidence: Localisation | undefined, chain: Localisation): RepoTaskOutcome["rank"] {
    const evidence = goldRank(task.gold, byEvidence ?? chain).byEvidence;
    const model = goldRank(task.gold, chain).withModel;
    return {
        ...(evidence !== undefined ? { byEvidence: evidence } : {}),
        ...(model !== undefined ? { withModel: model } : {})
    };
}

export async function runRepoTask(task: RepoTask, options: RepoTaskOptions): Promise<RepoTaskOutcome> {
    const root = await mkdtemp(join(tmpdir(), "ponder-repobench-"));
    const entry = task.failing_tests && task.failing_tests.length > 0 ? "tests" : "issue";
    const base = { instance_id: task.instance_id, language: task.language, entry } as const;
    try {
        await cp(task.repoDir, root, { recursive: true });
        const byEvidence =
            options.localise === "chain"
                ? undefined
                : await (options.localise ?? ((t, r) => localiseByEvidence(t, r, options.sandbox, options.signal)))(
                      task,
                      root
                  );
        const request: RepairRequest = {
            ...options.request,
            failure: entry === "tests" ? { tests: task.failing_tests! } : { issue: task.problem_statement }
        };
        const started = performance.now();
        const result = await options.repair(request, root, task);
        const totalMs = performance.now() - started;
        const patched = Object.fromEntries((result.patch?.files ?? []).map((f) => [f.file, f.patchedText]));
        const hidden = await judgeResolved(
            {
                task,
                sandbox: options.sandbox,
                workspaceRoot: root,
                ...(options.testTimeoutMs !== undefined ? { testTimeoutMs: options.testTimeoutMs } : {}),
                ...(options.signal ? { signal: options.signal } : {})
            },
            patched
        );
        const location = task.gold.find((g) => g.line !== undefined);
        let located: RepoTaskOutcome["located"];
        if (options.located && location) {
            const locatedStarted = performance.now();
            const fix = await options.located({ file: location.file, line: location.line! }, root, task);
            located = { status: fix.status, totalMs: Math.round(performance.now() - locatedStarted) };
        }
        return {
            ...base,
            status: result.status,
            hidden,
            rank: ranks(task, byEvidence, result.localisation),
            modelChose: result.localisation.modelChoice !== undefined,
            repair: {
                totalMs: Math.round(totalMs),
                verifyMs: Math.round(result.timings.verifyMs),
                regressionMs: Math.round(result.timings.regressionMs),
                modelMs: Math.round(result.timings.modelMs)
            },
            ...(located ? { located } : {})
        };
    } catch (error) {
        if (options.signal?.aborted) throw error;
        return {
            ...base,
            status: "noCandidate",
            hidden: {
                resolved: false,
                failToPass: { passed: 0, total: task.FAIL_TO_PASS.length },
                passToPass: { passed: 0, total: task.PASS_TO_PASS.length },
                problems: ["the task did not run"]
            },
            rank: {},
            modelChose: false,
            repair: { totalMs: 0, verifyMs: 0, regressionMs: 0, modelMs: 0 },
            error:
                error instanceof PonderError
                    ? error.message
                    : `internal error: ${error instanceof Error ? error.message : String(error)}`
        };
    } finally {
        const cargoTarget = cargoTargetDir(defaultCacheDir(), root);
        await rm(root, { recursive: true, force: true });
        await rm(cargoTarget, { recursive: true, force: true });
    }
}
