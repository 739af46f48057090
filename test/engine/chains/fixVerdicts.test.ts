// The fix chain's verdicts end to end: real node-llama-cpp on scripted models, real pytest in real bubblewrap, on the
// sum_to fixture. A confidently wrong model (two different wrong fixes with true but weak tests) is not verified; a
// right fix sampled with a wrong one is chosen; the user's failing test proves a right fix in words that name it; one
// wrong test from another sample does not veto the fix every other source supports.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    DiskWorkspace,
    LocalModelRuntime,
    runFixChain,
    Sandbox,
    type CompareBehaviour,
    type FixResult
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { ByPurposeRuntime } from "../../support/ByPurposeRuntime.js";
import { fixReplies } from "../../support/fixReplies.js";
import { pythonCallsBehaviour } from "../../support/pythonCallsBehaviour.js";
import { verdictReplies } from "../../support/verdictReplies.js";
import { withDefaults } from "../../../engine/testing.js";

let sandbox: Sandbox;
const runtimes: LocalModelRuntime[] = [];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
    await sandbox.dispose();
});

async function scripted(name: string, replies: string[]): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `verdict-${name}.gguf`), { replies });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 4
    });
    runtimes.push(runtime);
    return runtime;
}

const sumToCalls = Array.from({ length: 13 }, (_, n) => `sum_to(${n})`);

async function fix(
    runtime: ByPurposeRuntime,
    options: {
        candidates?: number;
        extraRounds?: number;
        seed?: number;
        userTest?: string;
        compareBehaviour?: CompareBehaviour;
        docstringExamples?: boolean;
    } = {}
): Promise<FixResult> {
    const root = await mkdtemp(join(tmpdir(), "ponder-verdict-"));
    await cp("test/fixtures/fix/sum-to", root, { recursive: true });
    if (options.userTest) await appendFile(join(root, "test_series.py"), options.userTest);
    if (options.docstringExamples) {
        const path = join(root, "series.py");
        await writeFile(
            path,
            (await readFile(path, "utf8")).replace(
                '"""Return 1 + 2 + ... + n."""',
                '"""Return 1 + 2 + ... + n.\n\n    >>> sum_to(3)\n    6\n    >>> sum_to(0)\n    0\n    """'
            )
        );
    }
    return runFixChain(
        withDefaults("fix", {
            file: "series.py",
            target: { line: 4 },
            candidates: options.candidates ?? 4,
            extraRounds: options.extraRounds ?? 0,
            seed: options.seed ?? 1,
            testTimeoutMs: 3000
        }),
        {
            runtime,
            sandbox,
            workspace: new DiskWorkspace(root),
            ...(options.compareBehaviour ? { compareBehaviour: options.compareBehaviour } : {})
        }
    );
}

/** Whether a reply was sampled: each scripted reply has a thought of its own (their answers share a first line). */
const sampled = (result: FixResult, reply: string) =>
    result.candidates.some((c) => c.thought.trim() !== "" && reply.includes(c.thought.trim()));

