// `ponder fix` from a failure instead of a location: `--test ID` (repeatable), `--test-output FILE` with no FILE,
// `--issue FILE|-`, or no target (the project's failing tests). Runs the `repair` job; prints the failing tests, the
// localisation table, the candidates, the verdict and its evidence sentence and the multi-file diff; `--apply`
// writes a verified patch only (a patch that changes a test needs --accept-test-change too), every file backed up.

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
    expertReport,
    InvalidRequestError,
    repairReport,
    type RepairEvent,
    type RepairFailure,
    type RepairRequest,
    type RepairResult
} from "../../engine/index.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { expertLine, runExpertJob, type ExpertFlags } from "../expertSession.js";
import { parseSettingFlag, parseWholeNumber } from "../modelOptions.js";
import { stylesFor, table } from "../terminal/format.js";
import { visibleControls } from "../terminal/visibleControls.js";
import { undoNote, writeWithBackup } from "../writeWithBackup.js";

export interface RepairFlags extends ExpertFlags {
    test?: string[];
    "test-output"?: string;
    issue?: string;
    candidates?: string;
    rounds?: string;
    seed?: string;
    "think-budget"?: string;
    reruns?: string;
    "regression-budget"?: string;
    json?: boolean;
    apply?: boolean;
    "accept-test-change"?: boolean;
}

/** Whether the flags ask for a fix from a failure (no FILE given, or a failure target that only repair takes). */
export function isRepair(flags: RepairFlags, positionals: string[]): boolean {
    return positionals.length === 0 || (flags.test?.length ?? 0) > 0 || flags.issue !== undefined;
}

export async function repairCommand(
    flags: RepairFlags,
    io: CliIo,
    root: string,
    signal?: AbortSignal
): Promise<number> {
    const request: RepairRequest = {
        failure: await failureOf(flags, io),
        // Unset flags stay unset: runJob fills the repair kind's defaults in.
        ...(flags.candidates !== undefined ? { candidates: parseSettingFlag("candidates", flags.candidates)! } : {}),
        ...(flags.rounds !== undefined ? { extraRounds: parseSettingFlag("extraRounds", flags.rounds)! } : {}),
        ...(flags.seed !== undefined ? { seed: parseWholeNumber("seed", flags.seed, 0)! } : {}),
        ...(flags["think-budget"] !== undefined
            ? { thinkBudget: parseSettingFlag("thinkBudget", flags["think-budget"])! }
            : {}),
        ...(flags.reruns !== undefined ? { reruns: parseWholeNumber("reruns", flags.reruns, 1)! } : {}),
        ...(flags["regression-budget"] !== undefined
            ? { regressionBudgetMs: parseWholeNumber("regression-budget", flags["regression-budget"], 0)! * 1000 }
            : {})
    };
    const job = await runExpertJob("repair", request, flags, io, root, signal, flags.json ? undefined : progress(io));
    const result = job.result;
    // The result serialized once, as the editor gets it from `ponder/fix` with a failure target.
    if (flags.json) io.out(JSON.stringify({ ...repairReport(result), expert: expertReport(job) }, null, 2) + "\n");
    else {
        printRepair(io, result);
        io.out(expertLine(job));
    }
    if (flags.apply) await applyRepair(io, root, result, flags["accept-test-change"] === true);
    return result.status === "verified" ? ExitCode.ok : ExitCode.negative;
}

async function failureOf(flags: RepairFlags, io: CliIo): Promise<RepairFailure> {
    const given = [(flags.test?.length ?? 0) > 0, flags["test-output"] !== undefined, flags.issue !== undefined];
    if (given.filter(Boolean).length > 1)
        throw new InvalidRequestError(
            "Give one failure: --test ID (repeatable), --test-output FILE or --issue FILE|-."
        );
    if (flags.test && flags.test.length > 0) return { tests: flags.test };
    if (flags["test-output"] !== undefined)
        return { testOutput: await readText(resolve(io.cwd, flags["test-output"]), "--test-output") };
    if (flags.issue !== undefined) {
        if (flags.issue !== "-") return { issue: await readText(resolve(io.cwd, flags.issue), "--issue") };
        if (!io.readStdin)
            throw new InvalidRequestError(
                "--issue - reads the report from standard input, which this run has none of."
            );
        const text = await io.readStdin();
        if (text.trim() === "") throw new InvalidRequestError("--issue -: standard input was empty.");
        return { issue: text };
    }
    return { runAll: true };
}

function readText(path: string, flag: string): Promise<string> {
    return readFile(path, "utf8").catch(() => {
        throw new InvalidRequestError(`Cannot read ${flag} ${path}.`);
    });
}

