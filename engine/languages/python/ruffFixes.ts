// A Python linter's autofix as a candidate, when ruff is installed: `ruff check --fix` on the target's text
// through stdin (a static tool; it never runs the code). Without ruff on PATH the source says so in the
// evidence and proposes nothing.

import { execFile } from "node:child_process";
import { findExecutableOnHost } from "../../toolchains/hostTools.js";
import type { SymbolicFixSource } from "../../chains/fix/symbolic/SymbolicTypes.js";

export function ruffFixes(options: { ruffPath?: string } = {}): SymbolicFixSource {
    return {
        tool: "ruff",
        languages: ["python"],
        async propose(input) {
            const ruff = options.ruffPath ?? findExecutableOnHost("ruff");
            if (!ruff)
                return {
                    proposals: [],
                    report: {
                        status: "unavailable",
                        detail: "ruff is not on PATH, so Python has no linter fixes (install ruff to add them)"
                    }
                };
            const fixed = await new Promise<{ stdout: string; failed?: string }>((resolve) => {
                const child = execFile(
                    ruff,
                    ["check", "--fix-only", "--exit-zero", "--quiet", "--stdin-filename", input.file, "-"],
                    {
                        cwd: input.workspace.root,
                        timeout: 20_000,
                        maxBuffer: 8 * 1024 * 1024,
                        ...(input.signal ? { signal: input.signal } : {})
                    },
                    (error, stdout) => resolve(error ? { stdout, failed: error.message } : { stdout })
                );
                child.stdin?.end(input.originalText);
            });
            if (fixed.failed)
                return {
                    proposals: [],
                    report: { status: "failed", detail: `ruff failed: ${fixed.failed.split("\n")[0]}` }
                };
            if (fixed.stdout === "" || fixed.stdout === input.originalText)
                return { proposals: [], report: { status: "none", detail: "ruff has no fix for this file" } };
            return {
                proposals: [
                    {
                        tool: "ruff",
                        title: "ruff check --fix",
                        diagnostic: "ruff's fixable rules",
                        applicability: "autofix",
                        edits: [{ start: 0, end: input.originalText.length, newText: fixed.stdout }]
                    }
                ],
                report: { status: "proposed", detail: "ruff fixed the file" }
            };
        }
    };
}
