// The fix chain's phases on a Python project with no model and no bubblewrap: a MemoryWorkspace, a RecordedRuntime
// reply, and a RecordingSandbox answered by an emulated pytest. Each case runs prepare → sample → parse → reproduce
// → cross-verify → rank → result and checks which module and test files every sandbox run got, and the evidence.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    MemoryWorkspace,
    RecordedRuntime,
    type FixEvent,
    type FixResult,
    type GenerationRequest,
    type GenerationResult,
    type ModelRuntime,
    type RuntimeCallOptions,
    type SymbolicFixSource
} from "../../../../engine/testing.js";
import type { FixRound, FixServices } from "../../../../engine/chains/fix/FixRun.js";
import { fixResult } from "../../../../engine/chains/fix/fixResult.js";
import { gatherIndependentTests } from "../../../../engine/chains/fix/independentTests.js";
import { judgeRound } from "../../../../engine/chains/fix/judgeRound.js";
import { prepareFix } from "../../../../engine/chains/fix/prepareFix.js";
import { rankRound } from "../../../../engine/chains/fix/rankRound.js";
import { acceptSymbolicWin, sampleRound, symbolicWonEarly } from "../../../../engine/chains/fix/sampleRound.js";
import { crossVerifyRound, parseRound, reproduceRound } from "../../../../engine/chains/fix/verifyRound.js";
import { emulatedPytest, type EmulatedRun } from "../../../support/emulatedPytest.js";
import { candidateReply } from "../../../support/fixRunParts.js";
import { RecordingSandbox } from "../../../support/RecordingSandbox.js";
import { withDefaults } from "../../../../engine/testing.js";

const py = (code: string) => "```python\n" + code + "\n```\n\n";
const patch = (body: string, header = "") => py(`${header}def add(a, b):\n    ${body}`);
const reproducingTest = py("def test_add():\n    assert add(1, 2) == 3");
const calc = "def add(a, b):\n    return a - b\n";
const existingTests = "from calc import add\n\n\ndef test_add_zero():\n    assert add(2, 0) == 2\n";
const replyTests = "test_ponder_calc_r0_c0.py";
const replyTest = `${replyTests}::test_add`;
const independentTests = "test_ponder_calc_t0.py";
const independentTest = `${independentTests}::test_add_two`;

interface Expected {
    runs: EmulatedRun[];
    status: FixResult["status"];
    unverifiedReason?: string;
    reproducing: string[];
    testsPassed?: string[];
    regressions?: string[];
    regressionTests?: string[];
    parseProblem?: RegExp;
    /** The chosen patch's evidence in words. */
    summary?: string;
}

/** A tests-only reply that writes no tests: the default, so only the fix reply's own tests are pooled. */
const noTests = "I would rather not guess the expected values.";

async function check(
    name: string,
    answer: string,
    expected: Expected,
    files: Record<string, string> = { "calc.py": calc, "test_calc.py": existingTests },
    testsOnly = noTests
) {
    const pytest = emulatedPytest("calc.py");
    const sandbox = new RecordingSandbox(pytest.answer);
    const events: FixEvent[] = [];
    const services: FixServices = {
        runtime: new RecordedRuntime([
            { candidates: [candidateReply(0, answer, "The sign is wrong.")] },
            { candidates: [candidateReply(0, testsOnly)] }
        ]),
        sandbox,
        workspace: new MemoryWorkspace(files),
        emit: (event) => events.push(event)
    };
    try {
        const run = await prepareFix(
            withDefaults("fix", {
                file: "calc.py",
                target: { line: 2 },
                candidates: 1,
                extraRounds: 0,
                parallelRuns: 1
            }),
            services
        );
        const round: FixRound = { number: 0, candidates: [], ranked: [] };
        const sampled = await sampleRound(run, round, services);
        await gatherIndependentTests(run, services);
        await parseRound(run, round, sampled);
        await reproduceRound(run, round, services);
        await crossVerifyRound(run, round, services);
        await judgeRound(run, round.candidates, [], services);
        rankRound(run, round, services);
        const result = await fixResult(run, services);

        assert.deepEqual(pytest.runs, expected.runs, `${name}: the sandbox runs`);
        assert.ok(
            sandbox.calls.every((call) => call.request.args?.[1] === "-c" && call.request.args[3] === "pytest"),
            `${name}: pytest through the driver`
        );
        assert.deepEqual(
            events.filter((e) => e.kind === "step").map((e) => e.step),
            ["context", "candidates", "candidates", "reproduce", "verify", "rank"],
            `${name}: steps`
        );
        assert.equal(result.status, expected.status, `${name}: status`);
        assert.equal(result.unverifiedReason, expected.unverifiedReason, `${name}: reason`);
        const report = result.candidates[0]!;
        assert.deepEqual(report.reproducingTests, expected.reproducing, `${name}: reproducing tests`);
        assert.deepEqual(report.regressions, expected.regressions ?? [], `${name}: regressions`);
        assert.deepEqual(
            result.verifications.map((v) => v.testsPassed),
            expected.testsPassed ? [expected.testsPassed] : [],
            `${name}: verification`
        );
        assert.deepEqual(
            result.regressionTests.map((t) => t.file),
            expected.regressionTests ?? [],
            `${name}: kept tests`
        );
        if (expected.parseProblem) assert.match(report.parseProblems.join("\n"), expected.parseProblem, name);
        if (expected.summary) assert.equal(result.evidence.summary, expected.summary, `${name}: summary`);
    } finally {
        await sandbox.dispose();
    }
}

