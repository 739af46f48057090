// The port chain's plain-data request, events and result: what a CLI, a language server or a benchmark needs
// to show how each unit of a file was translated and what proves it equivalent (or not).

import type { SourceLanguage } from "../../languages/index.js";
import type { ReasoningEvent } from "../../runtime/ModelRuntime.js";
import type { ExactJson } from "./exactJson.js";
import type { MemoryReport, PriorAttempt } from "../ChainTypes.js";

/** A language a file may be ported to: one whose support has a port target backend (`portTargetLanguages()`). */
export type PortTarget = SourceLanguage;

export interface PortRequest {
    /** The file to port, relative to the workspace root. */
    file: string;
    to: PortTarget;
    /** Folder of the new files, relative to the workspace root. Default: a sibling folder `<stem>_rs`. */
    outDir?: string;
    /** Generated inputs per function for differential testing (the file's own examples come on top). Default 200. */
    cases?: number;
    /** Rounds in which compiler errors of a unit go back to the model. Default 2. */
    compileRounds?: number;
    /** Rounds in which counterexamples of a unit go back to the model. Default 2. */
    counterexampleRounds?: number;
    /** Seed of the model calls and of input generation. Default 1. */
    seed?: number;
    /** Thinking budget per model call, in tokens. */
    thinkBudget?: number;
    /** Time one case may take on either side before it counts as not finishing. Default 1000 ms. */
    caseTimeoutMs?: number;
    /** Ports by other experts that were not proven, with each failing unit's failure as `name: …` (escalation's evidence). */
    priorAttempts?: PriorAttempt[];
}

/** What the file is made of: one translatable unit each. */
export interface PortUnit {
    name: string;
    kind: "function" | "class" | "constant";
    /** The unit's source text, with its decorators and comments. */
    source: string;
    /** The header line (`def f(x: int) -> int:`), for prompts. */
    signature: string;
    docstring?: string;
    /** Other units of the file this one uses, by name. */
    uses: string[];
    /** Parameter names in order (functions only), and what is known of their types. */
    parameters: PortParameter[];
    /** The return hint, when written. */
    returnHint?: string;
    /** A constant's value when it is a plain literal (then it is ported without the model). */
    literalValue?: ExactJson;
}

export interface PortParameter {
    name: string;
    /** The type hint as written (`int`, `list[int]`), when there is one. */
    hint?: string;
    /** Values this parameter took in the file's tests, doctests and examples. */
    seen: ExactJson[];
}

/** One call of a unit found in the file's tests, doctests or examples, with the result it showed, when known. */
export interface SourceExample {
    unit: string;
    args: ExactJson[];
    /** Where it came from: `doctest`, `test test_sum`, `example`. */
    origin: string;
}

/** An input on which the port and the original disagree. */
export interface Counterexample {
    unit: string;
    args: ExactJson[];
    /** What the original returned (`{ok}`), raised (`{error}`), or that it did not finish. */
    expected: CaseOutcome;
    actual: CaseOutcome;
    round: number;
}

export type CaseOutcome =
    | { kind: "value"; value: ExactJson }
    | { kind: "error"; message: string }
    | { kind: "timeout" }
    /** The input does not fit the port's parameter types (a negative number for `u32`): not a comparison. */
    | { kind: "outOfDomain"; message: string }
    | { kind: "crashed"; message: string };

export type UnitStatus = "equivalent" | "differs" | "doesNotCompile" | "notTested";

/** How one unit ended up. */
export interface UnitReport {
    name: string;
    kind: PortUnit["kind"];
    status: UnitStatus;
    compiled: boolean;
    /** Cases run on both sides (inputs the original finished on and the port's types accept). */
    cases: number;
    equal: number;
    /** Inputs outside the port's parameter types, or on which the original did not finish: not compared. */
    skipped: number;
    counterexamples: Counterexample[];
    /** Model calls spent on the unit: the translation plus repair and counterexample rounds. */
    rounds: { translation: number; compileRepair: number; counterexample: number };
    /** The ported item as it stands in the crate. */
    code?: string;
    /** The model call (0-based, in the job's call order) whose reply gave `code`; absent for a literal constant. */
    modelCall?: number;
    /** Why the unit is not proven: parse problems, compiler errors, no harness for a class. */
    notes: string[];
}

/** A new file of the port, relative to the workspace root. */
export interface PortOutput {
    path: string;
    text: string;
}

/** A test of the original file and what became of it in the target language. */
export interface PortedTest {
    name: string;
    ported: boolean;
    /** Why the test was not ported, or whether the ported test passed. */
    outcome: "passed" | "failed" | "notPorted";
    reason?: string;
}

/**
 * `doesNotCompile` when a unit stayed out of the build, `differs` when a counterexample remains, else `equivalent`.
 * A function the harness cannot call is `notTested` in its report; the CLI exits 0 only when every function is
 * `equivalent`.
 */
export type PortStatus = "equivalent" | "differs" | "doesNotCompile";

export interface PortResult {
    status: PortStatus;
    file: string;
    to: PortTarget;
    outDir: string;
    /** The new files; the engine never writes them itself. */
    outputs: PortOutput[];
    units: UnitReport[];
    /** Unit names in the order they were translated (dependencies first). */
    order: string[];
    /** Imports of the original and their counterparts in the target. */
    imports: { source: string; target: string }[];
    tests: PortedTest[];
    notes: string[];
    timings: { modelMs: number; buildMs: number; differentialMs: number; totalMs: number };
    /** Ported functions the solution memory recalled, and what it stored; absent without a memory. */
    memory?: MemoryReport;
}

export type PortStep =
    "decompose" | "translate" | "build" | "repair" | "differential" | "counterexamples" | "tests" | "assemble";

/** The same shapes as the fix chain's events, each naming the unit it concerns (undefined for the whole file). */
export type PortEvent =
    | { kind: "step"; step: PortStep; round: number; detail: string; unit?: string }
    | { kind: "reasoning"; round: number; unit: string; event: ReasoningEvent }
    | { kind: "evidence"; round: number; units: UnitReport[] };
