// The suite's TypeScript tasks: an invoice whose rounding helper in another module truncates, and a word count
// whose splitting helper misses runs of whitespace (bug report only).

import type { RepoTaskSource } from "./RepoTaskSource.js";

const packageJson = (name: string) => JSON.stringify({ name, private: true, type: "module" }, null, 2) + "\n";

const roundBefore = `export function roundCents(amount: number): number {
    return Math.floor(amount * 100) / 100;
}
`;

const invoice: RepoTaskSource = {
    instance_id: "ts-invoice-rounding",
    language: "typescript",
    problem_statement: "invoiceTotal of one line at 19.99 with 20% tax gives 23.98; it should round to 23.99.",
    files: {
        "package.json": packageJson("invoice"),
        "src/money.ts": `/** Rounds an amount to whole cents. */
${roundBefore}
/** The amount with two decimals. */
export function formatAmount(amount: number): string {
    return amount.toFixed(2);
}
`,
        "src/invoice.ts": `import { roundCents } from "./money.js";

export interface Line {
    price: number;
    quantity: number;
}

/** The invoice's total with tax at \`rate\` (0.2 for 20 %), in whole cents. */
export function invoiceTotal(lines: Line[], rate: number): number {
    const net = lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
    return roundCents(net * (1 + rate));
}
`,
        "test/invoice.test.ts": `import { test } from "node:test";
import assert from "node:assert/strict";
import { invoiceTotal } from "../src/invoice.js";

test("an invoice without tax is its net", () => {
    assert.equal(invoiceTotal([{ price: 2.5, quantity: 2 }], 0), 5);
});

test("tax is rounded to the nearest cent", () => {
    assert.equal(invoiceTotal([{ price: 19.99, quantity: 1 }], 0.2), 23.99);
});
`
    },
    hidden: {
        "test/money_hidden.test.ts": `import { test } from "node:test";
import assert from "node:assert/strict";
import { roundCents } from "../src/money.js";

test("rounds up from half a cent", () => {
    assert.equal(roundCents(1.006), 1.01);
});

test("keeps whole cents", () => {
    assert.equal(roundCents(2.5), 2.5);
});
`
    },
    FAIL_TO_PASS: [
        "test/invoice.test.ts::tax is rounded to the nearest cent",
        "test/money_hidden.test.ts::rounds up from half a cent"
    ],
    PASS_TO_PASS: [
        "test/invoice.test.ts::an invoice without tax is its net",
        "test/money_hidden.test.ts::keeps whole cents"
    ],
    failing_tests: ["test/invoice.test.ts::tax is rounded to the nearest cent"],
    fixes: [
        {
            file: "src/money.ts",
            function: "roundCents",
            before: roundBefore,
            after: roundBefore.replace("Math.floor", "Math.round")
        }
    ]
};

const splitBefore = `export function splitWords(text: string): string[] {
    return text.trim().split(" ");
}
`;

const words: RepoTaskSource = {
    instance_id: "ts-word-count",
    language: "typescript",
    problem_statement:
        "wordCount('one  two') returns 3 instead of 2 when words are separated by two spaces, and a tab between " +
        "two words does not separate them either.",
    files: {
        "package.json": packageJson("words"),
        "src/words.ts": `/** The words of a text, split on whitespace. */
${splitBefore}`,
        "src/textStats.ts": `import { splitWords } from "./words.js";

/** How many words the text has. */
export function wordCount(text: string): number {
    return splitWords(text).length;
}

/** The text's longest word (the first of equals). */
export function longestWord(text: string): string {
    return splitWords(text).reduce((best, word) => (word.length > best.length ? word : best), "");
}
`,
        "test/textStats.test.ts": `import { test } from "node:test";
import assert from "node:assert/strict";
import { wordCount } from "../src/textStats.js";

test("counts the words of a simple sentence", () => {
    assert.equal(wordCount("one two three"), 3);
});
`
    },
    hidden: {
        "test/words_hidden.test.ts": `import { test } from "node:test";
import assert from "node:assert/strict";
import { splitWords } from "../src/words.js";
import { longestWord, wordCount } from "../src/textStats.js";

test("double spaces separate two words", () => {
    assert.equal(wordCount("one  two"), 2);
});

test("tabs separate words", () => {
    assert.deepEqual(splitWords("a\\tb"), ["a", "b"]);
});

test("finds the longest word", () => {
    assert.equal(longestWord("a bcd ef"), "bcd");
});
`
    },
    FAIL_TO_PASS: [
        "test/words_hidden.test.ts::double spaces separate two words",
        "test/words_hidden.test.ts::tabs separate words"
    ],
    PASS_TO_PASS: [
        "test/textStats.test.ts::counts the words of a simple sentence",
        "test/words_hidden.test.ts::finds the longest word"
    ],
    fixes: [
        {
            file: "src/words.ts",
            function: "splitWords",
            before: splitBefore,
            after: splitBefore.replace(
                'text.trim().split(" ")',
                'text.trim().split(/\\s+/).filter((word) => word !== "")'
            )
        }
    ]
};

export const typescriptRepoTasks: RepoTaskSource[] = [invoice, words];
