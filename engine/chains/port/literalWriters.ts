// Values written in a source language's own literal syntax, for what the model and the user read about the
// original (a counterexample's call, values a parameter was seen with): Python's `None`, tuples-as-lists and
// `{1, 2}` sets, or JavaScript's `null`, `new Set([…])` and `123n` beyond a number's exact range.

import { writeExactJson, type ExactJson } from "./exactJson.js";

/** The `{"$set": […]}` and `{"$repr": "…"}` forms both harnesses write for values JSON has no form for. */
function specialForm(value: { [key: string]: ExactJson }): { set: ExactJson[] } | { repr: string } | undefined {
    const keys = Object.keys(value);
    if (keys.length !== 1) return undefined;
    const set = value["$set"];
    if (Array.isArray(set)) return { set };
    const repr = value["$repr"];
    return typeof repr === "string" ? { repr } : undefined;
}

/** A value as Python writes it (`repr`-like): `None`, `True`, `float('nan')`, `{1, 2}`, `set()`. */
export function writePythonLiteral(value: ExactJson): string {
    if (value === null) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    if (typeof value === "number")
        return Number.isNaN(value)
            ? "float('nan')"
            : !Number.isFinite(value)
              ? `float('${value > 0 ? "inf" : "-inf"}')`
              : writeExactJson(value);
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(writePythonLiteral).join(", ")}]`;
    const special = specialForm(value);
    if (special && "set" in special)
        return special.set.length === 0 ? "set()" : `{${special.set.map(writePythonLiteral).join(", ")}}`;
    if (special) return special.repr;
    return `{${Object.entries(value)
        .map(([k, v]) => `${JSON.stringify(k)}: ${writePythonLiteral(v)}`)
        .join(", ")}}`;
}

/** A value as JavaScript writes it: `null`, `NaN`, `-0`, `2.5`, `9007199254740993n`, `new Set([1])`, `{ a: 1 }`. */
export function writeJavaScriptLiteral(value: ExactJson): string {
    if (value === null || typeof value === "boolean") return String(value);
    if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
    // An integer a number holds exactly is a plain number in JavaScript; a larger one only exists as a bigint.
    if (typeof value === "bigint")
        return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
            ? value.toString()
            : `${value}n`;
    if (typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(writeJavaScriptLiteral).join(", ")}]`;
    const special = specialForm(value);
    if (special && "set" in special) return `new Set([${special.set.map(writeJavaScriptLiteral).join(", ")}])`;
    if (special) return special.repr;
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
    return `{ ${entries.map(([k, v]) => `${key(k)}: ${writeJavaScriptLiteral(v)}`).join(", ")} }`;
}