test("a confidently wrong model (two different wrong fixes, each with true but weak tests) is not verified", async () => {
    const wrong = await scripted("confident-wrong", [verdictReplies.wrongSmallTable, verdictReplies.wrongCutoff]);
    const runtime = new ByPurposeRuntime([wrong]);
    const result = await fix(runtime, { extraRounds: 1, compareBehaviour: pythonCallsBehaviour(sumToCalls) });
    assert.ok(
        sampled(result, verdictReplies.wrongSmallTable) && sampled(result, verdictReplies.wrongCutoff),
        "both wrong fixes should be sampled"
    );
    assert.notEqual(result.status, "verified", result.evidence.summary);
    assert.equal(result.status, "plausible");
    assert.ok(result.candidates.every((c) => c.status !== "verified"));
    assert.match(result.evidence.summary, /^Not proven: #\S+ and #\S+ disagree on sum_to\(\d+\): /);
    assert.match(result.unverifiedReason!, /no test decides between them$/);
    assert.equal(result.regressionTests.length, 0);
    // The disagreement went back to the model in the feedback round's prompt.
    assert.match(runtime.prompts("fix.round1")[0] ?? "", /disagree on sum_to\(\d+\).*no test decides which is right/);
    assert.equal(runtime.prompts("fix.tests").length, 1, "one tests-only pass per job");

    // The engine's own comparison (the default, on generated inputs) stops it too: the two wrong fixes support each
    // other's tests from samples whose patches differ, and only their different behaviour keeps both unproven.
    const byDefault = await fix(new ByPurposeRuntime([wrong]));
    assert.equal(byDefault.status, "plausible", byDefault.evidence.summary);
    assert.match(byDefault.evidence.summary, /disagree on sum_to\(/);
});

test("a wrong fix whose own test eliminated the other wrong fix is not proven by that: they differ on inputs no test decides", async () => {
    // W2's test (4 → 10) eliminates W1; W2 passes W1's true test (3 → 6), a test of another sample, and is the only
    // survivor. W1 still challenges it: only W2's own reply decided against W1, and they differ on sum_to(5).
    const wrong = await scripted("self-serving", [
        verdictReplies.wrongSmallTable,
        verdictReplies.wrongCutoffTestingFour
    ]);
    const result = await fix(new ByPurposeRuntime([wrong]));
    assert.ok(
        sampled(result, verdictReplies.wrongSmallTable) && sampled(result, verdictReplies.wrongCutoffTestingFour),
        "both wrong fixes should be sampled"
    );
    const w1 = result.candidates.filter((c) => c.answer.includes("[0, 1, 3, 6]"));
    assert.ok(w1.length > 0 && w1.every((c) => c.status === "unverified"), "W2's test eliminates W1");
    assert.equal(result.status, "plausible", result.evidence.summary);
    assert.match(result.patch!.diff, /\+    if n > 5:/);
    assert.match(
        result.evidence.summary,
        /^Not proven: #\d and #\d disagree on sum_to\((\d+)\): #\d gives \d+, #\d gives \d+; no test decides between them$/
    );
    const undecided = Number(/sum_to\((\d+)\)/.exec(result.evidence.summary)![1]);
    assert.ok(
        undecided >= 5,
        `sum_to(0) to sum_to(4) are decided by tests the survivor passes, not sum_to(${undecided})`
    );
    assert.ok(result.candidates.every((c) => c.status !== "verified"));
});

test("a right fix sampled with a wrong one is chosen: the tests-only pass decides between them", async () => {
    const mixed = await scripted("mixed", [verdictReplies.wrongSmallTable, fixReplies.realFix]);
    const testWriter = await scripted("tests-only", [verdictReplies.testsOnly]);
    const runtime = new ByPurposeRuntime([mixed], testWriter);
    const result = await fix(runtime, { compareBehaviour: pythonCallsBehaviour(sumToCalls) });
    assert.ok(
        sampled(result, verdictReplies.wrongSmallTable) && sampled(result, fixReplies.realFix),
        "both fixes should be sampled"
    );
    assert.equal(result.status, "verified", result.evidence.summary);
    assert.match(result.patch!.diff, /\+    for i in range\(1, n \+ 1\):/);
    assert.match(
        result.evidence.summary,
        /^Verified: .*2 tests written without seeing any patch fail before and pass after/
    );
    assert.doesNotMatch(
        runtime.prompts("fix.tests")[0]!,
        /range\(1, n \+ 1\)|\[0, 1, 3, 6\]/,
        "the tests-only prompt shows no candidate patch"
    );
    assert.equal(
        runtime.requests.find((r) => r.purpose === "fix.tests")!.candidates,
        2,
        "half the fix round's samples"
    );
    assert.ok(result.testsPass && result.testsPass.reproducing >= 2 && result.testsPass.modelMs > 0);
    const wrongReport = result.candidates.find((c) => c.answer.includes("[0, 1, 3, 6]"))!;
    assert.equal(wrongReport.status, "unverified");
});

test("the user's failing test and a right model: verified, in words that name the test", async () => {
    const right = await scripted("right", [fixReplies.realFix]);
    const runtime = new ByPurposeRuntime([right]);
    const result = await fix(runtime, { userTest: "\n\ndef test_sum_to_four():\n    assert sum_to(4) == 10\n" });
    assert.equal(result.status, "verified", result.evidence.summary);
    assert.match(
        result.evidence.summary,
        /^Verified: your test test_sum_to_four fails before and passes after; .*1 existing test still passes/
    );
    assert.deepEqual(result.evidence.sources.find((s) => s.kind === "user")?.reproduces, ["test_sum_to_four"]);
    assert.deepEqual(
        runtime.prompts("fix.tests"),
        [],
        "the user's failing test is independent already: no tests-only pass"
    );
    assert.equal(result.testsPass, undefined);
});

test("one wrong test from another sample does not veto the right fix every other source supports", async () => {
    const model = await scripted("outvote", [
        fixReplies.realFix,
        verdictReplies.rightWithWrongTest,
        verdictReplies.rightBySum
    ]);
    const testWriter = await scripted("outvote-tests", [verdictReplies.testsOnly]);
    const result = await fix(new ByPurposeRuntime([model], testWriter), {
        seed: 6,
        compareBehaviour: pythonCallsBehaviour(sumToCalls)
    });
    assert.ok(
        [fixReplies.realFix, verdictReplies.rightWithWrongTest, verdictReplies.rightBySum].every((reply) =>
            sampled(result, reply)
        ),
        "all three replies should be sampled"
    );
    assert.equal(result.status, "verified", result.evidence.summary);
    assert.deepEqual(result.evidence.outvoted, ["test_three_is_seven"]);
    assert.match(
        result.evidence.summary,
        /1 test from another sample \(test_three_is_seven\) disagreed and was outvoted/
    );
    const withWrongTest = result.candidates.find((c) => c.answer.includes("test_three_is_seven"))!;
    assert.ok(
        result.candidates.filter((c) => c.status === "verified").length >= 2,
        "both right fixes without the wrong test are verified"
    );
    assert.equal(withWrongTest.status, "unverified", "its own wrong test still blocks the reply that wrote it");
});

test("the examples in the target's docstring are an oracle no sample wrote: they verify a right fix whose own tests alone would not", async () => {
    const right = await scripted("right", [fixReplies.realFix]);
    const silent = await scripted("silent-tests", [fixReplies.noCode]);
    const result = await fix(new ByPurposeRuntime([right], silent), { docstringExamples: true });
    assert.equal(result.status, "verified", result.evidence.summary);
    assert.match(
        result.evidence.summary,
        /^Verified: the examples in its docstring fail before and pass after; its own 2 tests pass/
    );
    assert.deepEqual(result.evidence.sources.find((s) => s.kind === "doctest")?.reproduces, [
        "test_sum_to_docstring_examples"
    ]);
    const withoutExamples = await fix(new ByPurposeRuntime([right], silent));
    assert.equal(withoutExamples.status, "plausible", "the same fix with its own tests only is not proven");
    assert.equal(
        withoutExamples.evidence.summary,
        "Not proven: it passes the 2 tests written with it; no independent test confirms it; 1 existing test still passes"
    );
});
