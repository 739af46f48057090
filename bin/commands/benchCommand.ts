// `ponder bench SUITE_DIR`: runs a suite's tasks through the real chains with one loaded model and judges each
// result with the task's hidden checks; writes report.json and report.html, resumable from the state file in the
// output folder. `ponder bench import FORMAT SRC DEST` turns a downloaded public suite into that format.

import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
    importSuite,
    InvalidRequestError,
    benchJobs,
    Sandbox,
    jobLabel,
    loadSuite,
    settingDefaults,
    runBench,
    suiteFormats,
    writeBenchReport,
    type BenchJob,
    type BenchReport,
    type SuiteFormat
} from "../../engine/index.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { runChainSession } from "../chainSession.js";
import { findExpert, loadExpert } from "../expertSession.js";
import { modelFlagSpec, parseSettingFlag, parseWholeNumber } from "../modelOptions.js";
import { stylesFor, table } from "../terminal/format.js";
import { TaskProgressBar } from "../terminal/TaskProgressBar.js";

export const benchUsage = `Usage: ponder bench SUITE_DIR [--job fix|tests|port] [--model … | --expert NAME [--experts FILE]] [--candidates G] [--rounds N] [--seed N]
                    [--limit N] [--jobs J] [--mutants M] [--out REPORT_DIR] [--trust-workspace] [--unsandboxed] [--json]
Usage: ponder bench import quixbugs|humanevalpack|multipl-e|swe-bench SRC_DIR DEST_SUITE_DIR [--limit N] [--skip-reference-check]
`;

const benchFlagSpec = {
    ...modelFlagSpec,
    expert: { type: "string" },
    experts: { type: "string" },
    job: { type: "string" },
    candidates: { type: "string" },
    rounds: { type: "string" },
    seed: { type: "string" },
    limit: { type: "string" },
    jobs: { type: "string" },
    mutants: { type: "string" },
    "think-budget": { type: "string" },
    out: { type: "string" },
    "trust-workspace": { type: "boolean" },
    unsandboxed: { type: "boolean" },
    json: { type: "boolean" },
    record: { type: "string" }
} as const;

export async function benchCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    if (args[0] === "import") return importCommand(args.slice(1), io);
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: benchFlagSpec });
    if (positionals.length !== 1) throw new InvalidRequestError(`bench needs one SUITE_DIR.\n${benchUsage}`);
    if (values.job !== undefined && !benchJobs.includes(values.job as BenchJob))
        throw new InvalidRequestError(`--job must be ${benchJobs.join(", ")}; got "${values.job}".`);
    const suiteDir = resolve(io.cwd, positionals[0]!);
    const tasks = await loadSuite(suiteDir);
    // --expert measures one expert: its model, sampling, candidates and thinking budget (the flags still win).
    if (values.experts && !values.expert)
        throw new InvalidRequestError(
            `--experts FILE needs --expert NAME: a benchmark measures one expert.\n${benchUsage}`
        );
    const expert = values.expert ? await findExpert(values.expert, values, io) : undefined;
    const candidates =
        parseSettingFlag("candidates", values.candidates) ?? expert?.candidates ?? settingDefaults.candidates;
    const limit = parseWholeNumber("limit", values.limit, 1);
    const thinkBudget = parseSettingFlag("thinkBudget", values["think-budget"]) ?? expert?.thinkBudget;
    const maxMutants = parseWholeNumber("mutants", values.mutants, 0, 1000);
    const options = {
        candidates,
        // One feedback round, not the setting's default: a benchmark measures many tasks.
        extraRounds: parseSettingFlag("extraRounds", values.rounds) ?? 1,
        seed: parseWholeNumber("seed", values.seed, 0) ?? 1,
        jobs: parseWholeNumber("jobs", values.jobs, 1, 64) ?? 1,
        ...(values.job ? { job: values.job as BenchJob } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(thinkBudget !== undefined ? { thinkBudget } : {}),
        ...(maxMutants !== undefined ? { maxMutants } : {})
    };
    const outDir = resolve(io.cwd, values.out ?? `ponder-bench-${basename(suiteDir)}`);
    const bar = values.json ? undefined : new TaskProgressBar(io.err, "Tasks", io.isTty);
    const report: BenchReport = await runChainSession(
        values,
        io,
        suiteDir,
        candidates,
        signal,
        undefined,
        async (deps) => {
            const { id, source } = deps.runtime.description;
            const model = `${expert ? `expert ${expert.name}: ` : ""}${source === id ? id : `${id} (${source})`}`;
            return runBench({
                ...options,
                suite: suiteDir,
                tasks,
                runtime: deps.runtime,
                sandbox: deps.sandbox,
                model,
                statePath: resolve(outDir, "state.jsonl"),
                ...(signal ? { signal } : {}),
                onProgress: ({ done, total, outcome, resumed }) =>
                    bar?.update(
                        done,
                        total,
                        `${outcome.id}: ${outcome.claim}, hidden ${outcome.hidden.kind}${resumed ? " (done earlier)" : ""}`
                    )
            });
        },
        expert ? () => loadExpert(expert, values, io, candidates, signal) : undefined
    );
    bar?.finish();
    const written = await writeBenchReport(outDir, report);
    if (signal?.aborted)
        io.err(`Stopped: ${report.tasks.length} task(s) finished; run the same command again to go on.\n`);
    if (values.json) io.out(JSON.stringify(report, null, 2) + "\n");
    else printBenchReport(report, written, io);
    return benchExitCode(report);
}

