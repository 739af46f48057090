// Which step of which job made a model call. It is a closed, typed set, so a reader (the training dataset, a test
// runtime) finds a job's call by its exact purpose instead of a string prefix and a position in the call list.

/** The port's model steps: the first translation of a unit, a compile repair, a counterexample round. */
export type PortCallStep = "translate" | "repair" | "counterexamples";

/**
 * `fix.round0`, `fix.round1`, …: a fix round's candidates (rounds count from 0); `fix.tests`: the fix's tests-only
 * pass (samples that see no patch); `tests`: a test-generation job's candidates; `port.<step>`: a port's call about
 * one unit; `ask`: `ponder ask`.
 */
export type CallPurpose = `fix.round${number}` | "fix.tests" | "tests" | `port.${PortCallStep}` | "ask";

/** The purpose of a fix round's call. */
export function fixRoundPurpose(round: number): CallPurpose {
    return `fix.round${round}`;
}
