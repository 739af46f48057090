// The tests chain's public API: generate tests for a function, class or file, keep only those that run, pass
// every run and cover new lines, report possible bugs and the mutation score, and return test-file edits.

export { runTestsChain, type TestsChainDependencies } from "./runTestsChain.js";
export { findMutants, spreadMutants, applyMutant, type Mutant } from "./findMutants.js";
export { testsProven } from "./testsProven.js";
export type * from "./TestsTypes.js";
