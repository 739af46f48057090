// The comparison of candidates' behaviour with real python3 in real bubblewrap: candidates that differ are named
// with a call that shows it, candidates that behave alike are not, a candidate that hangs, raises, exits or
// writes files is a candidate's outcome and never a fault, and the same seed gives the same inputs and result.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Sandbox } from "../../../../engine/sandbox/index.js";
import { DiskWorkspace, MemoryWorkspace } from "../../../../engine/workspace/Workspace.js";
import {
    compareBehaviour,
    type BehaviourComparison,
    type BehaviourRequest
} from "../../../../engine/chains/fix/candidateBehaviour.js";

let sandbox: Sandbox;
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    await sandbox.dispose();
});

const buggyGcd = `def gcd(a, b):
    if b == 0:
        return a
    else:
        return gcd(a % b, b)
`;
const recursiveGcd = `def gcd(a, b):
    if b == 0:
        return a
    else:
        return gcd(b, a % b)
`;
const iterativeGcd = `def gcd(a, b):
    """Euclid's algorithm, without recursion."""
    while b:
        a, b = b, a % b
    return a
`;
const zeroGcd = `def gcd(a, b):
    if a == 0:
        return 0
    while b:
        a, b = b, a % b
    return a
`;

async function compare(
    subjects: Record<string, string>,
    request: Partial<BehaviourRequest> = {}
): Promise<BehaviourComparison & { ms: number }> {
    const started = performance.now();
    const result = await compareBehaviour({
        file: "gcd.py",
        language: "python",
        targetName: "gcd",
        originalText: buggyGcd,
        sandbox,
        workspace: new MemoryWorkspace({ "gcd.py": buggyGcd }),
        subjects: Object.entries(subjects).map(([label, text]) => ({ label, text })),
        ...request
    });
    const ms = Math.round(performance.now() - started);
    // Timings per run, for the report: `node scripts/runTests.js candidateBehaviour` shows them.
    console.log(`compareBehaviour: ${Object.keys(subjects).length} subjects, ${result.inputs} inputs, ${ms} ms`);
    return { ...result, ms };
}

test("two gcd candidates that differ on gcd(0, n) are reported with that call, and each one's changes from the original are counted", async () => {
    const result = await compare({ A: recursiveGcd, B: zeroGcd });
    assert.equal(result.compared, true);
    assert.equal(result.inputs, 100);
    assert.deepEqual(result.pairsThatDiffer, [["A", "B"]]);
    assert.ok(result.disagreements.length >= 1 && result.disagreements.length <= 3);
    const first = result.disagreements[0]!;
    const call = /^gcd\(0, (-?\d+)\)$/.exec(first.call);
    assert.ok(call, first.call);
    assert.equal(first.sentence, `A and B disagree on ${first.call}: A gives ${call[1]}, B gives 0`);
    assert.deepEqual(
        first.outputs.map((output) => output.label),
        ["original", "A", "B"]
    );
    assert.equal(first.outputs[1]!.output, call[1]);
    // The buggy original recurses forever whenever b is not 0: every such input differs from both candidates.
    assert.equal(first.outputs[0]!.output, "raises RecursionError");
    assert.ok(result.changesFromOriginal["A"]! > 50, JSON.stringify(result.changesFromOriginal));
    assert.ok(result.changesFromOriginal["B"]! >= result.changesFromOriginal["A"]!);
});

test("candidates with different text but the same behaviour are not reported", async () => {
    const result = await compare({ A: recursiveGcd, B: iterativeGcd });
    assert.equal(result.compared, true);
    assert.deepEqual(result.pairsThatDiffer, []);
    assert.deepEqual(result.disagreements, []);
    assert.equal(result.changesFromOriginal["A"], result.changesFromOriginal["B"]);
});

test("the same seed gives the same inputs and the same result; another seed other inputs", async () => {
    const one = await compare({ A: recursiveGcd, B: zeroGcd }, { seed: 7, cases: 40 });
    const two = await compare({ A: recursiveGcd, B: zeroGcd }, { seed: 7, cases: 40 });
    const { ms: _one, ...first } = one;
    const { ms: _two, ...second } = two;
    assert.deepEqual(first, second);
    const other = await compare({ A: recursiveGcd, B: zeroGcd }, { seed: 8, cases: 40 });
    assert.notDeepEqual(
        other.disagreements.map((d) => d.call),
        first.disagreements.map((d) => d.call)
    );
});

