// `ponder port FILE --to rust|typescript`: the port chain from the command line. Writes the new files into --out
// (default a sibling folder such as `<stem>_rs/` or `<stem>_ts/`), never over the original, and prints the per-unit proof: compiled,
// cases, equal, counterexamples, rounds. Exit 0 only when every unit is equivalent on every case.

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
    checkPortOutFolder,
    defaultPortOutDir,
    DiskWorkspace,
    expertReport,
    InvalidRequestError,
    languageOfPath,
    languagePairOf,
    languagePairs,
    portProven,
    portTargetLanguages,
    portReport,
    workspaceRelativePath,
    resolveInsideWorkspace,
    writeInsideWorkspace,
    type PortEvent,
    type PortRequest,
    type PortResult
} from "../../engine/index.js";
import { memoryFlagSpec, memoryFromFlags, memoryUsage, printRecalled } from "../memoryFlags.js";
import { ExitCode, type CliIo } from "../CliIo.js";
import { expertFlagSpec, expertLine, expertUsage, keepAcceptedResult, runExpertJob } from "../expertSession.js";
import { modelFlagSpec, parseSettingFlag, parseWholeNumber } from "../modelOptions.js";
import { stylesFor } from "../terminal/format.js";
import { visibleControls } from "../terminal/visibleControls.js";

export const portUsage = `Usage: ponder port FILE --to rust|typescript [--out DIR] [--cases N] [--compile-rounds N] [--counterexample-rounds N]
                   [--seed N] [--think-budget N] [--model …] [--workspace DIR] [--trust-workspace] [--unsandboxed] [--json]
                   ${expertUsage} ${memoryUsage}
`;

export async function portCommand(args: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
            ...modelFlagSpec,
            ...expertFlagSpec,
            ...memoryFlagSpec,
            to: { type: "string" },
            out: { type: "string" },
            cases: { type: "string" },
            "compile-rounds": { type: "string" },
            "counterexample-rounds": { type: "string" },
            seed: { type: "string" },
            "think-budget": { type: "string" },
            workspace: { type: "string" },
            "trust-workspace": { type: "boolean" },
            unsandboxed: { type: "boolean" },
            json: { type: "boolean" },
            record: { type: "string" }
        }
    });
    if (positionals.length !== 1) throw new InvalidRequestError(`port needs one FILE.\n${portUsage}`);
    const to = portTargetLanguages().find((target) => target === values.to);
    if (to === undefined)
        throw new InvalidRequestError(
            `port needs ${portTargetLanguages()
                .map((t) => `--to ${t}`)
                .join(" or ")}.\n${portUsage}`
        );
    const root = resolve(io.cwd, values.workspace ?? ".");
    const file = workspaceRelativePath(root, resolve(io.cwd, positionals[0]!));
    const language = languageOfPath(file);
    const pair = language ? languagePairOf(language, to) : undefined;
    if (!pair)
        throw new InvalidRequestError(
            `Ponder cannot port ${file} to ${to} yet; it ports ${languagePairs.map((p) => `${p.fromName} to ${p.targetName}`).join(", ")}.`
        );
    await new DiskWorkspace(root).readText(file);
    const outDir =
        values.out !== undefined
            ? workspaceRelativePath(root, resolve(io.cwd, values.out))
            : defaultPortOutDir(file, pair);
    await checkPortOutFolder(root, outDir);
    const request: PortRequest = {
        file,
        to,
        outDir,
        ...(values.cases !== undefined ? { cases: parseWholeNumber("cases", values.cases, 0, 100_000)! } : {}),
        ...(values["compile-rounds"] !== undefined
            ? { compileRounds: parseWholeNumber("compile-rounds", values["compile-rounds"], 0, 10)! }
            : {}),
        ...(values["counterexample-rounds"] !== undefined
            ? {
                  counterexampleRounds: parseWholeNumber(
                      "counterexample-rounds",
                      values["counterexample-rounds"],
                      0,
                      10
                  )!
              }
            : {}),
        ...(values.seed !== undefined ? { seed: parseWholeNumber("seed", values.seed, 0)! } : {}),
        ...(values["think-budget"] !== undefined
            ? { thinkBudget: parseSettingFlag("thinkBudget", values["think-budget"])! }
            : {})
    };
    const memory = await memoryFromFlags(values, io, root);
    const job = await runExpertJob(
        "port",
        request,
        values,
        io,
        root,
        signal,
        values.json ? undefined : progressPrinter(io),
        memory ? { memory } : undefined
    );
    const result: PortResult = job.result;
    const written = await writeOutputs(root, file, result);
    // The port's files are written (the original never is): with --keep-dataset, each proven function's reply is kept.
    if (written.length > 0) await keepAcceptedResult(job, values, io, root);
    if (values.json)
        io.out(JSON.stringify({ ...jsonResult(result, written), expert: expertReport(job) }, null, 2) + "\n");
    else {
        printResult(io, result, written);
        if (result.memory) printRecalled(io, result.memory.recalled, result.memory.source, "proven port(s)", "port");
        io.out(expertLine(job));
    }
    // Every function proven on every case; classes and constants are compiled, not differentially tested.
    return portProven(result) ? ExitCode.ok : ExitCode.negative;
}

