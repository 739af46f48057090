// Type-directed inputs for differential testing: each parameter's boundary values (zero, one, negatives,
// the edges of 32- and 64-bit integers, empty and one-element lists, empty and Unicode strings) with the other
// parameters at ordinary values, then seeded random combinations. Deterministic for a seed.

import { seededRandom } from "../../random/seededRandom.js";
import type { ExactJson } from "./exactJson.js";
import type { ValueType } from "./valueTypes.js";

const intBoundaries = [0n, 1n, -1n, 2n, -2n, 3n, 7n, -7n, 10n, -10n, 100n, -100n, 1000n, 65536n, -65536n,
    2147483647n, -2147483648n, 4294967296n, 9223372036854775807n, -9223372036854775808n];
const floatBoundaries = [0.0, 1.0, -1.0, 0.5, -2.5, 3.14159, 1e-9, 1e10, -1e10, 100.0];
const stringBoundaries = ["", "a", "ab", "abc", "hello", "Hello, World!", "  padded  ", "a b c", "racecar", "AbBa", "12345",
    "ünïcödé", "日本語", "🎉 emoji", "tab\tnew\nline"];
const charBoundaries = ["a", "Z", "0", " ", "é"];

/** The boundary values of a type: what a careful tester tries first. */
export function boundaryValues(type: ValueType, random: () => number): ExactJson[] {
    switch (type.kind) {
        case "int": case "unknown": return intBoundaries;
        case "float": return floatBoundaries;
        case "str": return stringBoundaries;
        case "char": return charBoundaries;
        case "bool": return [true, false];
        case "none": return [null];
        case "optional": return [null, ...boundaryValues(type.of, random).slice(0, 6)];
        case "list": {
            const item = () => randomValue(type.of, random, 0);
            const first = item();
            return [[], [first], [first, item()], [first, first], [item(), item(), item(), item(), item()],
                Array.from({ length: 100 }, item)];
        }
        case "tuple": return [type.of.map((part) => boundaryValues(part, random)[0]!), type.of.map((part) => randomValue(part, random, 0))];
        case "dict": return [{}, { [String(randomValue(type.key, random, 1))]: randomValue(type.value, random, 1) }];
    }
}

/** An ordinary random value of a type; `depth` keeps nested lists short. */
export function randomValue(type: ValueType, random: () => number, depth: number): ExactJson {
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    switch (type.kind) {
        case "int": case "unknown": {
            const roll = random();
            const span = roll < 0.7 ? 50 : roll < 0.95 ? 1000 : 1_000_000;
            return BigInt(Math.floor(random() * (2 * span + 1)) - span);
        }
        case "float": return Math.round((random() * 200 - 100) * 1000) / 1000;
        case "str": {
            if (random() < 0.2) return pick(stringBoundaries);
            const letters = "abcdefghijklmnopqrstuvwxyzABC xyz";
            return Array.from({ length: Math.floor(random() * 12) }, () => pick([...letters])).join("");
        }
        case "char": return pick([..."abcxyzABC019 "]);
        case "bool": return random() < 0.5;
        case "none": return null;
        case "optional": return random() < 0.2 ? null : randomValue(type.of, random, depth);
        case "list": return Array.from({ length: Math.floor(random() * (depth > 0 ? 4 : 9)) }, () => randomValue(type.of, random, depth + 1));
        case "tuple": return type.of.map((part) => randomValue(part, random, depth + 1));
        case "dict": {
            const object: { [key: string]: ExactJson } = {};
            for (let i = Math.floor(random() * 4); i > 0; i--) object[String(randomValue(type.key, random, depth + 1))] = randomValue(type.value, random, depth + 1);
            return object;
        }
    }
}

/** Up to `count` argument lists: each parameter's boundaries with the others ordinary, then random combinations. */
export function generateCases(types: ValueType[], count: number, seed: number): ExactJson[][] {
    const random = seededRandom(seed);
    if (types.length === 0) return count > 0 ? [[]] : [];
    const cases: ExactJson[][] = [];
    const seen = new Set<string>();
    const add = (args: ExactJson[]) => {
        const key = JSON.stringify(args, (_, v: unknown) => typeof v === "bigint" ? `${v}n` : v);
        if (!seen.has(key) && cases.length < count) { seen.add(key); cases.push(args); }
    };
    const ordinary = types.map((type) => randomValue(type, random, 0));
    types.forEach((type, i) => {
        for (const value of boundaryValues(type, random)) add(types.map((_, j) => j === i ? value : ordinary[j]!));
    });
    for (let attempt = 0; cases.length < count && attempt < count * 5; attempt++) {
        add(types.map((type) => random() < 0.15 ? pickOf(boundaryValues(type, random), random) : randomValue(type, random, 0)));
    }
    return cases;
}

function pickOf<T>(items: readonly T[], random: () => number): T {
    return items[Math.floor(random() * items.length)]!;
}