test("a candidate that hangs, raises, swallows its timeout or exits is reported by what it did; the comparison goes on", async () => {
    const hangs = `def gcd(a, b):\n    while a == 0:\n        pass\n    return 1\n`;
    const swallows = `def gcd(a, b):\n    while a == 0:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n    return 1\n`;
    const raises = `def gcd(a, b):\n    if a == 0:\n        raise ValueError("no zero")\n    return 1\n`;
    const exits = `import os\ndef gcd(a, b):\n    if a == 0:\n        os._exit(0)\n    return 1\n`;
    const result = await compare({ H: hangs, S: swallows, R: raises, E: exits }, { cases: 30, timeoutMs: 300 });
    assert.equal(result.compared, true);
    const zero = result.disagreements.find((d) => d.sentence.startsWith("H and R disagree on gcd(0,"));
    assert.ok(zero, JSON.stringify(result.disagreements.map((d) => d.sentence)));
    assert.deepEqual(
        zero.outputs.slice(1).map((output) => output.output),
        ["times out", "times out", "raises ValueError", "exits the process (exit code 0)"]
    );
    // Away from a == 0 all four return 1: they differ only on the inputs with a == 0.
    assert.deepEqual(result.pairsThatDiffer, [
        ["H", "R"],
        ["H", "E"],
        ["S", "R"],
        ["S", "E"],
        ["R", "E"]
    ]);
    const zeros = result.disagreements.filter((d) => d.sentence.startsWith("R and E")).length;
    assert.ok(zeros >= 1);
    assert.ok(result.ms < 60_000, `${result.ms} ms`);
});

test("a candidate that rewrites the module, plants sitecustomize.py and exits cannot change another candidate's results or the project", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-behaviour-"));
    await writeFile(join(root, "gcd.py"), buggyGcd);
    const attack = `import os\ndef gcd(a, b):\n    for name in ("gcd.py", "sitecustomize.py", ".ponder-behaviour/driver.py"):\n        with open(name, "w") as f:\n            f.write("def gcd(a, b):\\n    return 999\\nimport os\\nos._exit(0)\\n")\n    os._exit(0)\n`;
    const result = await compare(
        { W: attack, A: recursiveGcd, B: iterativeGcd },
        { workspace: new DiskWorkspace(root), cases: 20 }
    );
    assert.equal(result.compared, true);
    assert.deepEqual(result.pairsThatDiffer, [
        ["W", "A"],
        ["W", "B"]
    ]);
    assert.equal(result.changesFromOriginal["A"], result.changesFromOriginal["B"]);
    // Each exit costs W a fresh sandbox, so its own time bound may end it before the 20th input; never the others'.
    assert.ok(result.changesFromOriginal["W"]! >= 1, JSON.stringify(result.changesFromOriginal));
    assert.ok(
        result.disagreements.every(
            (d) => d.outputs.find((o) => o.label === "W")!.output === "exits the process (exit code 0)"
        )
    );
    assert.deepEqual(await readdir(root), ["gcd.py"]);
    assert.equal(await readFile(join(root, "gcd.py"), "utf8"), buggyGcd);
});

test("the function's own characters are among the inputs: a wrong parenthesization check is told apart from a right one", async () => {
    const right = `def is_valid_parenthesization(parens):\n    depth = 0\n    for paren in parens:\n        if paren == '(':\n            depth += 1\n        else:\n            depth -= 1\n            if depth < 0:\n                return False\n    return depth == 0\n`;
    const wrong = right.replace("return depth == 0", "return True");
    const result = await compare(
        { right, wrong },
        {
            file: "parens.py",
            targetName: "is_valid_parenthesization",
            originalText: wrong,
            workspace: new MemoryWorkspace({ "parens.py": wrong })
        }
    );
    assert.deepEqual(result.pairsThatDiffer, [["right", "wrong"]]);
    assert.match(
        result.disagreements[0]!.sentence,
        /^right and wrong disagree on is_valid_parenthesization\("[()]*"\): right gives False, wrong gives True$/
    );
    assert.equal(result.changesFromOriginal["wrong"], 0);
});

