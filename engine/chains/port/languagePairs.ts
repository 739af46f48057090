// The language pairs the port chain knows, as data: how the target is named and fenced, where the port goes,
// which standard-library counterpart each source import has, and how source type hints read in the target.
// A pair also needs a harness per language (pythonHarness.ts, rustHarness.ts) to run differential tests.

import type { SourceLanguage } from "../../analysis/index.js";
import type { PortTarget } from "./PortTypes.js";

export interface LanguagePair {
    from: SourceLanguage;
    to: PortTarget;
    /** The source's name in prompts and reports. */
    fromName: string;
    /** The target's name in prompts. */
    targetName: string;
    /** The fence tag replies use for target code. */
    fenceTag: string;
    /** The default output folder beside the original file, from its stem. */
    outDirOf(stem: string): string;
    /** Source modules and their standard-library counterparts in the target (std only: no crates). */
    importCounterparts: Readonly<Record<string, string>>;
    /** Source type hints and the target types that carry the same values. */
    typeCounterparts: Readonly<Record<string, string>>;
    /** What a port must keep in mind, said in every translation prompt. */
    rules: string;
}

const pythonToRust: LanguagePair = {
    from: "python",
    to: "rust",
    fromName: "Python",
    targetName: "Rust",
    fenceTag: "rust",
    outDirOf: (stem) => `${stem}_rs`,
    importCounterparts: {
        math: "f64 methods (x.sqrt(), x.floor(), x.powi(n)) and std::f64::consts",
        collections: "std::collections (HashMap, HashSet, VecDeque, BTreeMap)",
        heapq: "std::collections::BinaryHeap (with std::cmp::Reverse for a min-heap)",
        itertools: "iterator adapters (zip, chain, windows, enumerate)",
        functools: "closures and iterator folds",
        typing: "Rust types (no import needed)",
        dataclasses: "#[derive(Debug, Clone, PartialEq)] structs",
        string: "char methods (is_ascii_lowercase, is_alphanumeric)",
        re: "no standard counterpart: write the matching by hand with str methods",
        random: "no standard counterpart: pass values in, or write a small xorshift",
        bisect: "slice::binary_search / partition_point",
        operator: "closures",
        sys: "std::process / std::env",
        os: "std::env and std::fs"
    },
    typeCounterparts: {
        int: "i64 (Python ints are unbounded: use i128 or checked arithmetic when values can grow)",
        float: "f64",
        str: "&str parameters, String results",
        bool: "bool",
        "list[int]": "&[i64] parameters, Vec<i64> results",
        "list[str]": "&[String] parameters, Vec<String> results",
        "list[float]": "&[f64] parameters, Vec<f64> results",
        "dict[str, int]": "HashMap<String, i64>",
        None: "()",
        "Optional[int]": "Option<i64>",
        "tuple[int, int]": "(i64, i64)"
    },
    rules:
        "Rules: standard library only, no main function, keep the name. It must behave exactly like the Python code for every input:\n" +
        "Python ints never overflow, // and % round toward negative infinity, an exception becomes a panic or an Err."
};

const pythonToTypeScript: LanguagePair = {
    from: "python",
    to: "typescript",
    fromName: "Python",
    targetName: "TypeScript",
    fenceTag: "typescript",
    outDirOf: (stem) => `${stem}_ts`,
    importCounterparts: {
        math: "Math (Math.floor, Math.sqrt, Math.PI)",
        collections: "Map, Set and arrays",
        heapq: "no built-in heap: a sorted array or a small binary heap",
        itertools: "array methods (map, filter, reduce, flatMap)",
        functools: "closures and Array.prototype.reduce",
        typing: "TypeScript types (no import needed)",
        dataclasses: "classes or interfaces",
        string: "String methods and regular expressions",
        re: "RegExp",
        bisect: "a binary search by hand",
        random: "Math.random (pass values in to stay testable)"
    },
    typeCounterparts: {
        int: "number (exact up to 2^53; bigint beyond)",
        float: "number",
        str: "string",
        bool: "boolean",
        "list[int]": "number[]",
        "list[str]": "string[]",
        "dict[str, int]": "Map<string, number> or Record<string, number>",
        None: "void / null",
        "Optional[int]": "number | null",
        "tuple[int, int]": "[number, number]"
    },
    rules:
        "Rules: no npm packages, export the function, keep the name. It must behave exactly like the Python code for every input:\n" +
        "Python's // and % floor (Math.floor(a / b), ((a % b) + b) % b), int() truncates, an exception becomes a thrown Error."
};

const javascriptToTypeScript: LanguagePair = {
    from: "javascript",
    to: "typescript",
    fromName: "JavaScript",
    targetName: "TypeScript",
    fenceTag: "typescript",
    outDirOf: (stem) => `${stem}_ts`,
    importCounterparts: {
        "node:fs": "node:fs",
        "node:path": "node:path",
        fs: "node:fs",
        path: "node:path",
        util: "node:util"
    },
    typeCounterparts: {
        number: "number",
        string: "string",
        boolean: "boolean",
        Array: "T[]",
        object: "an interface or Record<string, T>"
    },
    rules:
        "Rules: no npm packages, export the function, keep the name and the behaviour exactly (coercions, NaN, undefined) for every input;\n" +
        "add types that describe the values it is called with."
};

export const languagePairs: readonly LanguagePair[] = [pythonToRust, pythonToTypeScript, javascriptToTypeScript];

export function languagePairOf(from: SourceLanguage, to: PortTarget): LanguagePair | undefined {
    return languagePairs.find((pair) => pair.from === from && pair.to === to);
}
