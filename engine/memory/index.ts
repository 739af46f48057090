// The solution memory's public API: verified solutions stored per workspace, recalled by similarity of their
// problems, and shown to the model as worked examples.

export {
    SolutionMemory,
    MemoryFileError,
    type MemoryStats,
    type NewSolution,
    type RecallOptions,
    type RecalledSolution,
    type SolutionExample,
    type SolutionMemoryOptions,
    type StoredSolution
} from "./SolutionMemory.js";
export {
    describeProblem,
    normaliseMessage,
    splitIdentifier,
    type DescribeProblemInput,
    type ProblemSignature
} from "./problemSignature.js";
export { solutionPattern, patternShare, patternAppearsAt } from "./solutionPattern.js";
export { workedExamples, type WorkedExamples } from "./workedExamples.js";
export { defaultMemoryFile } from "./memoryLocation.js";
