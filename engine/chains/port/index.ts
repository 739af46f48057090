// The port chain's public API: port a Python file to Rust unit by unit, proven by differential testing.

export { runPortChain, defaultPortOutDir, type PortChainDependencies } from "./runPortChain.js";
export { languagePairs, languagePairOf, type LanguagePair } from "./languagePairs.js";
export { toPlainJson, type ExactJson } from "./exactJson.js";
export type * from "./PortTypes.js";
export { checkPortOutFolder } from "./portOutFolder.js";
