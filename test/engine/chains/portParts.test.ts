// The port chain's parts on their own, data-driven: decomposition of a Python file into ordered units with
// their examples, reading a unit's item out of a reply, exact JSON, Rust literals for ported tests, seeded case
// generation, outcome comparison, and compiler errors filed under units.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decomposePythonSource } from "../../../engine/languages/python/port/decomposePythonSource.js";
import { readPortedItem } from "../../../engine/languages/rust/port/readPortedItem.js";
import { parseExactJson, writeExactJson, type ExactJson } from "../../../engine/chains/port/exactJson.js";
import { renderRustTests, rustLiteral } from "../../../engine/languages/rust/port/rustPortTests.js";
import { planPythonTests } from "../../../engine/chains/port/testPlans.js";
import { generateCases } from "../../../engine/chains/port/caseGeneration.js";
import { sameOutcome } from "../../../engine/chains/port/compareOutcomes.js";
import { assembleCrate } from "../../../engine/languages/rust/port/rustCrate.js";
import { errorsByUnit } from "../../../engine/languages/rust/port/rustHarness.js";
import { rustParameter } from "../../../engine/languages/rust/port/rustSignature.js";
import { parameterType, pythonTypeText } from "../../../engine/chains/port/valueTypes.js";

const source = `import math
from collections import deque

LIMIT = 10


def total(xs: list[int]) -> int:
    """Sum of the scaled values.

    >>> total([1, 2])
    6
    """
    return sum(scale(x) for x in xs)


def scale(x):
    return x * FACTOR + math.floor(0.5)


FACTOR = 2


class Box:
    def __init__(self, value):
        self.value = value


def test_total():
    assert total([3]) == 6


if __name__ == "__main__":
    print(scale(-4), total([]))
`;

test("decomposition: units in dependency order, imports, and examples from doctests, tests and the main block", async () => {
    const decomposed = await decomposePythonSource(
        source,
        [{ path: "test_m.py", text: "from m import scale\n\ndef test_scale():\n    assert scale(5) == 10\n" }],
        "m.py"
    );
    assert.deepEqual(
        decomposed.units.map((u) => [u.name, u.kind, u.uses]),
        [
            ["LIMIT", "constant", []],
            ["FACTOR", "constant", []],
            ["scale", "function", ["FACTOR"]],
            ["total", "function", ["scale"]],
            ["Box", "class", []]
        ]
    );
    assert.deepEqual(decomposed.imports, ["math", "collections"]);
    const examples = decomposed.examples
        .map((e) => `${e.origin}: ${e.unit}(${e.args.map(writeExactJson).join(", ")})`)
        .sort();
    assert.deepEqual(examples, [
        "doctest: total([1,2])",
        "example: scale(-4)",
        "example: total([])",
        "test test_scale: scale(5)",
        "test test_total: total([3])"
    ]);
    assert.deepEqual(
        decomposed.tests.map((t) => `${t.file}:${t.name}`),
        ["m.py:test_total", "test_m.py:test_scale"]
    );
    const scale = decomposed.units.find((u) => u.name === "scale")!;
    assert.equal(pythonTypeText(parameterType(scale.parameters[0]!)), "int", "the type comes from the values seen");
    const total = decomposed.units.find((u) => u.name === "total")!;
    assert.equal(pythonTypeText(parameterType(total.parameters[0]!)), "list[int]", "the hint wins");
});

