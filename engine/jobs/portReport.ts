// A port job's result as plain JSON, written once: the CLI's `--json` prints it (with the files it wrote), and the
// language server sends it as `ponder/port`'s response (with the files as URIs and an edit that creates them), so
// the terminal, the editor and the panel read the same fields. Each counterexample comes as values and as a sentence.

import { toPlainJson } from "../chains/port/exactJson.js";
import type { CaseOutcome, Counterexample, PortedTest, PortResult, UnitReport } from "../chains/port/PortTypes.js";

/** A case's outcome with its value as plain JSON (big integers beyond the safe range stay exact as strings). */
export type CaseOutcomeReport = { kind: "value"; value: unknown } | Exclude<CaseOutcome, { kind: "value" }>;

export interface CounterexampleReport {
    args: unknown[];
    expected: CaseOutcomeReport;
    actual: CaseOutcomeReport;
    round: number;
    /** The counterexample as one sentence: `f(1, 2): the original gives 3, the port 4`. */
    text: string;
}

export interface PortUnitReport {
    name: string;
    kind: UnitReport["kind"];
    status: UnitReport["status"];
    compiled: boolean;
    cases: number;
    equal: number;
    skipped: number;
    counterexamples: CounterexampleReport[];
    rounds: UnitReport["rounds"];
    notes: string[];
}

export interface PortReport {
    status: PortResult["status"];
    /** The folder of the new files, relative to the workspace root. */
    outDir: string;
    units: PortUnitReport[];
    order: string[];
    tests: { name: string; ported: boolean; outcome: PortedTest["outcome"]; reason?: string }[];
    notes: string[];
    timings: PortResult["timings"];
}

export function portReport(result: PortResult): PortReport {
    return {
        status: result.status,
        outDir: result.outDir,
        units: result.units.map((unit) => ({
            name: unit.name,
            kind: unit.kind,
            status: unit.status,
            compiled: unit.compiled,
            cases: unit.cases,
            equal: unit.equal,
            skipped: unit.skipped,
            counterexamples: unit.counterexamples.map(counterexampleReport),
            rounds: unit.rounds,
            notes: unit.notes
        })),
        order: result.order,
        tests: result.tests.map((test) => ({
            name: test.name,
            ported: test.ported,
            outcome: test.outcome,
            ...(test.reason !== undefined ? { reason: test.reason } : {})
        })),
        notes: result.notes,
        timings: result.timings
    };
}

function counterexampleReport(example: Counterexample): CounterexampleReport {
    return {
        args: example.args.map(toPlainJson),
        expected: outcomeReport(example.expected),
        actual: outcomeReport(example.actual),
        round: example.round,
        text: counterexampleText(example)
    };
}

function outcomeReport(outcome: CaseOutcome): CaseOutcomeReport {
    return outcome.kind === "value" ? { kind: "value", value: toPlainJson(outcome.value) } : outcome;
}

function outcomeText(outcome: CaseOutcome): string {
    switch (outcome.kind) {
        case "value":
            return JSON.stringify(toPlainJson(outcome.value));
        case "error":
            return `raises ${outcome.message}`;
        case "timeout":
            return "does not finish";
        case "outOfDomain":
            return `out of the port's domain (${outcome.message})`;
        case "crashed":
            return `crashes (${outcome.message})`;
    }
}

function counterexampleText(example: Counterexample): string {
    const args = example.args.map((arg) => JSON.stringify(toPlainJson(arg))).join(", ");
    return `${example.unit}(${args}): the original gives ${outcomeText(example.expected)}, the port ${outcomeText(example.actual)}`;
}
