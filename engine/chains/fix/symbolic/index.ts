// Symbolic candidates' public API: the exact tools the fix chain can ask for fixes, and their evidence types.

export { defaultSymbolicSources, symbolicCandidates } from "./symbolicCandidates.js";
export { rustcSuggestions } from "../../../languages/rust/rustcSuggestions.js";
export { typescriptCodeFixes } from "../../../languages/ecmascript/typescriptCodeFixes.js";
export { ruffFixes } from "../../../languages/python/ruffFixes.js";
export type {
    SymbolicFixSource,
    SymbolicInput,
    SymbolicProposal,
    SymbolicSourceReport,
    SymbolicSummary,
    SymbolicTool
} from "./SymbolicTypes.js";
