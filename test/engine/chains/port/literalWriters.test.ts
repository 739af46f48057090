// The source languages' literal writers, as tables: each exact-JSON form written as Python and as JavaScript
// would write it, so what the model reads about the original is code of the original's language.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseExactJson, type ExactJson } from "../../../../engine/chains/port/exactJson.js";
import { writeJavaScriptLiteral, writePythonLiteral } from "../../../../engine/chains/port/literalWriters.js";

/** Each row: the exact-JSON text a harness writes, then the Python and the JavaScript literal of the value. */
const rows: [json: string, python: string, javascript: string][] = [
    ["null", "None", "null"],
    ["true", "True", "true"],
    ["false", "False", "false"],
    ["3", "3", "3"],
    ["-12", "-12", "-12"],
    ["9007199254740993", "9007199254740993", "9007199254740993n"],
    ["-9007199254740993", "-9007199254740993", "-9007199254740993n"],
    ["2.5", "2.5", "2.5"],
    ["2.0", "2.0", "2"],
    ["NaN", "float('nan')", "NaN"],
    ["-Infinity", "float('-inf')", "-Infinity"],
    ['"a\\"b\\n"', '"a\\"b\\n"', '"a\\"b\\n"'],
    ["[]", "[]", "[]"],
    ["[1,[true,null]]", "[1, [True, None]]", "[1, [true, null]]"],
    ['{"$set":[1,2]}', "{1, 2}", "new Set([1, 2])"],
    ['{"$set":[]}', "set()", "new Set([])"],
    ['{"$repr":"<object at 0x1>"}', "<object at 0x1>", "<object at 0x1>"],
    ["{}", "{}", "{}"],
    ['{"a":1,"b c":false}', '{"a": 1, "b c": False}', '{ a: 1, "b c": false }'],
    ['{"$set":[1],"other":2}', '{"$set": [1], "other": 2}', "{ $set: [1], other: 2 }"]
];

function check(writer: (value: ExactJson) => string, column: 1 | 2): void {
    for (const row of rows) assert.equal(writer(parseExactJson(row[0])), row[column], `${row[0]}`);
}

test("Python literals: None, True, float('nan'), sets in braces, reprs as Python wrote them", () => {
    check(writePythonLiteral, 1);
});

test("JavaScript literals: null, true, NaN, bigints beyond 2^53 with n, sets as new Set, plain keys unquoted", () => {
    check(writeJavaScriptLiteral, 2);
    assert.equal(writeJavaScriptLiteral(-0), "-0");
});
