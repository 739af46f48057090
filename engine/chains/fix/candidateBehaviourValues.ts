// Comparing and writing the typed outcomes the behaviour drivers print. Types matter (1, True and 1.0 differ; a
// tuple is not a list), floats compare with a small relative tolerance, sets and dicts in any order, a raised
// error by its type. Values are written in the target language's own syntax, cut short when long.

import { floatTolerance } from "../port/compareOutcomes.js";
import { writeExactJson, type ExactJson } from "../port/exactJson.js";
import type { SubjectOutcome } from "./candidateBehaviourRuns.js";

/** How values are written and compared in a target's language (given by its behaviour harness, engine/languages). */
export interface BehaviourSyntax {
    /** A plain value (null, a boolean, a number, a string, a list) written as the language's literal. */
    literal(value: ExactJson): string;
    /** Numbers carry no int/float type (JavaScript): 1 and 1.0 are one value, and a bigint prints bare. */
    readonly untypedNumbers: boolean;
    /** A set of written items as the language writes one. */
    set(items: string[]): string;
}

/** Whether two outcomes show the same behaviour; undefined when one was not run (nothing to compare). */
export function sameBehaviour(a: SubjectOutcome, b: SubjectOutcome, syntax: BehaviourSyntax): boolean | undefined {
    if (a.kind === "notRun" || b.kind === "notRun") return undefined;
    // Which limit a run exceeds first (time or memory) depends on the machine: exceeding any is one behaviour.
    if (exceedsLimits(a) && exceedsLimits(b)) return true;
    if (a.kind === "value" && b.kind === "value") return sameTypedValue(a.value, b.value, syntax.untypedNumbers);
    if (a.kind === "raises" && b.kind === "raises") return a.error === b.error;
    if (a.kind === "exits" && b.kind === "exits") return a.how === b.how;
    return a.kind === b.kind;
}

function exceedsLimits(outcome: SubjectOutcome): boolean {
    return (
        outcome.kind === "timeout" ||
        (outcome.kind === "exits" && outcome.how === runsOutOfMemory) ||
        (outcome.kind === "raises" && outcome.error === "MemoryError")
    );
}

export const runsOutOfMemory = "runs out of memory";

const unordered = new Set(["$set", "$frozenset"]);
const pairs = new Set(["$dict", "$map"]);

/** `oneNumberType`: JavaScript, where 3 and 3.0 are one value of one type (its bigints come tagged, apart). */
export function sameTypedValue(a: ExactJson, b: ExactJson, oneNumberType = false): boolean {
    if (
        oneNumberType &&
        (typeof a === "number" || typeof a === "bigint") &&
        (typeof b === "number" || typeof b === "bigint")
    ) {
        return sameTypedValue(Number(a), Number(b));
    }
    if (typeof a === "number" && typeof b === "number") {
        if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
        if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
        return Math.abs(a - b) <= floatTolerance * Math.max(1, Math.abs(a), Math.abs(b));
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return (
            Array.isArray(a) &&
            Array.isArray(b) &&
            a.length === b.length &&
            a.every((item, i) => sameTypedValue(item, b[i]!, oneNumberType))
        );
    }
    if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length || !keys.every((key) => key in b)) return false;
    return keys.every((key) => {
        const x = a[key]!;
        const y = b[key]!;
        if (unordered.has(key) && Array.isArray(x) && Array.isArray(y))
            return sameTypedValue(sortedByText(x), sortedByText(y), oneNumberType);
        if (pairs.has(key) && Array.isArray(x) && Array.isArray(y))
            return sameTypedValue(sortedByText(x, firstOf), sortedByText(y, firstOf), oneNumberType);
        return sameTypedValue(x, y, oneNumberType);
    });
}

const firstOf = (item: ExactJson): ExactJson => (Array.isArray(item) ? (item[0] ?? null) : item);

function sortedByText(items: ExactJson[], key: (item: ExactJson) => ExactJson = (item) => item): ExactJson[] {
    return items
        .map((item) => ({ item, text: writeExactJson(key(item)) }))
        .sort((x, y) => (x.text < y.text ? -1 : x.text > y.text ? 1 : 0))
        .map(({ item }) => item);
}

