// Type-directed inputs for differential testing: each parameter's boundary values (zero, one, negatives,
// the edges of 32- and 64-bit integers, empty and one-element lists, empty and Unicode strings) with the other
// parameters at ordinary values, then seeded random combinations. Deterministic for a seed. Given the function's
// own literals, they join the boundaries and the random text is also drawn from their characters.

import { seededRandom } from "../../random/seededRandom.js";
import type { ExactJson } from "./exactJson.js";
import type { SourceLiterals } from "./sourceLiterals.js";
import type { ValueType } from "./valueTypes.js";

const intBoundaries = [
    0n,
    1n,
    -1n,
    2n,
    -2n,
    3n,
    7n,
    -7n,
    10n,
    -10n,
    100n,
    -100n,
    1000n,
    65536n,
    -65536n,
    2147483647n,
    -2147483648n,
    4294967296n,
    9223372036854775807n,
    -9223372036854775808n
];
const floatBoundaries = [0.0, 1.0, -1.0, 0.5, -2.5, 3.14159, 1e-9, 1e10, -1e10, 100.0];
const stringBoundaries = [
    "",
    "a",
    "ab",
    "abc",
    "hello",
    "Hello, World!",
    "  padded  ",
    "a b c",
    "racecar",
    "AbBa",
    "12345",
    "ünïcödé",
    "日本語",
    "🎉 emoji",
    "tab\tnew\nline"
];
const charBoundaries = ["a", "Z", "0", " ", "é"];

/** The boundary values of a type: what a careful tester tries first (the function's own literals first, when known). */
export function boundaryValues(type: ValueType, random: () => number, literals?: SourceLiterals): ExactJson[] {
    switch (type.kind) {
        case "int":
        case "unknown":
            return [...literalIntegers(literals), ...intBoundaries];
        case "float":
            return [...(literals?.floats ?? []), ...floatBoundaries];
        case "str":
            return [...literalTexts(literals, random), ...stringBoundaries];
        case "char":
            return [...(literals?.characters.filter((c) => [...c].length === 1) ?? []), ...charBoundaries];
        case "bool":
            return [true, false];
        case "none":
            return [null];
        case "optional":
            return [null, ...boundaryValues(type.of, random, literals).slice(0, 6)];
        case "list": {
            const item = () => randomValue(type.of, random, 0, literals);
            const first = item();
            return [
                [],
                [first],
                [first, item()],
                [first, first],
                [item(), item(), item(), item(), item()],
                Array.from({ length: 100 }, item)
            ];
        }
        case "tuple":
            return [
                type.of.map((part) => boundaryValues(part, random, literals)[0]!),
                type.of.map((part) => randomValue(part, random, 0, literals))
            ];
        case "dict":
            return [
                {},
                { [String(randomValue(type.key, random, 1, literals))]: randomValue(type.value, random, 1, literals) }
            ];
    }
}

/** The integer literals and their neighbours: an off-by-one sits next to the constant it is off from. */
function literalIntegers(literals: SourceLiterals | undefined): bigint[] {
    return [...new Set((literals?.integers ?? []).flatMap((n) => [n, n - 1n, n + 1n, -n]))];
}

/**
 * Texts made of the function's own strings and characters: each literal, each character alone, doubled and in
 * pairs both ways, and a few seeded sequences of them (`((`, `)(`, `(()`), so a function that counts or matches
 * them meets balanced, unbalanced and empty input.
 */
function literalTexts(literals: SourceLiterals | undefined, random: () => number): string[] {
    if (!literals || (literals.strings.length === 0 && literals.characters.length === 0)) return [];
    const characters = literals.characters.slice(0, 8);
    const texts = new Set<string>(literals.strings);
    for (const first of characters) {
        texts.add(first).add(first + first);
        for (const second of characters) if (second !== first) texts.add(first + second);
    }
    for (let i = 0; i < 8 && characters.length > 0; i++)
        texts.add(literalSequence(characters, random, 2 + Math.floor(random() * 6)));
    return [...texts];
}

/** A seeded text mostly of the function's characters, with a few ordinary ones among them (which are what the function's `else` sees). */
function literalSequence(characters: readonly string[], random: () => number, length: number): string {
    const others = "ab ";
    return Array.from({ length }, () =>
        random() < 0.75
            ? characters[Math.floor(random() * characters.length)]!
            : others[Math.floor(random() * others.length)]!
    ).join("");
}

/** An ordinary random value of a type; `depth` keeps nested lists short; text is half the time made of the function's own characters. */
export function randomValue(
    type: ValueType,
    random: () => number,
    depth: number,
    literals?: SourceLiterals
): ExactJson {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    switch (type.kind) {
        case "int":
        case "unknown": {
            const roll = random();
            const span = roll < 0.7 ? 50 : roll < 0.95 ? 1000 : 1_000_000;
            return BigInt(Math.floor(random() * (2 * span + 1)) - span);
        }
        case "float":
            return Math.round((random() * 200 - 100) * 1000) / 1000;
        case "str": {
            if (random() < 0.2) return pick(stringBoundaries);
            if (literals && literals.characters.length > 0 && random() < 0.5)
                return literalSequence(literals.characters, random, Math.floor(random() * 12));
            const letters = "abcdefghijklmnopqrstuvwxyzABC xyz";
            return Array.from({ length: Math.floor(random() * 12) }, () => pick([...letters])).join("");
        }
        case "char":
            return pick([..."abcxyzABC019 ", ...(literals?.characters.filter((c) => [...c].length === 1) ?? [])]);
        case "bool":
            return random() < 0.5;
        case "none":
            return null;
        case "optional":
            return random() < 0.2 ? null : randomValue(type.of, random, depth, literals);
        case "list":
            return Array.from({ length: Math.floor(random() * (depth > 0 ? 4 : 9)) }, () =>
                randomValue(type.of, random, depth + 1, literals)
            );
        case "tuple":
            return type.of.map((part) => randomValue(part, random, depth + 1, literals));
        case "dict": {
            const object: { [key: string]: ExactJson } = {};
            for (let i = Math.floor(random() * 4); i > 0; i--)
                object[String(randomValue(type.key, random, depth + 1, literals))] = randomValue(
                    type.value,
                    random,
                    depth + 1,
                    literals
                );
            return object;
        }
    }
}

/**
 * Up to `count` argument lists: each parameter's boundaries with the others ordinary, then random combinations.
 * `literals`, the function's own (see sourceLiterals.ts), join the boundaries and the random text.
 */
export function generateCases(
    types: ValueType[],
    count: number,
    seed: number,
    literals?: SourceLiterals
): ExactJson[][] {
    const random = seededRandom(seed);
    if (types.length === 0) return count > 0 ? [[]] : [];
    const cases: ExactJson[][] = [];
    const seen = new Set<string>();
    const add = (args: ExactJson[]) => {
        const key = JSON.stringify(args, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
        if (!seen.has(key) && cases.length < count) {
            seen.add(key);
            cases.push(args);
        }
    };
    const ordinary = types.map((type) => randomValue(type, random, 0, literals));
    types.forEach((type, i) => {
        for (const value of boundaryValues(type, random, literals))
            add(types.map((_, j) => (j === i ? value : ordinary[j]!)));
    });
    for (let attempt = 0; cases.length < count && attempt < count * 5; attempt++) {
        add(
            types.map((type) =>
                random() < 0.15
                    ? pickOf(boundaryValues(type, random, literals), random)
                    : randomValue(type, random, 0, literals)
            )
        );
    }
    return cases;
}

function pickOf<T>(items: readonly T[], random: () => number): T {
    return items[Math.floor(random() * items.length)]!;
}