/**
 * Writes the port's files through the safe writer: the out folder was checked to be new, empty or an earlier port,
 * so replacing is allowed there, but never through a symlink out of the workspace; the original is never among them.
 */
async function writeOutputs(root: string, file: string, result: PortResult): Promise<string[]> {
    const written: string[] = [];
    const original = (await resolveInsideWorkspace(root, file)).real;
    for (const output of result.outputs) {
        if ((await resolveInsideWorkspace(root, output.path)).real === original)
            throw new InvalidRequestError(`The port would overwrite ${file}; nothing more was written.`);
        written.push((await writeInsideWorkspace(root, output.path, output.text, { existing: "replace" })).file);
    }
    return written;
}

function progressPrinter(io: CliIo): (event: PortEvent) => void {
    const styles = stylesFor(io.isTty);
    return (event) => {
        if (event.kind === "step")
            io.err(
                styles.dim(
                    visibleControls(`${event.step}${event.unit ? ` ${event.unit}` : ""}: ${event.detail}`) + "\n"
                )
            );
    };
}

function printResult(io: CliIo, result: PortResult, written: string[]): void {
    const styles = stylesFor(io.isTty);
    const headline = `${result.file} → ${result.to}: ${result.status}`;
    io.out((result.status === "equivalent" ? styles.green : styles.red)(`${headline}\n`));
    for (const unit of result.units) {
        const rounds = `rounds ${unit.rounds.translation}+${unit.rounds.compileRepair}+${unit.rounds.counterexample}`;
        io.out(
            `  ${visibleControls(unit.name).padEnd(24)} ${unit.status.padEnd(15)} compiled ${unit.compiled ? "yes" : "no "}  ${unit.equal}/${unit.cases} equal` +
                `${unit.skipped ? `, ${unit.skipped} skipped` : ""}  ${unit.counterexamples.length} counterexamples  ${rounds}\n`
        );
        for (const note of unit.notes.slice(0, 3))
            io.out(styles.dim(`      ${visibleControls(note.split("\n")[0]!)}\n`));
    }
    const passed = result.tests.filter((test) => test.outcome === "passed").length;
    if (result.tests.length > 0) io.out(`Tests: ${passed} of ${result.tests.length} ported and passing\n`);
    for (const test of result.tests.filter((t) => t.outcome !== "passed"))
        io.out(
            styles.dim(
                visibleControls(`  ${test.name}: ${test.outcome}${test.reason ? ` (${test.reason})` : ""}`) + "\n"
            )
        );
    for (const note of result.notes) io.out(styles.dim(`${visibleControls(note)}\n`));
    io.out(`Wrote ${written.length} files to ${result.outDir}/\n`);
}

/** The port's one report (`portReport`, also `ponder/port`'s response) with the files this command wrote. */
export function jsonResult(result: PortResult, written: string[]) {
    return { ...portReport(result), outputs: written };
}
