// Symbolic candidates: fixes proposed by exact tools (rustc's suggestions, TypeScript's code fixes, a Python
// linter's autofix) that compete with the model's candidates under the same verification and reward.

import type { SourceLanguage, TextEdit, TextRange } from "../../../analysis/index.js";
import type { Sandbox } from "../../../sandbox/index.js";
import type { Workspace } from "../../../workspace/Workspace.js";

export type SymbolicTool = "rustc" | "typescript" | "ruff";

/** One fix a tool proposes for the target file. */
export interface SymbolicProposal {
    tool: SymbolicTool;
    /** What the tool calls the fix ("try removing the method call", "Add import from \"./limits.js\""). */
    title: string;
    /** The diagnostic it fixes, with its code when the tool gives one. */
    diagnostic: string;
    /** How sure the tool is: rustc's applicability, or "codeFix" for the TypeScript service. */
    applicability: string;
    /** Edits of the target file, in offsets of its original text. */
    edits: TextEdit[];
}

/** What one tool did for this job, for the evidence (a tool that is absent says so; it never fails the job). */
export interface SymbolicSourceReport {
    tool: SymbolicTool;
    status: "proposed" | "none" | "unavailable" | "failed" | "cancelled";
    detail: string;
    proposals: number;
    durationMs: number;
}

export interface SymbolicInput {
    file: string;
    language: SourceLanguage;
    originalText: string;
    /** The target function's range: diagnostics inside it come first. */
    targetRange?: TextRange;
    workspace: Workspace;
    sandbox: Sandbox;
    signal?: AbortSignal;
}

/** An exact tool that may propose fixes for some languages. */
export interface SymbolicFixSource {
    tool: SymbolicTool;
    languages: readonly SourceLanguage[];
    propose(input: SymbolicInput): Promise<{
        proposals: SymbolicProposal[];
        report: Omit<SymbolicSourceReport, "tool" | "durationMs" | "proposals">;
    }>;
}

/** The symbolic side of a fix result. */
export interface SymbolicSummary {
    sources: SymbolicSourceReport[];
    /** Distinct symbolic patches that joined the round. */
    candidates: number;
    /** A symbolic candidate was verified before the model finished, and the model's generation was cancelled. */
    modelCancelled: boolean;
}
