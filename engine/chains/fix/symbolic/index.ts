// Symbolic candidates' public API: the exact tools the fix chain can ask for fixes, and their evidence types.

export { defaultSymbolicSources, symbolicCandidates } from "./symbolicCandidates.js";
export { rustcSuggestions } from "./rustcSuggestions.js";
export { typescriptCodeFixes } from "./typescriptCodeFixes.js";
export { ruffFixes } from "./ruffFixes.js";
export type {
    SymbolicFixSource, SymbolicInput, SymbolicProposal, SymbolicSourceReport, SymbolicSummary, SymbolicTool
} from "./SymbolicTypes.js";
