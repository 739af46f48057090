// `ponder fix FILE[:LINE]`: the debugging chain from the command line. Prints the reasoning summary, the
// reward table and the diff; writes the patch only with --apply (and keeps a backup to undo it).

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
    applyTextEdits,
    defaultSymbolicSources,
    DiskWorkspace,
    expertReport,
    fixReport,
    InvalidRequestError,
    workspaceRelativePath,
    type FixEvent,
    type FixRequest,
    type FixResult
} from "../../engine/index.js";
import { memoryFlagSpec, memoryFromFlags, memoryUsage, printRecalled } from "../memoryFlags.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import {
    datasetEnabled,
    expertFlagSpec,
    expertLine,
    expertUsage,
    keepAcceptedResult,
    runExpertJob
} from "../expertSession.js";
import { modelFlagSpec, parseSettingFlag, parseWholeNumber } from "../modelOptions.js";
import { stylesFor, table } from "../terminal/format.js";
import { visibleControls } from "../terminal/visibleControls.js";
import { undoNote, writeWithBackup } from "../writeWithBackup.js";
import { isRepair, repairCommand } from "./repairCommand.js";

export const fixUsage = `Usage: ponder fix FILE[:LINE] [--range A-B] [--function NAME] [--test-output FILE] [--candidates G]
                  [--rounds N] [--seed N] [--think-budget N] [--model …] [--workspace DIR]
                  [--trust-workspace] [--unsandboxed] [--json] [--apply | --apply-unverified] ${expertUsage}
                  ${memoryUsage} [--no-symbolic]
       ponder fix [--test ID]… | [--test-output FILE] | [--issue FILE|-]   (no FILE: fix from a failure)
                  [--reruns N] [--regression-budget SECONDS] [--accept-test-change] [--candidates G] [--rounds N]
                  [--seed N] [--model …] [--workspace DIR] [--trust-workspace] [--json] [--apply]
  From a failure, Ponder finds where the bug is across the project: --test runs the named tests (the runner's id
  syntax, repeatable), --test-output reads the failing tests of a run's output, --issue takes a bug report and
  writes reproduction tests first, and no target runs the project's tests and takes the failing ones.
`;