/** The report as two tables, one row per task and one per metric, then where the files are. */
function printBenchReport(report: BenchReport, written: { json: string; html: string }, io: CliIo): void {
    const styles = stylesFor(io.isTty);
    io.out(
        table([
            ["TASK", "JOB", "LANG", "CLAIM", "HIDDEN", "FIRST/CAUGHT/UNITS", "TIME"],
            ...report.tasks.map((task) => [
                task.id,
                jobLabel(task),
                task.language,
                task.claim,
                `${task.hidden.kind} ${task.hidden.passed}/${task.hidden.total}`,
                task.firstCandidate?.kind ??
                    (task.variantsCaught
                        ? `${task.variantsCaught.caught}/${task.variantsCaught.total}`
                        : task.portUnits
                          ? `${task.portUnits.equivalent}/${task.portUnits.total} units`
                          : ""),
                `${(task.timings.totalMs / 1000).toFixed(1)} s`
            ])
        ]) + "\n"
    );
    const t = report.totals;
    const r = (x: { count: number; of: number; value: number }) =>
        `${(100 * x.value).toFixed(1)}% (${x.count}/${x.of})`;
    io.out(
        table([
            ["METRIC", "VALUE"],
            ["verified rate", r(t.verifiedRate)],
            [
                "false-verified rate",
                t.falseVerifiedRate.count > 0 ? styles.red(r(t.falseVerifiedRate)) : r(t.falseVerifiedRate)
            ],
            [
                "false-equivalent rate (port)",
                t.falseEquivalentRate.count > 0 ? styles.red(r(t.falseEquivalentRate)) : r(t.falseEquivalentRate)
            ],
            ["pass@1 with verification", r(t.passAt1WithVerification)],
            ["pass@1 without verification", r(t.passAt1WithoutVerification)],
            ["false-kept rate (tests)", r(t.falseKeptRate)],
            ["hidden bugs caught (tests)", r(t.variantsCaughtRate)],
            ["port equivalence rate", r(t.portEquivalenceRate)],
            ["hidden pass rate of ports", r(t.portHiddenPassRate)],
            ["mean mutation score", t.meanMutationScore === null ? "n/a" : `${t.meanMutationScore}%`],
            ["tasks that could not run", String(t.errors)],
            ["median time per task", `${(t.medianTaskMs / 1000).toFixed(1)} s`]
        ])
    );
    io.out(
        "\n" +
            table([
                ["FIX VERDICT", "TASKS", "PATCH WRONG"],
                ...Object.entries(t.byStatus).map(([status, s]) => [
                    `status ${status}`,
                    r(s.share),
                    s.wrong.count > 0 && status === "verified" ? styles.red(r(s.wrong)) : r(s.wrong)
                ]),
                ...Object.entries(t.byEvidence).map(([kind, s]) => [`evidence ${kind}`, r(s.share), r(s.wrong)])
            ]) +
            "\n"
    );
    io.out(`\nReport: ${written.html}\nData:   ${written.json}\n`);
}

/** A proof that was wrong is the one result a benchmark must flag. */
function benchExitCode(report: BenchReport): number {
    const t = report.totals;
    return t.falseVerifiedRate.count > 0 || t.falseKeptRate.count > 0 || t.falseEquivalentRate.count > 0
        ? ExitCode.negative
        : ExitCode.ok;
}

async function importCommand(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { limit: { type: "string" }, "skip-reference-check": { type: "boolean" } }
    });
    if (positionals.length !== 3 || !suiteFormats.includes(positionals[0] as SuiteFormat))
        throw new InvalidRequestError(
            `bench import needs FORMAT (${suiteFormats.join(", ")}), SRC_DIR and DEST_SUITE_DIR.\n${benchUsage}`
        );
    const limit = parseWholeNumber("limit", values.limit, 1);
    // The references run on their own hidden cases before a task is written (a reference that fails them would
    // make the judge fail correct fixes). They are the suite the user chose to import, run in bubblewrap.
    const sandbox =
        values["skip-reference-check"] === true || positionals[0] !== "quixbugs"
            ? undefined
            : await Sandbox.create({ workspaceTrusted: true });
    try {
        const result = await importSuite(
            positionals[0] as SuiteFormat,
            resolve(io.cwd, positionals[1]!),
            resolve(io.cwd, positionals[2]!),
            { ...(limit !== undefined ? { limit } : {}), ...(sandbox ? { referenceCheck: { sandbox } } : {}) }
        );
        io.out(`Wrote ${result.written.length} task(s) to ${positionals[2]}.\n`);
        for (const skipped of result.skipped) io.err(`skipped ${skipped.name}: ${skipped.reason}\n`);
        return result.written.length > 0 ? ExitCode.ok : ExitCode.negative;
    } finally {
        await sandbox?.dispose();
    }
}