test("a reply's item is picked by name, made pub, with std uses kept, other crates dropped, and edge cases read", async () => {
    const reply =
        '<think>\nok\n</think>\n\n```rust\nuse std::collections::HashMap;\nuse regex::Regex;\n\nfn helper() {}\n\n/// Doubles.\n#[inline]\nfn double_it(x: &\'a str, ys: &mut Vec<i64>, n: usize) -> Result<i64, String> {\n    Ok(2)\n}\n```\n\n```json\n[["a", [], 0], ["", [1], 99999999999999999999]]\n```\n';
    const read = await readPortedItem(reply, "doubleIt", "function");
    assert.equal(read.item!.name, "double_it");
    assert.match(read.item!.code, /^\/\/\/ Doubles\.\n#\[inline\]\npub fn double_it/);
    assert.doesNotMatch(read.item!.code, /helper/);
    assert.deepEqual(read.item!.uses, ["use std::collections::HashMap;"]);
    assert.match(read.problems.join("\n"), /outside the standard library \(use regex::Regex;\)/);
    assert.deepEqual(
        read.item!.signature!.parameters.map((p) => [p.owned, p.pass]),
        [
            ["String", "ref"],
            ["Vec<i64>", "mut"],
            ["usize", "value"]
        ]
    );
    assert.equal(read.item!.signature!.returnType, "Result<i64, String>");
    assert.deepEqual(read.proposedCases[1], ["", [1n], 99999999999999999999n]);

    const missing = await readPortedItem("```python\ndef f(): pass\n```", "f", "function");
    assert.equal(missing.item, undefined);
    assert.match(missing.problems.join(), /no ```rust block/);
    const klass = await readPortedItem(
        "```rust\nstruct Stack { items: Vec<i64> }\nimpl Stack {\n    fn push(&mut self, x: i64) { self.items.push(x); }\n}\nimpl Default for Stack {\n    fn default() -> Self { Stack { items: vec![] } }\n}\n```",
        "Stack",
        "class"
    );
    assert.match(klass.item!.code, /^pub struct Stack/);
    assert.match(klass.item!.code, /impl Stack \{\n    pub fn push/);
    assert.match(klass.item!.code, /impl Default for Stack \{\n    fn default/, "trait methods stay as they are");
});

test("exact JSON keeps big integers and tells floats from ints", () => {
    const cases: [string, ExactJson][] = [
        ["[1,2.0,-3]", [1n, 2.0, -3n]],
        ["85070591730234615847396907784232501249", 85070591730234615847396907784232501249n],
        ['{"a":NaN,"b":-Infinity}', { a: NaN, b: -Infinity }],
        ['"\\u00e9\\n"', "é\n"],
        ["1e21", 1e21]
    ];
    for (const [text, value] of cases) assert.deepEqual(parseExactJson(text), value, text);
    assert.equal(writeExactJson([1n, 2, 0.5, 1e21, 1.5e-7, "x"]), '[1,2.0,0.5,1.0e21,1.5e-7,"x"]');
    assert.throws(() => parseExactJson("[1,"), /unexpected end|expected/);
});

test("Rust literals follow the ported parameter types and refuse values that do not fit", () => {
    const cases: [ExactJson, string, string | undefined][] = [
        [-3n, "i64", "-3"],
        [300n, "u8", undefined],
        [-1n, "usize", undefined],
        [2n, "f64", "2.0"],
        ['hé"', "&str", '"hé\\""'],
        ["x", "String", '"x".to_string()'],
        [[1n, 2n], "&[i64]", "&[1, 2]"],
        [[1n], "Vec<i32>", "vec![1]"],
        [[], "&mut Vec<i64>", "&mut Vec::<i64>::new()"],
        [null, "Option<i64>", "None"],
        [4n, "Option<i64>", "Some(4)"],
        [[1n, "a"], "(i64, String)", '(1, "a".to_string())'],
        [{ k: 1n }, "HashMap<String, i64>", 'std::collections::HashMap::from([("k".to_string(), 1)])'],
        ["ab", "char", undefined],
        [true, "bool", "true"]
    ];
    for (const [value, type, expected] of cases)
        assert.equal(rustLiteral(value, type), expected, `${writeExactJson(value)} as ${type}`);
});

test("Python tests port to #[test] functions: equality, approx, raises, unittest; the rest is reported", async () => {
    const signature = (name: string, params: [string, string][], returnType: string) => ({
        name,
        parameters: params.map(([n, t]) => rustParameter(n, t)),
        returnType,
        generic: false,
        header: ""
    });
    const functions = new Map([
        [
            "div",
            signature(
                "div",
                [
                    ["a", "f64"],
                    ["b", "f64"]
                ],
                "Result<f64, String>"
            )
        ],
        ["first", signature("first", [["xs", "&[i64]"]], "i64")]
    ]);
    const plans = await planPythonTests(
        [
            {
                name: "test_div",
                file: "t.py",
                text: "def test_div():\n    assert div(1, 4) == pytest.approx(0.25)\n    with pytest.raises(ZeroDivisionError):\n        div(1, 0)\n"
            },
            {
                name: "test_first_empty",
                file: "t.py",
                text: 'def test_first_empty(self):\n        """Empty lists raise."""\n        with self.assertRaises(IndexError):\n            first([])\n'
            },
            {
                name: "test_first",
                file: "t.py",
                text: "def test_first(self):\n        self.assertEqual(first([4, 5]), 4)\n"
            },
            {
                name: "test_loop",
                file: "t.py",
                text: "def test_loop():\n    for x in range(3):\n        assert first([x]) == x\n"
            },
            {
                name: "test_big",
                file: "t.py",
                text: "def test_big():\n    assert first([2 ** 70]) == 1\n    assert first([99999999999999999999]) == 1\n"
            }
        ],
        new Set(functions.keys())
    );
    const ported = renderRustTests(plans, functions);
    assert.equal(
        ported[0]!.code,
        "#[test]\nfn test_div() {\n    let actual = div(1.0, 4.0).unwrap();\n    let expected = 0.25;\n" +
            '    assert!((actual - expected).abs() <= 1e-6 * expected.abs().max(1.0), "{} != {}", actual, expected);\n    assert!(div(1.0, 0.0).is_err());\n}'
    );
    assert.equal(ported[1]!.code, "#[test]\n#[should_panic]\nfn test_first_empty() {\n    let _ = first(&[]);\n}");
    assert.equal(ported[2]!.code, "#[test]\nfn test_first() {\n    assert_eq!(first(&[4, 5]), 4);\n}");
    assert.match(ported[3]!.reason!, /`for x in range\(3\):` is not a plain assertion/);
    assert.match(ported[4]!.reason!, /`assert first\(\[2 \*\* 70\]\) == 1` is not a plain assertion/);
    const tooBig = renderRustTests(
        [
            {
                name: "t",
                steps: [
                    {
                        unit: "first",
                        args: [[99999999999999999999n]],
                        expected: { kind: "value", value: 1n },
                        approx: false
                    }
                ]
            }
        ],
        functions
    );
    assert.match(tooBig[0]!.reason!, /do not fit the port's types/);
});

test("case generation is seeded and type-directed; outcomes compare with a float tolerance and errors match errors", () => {
    const ints = generateCases([{ kind: "int" }], 50, 7);
    assert.deepEqual(ints, generateCases([{ kind: "int" }], 50, 7), "the same seed gives the same cases");
    for (const boundary of [0n, -1n, 2147483647n, -9223372036854775808n])
        assert.ok(
            ints.some((args) => args[0] === boundary),
            `${boundary}`
        );
    const lists = generateCases([{ kind: "list", of: { kind: "str" } }, { kind: "bool" }], 30, 1);
    assert.ok(
        lists.some((args) => Array.isArray(args[0]) && args[0].length === 0),
        "an empty list"
    );
    assert.ok(
        lists.some((args) => Array.isArray(args[0]) && args[0].length === 100),
        "a large list"
    );
    assert.ok(
        generateCases([{ kind: "str" }], 40, 1).some((args) => args[0] === "日本語"),
        "Unicode"
    );
    assert.equal(sameOutcome({ kind: "value", value: 0.1 + 0.2 }, { kind: "value", value: 0.3 }), true);
    assert.equal(sameOutcome({ kind: "value", value: 3n }, { kind: "value", value: 3.0 }), true);
    assert.equal(
        sameOutcome({ kind: "value", value: 2n ** 64n }, { kind: "value", value: 2n ** 64n + 1n }),
        false,
        "big ints compare exactly"
    );
    assert.equal(
        sameOutcome({ kind: "value", value: { $set: [1n, 2n] } }, { kind: "value", value: { $set: [2n, 1n] } }),
        true
    );
    assert.equal(
        sameOutcome(
            { kind: "error", message: "ZeroDivisionError: division by zero" },
            { kind: "error", message: "panic: attempt to divide by zero" }
        ),
        true
    );
    assert.equal(sameOutcome({ kind: "error", message: "ValueError" }, { kind: "value", value: null }), false);
});

test("compiler errors are filed under the unit whose lines they point at", () => {
    const crate = assembleCrate({
        crateName: "m_rs",
        sourceFile: "m.py",
        units: [
            { name: "a", code: "pub fn a() -> i64 {\n    1\n}", uses: [] },
            { name: "b", code: "pub fn b() -> i64 {\n    a() as i32\n}", uses: [] }
        ],
        harnessFunctions: [],
        portedTests: "",
        counterexampleTests: ""
    });
    const lib = crate.files["src/lib.rs"]!.split("\n");
    const line = lib.findIndex((l) => l.includes("a() as i32")) + 1;
    const output = `   Compiling m_rs v0.1.0\nerror[E0308]: mismatched types\n --> src/lib.rs:${line}:5\n  |\n  = note: x\n\nerror: could not compile \`m_rs\`\n`;
    const byUnit = errorsByUnit(output, crate);
    assert.deepEqual([...byUnit.keys()], ["b"]);
    assert.match(byUnit.get("b")![0]!, /^error\[E0308\]: mismatched types/);
});

test("a unit's prompt is small and carries the ported signatures it calls, the types, the imports' counterparts and the pair's rules", async () => {
    const { translatePrompt } = await import("../../../engine/chains/port/portPrompt.js");
    const { languagePairOf } = await import("../../../engine/chains/port/languagePairs.js");
    const { pythonSource } = await import("../../../engine/languages/python/port/pythonSource.js");
    const decomposed = await decomposePythonSource(source, [], "m.py");
    const total = decomposed.units.find((u) => u.name === "total")!;
    const rust = translatePrompt({
        pair: languagePairOf("python", "rust")!,
        source: pythonSource,
        unit: total,
        portedSignatures: ["pub fn scale(x: i64) -> i64;"],
        parameterTypes: total.parameters.map((p) => parameterType(p)),
        imports: [{ source: "math", target: "f64 methods" }]
    });
    assert.match(rust, /^Port this Python function to Rust\.\n\n```python\ndef total\(xs: list\[int\]\) -> int:/);
    assert.match(
        rust,
        /Already ported \(call these as they are; do not write them again\):\n```rust\npub fn scale\(x: i64\) -> i64;\n```/
    );
    assert.match(
        rust,
        /- xs: list\[int\] \(seen: \[3\], \[\], \[1, 2\]\)\n- returns: int/,
        "values from the file's test, its main block and the doctest"
    );
    assert.doesNotMatch(rust, /math →/, "only imports the unit uses");
    assert.match(rust, /Python ints never overflow, \/\/ and % round toward negative infinity/);
    assert.ok(rust.length < 1500, `${rust.length} characters`);
    const typescript = translatePrompt({
        pair: languagePairOf("python", "typescript")!,
        source: pythonSource,
        unit: total,
        portedSignatures: [],
        parameterTypes: total.parameters.map((p) => parameterType(p)),
        imports: []
    });
    assert.match(typescript, /Math\.floor\(a \/ b\)/);
    assert.match(typescript, /Answer with one ```typescript block holding `total`/);
});
