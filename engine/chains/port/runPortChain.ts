// The port chain: decompose the file into units → translate each in dependency order (one small prompt per
// unit, carrying the signatures already ported) → assemble and build the port (a Cargo crate for Rust, a
// package esbuild compiles for TypeScript) → compile repair rounds → differential testing of every function
// against the original on the same inputs → counterexample rounds → the file's tests ported and run. It ports
// Python to Rust, Python to TypeScript and JavaScript to TypeScript, and knows no language itself: each pair is
// data (`languagePairs.ts`) and two backends (`PortBackends.ts`). It returns new files and a report per unit;
// it never writes a file itself.

import { buildPhase } from "./buildPhase.js";
import { counterexampleRounds, differentialTesting } from "./differentialPhase.js";
import { readPortFacts, startTimings, type PortChainDependencies } from "./PortRun.js";
import type { PortRequest, PortResult } from "./PortTypes.js";
import { portFileTests, portResult } from "./resultPhase.js";
import { decomposeFile, translateUnits } from "./translatePhase.js";

export { defaultPortOutDir, type PortChainDependencies } from "./PortRun.js";

/** Each phase reads and extends one run record (`PortRun`); the tests join the port only at step 7, as an explicit input. */
export async function runPortChain(request: PortRequest, deps: PortChainDependencies): Promise<PortResult> {
    const timings = startTimings();
    const run = await decomposeFile(await readPortFacts(request, deps), timings);
    await translateUnits(run);
    await buildPhase(run);
    await differentialTesting(run);
    await counterexampleRounds(run);
    return portResult(run, await portFileTests(run));
}
