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
    }
};

export const languagePairs: readonly LanguagePair[] = [pythonToRust];

export function languagePairOf(from: SourceLanguage, to: PortTarget): LanguagePair | undefined {
    return languagePairs.find((pair) => pair.from === from && pair.to === to);
}