test("a module docstring's >>> example gives the parameter's type: a powerset that drops subsets is told apart (QuixBugs' shape)", async () => {
    const docstring = `\n"""\nPower Set\n\nExample:\n    >>> powerset(['a', 'b', 'c'])\n    [[], ['c'], ['b'], ['b', 'c'], ['a'], ['a', 'c'], ['a', 'b'], ['a', 'b', 'c']]\n"""\n`;
    const wrong = `def powerset(arr):\n    if arr:\n        first, *rest = arr\n        rest_subsets = powerset(rest)\n        return [[first] + subset for subset in rest_subsets]\n    else:\n        return [[]]\n${docstring}`;
    const right = wrong.replace(
        "return [[first] + subset for subset in rest_subsets]",
        "return rest_subsets + [[first] + subset for subset in rest_subsets]"
    );
    const result = await compare(
        { right, wrong },
        {
            file: "powerset.py",
            targetName: "powerset",
            originalText: wrong,
            workspace: new MemoryWorkspace({ "powerset.py": wrong }),
            cases: 30
        }
    );
    assert.deepEqual(result.pairsThatDiffer, [["right", "wrong"]]);
    assert.ok(result.changesFromOriginal["right"]! >= 20, JSON.stringify(result.changesFromOriginal));
    assert.match(
        result.disagreements[0]!.sentence,
        /^right and wrong disagree on powerset\(\[.+\]\): right gives \[\[\], /
    );
});

test("the pooled tests' literal calls give an unannotated parameter's type that its use misreads (`for c in s` is a string here), and every differing input is listed", async () => {
    const buggy = 'def count_vowels(s):\n    return sum(1 for c in s if c in "aeio")\n';
    const subjects = { A: buggy.replace("aeio", "aeiu"), B: buggy.replace("aeio", "aeiouy") };
    const request = {
        file: "vowels.py",
        targetName: "count_vowels",
        originalText: buggy,
        workspace: new MemoryWorkspace({ "vowels.py": buggy }),
        cases: 40
    };
    const guessed = await compare(subjects, request);
    assert.deepEqual(guessed.pairsThatDiffer, [], "read as a list of integers, every input raises alike");
    const result = await compare(subjects, {
        ...request,
        testTexts: ['from vowels import count_vowels\n\n\ndef test_uu():\n    assert count_vowels("uu") == 2\n']
    });
    assert.deepEqual(result.pairsThatDiffer, [["A", "B"]]);
    assert.match(
        result.disagreements[0]!.sentence,
        /^A and B disagree on count_vowels\("[^"]*[oy][^"]*"\): A gives \d+, B gives \d+$/
    );
    assert.ok(result.differences!.length > result.disagreements.length, "every differing input, beyond the examples");
    assert.ok(
        result.differences!.every((d) => d.pair![0] === "A" && d.pair![1] === "B" && /[oy]/.test(d.call)),
        "each differing input names its pair"
    );
});

test("a result's type matters: 1, True and 1.0 differ; floats agree within a small tolerance", async () => {
    const returning = (value: string) => `def gcd(a, b):\n    return ${value}\n`;
    const result = await compare(
        {
            int: returning("1"),
            bool: returning("True"),
            float: returning("1.0"),
            close: returning("1.0 + 1e-12"),
            tuple: returning("(1,)"),
            list: returning("[1]")
        },
        { cases: 5 }
    );
    assert.deepEqual(
        result.pairsThatDiffer.map((pair) => pair.join("/")),
        [
            "int/bool",
            "int/float",
            "int/close",
            "int/tuple",
            "int/list",
            "bool/float",
            "bool/close",
            "bool/tuple",
            "bool/list",
            "float/tuple",
            "float/list",
            "close/tuple",
            "close/list",
            "tuple/list"
        ]
    );
    assert.match(
        result.disagreements.find((d) => d.sentence.startsWith("tuple and list"))!.sentence,
        /: tuple gives \(1,\), list gives \[1\]$/
    );
});

test("Rust, and a function the original does not have, are not compared, with the reason", async () => {
    const rust = await compare({ A: "fn gcd() {}" }, { language: "rust", file: "src/lib.rs" });
    assert.equal(rust.compared, false);
    assert.match(rust.reason!, /Rust/);
    await assert.rejects(compare({ original: recursiveGcd }), /labels must be unique and not "original"/);
    const missing = await compare({ A: recursiveGcd }, { targetName: "lcm" });
    assert.equal(missing.compared, false);
    assert.match(missing.reason!, /no top-level function lcm/);
});

test("TypeScript: candidates compiled by esbuild run in Node in the sandbox; a differing pair, an exit and a hang are reported", async () => {
    const ts = (body: string, exported = "export ") =>
        `${exported}function gcd(a: number, b: number): number {\n${body}\n}\n`;
    const original = ts("    if (b === 0) return a;\n    return gcd(a % b, b);");
    const result = await compare(
        {
            A: ts("    if (b === 0) return a;\n    return gcd(b, a % b);"),
            // Not exported, iterative, and the same as A except on a == 0.
            B: ts(
                "    if (a === 0) return 0;\n    while (b !== 0) { const t = a % b; a = b; b = t; }\n    return a;",
                ""
            ),
            C: ts("    while (a === 0) {}\n    return 1.5;"),
            D: ts("    if (a === 0) process.exit(3);\n    if (b === 0) return a;\n    return gcd(b, a % b);")
        },
        {
            file: "gcd.ts",
            language: "typescript",
            originalText: original,
            workspace: new MemoryWorkspace({ "gcd.ts": original }),
            cases: 30,
            timeoutMs: 300
        }
    );
    assert.equal(result.compared, true);
    assert.deepEqual(result.pairsThatDiffer, [
        ["A", "B"],
        ["A", "C"],
        ["A", "D"],
        ["B", "C"],
        ["B", "D"],
        ["C", "D"]
    ]);
    const zero = result.disagreements.find((d) => d.sentence.startsWith("A and B"))!;
    const n = /^gcd\(0, (-?\d+)\)$/.exec(zero.call)?.[1];
    assert.ok(n, zero.call);
    assert.equal(zero.sentence, `A and B disagree on ${zero.call}: A gives ${n}, B gives 0`);
    assert.deepEqual(
        zero.outputs.map((o) => o.output),
        ["raises RangeError", n, "0", "times out", "exits the process (exit code 3)"]
    );
    assert.match(
        result.disagreements.map((d) => d.sentence).join("\n"),
        /B and C disagree on gcd\(-?[1-9]\d*, -?\d+\): B gives -?\d+, C gives 1\.5/
    );
    // D exits only where a == 0: on every other input it is A, in a fresh worker after each exit.
    assert.equal(result.changesFromOriginal["D"], result.changesFromOriginal["A"]);
});

test("JavaScript (CommonJS): a function the module does not export is compared; 3 and 3.0 are one number", async () => {
    const js = (body: string) => `function half(n) {\n${body}\n}\nmodule.exports = {};\n`;
    const original = js("    return n / 2;");
    const result = await compare(
        { floor: js("    return Math.floor(n / 2);"), float: js("    return (n * 1.0) / 2;") },
        {
            file: "half.js",
            language: "javascript",
            targetName: "half",
            originalText: original,
            workspace: new MemoryWorkspace({ "half.js": original }),
            cases: 20
        }
    );
    assert.equal(result.compared, true);
    assert.equal(result.changesFromOriginal["float"], 0);
    assert.ok(result.changesFromOriginal["floor"]! > 0);
    assert.match(
        result.disagreements[0]!.sentence,
        /^floor and float disagree on half\(-?\d+\): floor gives -?\d+, float gives -?\d+\.5$/
    );
});

test("a cancelled comparison stops its runs at once and says it was not compared", async () => {
    const controller = new AbortController();
    const hangs = `def gcd(a, b):\n    while True:\n        pass\n`;
    setTimeout(() => controller.abort(), 1500);
    const result = await compare(
        { H: hangs, A: recursiveGcd },
        { originalText: hangs, workspace: new MemoryWorkspace({ "gcd.py": hangs }), signal: controller.signal }
    );
    assert.equal(result.compared, false);
    assert.match(result.reason!, /cancelled/);
    assert.ok(result.ms < 5000, `${result.ms} ms`);
});

test("TypeScript: a sibling import of the workspace is bundled in; an import from outside the workspace is not read on the host", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-behaviour-ts-"));
    const outside = await mkdtemp(join(tmpdir(), "ponder-behaviour-outside-"));
    await writeFile(join(outside, "secret.mjs"), `export default "s3cr3t";\n`);
    const original = `import { mod } from "./helper";\nexport function gcd(a: number, b: number): number {\n    return b === 0 ? a : gcd(b, mod(a, b));\n}\n`;
    await writeFile(join(root, "gcd.ts"), original);
    await writeFile(
        join(root, "helper.ts"),
        `export function mod(a: number, b: number): number {\n    return a % b;\n}\n`
    );
    const leak = `import secret from ${JSON.stringify(join(outside, "secret.mjs"))};\nexport function gcd(a: number, b: number): string {\n    return secret;\n}\n`;
    const result = await compare(
        { same: original, leak },
        {
            file: "gcd.ts",
            language: "typescript",
            originalText: original,
            workspace: new DiskWorkspace(root),
            cases: 10
        }
    );
    assert.equal(result.compared, true, result.reason);
    assert.equal(result.changesFromOriginal["same"], 0);
    assert.equal(result.changesFromOriginal["leak"], 10);
    assert.doesNotMatch(JSON.stringify(result), /s3cr3t/);
    assert.match(result.disagreements[0]!.outputs.find((o) => o.label === "leak")!.output, /^does not load/);
});
