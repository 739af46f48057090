// `ponder tests FILE[:SYMBOL]`: the tests chain from the command line. Prints the kept, dropped and possible-bug
// tests with coverage and mutation score; writes the test-file edits only with --apply (and keeps a backup to undo them).

import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
    applyTextEdits,
    DiskWorkspace,
    expertReport,
    InvalidRequestError,
    testsReport,
    isSymlink,
    resolveInsideWorkspace,
    testsProven,
    workspaceRelativePath,
    type TestsEvent,
    type TestsRequest,
    type TestsResult
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
import { stylesFor } from "../terminal/format.js";
import { visibleControls } from "../terminal/visibleControls.js";
import { undoNote, writeWithBackup } from "../writeWithBackup.js";

export const testsUsage = `Usage: ponder tests FILE[:SYMBOL] [--candidates G] [--runs N] [--mutants M] [--seed N] [--think-budget N]
                    [--model …] [--workspace DIR] [--trust-workspace] [--unsandboxed] [--json] [--apply | --apply-unverified]
                    ${expertUsage} ${memoryUsage}
`;

export async function testsCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
            ...modelFlagSpec,
            ...expertFlagSpec,
            ...memoryFlagSpec,
            candidates: { type: "string" },
            runs: { type: "string" },
            mutants: { type: "string" },
            seed: { type: "string" },
            "think-budget": { type: "string" },
            workspace: { type: "string" },
            "trust-workspace": { type: "boolean" },
            unsandboxed: { type: "boolean" },
            json: { type: "boolean" },
            apply: { type: "boolean" },
            "apply-unverified": { type: "boolean" },
            record: { type: "string" }
        }
    });
    if (positionals.length !== 1) throw new InvalidRequestError(`tests needs one FILE[:SYMBOL].\n${testsUsage}`);
    // A symbol never holds a path separator; a Windows drive letter (C:\…) is not a symbol.
    const match = /^(.*?)(?::([A-Za-z_$][\w$.:]*))?$/.exec(positionals[0]!)!;
    const root = resolve(io.cwd, values.workspace ?? ".");
    const file = workspaceRelativePath(root, resolve(io.cwd, match[1]!));
    const request: TestsRequest = {
        file,
        ...(match[2] ? { symbol: match[2] } : {}),
        // Unset, the count takes the tests kind's default in runJob.
        ...withSetting("candidates", parseSettingFlag("candidates", values.candidates)),
        runs: parseWholeNumber("runs", values.runs, 1, 100) ?? 3,
        ...(values.mutants !== undefined ? { maxMutants: parseWholeNumber("mutants", values.mutants, 0, 1000)! } : {}),
        ...(values.seed !== undefined ? { seed: parseWholeNumber("seed", values.seed, 0)! } : {}),
        ...(values["think-budget"] !== undefined
            ? { thinkBudget: parseSettingFlag("thinkBudget", values["think-budget"])! }
            : {})
    };
    await new DiskWorkspace(root).readText(file);
    const memory = await memoryFromFlags(values, io, root);
    const job = await runExpertJob(
        "tests",
        request,
        values,
        io,
        root,
        signal,
        values.json ? undefined : progressPrinter(io),
        memory ? { memory } : undefined
    );
    const result: TestsResult = job.result;
    if (values.json) io.out(JSON.stringify({ ...jsonResult(result), expert: expertReport(job) }, null, 2) + "\n");
    else {
        printResult(io, result);
        if (result.memory)
            printRecalled(io, result.memory.recalled, result.memory.source, "kept test set(s)", "kept tests");
        io.out(expertLine(job));
    }
    // Proven: tests were kept and, together in the test file as written, all pass; --apply writes nothing weaker.
    const proven = testsProven(result);
    if (
        (values.apply || values["apply-unverified"]) &&
        result.edits.length > 0 &&
        !proven &&
        !values["apply-unverified"]
    )
        io.err(
            `Not applied: the tests are not proven (${weakerTests(result)}). Review them; --apply-unverified writes them anyway.\n`
        );
    else if (values.apply || values["apply-unverified"]) {
        // Every file is checked before any is written, so a changed file leaves all of them as they were.
        for (const edit of result.edits) {
            // The engine does not read a symlinked test file (it looks absent): say so rather than "changed".
            await resolveInsideWorkspace(root, edit.file);
            if (await isSymlink(root, edit.file))
                throw new InvalidRequestError(
                    `${edit.file} is a symlink; Ponder does not read or write test files through symlinks. Nothing was written.`
                );
            const current = await readFile(resolve(root, edit.file), "utf8").catch(() => undefined);
            // The edits were computed on the text Ponder read: applied to the current text they give the same file only if it did not change.
            if (
                edit.created
                    ? current !== undefined
                    : current === undefined || applyTextEdits(current, edit.edits) !== edit.newText
            )
                throw new InvalidRequestError(`${edit.file} changed while Ponder worked; nothing was written.`);
        }
        for (const edit of result.edits) {
            const written = await writeWithBackup(root, edit.file, edit.newText, edit.created);
            io.err(
                `${edit.created ? "Created" : "Added the kept tests to"} ${edit.file}${proven ? "" : ` (UNPROVEN: ${weakerTests(result)})`}; ${undoNote(written)}.\n`
            );
        }
        if (result.edits.length > 0 && proven) await keepAcceptedResult(job, values, io, root);
    } else if (datasetEnabled(values, io) && job.verified)
        io.err("Not kept as a training example: only applied results are kept (--apply).\n");
    return result.kept.length > 0 ? ExitCode.ok : ExitCode.negative;
}