test("Python phases: reproduction on the original, verification of the patch (and of tests that pass on the original), regressions, and patches that cannot be proven", async () => {
    await check(
        "the reply's test fails on the original and passes on the patch, and nothing else supports it: not proven",
        patch("return a + b") + reproducingTest,
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a - b", tests: [replyTests] },
                { module: "a + b", tests: [replyTests, "test_calc.py"] }
            ],
            status: "plausible",
            unverifiedReason: "it passes the 1 test written with it; no independent test confirms it",
            reproducing: [replyTest],
            testsPassed: [replyTest],
            summary:
                "Not proven: it passes the 1 test written with it; no independent test confirms it; 1 existing test still passes"
        }
    );
    await check(
        "a tests-only reply (no patch seen) reproduces the bug too: verified by it",
        patch("return a + b") + reproducingTest,
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a - b", tests: [independentTests] },
                { module: "a - b", tests: [replyTests] },
                { module: "a + b", tests: [independentTests, replyTests, "test_calc.py"] }
            ],
            status: "verified",
            reproducing: [replyTest],
            testsPassed: [independentTest, replyTest],
            regressionTests: [replyTests],
            summary:
                "Verified: 1 test written without seeing any patch fails before and passes after; its own test passes; 1 existing test still passes"
        },
        undefined,
        py("def test_add_two():\n    assert add(2, 2) == 4")
    );
    await check(
        "the reply's test passes on the original: it does not reproduce, and the patch is run against the existing tests only",
        patch("return a + b") + py("def test_add():\n    assert add(2, 0) == 2"),
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a - b", tests: [replyTests] },
                { module: "a + b", tests: [replyTests, "test_calc.py"] }
            ],
            status: "unverified",
            unverifiedReason: "none of its own tests reproduced the bug on the current code",
            reproducing: [],
            testsPassed: []
        }
    );
    await check(
        "the patch passes the reply's test but breaks an existing one: a regression",
        patch("return 3") + reproducingTest,
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a - b", tests: [replyTests] },
                { module: "3", tests: [replyTests, "test_calc.py"] }
            ],
            status: "unverified",
            unverifiedReason: "it breaks existing tests: test_calc.py::test_add_zero",
            reproducing: [replyTest],
            testsPassed: [replyTest],
            regressions: ["test_calc.py::test_add_zero"]
        }
    );
    await check(
        "the patched module does not import: every test file fails to collect",
        patch("return a + b", "import functools\n@functools.cach\n") + reproducingTest,
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a - b", tests: [replyTests] },
                { module: "@functools.cach (does not import)", tests: [replyTests, "test_calc.py"] }
            ],
            status: "unverified",
            unverifiedReason: "it breaks existing tests: test_calc.py::test_add_zero",
            reproducing: [replyTest],
            testsPassed: [],
            regressions: ["test_calc.py::test_add_zero"]
        }
    );
    await check(
        "the patch does not parse: its tests still reproduce, but there is no patch to verify",
        patch("return a +") + reproducingTest,
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a - b", tests: [replyTests] }
            ],
            status: "noCandidate",
            reproducing: [replyTest],
            parseProblem: /does not parse/
        }
    );
    await check(
        "an existing test that fails on the original is every candidate's reproduction: a patch with no tests is verified by it",
        patch("return a + b"),
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a + b", tests: ["test_calc.py"] }
            ],
            status: "verified",
            reproducing: [],
            testsPassed: ["test_calc.py::test_add_one"]
        },
        {
            "calc.py": calc,
            "test_calc.py": "from calc import add\n\n\ndef test_add_one():\n    assert add(1, 1) == 2\n"
        }
    );
    await check(
        "no existing tests: no baseline run (and its own test alone does not prove it)",
        patch("return a + b") + reproducingTest,
        {
            runs: [
                { module: "a - b", tests: [replyTests] },
                { module: "a + b", tests: [replyTests] }
            ],
            status: "plausible",
            unverifiedReason: "it passes the 1 test written with it; no independent test confirms it",
            reproducing: [replyTest],
            testsPassed: [replyTest]
        },
        { "calc.py": calc }
    );
});

