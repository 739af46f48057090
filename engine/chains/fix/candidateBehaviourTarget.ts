// What the comparison of candidates' behaviour needs of a language: the target function's parameter types, its
// examples and literals (inputs), and how to run one version of the file on inputs in the sandbox.

import type { ExactJson } from "../port/exactJson.js";
import type { ValueType } from "../port/valueTypes.js";
import type { DriverLauncher } from "./candidateBehaviourRuns.js";
import type { BehaviourSyntax } from "./candidateBehaviourValues.js";

export interface BehaviourTarget {
    /** The language values and calls are written in. */
    syntax: BehaviourSyntax;
    /** Each parameter's type, as far as the code says. */
    types: ValueType[];
    /** Argument lists of the file's own examples, doctests and tests that call the function. */
    examples: ExactJson[][];
    /** The literals in the function's code and the code it calls, in every version compared. */
    literals: ExactJson[];
    /** Makes the launcher of driver processes for one version's whole file text. */
    launcher: (text: string, caseTimeoutMs: number, signal?: AbortSignal) => DriverLauncher;
    /** Whether an input can be given to the function at all (JavaScript has no exact number beyond 2^53); default all. */
    accepts?: (args: ExactJson[]) => boolean;
}