export async function fixCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
            ...modelFlagSpec,
            ...expertFlagSpec,
            range: { type: "string" },
            function: { type: "string" },
            "test-output": { type: "string" },
            candidates: { type: "string" },
            rounds: { type: "string" },
            seed: { type: "string" },
            "think-budget": { type: "string" },
            workspace: { type: "string" },
            "trust-workspace": { type: "boolean" },
            unsandboxed: { type: "boolean" },
            json: { type: "boolean" },
            apply: { type: "boolean" },
            "apply-unverified": { type: "boolean" },
            record: { type: "string" },
            ...memoryFlagSpec,
            "no-symbolic": { type: "boolean" },
            test: { type: "string", multiple: true },
            issue: { type: "string" },
            reruns: { type: "string" },
            "regression-budget": { type: "string" },
            "accept-test-change": { type: "boolean" }
        }
    });
    const root = resolve(io.cwd, values.workspace ?? ".");
    // No FILE, or a failure only the repository-level fix takes: the `repair` job finds where the bug is.
    if (isRepair(values, positionals)) {
        if (positionals.length > 0)
            throw new InvalidRequestError(
                `--test and --issue take no FILE: the fix finds where the bug is.\n${fixUsage}`
            );
        if (values["apply-unverified"])
            throw new InvalidRequestError("A fix from a failure is written only when verified: use --apply.");
        return repairCommand(values, io, root, signal);
    }
    if (values.reruns !== undefined || values["regression-budget"] !== undefined || values["accept-test-change"])
        throw new InvalidRequestError(
            `--reruns, --regression-budget and --accept-test-change are for a fix from a failure (no FILE).\n${fixUsage}`
        );
    if (positionals.length !== 1) throw new InvalidRequestError(`fix needs one FILE[:LINE].\n${fixUsage}`);
    const match = /^(.*?)(?::(\d+))?$/.exec(positionals[0]!)!;
    const file = workspaceRelativePath(root, resolve(io.cwd, match[1]!));
    const testOutput = values["test-output"]
        ? await readFile(resolve(io.cwd, values["test-output"]), "utf8").catch(() => {
              throw new InvalidRequestError(`Cannot read --test-output ${values["test-output"]}.`);
          })
        : undefined;
    const target = targetOf(
        match[2] ?? (testOutput ? lineFromTestOutput(testOutput, file) : undefined),
        values.range,
        values.function
    );
    const request: FixRequest = {
        file,
        target,
        // Unset counts take the fix kind's defaults in runJob.
        ...withSetting("candidates", parseSettingFlag("candidates", values.candidates)),
        ...withSetting("extraRounds", parseSettingFlag("extraRounds", values.rounds)),
        ...(values.seed !== undefined ? { seed: parseWholeNumber("seed", values.seed, 0)! } : {}),
        ...(values["think-budget"] !== undefined
            ? { thinkBudget: parseSettingFlag("thinkBudget", values["think-budget"])! }
            : {}),
        ...(testOutput !== undefined ? { testOutput } : {})
    };
    const before = await new DiskWorkspace(root).readText(file);
    // The workspace's solution memory (a local file, see `ponder memory stats`) and the exact tools are on unless turned off.
    const memory = await memoryFromFlags(values, io, root);
    const job = await runExpertJob(
        "fix",
        request,
        values,
        io,
        root,
        signal,
        values.json ? undefined : progressPrinter(io),
        {
            ...(memory ? { memory } : {}),
            ...(values["no-symbolic"] ? {} : { symbolic: defaultSymbolicSources() })
        }
    );
    const result: FixResult = job.result;
    if (values.json) io.out(JSON.stringify({ ...fixReport(result), expert: expertReport(job) }, null, 2) + "\n");
    else {
        printResult(io, result);
        io.out(expertLine(job));
    }
    // Only a verified patch is proof: --apply writes nothing weaker, --apply-unverified writes it and says what it is.
    const proven = result.status === "verified";
    if ((values.apply || values["apply-unverified"]) && result.patch && !proven && !values["apply-unverified"])
        io.err(
            `Not applied: the patch is not proven (${weakerPatch(result)}). Review it; --apply-unverified writes it anyway.\n`
        );
    else if ((values.apply || values["apply-unverified"]) && result.patch) {
        const path = resolve(root, file);
        if ((await readFile(path, "utf8")) !== before)
            throw new InvalidRequestError(`${file} changed while Ponder worked; nothing was written.`);
        const written = await writeWithBackup(root, file, applyTextEdits(before, result.patch.edits), false);
        io.err(
            proven
                ? `Applied the patch to ${file}; ${undoNote(written)}.\n`
                : `Applied an UNPROVEN patch to ${file} (${weakerPatch(result)}); ${undoNote(written)}.\n`
        );
        // It keeps only a verified result, and says so.
        await keepAcceptedResult(job, values, io, root);
    } else if (datasetEnabled(values, io) && job.verified)
        io.err("Not kept as a training example: only applied fixes are kept (--apply).\n");
    return result.status === "verified" ? ExitCode.ok : ExitCode.negative;
}

/** What a patch that is not verified is, for the terminal: its status and why, in the model's words made safe. */
function weakerPatch(result: FixResult): string {
    return `status ${result.status}: ${visibleControls(result.unverifiedReason ?? "no test proves it")}`;
}

function targetOf(line: string | undefined, range: string | undefined, name: string | undefined): FixRequest["target"] {
    if (name) return { name };
    if (range) {
        const m = /^(\d+)-(\d+)$/.exec(range);
        if (!m) throw new InvalidRequestError(`--range must be START-END offsets; got "${range}".`);
        return { range: { start: Number(m[1]), end: Number(m[2]) } };
    }
    if (line) return { line: Number(line) };
    throw new InvalidRequestError(
        "Say where the bug is: FILE:LINE, --range A-B, --function NAME, or --test-output with a traceback that names the file."
    );
}

/** The innermost line of FILE a failing test's traceback names (Python, Node and Rust formats). */
export function lineFromTestOutput(output: string, file: string): string | undefined {
    const base = file
        .split("/")
        .pop()!
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const frames = [...output.matchAll(new RegExp(`(?:File "[^"]*${base}", line (\\d+))|(?:${base}:(\\d+))`, "g"))];
    const last = frames.at(-1);
    return last ? (last[1] ?? last[2]) : undefined;
}

