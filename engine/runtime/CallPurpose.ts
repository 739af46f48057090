// Which step of which job made a model call. It is a closed, typed set, so a reader (the training dataset, a test
// runtime) finds a job's call by its exact purpose instead of a string prefix and a position in the call list.

/** The port's model steps: the first translation of a unit, a compile repair, a counterexample round. */
export type PortCallStep = "translate" | "repair" | "counterexamples";

/**
 * `fix.round0`, `fix.round1`, …: a fix round's candidates (rounds count from 0); `fix.tests`: the fix's tests-only
 * pass (samples that see no patch); `tests`: a test-generation job's candidates; `port.<step>`: a port's call about
 * one unit; `ask`: `ponder ask`; `repair.round0`, …: a repository-level fix's rounds; `repair.reproduce`: its
 * reproduction tests written from a bug report before any patch; `repair.choose`: its choice among tied suspects.
 */
export type CallPurpose =
    | `fix.round${number}`
    | "fix.tests"
    | "tests"
    | `port.${PortCallStep}`
    | "ask"
    | `repair.round${number}`
    | "repair.reproduce"
    | "repair.choose";

/** The purpose of a fix round's call. */
export function fixRoundPurpose(round: number): CallPurpose {
    return `fix.round${round}`;
}

/** The purpose of a repository-level fix round's call. */
export function repairRoundPurpose(round: number): CallPurpose {
    return `repair.round${round}`;
}
