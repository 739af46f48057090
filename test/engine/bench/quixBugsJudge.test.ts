// The judge must not fail correct fixes: a QuixBugs-shaped folder written at test time, with float cases
// (rpn_eval reads `3.0` as a float token, so JSON.parse's 3 broke its reference), a float result checked within
// the program's epsilon argument (sqrt), a reference slower than the judge's per-test limit (its limit is raised
// to a multiple of its own time, as knapsack and levenshtein need), and a reference that fails its own cases
// (refused with the reason). Real pytest in real bubblewrap.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importSuite, loadHiddenChecks, loadSuite, Sandbox, type BenchTask } from "../../../engine/testing.js";
import { judgeTargetText } from "../../../engine/bench/judgeHidden.js";

const rpn = (order: string) => `def rpn_eval(tokens):
    def op(symbol, a, b):
        return {
            '+': lambda a, b: a + b,
            '-': lambda a, b: a - b,
            '*': lambda a, b: a * b,
            '/': lambda a, b: a / b
        }[symbol](a, b)

    stack = []
    for token in tokens:
        if isinstance(token, float):
            stack.append(token)
        else:
            a = stack.pop()
            b = stack.pop()
            stack.append(op(token, ${order}))
    return stack.pop()
`;
const sqrt = (square: string) => `def sqrt(x, epsilon):
    approx = x / 2
    while abs(x - ${square}) > epsilon:
        approx = 0.5 * (approx + x / approx)
    return approx
`;
const slow = (result: string) => `import time


def slow_double(n):
    time.sleep(1.5)
    return ${result}
`;

/** Each program: buggy, correct, and its json_testcases lines. */
const programs: Record<string, [string, string, string]> = {
    rpn_eval: [
        rpn("a, b"),
        rpn("b, a"),
        '[[[3.0, 5.0, "+", 2.0, "/"]], 4.0]\n[[[2.0, 2.0, "+"]], 4.0]\n[[[7.0, 4.0, "+", 3.0, "-"]], 8.0]\n'
    ],
    sqrt: [sqrt("approx"), sqrt("approx ** 2"), "[[2, 0.01], 1.414213562]\n[[9, 0.001], 3.0]\n"],
    slow_double: [slow("n + 2"), slow("n * 2"), "[[3], 6]\n"],
    bad_reference: [
        "def bad_reference(n):\n    return n + 1\n",
        "def bad_reference(n):\n    return n + 2\n",
        "[[1], 2]\n"
    ]
};

let sandbox: Sandbox;
let tasks: BenchTask[];
let skipped: { name: string; reason: string }[];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
    const src = await mkdtemp(join(tmpdir(), "ponder-quixbugs-shaped-"));
    for (const folder of ["python_programs", "correct_python_programs", "json_testcases"])
        await mkdir(join(src, folder));
    for (const [name, [buggy, correct, cases]] of Object.entries(programs)) {
        await writeFile(join(src, "python_programs", `${name}.py`), buggy);
        await writeFile(join(src, "correct_python_programs", `${name}.py`), correct);
        await writeFile(join(src, "json_testcases", `${name}.json`), cases);
    }
    const dest = await mkdtemp(join(tmpdir(), "ponder-quixbugs-suite-"));
    // A judge limit of 1 s stands in for the real 10 s: slow_double's reference takes 1.5 s a case.
    const result = await importSuite("quixbugs", src, dest, { referenceCheck: { sandbox, judgeTimeoutMs: 1000 } });
    skipped = result.skipped;
    tasks = (await loadSuite(dest)).filter((task) => task.job === "fix");
});
after(async () => {
    await sandbox?.dispose();
});

async function judge(name: string, text: string) {
    const task = tasks.find((t) => t.id === `quixbugs-${name}-fix`)!;
    assert.ok(task, `${name} was imported`);
    const originalText = await readFile(join(task.workspaceDir, task.target.file), "utf8");
    return judgeTargetText(
        {
            task,
            checks: await loadHiddenChecks(task),
            sandbox,
            workspaceRoot: task.workspaceDir,
            originalText,
            testTimeoutMs: 1000
        },
        text
    );
}

test("a reference that fails its own cases is refused with the reason", () => {
    assert.deepEqual(
        tasks.map((t) => t.id),
        ["quixbugs-rpn_eval-fix", "quixbugs-slow_double-fix", "quixbugs-sqrt-fix"]
    );
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.name, "bad_reference");
    assert.match(skipped[0]!.reason, /the reference fails its own test_hidden_case_0/);
});

test("floats stay floats: rpn_eval's reference passes, its bug fails", async () => {
    assert.match(await readFile(join(tasks[0]!.hiddenDir, "cases.json"), "utf8"), /3\.0,\s*5\.0/);
    assert.equal((await judge("rpn_eval", programs.rpn_eval![1])).kind, "pass");
    assert.equal((await judge("rpn_eval", programs.rpn_eval![0])).kind, "fail");
});

test("sqrt is judged within its epsilon argument", async () => {
    assert.deepEqual(await judge("sqrt", programs.sqrt![1]), { kind: "pass", passed: 2, total: 2 });
    assert.equal((await judge("sqrt", sqrt("approx ** 2 * 1.1"))).kind, "fail", "a result outside epsilon fails");
});

test("a reference slower than the judge's limit gets a limit of a multiple of its own time", async () => {
    const checks = await loadHiddenChecks(tasks.find((t) => t.id === "quixbugs-slow_double-fix")!);
    assert.ok((checks.cases?.testTimeoutMs ?? 0) >= 4500, `raised to ${checks.cases?.testTimeoutMs} ms`);
    assert.equal((await judge("slow_double", programs.slow_double![1])).kind, "pass");
    assert.equal((await judge("slow_double", programs.slow_double![0])).kind, "fail");
});
