// The house's size rule, checked: no product function (engine, server, bin, client, protocol, media) is over 80
// lines (counted as the lines its statements, members and cases start on, so the formatter's line breaks do not
// count) unless its leading comment says why ("It is long because …"). The finder has its own table of snippets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { longFunctionsOf } from "./support/longFunctionsOf.js";

const productFolders = ["engine", "server", "bin", "client", "protocol", "media"];

const body = (lines: number) => Array.from({ length: lines }, (_, i) => `    const v${i} = ${i};`).join("\n");

test("the long-function finder: a table of snippets", () => {
    const cases: [string, string, { name: string; reasoned: boolean }[]][] = [
        ["a short function", `function short() {\n${body(10)}\n}\n`, []],
        ["a long declaration", `function long() {\n${body(90)}\n}\n`, [{ name: "long", reasoned: false }]],
        [
            "a long declaration with its reason",
            `// It is long because the steps share one transaction.\nfunction long() {\n${body(90)}\n}\n`,
            [{ name: "long", reasoned: true }]
        ],
        [
            "a long arrow held by a variable, reasoned above the variable",
            `/** It is long because it is a table. */\nconst table = () => {\n${body(90)}\n};\n`,
            [{ name: "table", reasoned: true }]
        ],
        [
            "argument lists broken one per line by the formatter do not make a function long",
            `function calls() {\n${Array.from({ length: 10 }, (_, i) => `    call${i}(\n${Array.from({ length: 10 }, (_, j) => `        a${j},`).join("\n")}\n    );`).join("\n")}\n}\n`,
            []
        ],
        ["a long method", `class C {\n    run() {\n${body(85)}\n    }\n}\n`, [{ name: "run", reasoned: false }]],
        [
            "a comment that is not a reason",
            `// Long, sorry.\nfunction long() {\n${body(90)}\n}\n`,
            [{ name: "long", reasoned: false }]
        ],
        [
            "a nested long function counts on its own",
            `function outer() {\n    const inner = () => {\n${body(85)}\n    };\n}\n`,
            [
                { name: "outer", reasoned: false },
                { name: "inner", reasoned: false }
            ]
        ]
    ];
    for (const [name, source, expected] of cases)
        assert.deepEqual(
            longFunctionsOf(source).map(({ name: n, reasoned }) => ({ name: n, reasoned })),
            expected,
            name
        );
});

async function sourcesUnder(folder: string): Promise<string[]> {
    const found: string[] = [];
    for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) found.push(...(await sourcesUnder(path)));
        else if (/\.ts$/.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(path);
    }
    return found;
}

test("no product function is over 80 lines without a reason beside it", async () => {
    const offenders: string[] = [];
    for (const folder of productFolders) {
        for (const file of await sourcesUnder(folder)) {
            for (const long of longFunctionsOf(await readFile(file, "utf8"), file).filter((f) => !f.reasoned))
                offenders.push(`${file}:${long.line} ${long.name} (${long.lines} lines)`);
        }
    }
    assert.deepEqual(offenders, []);
});