/** Writes every file of a verified patch (or an accepted test change) with a backup; refuses anything weaker. */
async function applyRepair(io: CliIo, root: string, result: RepairResult, acceptTestChange: boolean): Promise<void> {
    const patch = result.patch;
    if (!patch) return void io.err("Nothing to apply: no patch.\n");
    const accepted = result.status === "verified" || (result.status === "changesTest" && acceptTestChange);
    if (!accepted) {
        io.err(
            result.status === "changesTest"
                ? "Not applied: the patch changes your test; --accept-test-change applies it if the test is wrong.\n"
                : `Not applied: the patch is not verified (status ${result.status}).\n`
        );
        return;
    }
    // Every file is checked before any is written: a file changed meanwhile leaves them all alone.
    for (const file of patch.files) {
        const now = await readFile(resolve(root, file.file), "utf8").catch(() => undefined);
        if (file.created ? now !== undefined : now !== file.originalText)
            throw new InvalidRequestError(`${file.file} changed while Ponder worked; nothing was written.`);
    }
    for (const file of patch.files) {
        const written = await writeWithBackup(root, file.file, file.patchedText, file.created);
        io.err(`Applied the patch to ${file.file}; ${undoNote(written)}.\n`);
    }
}

function progress(io: CliIo): (event: RepairEvent) => void {
    const styles = stylesFor(io.isTty);
    return (event) => {
        if (event.kind === "step")
            io.err(styles.dim(`[round ${event.round + 1}] ${event.step}: ${visibleControls(event.detail)}\n`));
    };
}

const headline: Record<RepairResult["status"], string> = {
    verified: "Verified fix",
    plausible: "Not proven (plausible)",
    changesTest: "Changes your test",
    unverified: "No verified fix",
    noCandidate: "No candidate gave a usable patch",
    nothingFails: "Nothing to fix"
};

export function printRepair(io: CliIo, result: RepairResult): void {
    const styles = stylesFor(io.isTty);
    const safe = (text: string) => visibleControls(text);
    if (result.failing.length > 0) {
        io.out(
            `Failing tests (${result.evidence.oracle === "reproduction" ? "Ponder's reproduction tests" : "the project's"}):\n`
        );
        for (const test of result.failing)
            io.out(
                `  ${safe(test.id)}${test.message ? `: ${safe(test.message.split("\n")[0]!.slice(0, 100))}` : ""}\n`
            );
        io.out("\n");
    }
    if (result.localisation.suspects.length > 0) {
        io.out(
            table([
                ["RANK", "WHERE", "FUNCTION", "SCORE", "WHY"],
                ...result.localisation.suspects
                    .slice(0, 10)
                    .map((s) => [
                        String(s.rank),
                        `${safe(s.file)}:${s.startLine}`,
                        safe(s.name),
                        s.score.toFixed(2),
                        safe(s.why).slice(0, 70)
                    ])
            ])
        );
        if (result.localisation.modelChoice)
            io.out(
                `The model chose ${safe(result.localisation.modelChoice.name)} among tied suspects: ${safe(result.localisation.modelChoice.reason)}\n`
            );
        io.out("\n");
    }
    if (result.candidates.length > 0) {
        io.out(
            table([
                ["ROUND", "CAND", "REWARD", "FILES", "FIXED", "BROKE", "STATUS", "NOTE"],
                ...result.candidates.map((c) => [
                    String(c.round + 1),
                    String(c.index),
                    c.ranking.reward.total.toFixed(2),
                    safe(c.files.join(", ")).slice(0, 40),
                    String(c.fixed.length),
                    String(c.regressions.length),
                    c.status,
                    safe(c.parseProblems[0] ?? c.forms.join(", ")).slice(0, 50)
                ])
            ])
        );
        io.out("\n");
    }
    const which = result.patch ? ` (round ${result.patch.round + 1}, candidate ${result.patch.candidate})` : "";
    const colour = result.status === "verified" ? styles.green : styles.red;
    io.out(colour(`${headline[result.status]}${which}:\n`));
    io.out(`${safe(result.evidence.summary)}\n`);
    if (result.evidence.testChange) io.out(`Why the test would change: ${safe(result.evidence.testChange.reason)}\n`);
    if (result.evidence.flaky.length > 0)
        io.out(`Flaky (not counted as proof): ${safe(result.evidence.flaky.join(", "))}\n`);
    for (const note of result.notes) io.out(styles.dim(`Note: ${safe(note)}\n`));
    if (result.patch) io.out(safe(result.patch.diff));
    io.out(
        styles.dim(
            `\n${result.rounds} round(s); localisation ${(result.timings.localiseMs / 1000).toFixed(1)} s, model ${(result.timings.modelMs / 1000).toFixed(1)} s, verification ${(result.timings.verifyMs / 1000).toFixed(1)} s.\n`
        )
    );
}
