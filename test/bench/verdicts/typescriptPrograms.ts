// The TypeScript programs of the verdict benchmark suite: eight one-line bugs, each with two confidently wrong
// fixes whose weak tests are true, a correct fix, and a user's failing test.

import type { VerdictProgram } from "./VerdictProgram.js";

const ts = (
    name: string,
    module: string,
    parts: Omit<VerdictProgram, "name" | "module" | "language">
): VerdictProgram => ({ name, module, language: "typescript", ...parts });
const fn = (header: string, body: string) =>
    `export function ${header} {\n${body
        .split("\n")
        .map((line) => `    ${line}`)
        .join("\n")}\n}\n`;

export const typescriptPrograms: VerdictProgram[] = [
    ts("clamp", "clamp", {
        buggy: fn(
            "clamp(x: number, lo: number, hi: number): number",
            "if (x < lo) return lo;\nif (x > hi) return lo;\nreturn x;"
        ),
        correct: fn(
            "clamp(x: number, lo: number, hi: number): number",
            "if (x < lo) return lo;\nif (x > hi) return hi;\nreturn x;"
        ),
        wrong: [
            {
                code: fn("clamp(x: number, lo: number, hi: number): number", "return Math.min(x, hi);"),
                tests: [["clamp(15, 0, 10)", "10"]]
            },
            {
                code: fn(
                    "clamp(x: number, lo: number, hi: number): number",
                    "if (x < lo) return lo;\nif (x > hi) return 10;\nreturn x;"
                ),
                tests: [["clamp(12, 0, 10)", "10"]]
            }
        ],
        correctTests: [
            ["clamp(15, 0, 10)", "10"],
            ["clamp(-5, 0, 10)", "0"]
        ],
        userTest: ["clamp(9, 1, 4)", "4"],
        hiddenInputs: ["5, 0, 10", "-3, 0, 10", "30, 0, 20", "7, 1, 4"]
    }),
    ts("isLeap", "calendar", {
        buggy: fn("isLeap(year: number): boolean", "return year % 4 === 0;"),
        correct: fn(
            "isLeap(year: number): boolean",
            "return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;"
        ),
        wrong: [
            {
                code: fn("isLeap(year: number): boolean", "return year % 4 === 0 && year % 100 !== 0;"),
                tests: [["isLeap(1900)", "false"]]
            },
            {
                code: fn("isLeap(year: number): boolean", "return year % 4 === 0 && year !== 1900;"),
                tests: [
                    ["isLeap(1900)", "false"],
                    ["isLeap(2004)", "true"]
                ]
            }
        ],
        correctTests: [
            ["isLeap(1900)", "false"],
            ["isLeap(2000)", "true"]
        ],
        userTest: ["isLeap(2100)", "false"],
        hiddenInputs: ["2000", "1900", "2100", "2024", "2023"]
    }),
    ts("range", "ranges", {
        buggy: fn(
            "range(n: number): number[]",
            "const out: number[] = [];\nfor (let i = 0; i <= n; i++) out.push(i);\nreturn out;"
        ),
        correct: fn(
            "range(n: number): number[]",
            "const out: number[] = [];\nfor (let i = 0; i < n; i++) out.push(i);\nreturn out;"
        ),
        wrong: [
            {
                code: fn("range(n: number): number[]", "return Array.from({ length: Math.min(n, 3) }, (_, i) => i);"),
                tests: [["range(2)", "[0, 1]"]]
            },
            {
                code: fn(
                    "range(n: number): number[]",
                    "if (n === 3) return [0, 1, 2];\nconst out: number[] = [];\nfor (let i = 0; i <= n; i++) out.push(i);\nreturn out;"
                ),
                tests: [["range(3)", "[0, 1, 2]"]]
            }
        ],
        correctTests: [
            ["range(3)", "[0, 1, 2]"],
            ["range(0)", "[]"]
        ],
        userTest: ["range(1)", "[0]"],
        hiddenInputs: ["0", "1", "4", "6"]
    }),
    ts("capitalize", "text", {
        buggy: fn("capitalize(s: string): string", 'return s === "" ? "" : s[0]!.toUpperCase() + s;'),
        correct: fn("capitalize(s: string): string", 'return s === "" ? "" : s[0]!.toUpperCase() + s.slice(1);'),
        wrong: [
            {
                code: fn("capitalize(s: string): string", "return s.toUpperCase();"),
                tests: [['capitalize("a")', '"A"']]
            },
            {
                code: fn(
                    "capitalize(s: string): string",
                    'return s === "" ? "" : s[0]!.toUpperCase() + s.slice(1, 4);'
                ),
                tests: [['capitalize("abc")', '"Abc"']]
            }
        ],
        correctTests: [['capitalize("hello")', '"Hello"']],
        userTest: ['capitalize("x")', '"X"'],
        hiddenInputs: ['""', '"hello"', '"a"', '"abcdef"']
    }),
    ts("sumTo", "series", {
        buggy: fn("sumTo(n: number): number", "let total = 0;\nfor (let i = 0; i < n; i++) total += i;\nreturn total;"),
        correct: fn(
            "sumTo(n: number): number",
            "let total = 0;\nfor (let i = 1; i <= n; i++) total += i;\nreturn total;"
        ),
        wrong: [
            {
                code: fn(
                    "sumTo(n: number): number",
                    "if (n === 3) return 6;\nlet total = 0;\nfor (let i = 0; i < n; i++) total += i;\nreturn total;"
                ),
                tests: [["sumTo(3)", "6"]]
            },
            {
                code: fn("sumTo(n: number): number", "return n > 0 ? (n * (n + 1)) / 2 : 1;"),
                tests: [["sumTo(4)", "10"]]
            }
        ],
        correctTests: [
            ["sumTo(3)", "6"],
            ["sumTo(0)", "0"]
        ],
        userTest: ["sumTo(5)", "15"],
        hiddenInputs: ["0", "1", "4", "10"]
    }),
    ts("countChar", "letters", {
        buggy: fn(
            "countChar(s: string, c: string): number",
            "let count = 0;\nfor (let i = 1; i < s.length; i++) if (s[i] === c) count++;\nreturn count;"
        ),
        correct: fn(
            "countChar(s: string, c: string): number",
            "let count = 0;\nfor (let i = 0; i < s.length; i++) if (s[i] === c) count++;\nreturn count;"
        ),
        wrong: [
            {
                code: fn(
                    "countChar(s: string, c: string): number",
                    "let count = 0;\nfor (let i = 0; i < s.length - 1; i++) if (s[i] === c) count++;\nreturn count;"
                ),
                tests: [['countChar("ab", "a")', "1"]]
            },
            {
                code: fn("countChar(s: string, c: string): number", "return s.indexOf(c) >= 0 ? 1 : 0;"),
                tests: [['countChar("ax", "a")', "1"]]
            }
        ],
        correctTests: [['countChar("abca", "a")', "2"]],
        userTest: ['countChar("aa", "a")', "2"],
        hiddenInputs: ['"", "a"', '"ba", "a"', '"aaa", "a"', '"xyz", "q"']
    }),
    ts("maxOf", "extremes", {
        buggy: fn(
            "maxOf(xs: number[]): number",
            "let best = xs[0]!;\nfor (const x of xs) if (x < best) best = x;\nreturn best;"
        ),
        correct: fn(
            "maxOf(xs: number[]): number",
            "let best = xs[0]!;\nfor (const x of xs) if (x > best) best = x;\nreturn best;"
        ),
        wrong: [
            {
                code: fn("maxOf(xs: number[]): number", "return xs[xs.length - 1]!;"),
                tests: [["maxOf([1, 2, 3])", "3"]]
            },
            {
                code: fn(
                    "maxOf(xs: number[]): number",
                    "return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;"
                ),
                tests: [["maxOf([1, 5])", "5"]]
            }
        ],
        correctTests: [["maxOf([3, 9, 2])", "9"]],
        userTest: ["maxOf([4, 8])", "8"],
        hiddenInputs: ["[1]", "[1, 5, 3]", "[9, 2]", "[-3, -1, -2]"]
    }),
    ts("isSorted", "order", {
        buggy: fn(
            "isSorted(xs: number[]): boolean",
            "for (let i = 0; i + 1 < xs.length; i++) if (xs[i]! >= xs[i + 1]!) return false;\nreturn true;"
        ),
        correct: fn(
            "isSorted(xs: number[]): boolean",
            "for (let i = 0; i + 1 < xs.length; i++) if (xs[i]! > xs[i + 1]!) return false;\nreturn true;"
        ),
        wrong: [
            {
                code: fn("isSorted(xs: number[]): boolean", "return xs.length < 3 || xs[0]! <= xs[xs.length - 1]!;"),
                tests: [["isSorted([1, 1])", "true"]]
            },
            {
                code: fn("isSorted(xs: number[]): boolean", "return xs.length < 2 || xs[0]! <= xs[1]!;"),
                tests: [["isSorted([2, 2, 3])", "true"]]
            }
        ],
        correctTests: [
            ["isSorted([1, 2, 2, 5])", "true"],
            ["isSorted([3, 1])", "false"]
        ],
        userTest: ["isSorted([4, 4])", "true"],
        hiddenInputs: ["[]", "[1, 3, 2, 4]", "[1, 2, 0]", "[5, 5, 6]"]
    })
];
