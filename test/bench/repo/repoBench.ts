// `npm run bench -- repo`: the repository-level suite through the real runtime (scripted models) and the real
// sandbox: each task's repair job from its failing tests or its bug report, judged by the hidden tests; the
// located fix chain on the same bug from the gold FILE:LINE; localisation by evidence alone and with the model.
// Prints the resolved rate, false-verified rate, top-1/top-5 localisation, time to a verified fix against the
// located chain, and the regression runs' share of verification time. One line per task goes to stderr.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    DiskWorkspace,
    loadRepoSuite,
    repoBenchTotals,
    runJob,
    runRepoTask,
    Sandbox,
    type Rate,
    type RepoTaskOutcome
} from "../../../engine/testing.js";
import type { BenchRow } from "../BenchRow.js";
import { RepoBenchRuntime } from "./RepoBenchRuntime.js";
import { repoReplies } from "./repoReplies.js";
import { repoSuite } from "./repoSuite.js";
import { writeRepoSuite } from "./RepoTaskSource.js";

const candidates = 2;

export async function runRepoBenchmarks(): Promise<BenchRow[]> {
    const dir = await mkdtemp(join(tmpdir(), "ponder-repo-bench-"));
    const runtime = new RepoBenchRuntime(repoSuite, repoReplies, candidates);
    const sandbox = await Sandbox.create({ workspaceTrusted: true });
    const outcomes: RepoTaskOutcome[] = [];
    try {
        const tasks = await loadRepoSuite(await writeRepoSuite(dir, repoSuite));
        const only = process.env["PONDER_REPO_BENCH_TASK"];
        for (const task of tasks.filter((t) => !only || t.instance_id.includes(only))) {
            const outcome = await runRepoTask(task, {
                sandbox,
                request: { candidates, extraRounds: 0, seed: 1 },
                repair: async (request, root) => {
                    const job = await runJob("repair", request, {
                        workspace: new DiskWorkspace(root),
                        sandbox,
                        model: { runtime }
                    });
                    return job.result;
                },
                located: async (location, root) => {
                    const job = await runJob(
                        "fix",
                        { file: location.file, target: { line: location.line }, candidates, extraRounds: 0, seed: 1 },
                        { workspace: new DiskWorkspace(root), sandbox, model: { runtime } }
                    );
                    return { status: job.result.status };
                }
            });
            outcomes.push(outcome);
            process.stderr.write(taskLine(outcome) + "\n");
        }
    } finally {
        await runtime.dispose();
        await sandbox.dispose();
        await rm(dir, { recursive: true, force: true });
    }
    return repoRows(outcomes);
}

function taskLine(o: RepoTaskOutcome): string {
    return [
        o.instance_id.padEnd(22),
        `${o.entry.padEnd(5)} ${o.status.padEnd(11)}`,
        `resolved=${o.hidden.resolved ? "yes" : "no "} (F2P ${o.hidden.failToPass.passed}/${o.hidden.failToPass.total}, P2P ${o.hidden.passToPass.passed}/${o.hidden.passToPass.total})`,
        `rank evidence=${o.rank.byEvidence ?? "-"} model=${o.rank.withModel ?? "-"}${o.modelChose ? " (chose)" : ""}`,
        `repair ${o.repair.totalMs} ms (verify ${o.repair.verifyMs}, regressions ${o.repair.regressionMs})`,
        o.located ? `located ${o.located.status} ${o.located.totalMs} ms` : "",
        kindOf(o),
        o.error
            ? `error: ${o.error}`
            : o.hidden.problems.length > 0
              ? `hidden: ${o.hidden.problems.slice(0, 2).join("; ")}`
              : ""
    ]
        .filter((part) => part !== "")
        .join("  ");
}

function kindOf(o: RepoTaskOutcome): string {
    return `reply=${repoReplies[o.instance_id]?.kind ?? "?"}`;
}

/** The figures as rows; rates in per cent with their counts in the note. */
export function repoRows(outcomes: readonly RepoTaskOutcome[]): BenchRow[] {
    const totals = repoBenchTotals(outcomes);
    const percent = (name: string, rate: Rate, note = ""): BenchRow => ({
        name: `repo: ${name}`,
        value: 100 * rate.value,
        unit: "%",
        note: `${rate.count}/${rate.of}${note ? `; ${note}` : ""}`
    });
    const time = totals.timeToVerified;
    const rows: BenchRow[] = [
        { name: "repo: tasks", value: totals.tasks, unit: "tasks", note: `${totals.errors} could not run` },
        percent("resolved (hidden FAIL_TO_PASS pass, PASS_TO_PASS kept)", totals.resolvedRate),
        percent("verified by the chain", totals.verifiedRate),
        percent("false verified (verified, hidden tests fail)", totals.falseVerifiedRate),
        percent("localisation top-1, evidence alone", totals.top1ByEvidence, "function level"),
        percent("localisation top-5, evidence alone", totals.top5ByEvidence, "function level"),
        percent(
            "localisation top-1, with the model",
            totals.top1WithModel,
            "the chain's ranking, model's choice first"
        ),
        percent("localisation top-5, with the model", totals.top5WithModel, "the chain's ranking, model's choice first")
    ];
    if (time.repairMs !== null && time.locatedMs !== null)
        rows.push(
            {
                name: "repo: time to verified, repair from a failing test",
                value: time.repairMs,
                unit: "ms",
                note: `median of ${time.tasks} tasks both verified`
            },
            {
                name: "repo: time to verified, located fix given FILE:LINE",
                value: time.locatedMs,
                unit: "ms",
                note: `same ${time.tasks} tasks`
            },
            { name: "repo: repair / located time", value: time.ratio ?? 0, unit: "×" }
        );
    else
        rows.push({
            name: "repo: time to verified (repair vs located)",
            value: time.tasks,
            unit: "tasks",
            note: "no task verified by both chains"
        });
    const share = totals.regressionShare;
    rows.push({
        name: "repo: regression runs' share of verification",
        value: share.value === null ? 0 : 100 * share.value,
        unit: "%",
        note: `${share.regressionMs} of ${share.verifyMs} ms`
    });
    return rows;
}
