// `ponder memory stats|clear`: what the workspace's solution memory holds, and forgetting it in one command.
// The memory is a local file under the state folder; nothing in it is ever sent anywhere.

import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { defaultMemoryFile, InvalidRequestError, SolutionMemory } from "../../engine/index.js";
import { ExitCode, type CliIo } from "../CliIo.js";

export const memoryUsage = `Usage: ponder memory stats|clear [--workspace DIR] [--json]
`;

export async function memoryCommand(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { workspace: { type: "string" }, json: { type: "boolean" } }
    });
    const action = positionals[0];
    if (positionals.length !== 1 || (action !== "stats" && action !== "clear"))
        throw new InvalidRequestError(`memory needs one action, stats or clear.\n${memoryUsage}`);
    const root = resolve(io.cwd, values.workspace ?? ".");
    const file = defaultMemoryFile(root, io.env);
    if (action === "clear") {
        // A damaged file is cleared too: clearing is how the user recovers from one.
        const entries = await SolutionMemory.open({ file }).then(
            (memory) => memory.size,
            () => undefined
        );
        await SolutionMemory.removeFile(file);
        if (values.json) io.out(JSON.stringify({ cleared: entries ?? null, file }) + "\n");
        else
            io.out(
                `Cleared the solution memory of ${root}${entries !== undefined ? ` (${entries} solution${entries === 1 ? "" : "s"})` : ""}: ${file}\n`
            );
        return ExitCode.ok;
    }
    const stats = await (await SolutionMemory.open({ file })).stats();
    if (values.json) {
        io.out(JSON.stringify({ ...stats, file }, null, 2) + "\n");
        return ExitCode.ok;
    }
    const languages = Object.entries(stats.byLanguage)
        .map(([language, count]) => `${language} ${count}`)
        .join(", ");
    const kinds = Object.entries(stats.byKind)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(", ");
    io.out(
        [
            `Solution memory of ${root}`,
            `  file:      ${file}${stats.bytes === 0 ? " (not written yet)" : ` (${stats.bytes} bytes)`}`,
            `  solutions: ${stats.entries} of at most ${stats.maxEntries}${kinds ? ` (${kinds}; ${languages})` : ""}`,
            `  recalled:  ${stats.recalls} time(s); the recalled solution reappeared in the new result ${stats.hits} time(s)`,
            ""
        ].join("\n")
    );
    return ExitCode.ok;
}
