// A corpus of realistic R1-style reasonings and answers, generated from the patterns seen in 690 real replies:
// code drafts rewritten several times (the same `def` line in each), the same doubt coming back thousands of
// characters apart, long legitimate enumerations and traces, and true loops (one word, a paragraph back to back).

import { seededRandom as random } from "../../../engine/random/seededRandom.js";

const functions = [
    {
        name: "parse_tags",
        params: "self, text",
        body: ["parts = text.split(self.sep)", "return [p.strip() for p in parts if p.strip()]"]
    },
    { name: "gcd", params: "a, b", body: ["while b:", "    a, b = b, a % b", "return abs(a)"] },
    {
        name: "merge_intervals",
        params: "intervals",
        body: [
            "intervals.sort(key=lambda x: x[0])",
            "merged = []",
            "for start, end in intervals:",
            "    if merged and start <= merged[-1][1]:",
            "        merged[-1][1] = max(merged[-1][1], end)",
            "    else:",
            "        merged.append([start, end])",
            "return merged"
        ]
    },
    {
        name: "normalize_path",
        params: 'path: str, base: str = "/"',
        body: [
            'if not path.startswith("/"):',
            '    path = base.rstrip("/") + "/" + path',
            "return os.path.normpath(path)"
        ]
    }
];

const openers = ["Okay, so I need to fix", "Let me look at", "Alright, the task is about", "Hmm, the problem is with"];
const subjects = [
    "the loop",
    "the base case",
    "the return value",
    "the slice",
    "the comparison",
    "the empty input",
    "the last element",
    "the index"
];
const verbs = ["handles", "skips", "breaks on", "returns early for", "double-counts", "ignores", "mishandles"];
const doubts = [
    "Wait, but what if the input list is empty? Then the function would return None instead of an empty list.",
    "But wait, does the docstring say that the separator can be more than one character long?",
    "Hmm, but what about negative numbers here, would the modulo still behave the same way in Python?",
    "Wait, maybe I'm misunderstanding the problem statement and the function is supposed to keep duplicates."
];

function prose(next: () => number, sentences: number): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    const out: string[] = [];
    for (let i = 0; i < sentences; i++) {
        const n = Math.floor(next() * 90) + 2;
        out.push(
            pick([
                () => `So ${pick(subjects)} ${pick(verbs)} the case where n is ${n}.`,
                () =>
                    `If I call it with [${n}, ${n + 3}, ${n * 2}], I expect ${n * 3 + 3} but the code gives ${n * 2 + 1}.`,
                () => `Let me trace it: i starts at 0, then ${n % 7}, and the condition i < ${n} is still true.`,
                () => `That means ${pick(subjects)} is fine, and the bug must be in ${pick(subjects)}.`,
                () => `Another test: value ${n} should map to ${n * n}, and it does.`,
                () => `Maybe the original author meant ${pick(subjects)} to run ${n} times.`
            ])()
        );
    }
    return out.join(" ");
}

export interface CorpusCase {
    name: string;
    text: string;
}

/** A legitimate reasoning that drafts the same function several times, with the same `def` line in each draft. */
function drafts(next: () => number, index: number): CorpusCase {
    const f = functions[index % functions.length]!;
    const parts = [`${openers[index % openers.length]} ${f.name}. ${prose(next, 6)}`];
    const count = 4 + (index % 4);
    for (let draft = 0; draft < count; draft++) {
        const body = f.body.map((line, i) =>
            i === f.body.length - 1 && draft % 2 === 1 ? `${line}  # draft ${draft + 1}` : line
        );
        parts.push(
            `Let me write it again:\n\n\`\`\`python\ndef ${f.name}(${f.params}):\n${body.map((line) => `    ${line}`).join("\n")}\n\`\`\`\n\n${prose(next, 4 + (draft % 3))}`
        );
    }
    parts.push("So the final code is the last draft. I think that's correct now.");
    return { name: `drafts-${index}`, text: parts.join("\n\n") };
}

/** A legitimate reasoning that comes back to the same doubt four or five times, thousands of characters apart. */
function recurringDoubt(next: () => number, index: number): CorpusCase {
    const doubt = doubts[index % doubts.length]!;
    const parts: string[] = [`${openers[(index + 1) % openers.length]} this function. ${prose(next, 10)}`];
    for (let i = 0; i < 4 + (index % 2); i++) parts.push(doubt, prose(next, 12 + ((i * 5) % 9)));
    return { name: `doubt-${index}`, text: parts.join("\n\n") };
}

/** A legitimate long enumeration: a trace of a loop step by step, a table of cases, a dp fill. */
function enumeration(next: () => number, index: number): CorpusCase {
    const steps = 40 + (index % 5) * 20;
    const lines: string[] = [`Let me trace the algorithm by hand for n = ${steps}.`];
    let a = Math.floor(next() * 50) + 10,
        b = 7;
    for (let i = 0; i < steps; i++) {
        const shape = index % 3;
        if (shape === 0)
            lines.push(`Step ${i}: a = ${a}, b = ${b}, a % b = ${a % b}, so now a = ${b} and b = ${a % b || 1}.`);
        else if (shape === 1)
            lines.push(
                `i = ${i}: arr[${i}] = ${(i * 7) % 13}, running sum = ${(i * (i + 1)) / 2}, max so far = ${Math.max(i, 12)}.`
            );
        else
            lines.push(
                `dp[${i}][${(i * 3) % 5}] = max(dp[${i - 1}][${(i * 3) % 5}], dp[${i}][${((i * 3) % 5) - 1}] + ${i % 4}) = ${i * 2 + 1}`
            );
        [a, b] = [b, a % b || 1];
    }
    lines.push(`${prose(next, 4)} So the trace matches the expected output.`);
    return { name: `enumeration-${index}`, text: lines.join("\n") };
}

