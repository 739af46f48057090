// The Python programs of the verdict benchmark suite: twelve one-line bugs, each with two confidently wrong
// fixes whose weak tests are true, a correct fix, and a user's failing test.

import type { VerdictProgram } from "./VerdictProgram.js";

const py = (
    name: string,
    module: string,
    parts: Omit<VerdictProgram, "name" | "module" | "language">
): VerdictProgram => ({ name, module, language: "python", ...parts });

export const pythonPrograms: VerdictProgram[] = [
    py("sum_to", "series", {
        buggy: "def sum_to(n):\n    total = 0\n    for i in range(n):\n        total += i\n    return total\n",
        correct: "def sum_to(n):\n    total = 0\n    for i in range(1, n + 1):\n        total += i\n    return total\n",
        wrong: [
            {
                code: "def sum_to(n):\n    if n == 3:\n        return 6\n    total = 0\n    for i in range(n):\n        total += i\n    return total\n",
                tests: [["sum_to(3)", "6"]]
            },
            { code: "def sum_to(n):\n    return n * (n + 1) // 2 if n > 0 else 1\n", tests: [["sum_to(4)", "10"]] }
        ],
        correctTests: [
            ["sum_to(3)", "6"],
            ["sum_to(0)", "0"]
        ],
        userTest: ["sum_to(5)", "15"],
        hiddenInputs: ["0", "1", "2", "3", "4", "10"]
    }),
    py("is_even", "parity", {
        buggy: "def is_even(n):\n    return n % 2 == 1\n",
        correct: "def is_even(n):\n    return n % 2 == 0\n",
        wrong: [
            { code: "def is_even(n):\n    return n % 4 == 0 or n == 2\n", tests: [["is_even(4)", "True"]] },
            {
                code: "def is_even(n):\n    return n > 0 and n % 2 == 0\n",
                tests: [
                    ["is_even(2)", "True"],
                    ["is_even(3)", "False"]
                ]
            }
        ],
        correctTests: [
            ["is_even(6)", "True"],
            ["is_even(0)", "True"]
        ],
        userTest: ["is_even(8)", "True"],
        hiddenInputs: ["0", "2", "3", "6", "-4", "7"]
    }),
    py("max_of", "extremes", {
        buggy: "def max_of(xs):\n    best = xs[0]\n    for x in xs:\n        if x < best:\n            best = x\n    return best\n",
        correct:
            "def max_of(xs):\n    best = xs[0]\n    for x in xs:\n        if x > best:\n            best = x\n    return best\n",
        wrong: [
            { code: "def max_of(xs):\n    return xs[-1]\n", tests: [["max_of([1, 2, 3])", "3"]] },
            { code: "def max_of(xs):\n    return sorted(xs)[len(xs) // 2]\n", tests: [["max_of([1, 5])", "5"]] }
        ],
        correctTests: [["max_of([3, 9, 2])", "9"]],
        userTest: ["max_of([4, 8])", "8"],
        hiddenInputs: ["[1]", "[1, 5, 3]", "[9, 2]", "[-3, -1, -2]", "[2, 7, 7, 1]"]
    }),
    py("count_vowels", "vowels", {
        buggy: 'def count_vowels(s):\n    return sum(1 for c in s if c in "aeio")\n',
        correct: 'def count_vowels(s):\n    return sum(1 for c in s if c in "aeiou")\n',
        wrong: [
            {
                code: 'def count_vowels(s):\n    return sum(1 for c in s if c in "aeiu")\n',
                tests: [['count_vowels("u")', "1"]]
            },
            {
                code: 'def count_vowels(s):\n    return sum(1 for c in s if c in "aeiouy")\n',
                tests: [['count_vowels("uu")', "2"]]
            }
        ],
        correctTests: [['count_vowels("queue")', "4"]],
        userTest: ['count_vowels("up")', "1"],
        hiddenInputs: ['""', '"o"', '"sky"', '"audio"', '"rhythm u"']
    }),
    py("factorial", "maths", {
        buggy: "def factorial(n):\n    result = 1\n    for i in range(1, n):\n        result *= i\n    return result\n",
        correct:
            "def factorial(n):\n    result = 1\n    for i in range(1, n + 1):\n        result *= i\n    return result\n",
        wrong: [
            {
                code: "def factorial(n):\n    result = n\n    for i in range(1, n):\n        result *= i\n    return result\n",
                tests: [["factorial(3)", "6"]]
            },
            {
                code: "def factorial(n):\n    return n * (n - 1) if n > 1 else 1\n",
                tests: [
                    ["factorial(3)", "6"],
                    ["factorial(1)", "1"]
                ]
            }
        ],
        correctTests: [
            ["factorial(4)", "24"],
            ["factorial(0)", "1"]
        ],
        userTest: ["factorial(5)", "120"],
        hiddenInputs: ["0", "1", "2", "4", "6"]
    }),
    py("clamp", "bounds", {
        buggy: "def clamp(x, lo, hi):\n    if x < lo:\n        return lo\n    if x > hi:\n        return lo\n    return x\n",
        correct:
            "def clamp(x, lo, hi):\n    if x < lo:\n        return lo\n    if x > hi:\n        return hi\n    return x\n",
        wrong: [
            { code: "def clamp(x, lo, hi):\n    return min(x, hi)\n", tests: [["clamp(15, 0, 10)", "10"]] },
            {
                code: "def clamp(x, lo, hi):\n    if x < lo:\n        return lo\n    if x > hi:\n        return 10\n    return x\n",
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
    py("fizz", "fizzbuzz", {
        buggy: 'def fizz(n):\n    if n % 3 == 0:\n        return "Fizz"\n    if n % 15 == 0:\n        return "FizzBuzz"\n    if n % 5 == 0:\n        return "Buzz"\n    return str(n)\n',
        correct:
            'def fizz(n):\n    if n % 15 == 0:\n        return "FizzBuzz"\n    if n % 3 == 0:\n        return "Fizz"\n    if n % 5 == 0:\n        return "Buzz"\n    return str(n)\n',
        wrong: [
            {
                code: 'def fizz(n):\n    if n == 15:\n        return "FizzBuzz"\n    if n % 3 == 0:\n        return "Fizz"\n    if n % 5 == 0:\n        return "Buzz"\n    return str(n)\n',
                tests: [["fizz(15)", '"FizzBuzz"']]
            },
            {
                code: 'def fizz(n):\n    if n % 15 == 0:\n        return "FizzBuzz"\n    if n % 3 == 0:\n        return "Buzz"\n    if n % 5 == 0:\n        return "Buzz"\n    return str(n)\n',
                tests: [
                    ["fizz(15)", '"FizzBuzz"'],
                    ["fizz(5)", '"Buzz"']
                ]
            }
        ],
        correctTests: [
            ["fizz(30)", '"FizzBuzz"'],
            ["fizz(9)", '"Fizz"']
        ],
        userTest: ["fizz(45)", '"FizzBuzz"'],
        hiddenInputs: ["1", "3", "5", "15", "30", "7"]
    }),
    py("last_index", "search", {
        buggy: "def last_index(xs, v):\n    for i in range(len(xs)):\n        if xs[i] == v:\n            return i\n    return -1\n",
        correct:
            "def last_index(xs, v):\n    for i in reversed(range(len(xs))):\n        if xs[i] == v:\n            return i\n    return -1\n",
        wrong: [
            {
                code: "def last_index(xs, v):\n    return len(xs) - 1 if v in xs else -1\n",
                tests: [["last_index([1, 2, 1], 1)", "2"]]
            },
            {
                code: "def last_index(xs, v):\n    return xs.index(v) + xs.count(v) - 1 if v in xs else -1\n",
                tests: [["last_index([3, 3], 3)", "1"]]
            }
        ],
        correctTests: [
            ["last_index([5, 6, 5, 7], 5)", "2"],
            ["last_index([], 1)", "-1"]
        ],
        userTest: ["last_index([4, 4, 4], 4)", "2"],
        hiddenInputs: ["[1, 2, 1], 1", "[1, 2, 3], 2", "[], 0", "[7, 1, 7, 2], 7"]
    }),
    py("mean", "average", {
        buggy: "def mean(xs):\n    if not xs:\n        return 0.0\n    return sum(xs) / (len(xs) + 1)\n",
        correct: "def mean(xs):\n    if not xs:\n        return 0.0\n    return sum(xs) / len(xs)\n",
        wrong: [
            { code: "def mean(xs):\n    return sum(xs) / len(xs)\n", tests: [["mean([2, 4])", "3"]] },
            {
                code: "def mean(xs):\n    return (xs[0] + xs[-1]) / 2 if xs else 0.0\n",
                tests: [["mean([1, 2, 3])", "2"]]
            }
        ],
        correctTests: [
            ["mean([1, 2, 6])", "3"],
            ["mean([])", "0.0"]
        ],
        userTest: ["mean([5, 7])", "6"],
        hiddenInputs: ["[]", "[1, 2, 6]", "[4]", "[1, 1, 10]"]
    }),
    py("reverse_words", "words", {
        buggy: 'def reverse_words(s):\n    return " ".join(s.split())\n',
        correct: 'def reverse_words(s):\n    return " ".join(reversed(s.split()))\n',
        wrong: [
            { code: "def reverse_words(s):\n    return s[::-1]\n", tests: [['reverse_words("a b")', '"b a"']] },
            {
                code: 'def reverse_words(s):\n    words = s.split()\n    if len(words) > 1:\n        words[0], words[-1] = words[-1], words[0]\n    return " ".join(words)\n',
                tests: [['reverse_words("x y")', '"y x"']]
            }
        ],
        correctTests: [['reverse_words("one two three")', '"three two one"']],
        userTest: ['reverse_words("hello world")', '"world hello"'],
        hiddenInputs: ['""', '"one two three"', '"ab cd"', '"a b c d"']
    }),
    py("abs_diff", "distance", {
        buggy: "def abs_diff(a, b):\n    return a - b\n",
        correct: "def abs_diff(a, b):\n    return abs(a - b)\n",
        wrong: [
            { code: "def abs_diff(a, b):\n    return b - a\n", tests: [["abs_diff(2, 5)", "3"]] },
            { code: "def abs_diff(a, b):\n    return a - b if a > 0 else b - a\n", tests: [["abs_diff(-1, 2)", "3"]] }
        ],
        correctTests: [
            ["abs_diff(2, 5)", "3"],
            ["abs_diff(5, 2)", "3"]
        ],
        userTest: ["abs_diff(1, 4)", "3"],
        hiddenInputs: ["5, 2", "2, 5", "-1, 2", "3, 3", "1, 9"]
    }),
    py("count_positive", "signs", {
        buggy: "def count_positive(xs):\n    return sum(1 for x in xs if x >= 0)\n",
        correct: "def count_positive(xs):\n    return sum(1 for x in xs if x > 0)\n",
        wrong: [
            {
                code: "def count_positive(xs):\n    return sum(1 for x in xs if x > 1)\n",
                tests: [["count_positive([0, 5])", "1"]]
            },
            {
                code: "def count_positive(xs):\n    return sum(1 for x in xs if 0 < x < 100)\n",
                tests: [["count_positive([0, 0, 3])", "1"]]
            }
        ],
        correctTests: [["count_positive([0, 1, -2, 4])", "2"]],
        userTest: ["count_positive([0])", "0"],
        hiddenInputs: ["[]", "[0, 1]", "[1, 2, 3]", "[-1, 0, 250]"]
    })
];
