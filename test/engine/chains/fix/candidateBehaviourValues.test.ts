// The behaviour comparison's pure parts, as tables: which typed outcomes count as the same behaviour, how values and
// calls are written in each language, and which inputs the function's own literals add (the same for a seed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseExactJson } from "../../../../engine/chains/port/exactJson.js";
import { behaviourCases, sortLiterals } from "../../../../engine/chains/fix/candidateBehaviourInputs.js";
import {
    describeBehaviour,
    sameBehaviour,
    writeCall,
    writeTypedValue,
    type BehaviourSyntax
} from "../../../../engine/chains/fix/candidateBehaviourValues.js";
import { javascriptValueSyntax } from "../../../../engine/languages/ecmascript/behaviour/javascriptValueSyntax.js";
import { pythonValueSyntax } from "../../../../engine/languages/python/behaviour/pythonValueSyntax.js";
import type { SubjectOutcome } from "../../../../engine/chains/fix/candidateBehaviourRuns.js";
import { typeFromUse } from "../../../../engine/languages/python/behaviour/candidateBehaviourPythonTypes.js";

const value = (json: string): SubjectOutcome => ({ kind: "value", value: parseExactJson(json) });

test("the same behaviour: types matter in Python, floats within a tolerance, sets and dicts in any order, errors by type", () => {
    const rows: [SubjectOutcome, SubjectOutcome, BehaviourSyntax, boolean | undefined][] = [
        [value("1"), value("true"), pythonValueSyntax, false],
        [value("1"), value("1.0"), pythonValueSyntax, false],
        [value("1"), value("1.0"), javascriptValueSyntax, true],
        [value("0.30000000000000004"), value("0.3"), pythonValueSyntax, true],
        [value("0.3001"), value("0.3"), pythonValueSyntax, false],
        [value("NaN"), value("NaN"), pythonValueSyntax, true],
        [value('{"$tuple":[1]}'), value("[1]"), pythonValueSyntax, false],
        [value('{"$set":[1,2]}'), value('{"$set":[2,1]}'), pythonValueSyntax, true],
        [value('{"$set":[1,2]}'), value('{"$frozenset":[1,2]}'), pythonValueSyntax, false],
        [value('{"$dict":[[1,"a"],[2,"b"]]}'), value('{"$dict":[[2,"b"],[1,"a"]]}'), pythonValueSyntax, true],
        [value('{"$object":"MyInt","value":1}'), value("1"), pythonValueSyntax, false],
        [value('{"$bigint":"1"}'), value("1"), javascriptValueSyntax, false],
        [
            { kind: "raises", error: "ZeroDivisionError" },
            { kind: "raises", error: "ZeroDivisionError" },
            pythonValueSyntax,
            true
        ],
        [
            { kind: "raises", error: "ZeroDivisionError" },
            { kind: "raises", error: "ValueError" },
            pythonValueSyntax,
            false
        ],
        [{ kind: "timeout" }, { kind: "timeout" }, pythonValueSyntax, true],
        [{ kind: "timeout" }, value("1"), pythonValueSyntax, false],
        [
            { kind: "exits", how: "exits the process (exit code 0)" },
            { kind: "exits", how: "is killed by SIGSEGV" },
            pythonValueSyntax,
            false
        ],
        [{ kind: "notRun" }, value("1"), pythonValueSyntax, undefined]
    ];
    for (const [a, b, syntax, same] of rows)
        assert.equal(
            sameBehaviour(a, b, syntax),
            same,
            `${JSON.stringify([a, b, syntax], (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`
        );
});

test("values and calls in the target language's syntax, long ones cut", () => {
    const rows: [string, string, string][] = [
        ["1", "1", "1"],
        ["true", "True", "true"],
        ["null", "None", "null"],
        ['{"$tuple":[1]}', "(1,)", "(1,)"],
        ['{"$tuple":[1,"a"]}', '(1, "a")', '(1, "a")'],
        ['{"$set":[]}', "set()", "new Set([])"],
        ['{"$dict":[[1,[2.5]]]}', "{1: [2.5]}", "{1: [2.5]}"],
        ['{"$record":{"a":1}}', "{ a: 1 }", "{ a: 1 }"],
        ['{"$undefined":true}', "undefined", "undefined"],
        ['{"$bigint":"12"}', "12n", "12n"],
        ['{"$object":"Node","fields":{"$dict":[["value",3]]}}', 'Node({"value": 3})', 'Node({"value": 3})'],
        ["9007199254740993", "9007199254740993", "9007199254740993"]
    ];
    for (const [json, python, javascript] of rows) {
        assert.equal(writeTypedValue(parseExactJson(json), pythonValueSyntax), python, json);
        assert.equal(writeTypedValue(parseExactJson(json), javascriptValueSyntax), javascript, json);
    }
    assert.equal(writeCall("gcd", [0n, 49n], pythonValueSyntax), "gcd(0, 49)");
    assert.equal(writeCall("f", [null, "()", [1n, true]], pythonValueSyntax), 'f(None, "()", [1, True])');
    assert.equal(writeCall("f", [null, [1n, true]], javascriptValueSyntax), "f(null, [1, true])");
    assert.equal(
        writeTypedValue(
            Array.from({ length: 100 }, (_, i) => BigInt(i)),
            pythonValueSyntax
        ).length,
        121
    );
    assert.equal(
        describeBehaviour({ kind: "raises", error: "ZeroDivisionError" }, pythonValueSyntax),
        "raises ZeroDivisionError"
    );
    assert.equal(describeBehaviour({ kind: "timeout" }, pythonValueSyntax), "times out");
});

test("inputs: the function's literals, their neighbours and strings of its characters join the port's cases; the same seed gives the same cases", () => {
    const literals = sortLiterals([0n, 42n, "(", ")", "a long message the function prints"]);
    const cases = behaviourCases([{ kind: "unknown" }], literals, 100, 3);
    assert.equal(cases.length, 100);
    const flat = cases.map((args) => args[0]);
    for (const wanted of [41n, 42n, 43n, "(", ")"]) assert.ok(flat.includes(wanted), String(wanted));
    assert.ok(
        flat.some((item) => typeof item === "string" && item.length >= 3 && /^[()]+$/.test(item)),
        "strings made of the function's characters"
    );
    assert.deepEqual(behaviourCases([{ kind: "unknown" }], literals, 100, 3), cases);
    assert.notDeepEqual(behaviourCases([{ kind: "unknown" }], literals, 100, 4), cases);
    const lists = behaviourCases([{ kind: "list", of: { kind: "str" } }, { kind: "int" }], literals, 60, 1);
    assert.ok(
        lists.some(([list]) => Array.isArray(list) && list.includes("(")),
        "lists of the function's strings"
    );
});

test("an unannotated Python parameter's type is guessed from its use", () => {
    const rows: [string, string, string][] = [
        ["arr", "def f(arr):\n    return len(arr)", "list"],
        ["arr", "def f(arr):\n    first, *rest = arr\n", "list"],
        ["items", "def f(items):\n    for weight, value in items:\n        pass", "list of pairs"],
        ["text", "def f(text):\n    return text.rfind(' ')", "str"],
        ["source", "def f(source):\n    if source == '':\n        return 0", "str"],
        ["n", "def f(n):\n    return n * 2 + arr[n]", "unknown"]
    ];
    const shape = (type: ReturnType<typeof typeFromUse>) =>
        type.kind === "list" ? (type.of.kind === "tuple" ? "list of pairs" : "list") : type.kind;
    for (const [name, source, expected] of rows) assert.equal(shape(typeFromUse(name, source)), expected, source);
});