/** A legitimate reasoning that writes out a table by hand: a grid of zeros, a rule under a header, equal rows. */
function grid(next: () => number, index: number): CorpusCase {
    const size = 8 + (index % 4) * 4;
    const zeros = Array.from({ length: size }, () => Array.from({ length: size }, () => "0").join(" ")).join("\n");
    const rule = "|" + "---|".repeat(size);
    const header = "|" + Array.from({ length: size }, (_, i) => ` c${i} |`).join("");
    return {
        name: `grid-${index}`,
        text: `${prose(next, 8)} The dp table starts as all zeros:\n\n${zeros}\n\nAs a table:\n\n${header}\n${rule}\n\n${prose(next, 8)}`
    };
}

/** Reasonings that end by themselves: no guard may cut any of them. */
export function legitimateReasonings(count: number, seed = 20): CorpusCase[] {
    const next = random(seed);
    const makers = [drafts, recurringDoubt, enumeration, grid];
    return Array.from({ length: count }, (_, i) => makers[i % makers.length]!(next, Math.floor(i / makers.length)));
}

export interface LoopCase extends CorpusCase {
    /** Where the loop starts in `text`. */
    loopStart: number;
    /** The length of the repeated passage, in characters (as the guard compares it: one space for each white-space run). */
    period: number;
    /** The passage has fewer than two distinct letters, so the guard waits for more of it. */
    wordless?: boolean;
}

/** True loops: a prefix of real reasoning, then a passage repeated back to back until the text ends. */
export function loopingReasonings(seed = 21): LoopCase[] {
    const next = random(seed);
    const loop = (name: string, prefix: string, passage: string, copies: number): LoopCase => ({
        name,
        text: prefix + passage.repeat(copies),
        loopStart: prefix.length,
        period: passage.replace(/\s+/g, " ").length
    });
    const paragraph = (sentences: number) => prose(next, sentences) + "\n\n";
    return [
        loop("one word 2,131 times", `${prose(next, 30)} `, "wait ", 2131),
        loop(
            "a sentence back to back",
            `${prose(next, 20)} `,
            "So the answer is to check the low bit and shift right. ",
            200
        ),
        loop("a paragraph back to back", `${prose(next, 40)}\n\n`, paragraph(4), 30),
        loop("a long paragraph back to back", `${prose(next, 40)}\n\n`, paragraph(12), 10),
        loop(
            "a code draft back to back",
            `${drafts(next, 1).text}\n\n`,
            "```python\ndef gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n```\n\n",
            40
        ),
        loop(
            "a loop after a long legitimate reasoning",
            `${recurringDoubt(next, 3).text} `,
            "Hmm, let me recheck the first example again. ",
            300
        ),
        loop("two words", `${prose(next, 10)} `, "No, no. ", 500),
        loop("two paragraphs taking turns", `${prose(next, 20)}\n\n`, paragraph(3) + paragraph(2), 20),
        { ...loop("digits without end", `${prose(next, 10)} The value is 0.`, "3", 5000), wordless: true }
    ];
}

/** Answers a model finishes by itself: code with similar lines, parametrized cases, a repeated short call. */
export function legitimateAnswers(count: number, seed = 22): CorpusCase[] {
    const next = random(seed);
    return Array.from({ length: count }, (_, index) => {
        const f = functions[index % functions.length]!;
        const cases = Array.from(
            { length: 12 + (index % 20) },
            (_, i) => `    assert ${f.name}(${i}, ${(i * 5) % 11}) == ${(i * 7) % 13}`
        ).join("\n");
        const params = Array.from({ length: 10 + (index % 10) }, (_, i) => `    (${i}, ${i * 2}, ${i * 3}),`).join(
            "\n"
        );
        const text =
            `The bug is in ${f.name}: ${prose(next, 3)}\n\n\`\`\`python\ndef ${f.name}(${f.params}):\n${f.body.map((l) => `    ${l}`).join("\n")}\n\`\`\`\n\n` +
            `Tests:\n\n\`\`\`python\nimport pytest\n\n\ndef test_cases():\n${cases}\n\n\n@pytest.mark.parametrize("a, b, c", [\n${params}\n])\n` +
            `def test_param(a, b, c):\n    s = Stack()\n    s.push(a)\n    s.push(a)\n    s.push(a)\n    assert s.pop() == a\n\`\`\`\n`;
        return { name: `answer-${index}`, text };
    });
}

/** Answers that degenerate: one line repeated for 19.9 KB, a block repeated. */
export function loopingAnswers(): LoopCase[] {
    const prefix =
        "The fix:\n\n```python\ndef gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return abs(a)\n```\n\nTests:\n\n```python\n";
    const line = "    assert gcd(0, 0) == 0\n";
    const block = "def test_gcd():\n    assert gcd(12, 18) == 6\n    assert gcd(0, 5) == 5\n\n";
    return [
        {
            name: "one line for 19.9 KB",
            text: prefix + line.repeat(Math.ceil(19_900 / line.length)),
            loopStart: prefix.length,
            period: line.replace(/\s+/g, " ").length
        },
        {
            name: "a test repeated",
            text: prefix + block.repeat(60),
            loopStart: prefix.length,
            period: block.replace(/\s+/g, " ").length
        }
    ];
}
