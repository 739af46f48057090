// The solution memory as the chain commands open it: the workspace's memory file, on unless --no-memory, bounded
// by --memory-size (or PONDER_MEMORY_SIZE); and the one line per recalled solution they print.

import { visibleControls } from "./terminal/visibleControls.js";
import { defaultMemoryFile, SolutionMemory, type RecallReport } from "../engine/index.js";
import type { CliIo } from "./CliIo.js";
import { parseSettingFlag } from "./modelOptions.js";

export const memoryFlagSpec = {
    "no-memory": { type: "boolean" },
    "memory-size": { type: "string" }
} as const;

export const memoryUsage = "[--no-memory] [--memory-size N]";

export async function memoryFromFlags(
    flags: { "no-memory"?: boolean | undefined; "memory-size"?: string | undefined },
    io: CliIo,
    root: string
): Promise<SolutionMemory | undefined> {
    if (flags["no-memory"]) return undefined;
    const memorySize = parseSettingFlag("memorySize", flags["memory-size"] ?? io.env["PONDER_MEMORY_SIZE"]);
    // 0 turns the memory off, as the ponder.memorySize setting does.
    if (memorySize === 0) return undefined;
    return SolutionMemory.open({
        file: defaultMemoryFile(root, io.env),
        ...(memorySize !== undefined ? { maxEntries: memorySize } : {})
    });
}

/** What the memory recalled for a job (`what`: "verified fix(es)"…) and whether its pattern reappears in the `result` ("winning patch"…). */
export function printRecalled(io: CliIo, recalled: RecallReport[], source: string, what: string, result: string): void {
    if (recalled.length === 0) {
        io.out(`Solution memory: no similar ${what.replace(/\(s\)$/, "")} (${source}).\n`);
        return;
    }
    io.out(`Solution memory: recalled ${recalled.length} ${what} from ${source}:\n`);
    for (const r of recalled) {
        const reuse =
            r.patternInWinningPatch === undefined
                ? ""
                : r.patternInWinningPatch
                  ? `; its pattern is in the ${result}`
                  : `; its pattern is not in the ${result}`;
        io.out(
            `  ${visibleControls(r.target)} in ${visibleControls(r.file)} (similarity ${r.similarity.toFixed(2)}, stored ${r.storedAt}${r.inPrompt ? "" : ", left out of the prompt for the budget"}${reuse})\n`
        );
    }
}
