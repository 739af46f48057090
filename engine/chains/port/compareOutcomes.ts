// Whether the port's outcome on a case equals the original's: values compared structurally with a float
// tolerance (ints and floats compare as numbers, sets as multisets, dict keys in any order), and any Python
// exception matched by any Rust panic or `Err`.

import { writeExactJson, type ExactJson } from "./exactJson.js";
import type { HarnessOutcome } from "./harnessRuns.js";

export const floatTolerance = 1e-9;

export function sameOutcome(expected: HarnessOutcome, actual: HarnessOutcome): boolean {
    if (expected.kind === "error") return actual.kind === "error";
    if (expected.kind === "value") return actual.kind === "value" && sameValue(expected.value, actual.value);
    return false;
}

export function sameValue(a: ExactJson, b: ExactJson): boolean {
    if (isNumber(a) && isNumber(b)) {
        if (typeof a === "bigint" && typeof b === "bigint") return a === b;
        const x = Number(a);
        const y = Number(b);
        if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
        if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
        return Math.abs(x - y) <= floatTolerance * Math.max(1, Math.abs(x), Math.abs(y));
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return (
            Array.isArray(a) &&
            Array.isArray(b) &&
            a.length === b.length &&
            a.every((item, i) => sameValue(item, b[i]!))
        );
    }
    if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
        const setA = a["$set"];
        const setB = b["$set"];
        if (Array.isArray(setA) && Array.isArray(setB)) {
            const sorted = (items: ExactJson[]) => items.map(writeExactJson).sort();
            return setA.length === setB.length && sorted(setA).every((item, i) => item === sorted(setB)[i]);
        }
        const keysA = Object.keys(a);
        const keysB = Object.keys(b);
        return keysA.length === keysB.length && keysA.every((key) => key in b && sameValue(a[key]!, b[key]!));
    }
    return a === b;
}

function isNumber(value: ExactJson): value is number | bigint {
    return typeof value === "number" || typeof value === "bigint";
}

/** An outcome as a short text for prompts and reports, its value written by `literalOf` (the source language's syntax). */
export function describeOutcome(outcome: HarnessOutcome, literalOf: (value: ExactJson) => string): string {
    switch (outcome.kind) {
        case "value":
            return `returned ${literalOf(outcome.value)}`;
        case "error":
            return `raised ${outcome.message}`;
        case "timeout":
            return "did not finish in time";
        case "outOfDomain":
            return `could not take the input (${outcome.message})`;
        case "crashed":
            return `crashed (${outcome.message})`;
    }
}