function progressPrinter(io: CliIo): (event: FixEvent) => void {
    const styles = stylesFor(io.isTty);
    const chunks = new Map<number, number>();
    return (event) => {
        if (event.kind === "step")
            io.err(styles.dim(`[round ${event.round + 1}] ${event.step}: ${visibleControls(event.detail)}\n`));
        else if (event.kind === "recall")
            io.err(
                styles.dim(
                    `[round ${event.round + 1}] memory: ${event.solutions.length === 0 ? "no similar verified fix" : `recalled ${event.solutions.length} verified fix(es)`} (${event.source})\n`
                )
            );
        else if (event.kind === "reasoning" && (event.event.kind === "thought" || event.event.kind === "answer")) {
            const n = (chunks.get(event.event.candidate) ?? 0) + 1;
            chunks.set(event.event.candidate, n);
            if (io.isTty && n % 20 === 0)
                io.err(styles.dim(`\r  thinking: ${[...chunks.values()].join(" / ")} tokens\x1b[K`));
        } else if (event.kind === "reasoning" && event.event.kind === "done" && io.isTty) io.err("\r\x1b[K");
    };
}

function printResult(io: CliIo, result: FixResult): void {
    const styles = stylesFor(io.isTty);
    io.out(
        table([
            ["ROUND", "CAND", "REWARD", "ACC", "FMT", "LANG", "ADV", "CLUSTER", "REPRO", "STATUS", "NOTE"],
            ...result.candidates.map((c) => [
                String(c.round + 1),
                String(c.index),
                c.ranking.reward.total.toFixed(2),
                c.ranking.reward.accuracy.toFixed(2),
                c.ranking.reward.format.toFixed(2),
                c.ranking.reward.language.toFixed(2),
                c.ranking.advantage.toFixed(2),
                String(c.ranking.clusterSize),
                String(c.reproducingTests.length),
                statusWords[c.status],
                visibleControls(
                    (c.origin ? `symbolic ${c.origin.tool}: ${c.origin.title}` : (c.parseProblems[0] ?? "")).slice(
                        0,
                        60
                    )
                )
            ])
        ])
    );
    io.out("\n");
    if (result.memory)
        printRecalled(io, result.memory.recalled, result.memory.source, "verified fix(es)", "winning patch");
    if (result.symbolic) {
        io.out(
            `Symbolic candidates: ${result.symbolic.sources.map((s) => `${s.tool} ${s.status} (${s.detail})`).join("; ") || "no tool for this language"}` +
                `${result.symbolic.modelCancelled ? "; a symbolic fix was verified first and the model was cancelled" : ""}.\n`
        );
    }
    const origin = result.patch?.origin;
    const which = result.patch
        ? `round ${result.patch.round + 1}, candidate ${result.patch.candidate}` +
          `${origin ? `, symbolic: ${origin.tool} "${visibleControls(origin.title)}" for ${visibleControls(origin.diagnostic)}` : ""}`
        : "";
    if (result.status === "verified") io.out(styles.green(`Verified fix (${which}):\n`));
    else if (result.status === "plausible")
        io.out(
            styles.red(`Not proven (${which}): a patch that only its own reply's tests support, offered for review.\n`)
        );
    else if (result.status === "unverified")
        io.out(
            styles.red(`No verified fix. Best unverified patch: ${visibleControls(result.unverifiedReason ?? "")}.\n`)
        );
    else io.out(styles.red("No candidate gave a usable patch.\n"));
    // The evidence in words: what supports the chosen patch, by source (test names and outputs come from model text).
    io.out(`${visibleControls(result.evidence.summary)}.\n`);
    for (const disagreement of result.evidence.disagreements) io.out(`  ${visibleControls(disagreement)}\n`);
    if (result.patch) io.out(visibleControls(result.patch.diff));
    io.out(
        styles.dim(
            `\n${result.rounds} round(s); model ${(result.timings.modelMs / 1000).toFixed(1)} s, verification ${(result.timings.verifyMs / 1000).toFixed(1)} s.\n`
        )
    );
}

/** How the table and the headline say a status: "plausible" is "not proven" to users. */
const statusWords: Record<FixResult["candidates"][number]["status"], string> = {
    verified: "verified",
    plausible: "not proven",
    unverified: "no"
};

/** `{ [name]: value }`, or nothing when the flag was not given (the job kind's default then applies). */
function withSetting<N extends string>(name: N, value: number | undefined): { [K in N]?: number } {
    return (value !== undefined ? { [name]: value } : {}) as { [K in N]?: number };
}
