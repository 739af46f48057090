// `ponder dataset export|stats`: the training examples kept from verified, applied results of a workspace,
// exported as JSONL for supervised fine-tuning (chat messages, the thought in <think> tags) or summarised.

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
    datasetFile,
    datasetStats,
    exportSft,
    InvalidRequestError,
    readTrainingExamples,
    workspaceStateDir,
    writeFileAtomically
} from "../../engine/index.js";
import { ExitCode, type CliIo } from "../CliIo.js";

export const datasetUsage = `Usage: ponder dataset export [--out FILE] [--min-reward R] [--workspace DIR]
       ponder dataset stats [--json] [--workspace DIR]
       (examples are kept by ponder fix/tests --apply --keep-dataset, or PONDER_KEEP_DATASET=1)
`;

export async function datasetCommand(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
            out: { type: "string" },
            "min-reward": { type: "string" },
            workspace: { type: "string" },
            json: { type: "boolean" }
        }
    });
    const [action, ...rest] = positionals;
    if ((action !== "export" && action !== "stats") || rest.length > 0)
        throw new InvalidRequestError(`dataset needs export or stats.\n${datasetUsage}`);
    const stateDir = workspaceStateDir(resolve(io.cwd, values.workspace ?? "."), io.env);
    const { examples, unreadableLines } = await readTrainingExamples(stateDir);
    if (unreadableLines.length > 0)
        io.err(
            `Skipped ${unreadableLines.length} unreadable line(s) of ${datasetFile(stateDir)} (lines ${unreadableLines.slice(0, 5).join(", ")}); they stay in the file.\n`
        );
    if (action === "stats") {
        const stats = datasetStats(examples);
        if (values.json) io.out(JSON.stringify({ file: datasetFile(stateDir), ...stats }, null, 2) + "\n");
        else {
            io.out(`${stats.examples} example(s) in ${datasetFile(stateDir)}\n`);
            const line = (title: string, counts: Record<string, number>) =>
                io.out(
                    `  ${title}: ${
                        Object.entries(counts)
                            .map(([k, n]) => `${k} ${n}`)
                            .join(", ") || "none"
                    }\n`
                );
            line("by kind", stats.byKind);
            line("by expert", stats.byExpert);
            line("by model", stats.byModel);
            line("by language", stats.byLanguage);
            if (stats.reward)
                io.out(`  reward: min ${stats.reward.min}, mean ${stats.reward.mean}, max ${stats.reward.max}\n`);
            io.out(
                `  mean thought ${stats.meanThoughtChars} chars, mean answer ${stats.meanAnswerChars} chars; ` +
                    `${stats.thoughtsClosedByModel} thought(s) closed by the model\n`
            );
        }
        return ExitCode.ok;
    }
    let minReward: number | undefined;
    if (values["min-reward"] !== undefined) {
        minReward = Number(values["min-reward"]);
        if (!Number.isFinite(minReward))
            throw new InvalidRequestError(`--min-reward must be a number; got "${values["min-reward"]}".`);
    }
    const { records, skipped } = exportSft(examples, minReward !== undefined ? { minReward } : {});
    const jsonl = records.map((record) => JSON.stringify(record) + "\n").join("");
    if (values.out) {
        const out = resolve(io.cwd, values.out);
        await writeFileAtomically(out, jsonl);
        io.err(
            `Wrote ${records.length} example(s) to ${out}${skipped.length > 0 ? `; left out ${skipped.length} (${skipped[0]!.reason}${skipped.length > 1 ? ", …" : ""})` : ""}.\n`
        );
    } else io.out(jsonl);
    return ExitCode.ok;
}
