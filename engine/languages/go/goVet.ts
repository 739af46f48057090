// `go vet` in the sandbox and its findings as data: each diagnostic with its file, line, column and analyzer, and
// the analyzer's suggested fixes as byte-offset edits when the Go release reports them (Go 1.19's vet reports none,
// so on Debian 12 vet's findings are evidence for a prompt, not symbolic fix candidates).

import type { Sandbox } from "../../sandbox/index.js";
import { runFolder, tail, toolchainLimits, type TestRunOptions } from "../../toolchains/toolchainRun.js";
import { goInSandbox } from "./goInSandbox.js";

export interface GoVetEdit {
    file: string;
    /** Byte offsets in the file. */
    start: number;
    end: number;
    newText: string;
}

export interface GoVetDiagnostic {
    /** Relative to the module root. */
    file: string;
    line: number;
    column: number;
    analyzer: string;
    message: string;
    suggestedFixes: { message: string; edits: GoVetEdit[] }[];
}

export type GoVetResult =
    | { kind: "vetted"; diagnostics: GoVetDiagnostic[] }
    /** The packages did not type-check: vet's or the compiler's words. */
    | { kind: "buildFailed"; message: string }
    | { kind: "cancelled" };

interface JsonDiagnostic {
    posn?: string;
    message?: string;
    suggested_fixes?: {
        message?: string;
        edits?: { filename?: string; start?: number; end?: number; new?: string }[];
    }[];
}

/** Reads `go vet -json`'s output (stderr: `# package` lines, each followed by one JSON object by package and analyzer). */
export function parseGoVetJson(output: string, rootInside: string): GoVetDiagnostic[] {
    const diagnostics: GoVetDiagnostic[] = [];
    const relative = (path: string) =>
        path.startsWith(`${rootInside}/`) ? path.slice(rootInside.length + 1) : path.replace(/^\.\//, "");
    for (const object of jsonObjects(output)) {
        for (const analyzers of Object.values(object)) {
            if (!analyzers || typeof analyzers !== "object") continue;
            for (const [analyzer, found] of Object.entries(analyzers as Record<string, unknown>)) {
                if (!Array.isArray(found)) continue;
                for (const diagnostic of found as JsonDiagnostic[]) {
                    const position = /^(.*):(\d+):(\d+)$/.exec(diagnostic.posn ?? "");
                    if (!position) continue;
                    diagnostics.push({
                        file: relative(position[1]!),
                        line: Number(position[2]),
                        column: Number(position[3]),
                        analyzer,
                        message: diagnostic.message ?? "",
                        suggestedFixes: (diagnostic.suggested_fixes ?? []).map((fix) => ({
                            message: fix.message ?? "",
                            edits: (fix.edits ?? []).map((edit) => ({
                                file: relative(edit.filename ?? ""),
                                start: edit.start ?? 0,
                                end: edit.end ?? 0,
                                newText: edit.new ?? ""
                            }))
                        }))
                    });
                }
            }
        }
    }
    return diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** The top-level JSON objects in a text that also holds other lines (`# example.com/m`). */
function* jsonObjects(text: string): Generator<Record<string, unknown>> {
    let depth = 0,
        start = -1,
        inString = false,
        escaped = false;
    for (let i = 0; i < text.length; i++) {
        const char = text[i]!;
        if (inString) {
            if (escaped) escaped = false;
            else if (char === "\\") escaped = true;
            else if (char === '"') inString = false;
        } else if (char === '"' && depth > 0) inString = true;
        else if (char === "{") {
            if (depth++ === 0) start = i;
        } else if (char === "}" && depth > 0 && --depth === 0) {
            try {
                yield JSON.parse(text.slice(start, i + 1)) as Record<string, unknown>;
            } catch {
                // Not JSON after all: skipped.
            }
        }
    }
}

/** Runs `go vet -json ./...` over the project in a scratch copy. */
export async function runGoVet(
    options: Pick<TestRunOptions, "workspaceRoot" | "files" | "contents" | "limits" | "signal"> & {
        sandbox: Sandbox;
        goPath?: string;
    }
): Promise<GoVetResult> {
    const { sandbox } = options;
    const scratch = await sandbox.createScratch({
        from: options.workspaceRoot,
        paths: options.files ?? [],
        ...(options.contents ? { contents: options.contents } : {})
    });
    try {
        await scratch.makeDirectory(runFolder);
        const { go, env, binds } = await goInSandbox(
            sandbox,
            scratch,
            [...(options.files ?? []), ...Object.keys(options.contents ?? {})],
            options.goPath
        );
        const run = await sandbox.run(
            scratch,
            {
                command: go,
                args: ["vet", "-json", "./..."],
                env,
                binds,
                memoryRlimit: "data",
                limits: toolchainLimits(options, { timeoutMs: 120_000 })
            },
            options.signal ? { signal: options.signal } : {}
        );
        if (run.cancelled) return { kind: "cancelled" };
        const diagnostics = parseGoVetJson(run.stderr, sandbox.pathInside(scratch));
        // Type errors come as `vet: file:line:col: …` (or the compiler's lines), not as JSON, and vet exits non-zero.
        if (run.exitCode !== 0 && diagnostics.length === 0)
            return { kind: "buildFailed", message: tail([run.stdout, run.stderr].join("\n").trim()) };
        return { kind: "vetted", diagnostics };
    } finally {
        await scratch.dispose();
    }
}