/** Why tests that are not proven are not, for the terminal. */
function weakerTests(result: TestsResult): string {
    if (result.keptTogether === "failed") return "the kept tests do not all pass together in the test file";
    return result.kept.length === 0 ? "no test was kept" : "the kept tests were not run together in the test file";
}

function progressPrinter(io: CliIo): (event: TestsEvent) => void {
    const styles = stylesFor(io.isTty);
    return (event) => {
        if (event.kind === "step") io.err(styles.dim(`${event.step}: ${visibleControls(event.detail)}\n`));
        else if (event.kind === "test")
            io.err(styles.dim(visibleControls(`  ${event.verdict} ${event.name}: ${event.reason}`) + "\n"));
    };
}

function printResult(io: CliIo, result: TestsResult): void {
    const styles = stylesFor(io.isTty);
    io.out(styles.green(`Kept ${result.kept.length} test(s) for ${visibleControls(result.target)}:\n`));
    for (const kept of result.kept)
        io.out(
            `  ${visibleControls(kept.name)}  +${kept.coverageGain.toFixed(1)}% (lines ${kept.newLines.join(", ")})\n`
        );
    if (result.possibleBugs.length > 0) {
        io.out(styles.red(`Possible bugs (${result.possibleBugs.length}): these tests fail on the current code:\n`));
        for (const bug of result.possibleBugs)
            io.out(
                visibleControls(`  ${bug.name}: ${bug.failure.split("\n").slice(0, 3).join(" ").slice(0, 200)}`) + "\n"
            );
    }
    if (result.dropped.length > 0) {
        io.out(`Dropped (${result.dropped.length}):\n`);
        for (const dropped of result.dropped)
            io.out(visibleControls(`  ${dropped.name}: ${dropped.reason.split("\n")[0]}`) + "\n");
    }
    io.out(
        result.coverage.measured
            ? `Coverage of ${result.target}: ${result.coverage.before}% → ${result.coverage.after}%\n`
            : "Coverage: not measured\n"
    );
    const m = result.mutation;
    io.out(`Mutation score: ${m.score}% (${m.killed} of ${m.total} mutants killed)\n`);
    for (const survivor of m.survivors)
        io.out(`  survived: line ${survivor.line}: ${visibleControls(survivor.description)}\n`);
    for (const note of result.notes) io.out(styles.dim(`${visibleControls(note)}\n`));
    for (const edit of result.edits)
        io.out(styles.dim(`${edit.created ? "New file" : "Edits to"} ${edit.file} (use --apply to write it).\n`));
}

/** The engine's one tests report, with the edits `--apply` would write. */
export function jsonResult(result: TestsResult) {
    return {
        ...testsReport(result),
        edits: result.edits.map((e) => ({ file: e.file, created: e.created, edits: e.edits }))
    };
}

/** `{ [name]: value }`, or nothing when the flag was not given (the job kind's default then applies). */
function withSetting<N extends string>(name: N, value: number | undefined): { [K in N]?: number } {
    return (value !== undefined ? { [name]: value } : {}) as { [K in N]?: number };
}