/** A recorded model that takes `holdMs` to answer, or less when cancelled: long enough for a tool's patch to be checked first. */
class SlowRecordedRuntime implements ModelRuntime {
    private readonly recorded: RecordedRuntime;
    constructor(
        answer: string,
        private readonly holdMs: number
    ) {
        this.recorded = new RecordedRuntime([{ candidates: [candidateReply(0, answer)] }]);
    }
    get description() {
        return this.recorded.description;
    }
    async generate(request: GenerationRequest, options: RuntimeCallOptions = {}): Promise<GenerationResult> {
        await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.holdMs);
            options.signal?.addEventListener("abort", () => {
                clearTimeout(timer);
                resolve();
            });
        });
        return this.recorded.generate(request, options);
    }
    countTokens(text: string) {
        return this.recorded.countTokens(text);
    }
    async dispose() {
        /* nothing held */
    }
}

/** An exact tool that always proposes replacing calc.py's `a - b` with `replacement`. */
function replacingTool(replacement: string): SymbolicFixSource {
    return {
        tool: "ruff",
        languages: ["python"],
        async propose(input) {
            const start = input.originalText.indexOf("a - b");
            return {
                proposals: [
                    {
                        tool: "ruff",
                        title: `use ${replacement}`,
                        diagnostic: "X1",
                        applicability: "safe",
                        edits: [{ start, end: start + 5, newText: replacement }]
                    }
                ],
                report: { status: "proposed", detail: "1 fix" }
            };
        }
    };
}

test("the tools' race: a patch verified against the problem's own reproduction before the model finishes wins and cancels it", async () => {
    const check = async (
        name: string,
        race: { existingTest: string; replacement: string; holdMs: number },
        expected: { runs: EmulatedRun[]; early: boolean; status?: FixResult["status"] }
    ) => {
        const pytest = emulatedPytest("calc.py");
        const sandbox = new RecordingSandbox(pytest.answer);
        const services: FixServices = {
            runtime: new SlowRecordedRuntime(patch("return 4") + reproducingTest, race.holdMs),
            sandbox,
            symbolic: [replacingTool(race.replacement)],
            workspace: new MemoryWorkspace({
                "calc.py": calc,
                "test_calc.py": `from calc import add\n\n\ndef ${race.existingTest}\n`
            }),
            emit: () => undefined
        };
        try {
            const run = await prepareFix(
                withDefaults("fix", {
                    file: "calc.py",
                    target: { line: 2 },
                    candidates: 1,
                    extraRounds: 0,
                    parallelRuns: 1
                }),
                services
            );
            const round: FixRound = { number: 0, candidates: [], ranked: [] };
            const sampled = await sampleRound(run, round, services);
            assert.deepEqual(pytest.runs, expected.runs, `${name}: the sandbox runs`);
            assert.equal(symbolicWonEarly(sampled), expected.early, `${name}: early`);
            assert.equal(
                sampled.generation.candidates[0]!.stopReason === "cancelled",
                expected.early,
                `${name}: the model cancelled`
            );
            assert.equal(sampled.symbolic?.candidates.length, 1, `${name}: the tool's candidate`);
            if (!expected.early) return;
            acceptSymbolicWin(run, round, sampled, services);
            const result = await fixResult(run, services);
            assert.equal(result.status, expected.status, `${name}: status`);
            assert.deepEqual(result.symbolic?.modelCancelled, true, `${name}: reported`);
            assert.equal(result.patch?.origin?.tool, "ruff", `${name}: the tool's patch`);
        } finally {
            await sandbox.dispose();
        }
    };
    const failingExisting = "test_add_one():\n    assert add(1, 1) == 2";
    await check(
        "the original fails an existing test and the tool's patch passes it",
        { existingTest: failingExisting, replacement: "a + b", holdMs: 10_000 },
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a + b", tests: ["test_calc.py"] }
            ],
            early: true,
            status: "verified"
        }
    );
    await check(
        "the tool's patch still fails the existing test: the model answers, nothing is won early",
        { existingTest: failingExisting, replacement: "a * b", holdMs: 1500 },
        {
            runs: [
                { module: "a - b", tests: ["test_calc.py"] },
                { module: "a * b", tests: ["test_calc.py"] }
            ],
            early: false
        }
    );
    await check(
        "nothing fails on the original: the tool's patch waits for the model's tests",
        {
            existingTest: "test_add_zero():\n    assert add(2, 0) == 2",
            replacement: "a + b",
            holdMs: 0
        },
        { runs: [{ module: "a - b", tests: ["test_calc.py"] }], early: false }
    );
});
