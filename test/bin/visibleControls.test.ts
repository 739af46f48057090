// Model text printed by the CLI shows its control characters as escapes: nothing it holds can move the cursor,
// erase a line, set the title or reorder text; newlines, tabs and CRLF line ends stay as they are.
import { test } from "node:test";
import assert from "node:assert/strict";
import { visibleControls } from "../../bin/terminal/visibleControls.js";

const cases: [string, string, string][] = [
    [
        "erase line, cursor up, title, bell",
        "+x = 1\x1b[2K\x1b[1A\x1b]0;title\x07\n",
        "+x = 1\\x1b[2K\\x1b[1A\\x1b]0;title\\x07\n"
    ],
    ["newline and tab stay", "a\tb\nc\n", "a\tb\nc\n"],
    ["CRLF stays, a lone carriage return shows", "ok\r\nbad\rgood", "ok\r\nbad\\x0dgood"],
    ["DEL, NUL and the C1 CSI", "\x7f\x00\x9b31m", "\\x7f\\x00\\x9b31m"],
    ["bidi override and isolate", "x\u202e = 1\u2066", "x\\u{202e} = 1\\u{2066}"],
    ["ordinary unicode stays", "é ✓ 数", "é ✓ 数"]
];

for (const [name, text, shown] of cases)
    test(`visibleControls: ${name}`, () => assert.equal(visibleControls(text), shown));
