// rustc's own suggestions as candidates: `cargo check --message-format=json` in the sandbox, and each
// error's suggested replacements in the target file (machine-applicable first, then "maybe incorrect" ones,
// which verification settles) become edits.

import { cargoCheckMessages, type CargoCompilerMessage, type CargoSpan } from "./toolchain/cargoCheckMessages.js";
import type { TextEdit } from "../../analysis/index.js";
import type { SymbolicFixSource, SymbolicProposal } from "../../chains/fix/symbolic/SymbolicTypes.js";

const usableApplicability = ["MachineApplicable", "MaybeIncorrect"];

export function rustcSuggestions(options: { cacheDir?: string } = {}): SymbolicFixSource {
    return {
        tool: "rustc",
        languages: ["rust"],
        async propose(input) {
            const seed = await input.workspace.scratchSeed();
            const checked = await cargoCheckMessages({
                sandbox: input.sandbox,
                workspaceRoot: input.workspace.root,
                files: seed.files,
                contents: { ...seed.contents, [input.file]: input.originalText },
                ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
                ...(input.signal ? { signal: input.signal } : {})
            });
            if (checked.kind === "cancelled")
                return { proposals: [], report: { status: "cancelled", detail: "cancelled" } };
            // `--all-targets` checks the library and its tests: the same error can come twice.
            const seen = new Set<string>();
            const errors = checked.messages
                .filter((m) => m.level === "error" && m.spans.some((s) => s.file_name === input.file))
                .filter((m) => {
                    const key = `${m.message}@${m.spans.map((s) => `${s.byte_start}-${s.byte_end}`).join(",")}`;
                    return !seen.has(key) && seen.add(key) !== undefined;
                });
            if (errors.length === 0)
                return {
                    proposals: [],
                    report: {
                        status: "none",
                        detail:
                            checked.exitCode === 0
                                ? "the crate builds: rustc has nothing to fix"
                                : `no rustc error in ${input.file}`
                    }
                };
            const proposals = proposalsOf(errors, input.file, input.originalText);
            return {
                proposals,
                report:
                    proposals.length > 0
                        ? {
                              status: "proposed",
                              detail: `${proposals.length} suggestion(s) for ${errors.length} error(s)`
                          }
                        : {
                              status: "none",
                              detail: `rustc reported ${errors.length} error(s) in ${input.file} without an applicable suggestion`
                          }
            };
        }
    };
}

/** Each alternative suggestion of each error alone, then every error's first machine-applicable suggestion together. */
export function proposalsOf(errors: CargoCompilerMessage[], file: string, text: string): SymbolicProposal[] {
    const bytes = Buffer.from(text, "utf8");
    const offset = (byte: number) => bytes.subarray(0, byte).toString("utf8").length;
    const proposals: SymbolicProposal[] = [];
    const firstMachineApplicable: TextEdit[] = [];
    for (const error of errors) {
        const diagnostic = `${error.code?.code ? `error[${error.code.code}]` : "error"}: ${error.message}`;
        let tookFirst = false;
        for (const alternative of [error, ...error.children]) {
            const spans = alternative.spans.filter(
                (s): s is CargoSpan & { suggested_replacement: string } =>
                    typeof s.suggested_replacement === "string" &&
                    usableApplicability.includes(s.suggestion_applicability ?? "") &&
                    s.file_name === file
            );
            if (spans.length === 0) continue;
            const edits = spans.map((s) => ({
                start: offset(s.byte_start),
                end: offset(s.byte_end),
                newText: s.suggested_replacement
            }));
            const applicability = spans.every((s) => s.suggestion_applicability === "MachineApplicable")
                ? "MachineApplicable"
                : "MaybeIncorrect";
            proposals.push({ tool: "rustc", title: alternative.message, diagnostic, applicability, edits });
            if (!tookFirst && applicability === "MachineApplicable") {
                firstMachineApplicable.push(...edits);
                tookFirst = true;
            }
        }
    }
    if (errors.length > 1 && firstMachineApplicable.length > 0 && !overlapping(firstMachineApplicable))
        proposals.unshift({
            tool: "rustc",
            title: "every machine-applicable suggestion",
            diagnostic: `${errors.length} errors`,
            applicability: "MachineApplicable",
            edits: firstMachineApplicable
        });
    return proposals;
}

function overlapping(edits: TextEdit[]): boolean {
    const sorted = [...edits].sort((a, b) => a.start - b.start);
    return sorted.some((edit, i) => i > 0 && edit.start < sorted[i - 1]!.end);
}
