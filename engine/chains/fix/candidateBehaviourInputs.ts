// The inputs candidates are compared on: the port's type-directed boundaries and seeded random values, plus values
// made of the function's own literals (each number and its neighbours, the strings and the characters it compares
// against, strings and lists built from them), read from the original and from every candidate. Deterministic for a seed.

import { seededRandom } from "../../random/seededRandom.js";
import { generateCases, randomValue } from "../port/caseGeneration.js";
import { writeExactJson, type ExactJson } from "../port/exactJson.js";
import type { ValueType } from "../port/valueTypes.js";

/** The literals found in the function's code (and the code it calls), in every version compared. */
export interface FunctionLiterals {
    numbers: (bigint | number)[];
    strings: string[];
}

/** Literals sorted into numbers and strings, without repeats. */
export function sortLiterals(values: ExactJson[]): FunctionLiterals {
    const numbers = new Map<string, bigint | number>();
    const strings = new Set<string>();
    const visit = (value: ExactJson) => {
        if (typeof value === "bigint" || typeof value === "number") numbers.set(writeExactJson(value), value);
        else if (typeof value === "string") strings.add(value);
        else if (Array.isArray(value)) value.forEach(visit);
    };
    values.forEach(visit);
    return { numbers: [...numbers.values()], strings: [...strings] };
}

/** Characters of the short strings the code uses: the ones it compares single characters against. */
function alphabetOf(literals: FunctionLiterals): string[] {
    return [...new Set(literals.strings.filter((text) => [...text].length <= 3).flatMap((text) => [...text]))];
}

/** Values of a type made from the function's literals. */
export function literalValues(type: ValueType, literals: FunctionLiterals, random: () => number): ExactJson[] {
    const alphabet = alphabetOf(literals);
    const ints = [
        ...new Set(
            literals.numbers.filter((n): n is bigint => typeof n === "bigint").flatMap((n) => [n, n - 1n, n + 1n])
        )
    ];
    const built = (length: number) =>
        Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]!).join("");
    const strings =
        alphabet.length === 0
            ? []
            : [
                  ...literals.strings.slice(0, 20),
                  ...alphabet,
                  ...Array.from({ length: 12 }, (_, i) => built(2 + (i % 7)))
              ];
    switch (type.kind) {
        case "int":
            return ints;
        // No type known: the numbers first, and strings when the code compares characters (a parser's parentheses).
        case "unknown":
            return [...ints, ...strings];
        case "float":
            return literals.numbers.map(Number);
        // Strings over two letters share prefixes and characters, which edit distances and matchers branch on.
        case "str":
            return [
                ...strings,
                ...Array.from({ length: 8 }, (_, i) =>
                    Array.from({ length: i % 6 }, () => (random() < 0.5 ? "a" : "b")).join("")
                )
            ];
        case "char":
            return alphabet;
        case "optional":
            return literalValues(type.of, literals, random);
        case "list": {
            const items = literalValues(type.of, literals, random);
            if (items.length === 0) return [];
            const pick = () => items[Math.floor(random() * items.length)]!;
            const lists: ExactJson[] = [
                items.slice(0, 8),
                ...Array.from({ length: 6 }, (_, i) => Array.from({ length: 1 + i }, pick))
            ];
            // Items from a tiny set repeat, and code that compares items (common subsequences, edit distances) needs repeats.
            if (type.of.kind === "int" || type.of.kind === "unknown")
                lists.push(
                    ...Array.from({ length: 8 }, (_, i) =>
                        Array.from({ length: 1 + (i % 5) }, () => BigInt(Math.floor(random() * 3)))
                    )
                );
            // A string is a sequence of characters too: code that walks a guessed list may well take one.
            const walksCharacters = type.of.kind === "unknown" && alphabet.length > 0;
            return walksCharacters ? [...lists, ...strings.slice(literals.strings.length)] : lists;
        }
        default:
            return [];
    }
}

/**
 * Up to `count` argument lists: half the port's boundary cases, then each parameter's literal values with the others
 * ordinary, then seeded mixes of literals and random values, then the rest of the port's cases.
 */
export function behaviourCases(
    types: ValueType[],
    literals: FunctionLiterals,
    count: number,
    seed: number
): ExactJson[][] {
    const generated = generateCases(types, count, seed);
    const random = seededRandom(seed ^ 0x5bd1e995);
    const ordinary = types.map((type) => randomValue(type, random, 0));
    const fromLiterals = types.map((type) => literalValues(type, literals, random));
    const literalCases: ExactJson[][] = [];
    types.forEach((_, i) => {
        for (const value of fromLiterals[i]!) literalCases.push(types.map((__, j) => (j === i ? value : ordinary[j]!)));
    });
    if (fromLiterals.some((values) => values.length > 0)) {
        for (let n = 0; n < count; n++) {
            literalCases.push(
                types.map((type, i) => {
                    const values = fromLiterals[i]!;
                    return values.length > 0 && random() < 0.6
                        ? values[Math.floor(random() * values.length)]!
                        : randomValue(type, random, 0);
                })
            );
        }
    }
    const half = Math.ceil(count / 2);
    const cases: ExactJson[][] = [];
    const seen = new Set<string>();
    for (const args of [
        ...generated.slice(0, half),
        ...literalCases.slice(0, Math.ceil(count * 0.4)),
        ...generated.slice(half),
        ...literalCases
    ]) {
        const key = writeExactJson(args);
        if (cases.length < count && !seen.has(key)) {
            seen.add(key);
            cases.push(args);
        }
    }
    return cases;
}