/** An outcome as the user reads it: "0", "raises ZeroDivisionError", "times out". */
export function describeBehaviour(outcome: SubjectOutcome, syntax: BehaviourSyntax): string {
    switch (outcome.kind) {
        case "value":
            return writeTypedValue(outcome.value, syntax);
        case "raises":
            return `raises ${outcome.error}`;
        case "timeout":
            return "times out";
        case "exits":
            return outcome.how;
        case "loadFails":
            return `does not load (${outcome.message})`;
        case "notRun":
            return "was not run";
    }
}

/** The verb phrase for a sentence: "gives 0", "raises ZeroDivisionError". */
export function behaviourPhrase(outcome: SubjectOutcome, syntax: BehaviourSyntax): string {
    return outcome.kind === "value"
        ? `gives ${writeTypedValue(outcome.value, syntax)}`
        : describeBehaviour(outcome, syntax);
}

/** A call of the function in the target language: `gcd(0, 49)`. */
export function writeCall(name: string, args: ExactJson[], syntax: BehaviourSyntax): string {
    return `${name}(${args.map((arg) => shortened(syntax.literal(arg))).join(", ")})`;
}

const longest = 120;

function shortened(text: string): string {
    return text.length <= longest ? text : `${text.slice(0, longest)}…`;
}

/** A typed value (plain JSON plus the drivers' `$tuple`, `$set`, `$dict`, `$object`… tags) in the language's syntax. */
export function writeTypedValue(value: ExactJson, syntax: BehaviourSyntax): string {
    return shortened(written(value, syntax));
}

function written(value: ExactJson, syntax: BehaviourSyntax): string {
    const all = (items: ExactJson) =>
        Array.isArray(items) ? items.map((item) => written(item, syntax)) : [written(items, syntax)];
    if (Array.isArray(value)) return `[${all(value).join(", ")}]`;
    // A JavaScript number that is a whole number reads back as an integer; it is still a plain number.
    if (syntax.untypedNumbers && typeof value === "bigint") return value.toString();
    if (value === null || typeof value !== "object") return syntax.literal(value);
    const [tag] = Object.keys(value);
    const body = value[tag ?? ""] ?? null;
    const entries = (items: ExactJson, separator: string) =>
        Array.isArray(items)
            ? items.map((pair) =>
                  Array.isArray(pair)
                      ? `${written(pair[0] ?? null, syntax)}${separator}${written(pair[1] ?? null, syntax)}`
                      : written(pair, syntax)
              )
            : [];
    switch (tag) {
        case "$tuple": {
            const items = all(body);
            return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
        }
        case "$set":
            return syntax.set(all(body));
        case "$frozenset":
            return `frozenset({${all(body).join(", ")}})`;
        case "$dict":
            return `{${entries(body, ": ").join(", ")}}`;
        case "$map":
            return `new Map([${entries(body, ", ")
                .map((pair) => `[${pair}]`)
                .join(", ")}])`;
        case "$record":
            return body !== null && typeof body === "object" && !Array.isArray(body)
                ? `{ ${Object.entries(body)
                      .map(([key, item]) => `${key}: ${written(item, syntax)}`)
                      .join(", ")} }`
                : "{}";
        case "$complex":
            return `complex(${all(body).join(", ")})`;
        case "$bytes":
            return `bytes.fromhex(${JSON.stringify(body)})`;
        case "$iter":
            return `iter([${all(body).join(", ")}])`;
        case "$more":
            return `… ${written(body, syntax)} more`;
        case "$deep":
            return "…";
        case "$undefined":
            return "undefined";
        case "$number":
            return String(body);
        case "$bigint":
            return `${String(body)}n`;
        case "$symbol":
            return `Symbol(${JSON.stringify(body)})`;
        case "$function":
            return `[Function ${String(body)}]`;
        case "$object":
            return `${String(value["$object"])}(${"value" in value ? written(value["value"]!, syntax) : written(value["fields"] ?? null, syntax)})`;
        default:
            return syntax.literal(value);
    }
}
