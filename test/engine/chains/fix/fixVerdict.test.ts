// The fix chain's verdict as a table: which sources make a patch verified, which leave it "plausible" (not proven),
// identical tests from several samples counting as one source, disagreements between survivors, outvoted tests,
// and the one-sentence summary of each.
import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeCandidate, type JudgedTest, type VerdictInput } from "../../../../engine/chains/fix/fixVerdict.js";
import {
    separatedByATest,
    undecidedDisagreements,
    type BehaviourComparison,
    type BehaviourDisagreement,
    type Challenger,
    type Survivor
} from "../../../../engine/chains/fix/behaviourCheck.js";
import {
    eliminatedIndependently,
    judgedTests,
    sourceFor,
    testSourceKey
} from "../../../../engine/chains/fix/testSources.js";
import type { PooledTest } from "../../../../engine/chains/fix/FixRun.js";
import { placeTests } from "../../../../engine/chains/fix/testPlacement.js";
import { roundCandidate, verificationRun } from "../../../support/fixRunParts.js";

const t = (name: string, source: JudgedTest["source"], parts: Partial<JudgedTest> = {}): JudgedTest => ({
    id: `x::${name}`,
    name,
    source,
    writer: source,
    failsOnOriginal: true,
    passed: true,
    ...parts
});

function verdict(tests: JudgedTest[], parts: Partial<VerdictInput> = {}) {
    return judgeCandidate({
        hasPatch: true,
        regressions: [],
        existingStillPassing: 0,
        tests,
        disagreements: [],
        ...parts
    });
}

test("the verdict by source: verified only with a test the patch's reply did not write", () => {
    const check = (
        name: string,
        tests: JudgedTest[],
        parts: Partial<VerdictInput>,
        status: string,
        summary: string
    ) => {
        const v = verdict(tests, parts);
        assert.equal(v.status, status, name);
        assert.equal(v.evidence.summary, summary, name);
    };
    check(
        "the user's failing test, with existing tests",
        [t("test_gcd", "user", { writer: "your tests" })],
        { existingStillPassing: 11 },
        "verified",
        "Verified: your test test_gcd fails before and passes after; 11 existing tests still pass"
    );
    check(
        "only its own tests",
        [t("test_a", "own"), t("test_b", "own"), t("test_c", "own")],
        {},
        "plausible",
        "Not proven: it passes the 3 tests written with it; no independent test confirms it"
    );
    check(
        "its own tests and a pin of its own",
        [t("test_a", "own"), t("test_keep", "own", { failsOnOriginal: false })],
        { existingStillPassing: 2 },
        "plausible",
        "Not proven: it passes the 1 test written with it; no independent test confirms it; 2 existing tests still pass; 1 test of today's behaviour still passes"
    );
    check(
        "a test from another sample whose patch differs",
        [t("test_a", "own"), t("test_b", "otherSample", { writer: "round 1, candidate 2" })],
        {},
        "verified",
        "Verified: 1 test written by other samples fails before and passes after; its own test passes"
    );
    check(
        "a test of the tests-only pass",
        [t("test_t", "testsPass", { writer: "tests-only sample 0" })],
        {},
        "verified",
        "Verified: 1 test written without seeing any patch fails before and passes after"
    );
    check(
        "the docstring's examples",
        [t("test_f_docstring_examples", "doctest", { writer: "the docstring" })],
        {},
        "verified",
        "Verified: the examples in its docstring fail before and pass after"
    );
    check(
        "the original did not build",
        [t("the build", "build", { writer: "the compiler" })],
        {},
        "verified",
        "Verified: the code did not build and now builds"
    );
    check(
        "an independent test that passes on the original only pins: no reproduction from it",
        [t("test_a", "own"), t("test_keep", "testsPass", { failsOnOriginal: false })],
        {},
        "plausible",
        "Not proven: it passes the 1 test written with it; no independent test confirms it; 1 test of today's behaviour still passes"
    );
    check(
        "nothing reproduced the bug",
        [t("test_keep", "testsPass", { failsOnOriginal: false })],
        {},
        "unverified",
        "Not verified: no test reproduced the bug on the current code, so nothing shows the patch fixes it"
    );
    check(
        "a regression",
        [t("test_gcd", "user")],
        { regressions: ["test_old"] },
        "unverified",
        "Not verified: it breaks existing tests: test_old"
    );
    check("no patch", [], { hasPatch: false }, "unverified", "Not verified: the reply has no usable patch");
    check(
        "a build failure",
        [t("test_gcd", "user")],
        { buildFailure: "E0308 mismatched types\nmore" },
        "unverified",
        "Not verified: the patched code does not build: E0308 mismatched types"
    );
    check(
        "fails the user's test",
        [t("test_gcd", "user", { passed: false }), t("test_t", "testsPass")],
        {},
        "unverified",
        "Not verified: it fails 1 of 2 tests: test_gcd"
    );
    check(
        "fails its own test, however many others support it",
        [
            t("test_mine", "own", { passed: false }),
            t("a", "testsPass", { writer: "s0" }),
            t("b", "otherSample", { writer: "r1c1" }),
            t("c", "user", { writer: "you" })
        ],
        {},
        "unverified",
        "Not verified: it fails 1 of 4 tests: test_mine"
    );
});

test("identical tests from several samples count as one source: a copy of its own test is its own", () => {
    const candidate = roundCandidate(0, 0);
    const placedOwn = placeTests("python", "series.py", 0, 0, "def test_three():\n    assert sum_to(3) == 6\n");
    const placedCopy = placeTests(
        "python",
        "series.py",
        0,
        1,
        "def test_three():\n    # the same test, other comments\n    assert sum_to(3) == 6  # six\n"
    );
    const placedOther = placeTests(
        "python",
        "series.py",
        0,
        2,
        "def test_three():\n    assert sum_to(3) == 6\n\n\ndef test_one():\n    assert sum_to(1) == 1\n"
    );
    const key = (placed: typeof placedOwn, name: string) =>
        testSourceKey(placed.code, `${placed.file}::${name}`, "python");
    assert.equal(
        key(placedOwn, "test_three"),
        key(placedCopy, "test_three"),
        "comments and spacing do not make a test different"
    );
    assert.notEqual(key(placedOther, "test_one"), key(placedOther, "test_three"));
    candidate.ownSources.add(key(placedOwn, "test_three"));
    const pooled = (placed: typeof placedOwn, name: string, origin: PooledTest["origin"]): PooledTest => ({
        id: `${placed.file}::${name}`,
        placed,
        origin,
        sourceKey: key(placed, name),
        failsOnOriginal: true
    });
    const copy = pooled(placedCopy, "test_three", {
        kind: "sample",
        round: 0,
        candidate: 1,
        patchedText: "another patch"
    });
    const fromPass = pooled(placedCopy, "test_three", { kind: "testsPass", sample: 0 });
    const other = pooled(placedOther, "test_one", {
        kind: "sample",
        round: 0,
        candidate: 2,
        patchedText: "another patch"
    });
    const samePatch = pooled(placedOther, "test_one", {
        kind: "sample",
        round: 0,
        candidate: 2,
        patchedText: candidate.patch.patchedText!
    });
    assert.equal(sourceFor(candidate, copy), "own", "another sample's identical test");
    assert.equal(sourceFor(candidate, fromPass), "own", "the tests-only pass's identical test");
    assert.equal(sourceFor(candidate, other), "otherSample");
    assert.equal(sourceFor(candidate, samePatch), "own", "a sample with the same patched text is the same source");
    const verification = verificationRun(0, 0, { testsRun: [copy.id, other.id], testsPassed: [copy.id, other.id] });
    const judged = judgedTests(candidate, verification, { ids: [], buildFailed: false }, [copy, other], []);
    assert.deepEqual(
        judged.map((j) => [j.name, j.source]),
        [
            ["test_three", "own"],
            ["test_one", "otherSample"]
        ]
    );
    assert.equal(verdict(judged).status, "verified");
    assert.equal(
        verdict(judged.filter((j) => j.source === "own")).status,
        "plausible",
        "three copies of its own test are still one own source"
    );
});

test("one wrong test from a single other voice is outvoted by two independent voices, never by the patch's own tests", () => {
    const wrong = t("test_wrong", "otherSample", { writer: "round 1, candidate 3", passed: false });
    const two = [
        t("a", "testsPass", { writer: "tests-only sample 0" }),
        t("b", "otherSample", { writer: "round 1, candidate 1" })
    ];
    const outvoted = verdict([...two, wrong]);
    assert.equal(outvoted.status, "verified");
    assert.deepEqual(outvoted.evidence.outvoted, ["test_wrong"]);
    assert.match(outvoted.evidence.summary, /1 test from another sample \(test_wrong\) disagreed and was outvoted$/);
    assert.equal(verdict([two[0]!, wrong]).status, "unverified", "one independent voice does not outvote another");
    assert.equal(
        verdict([two[0]!, t("c", "testsPass", { writer: "tests-only sample 0" }), wrong]).status,
        "unverified",
        "two tests of one voice are one voice"
    );
    assert.equal(verdict([...two, t("mine", "own"), t("mine2", "own", { writer: "own2" }), wrong]).status, "verified");
    assert.equal(
        verdict([
            t("a", "testsPass", { writer: "round 1, candidate 3" }),
            t("b", "otherSample", { writer: "x" }),
            wrong
        ]).status,
        "unverified",
        "the failing test's own writer does not count against it"
    );
    assert.equal(
        verdict([...two, t("yours", "user", { passed: false })]).status,
        "unverified",
        "the user's test is never outvoted"
    );
    assert.equal(
        verdict([
            ...two,
            t("pin", "otherSample", { writer: "round 1, candidate 3", passed: false, failsOnOriginal: false })
        ]).status,
        "verified",
        "a pin from one voice is outvoted like a reproduction"
    );
});

test("an undecided disagreement between survivors leaves both not proven; a test that separates them decides it", () => {
    const sentence = "#0 and #2 disagree on gcd(0, 49): #0 gives 0, #2 gives 49";
    const judged = verdict([t("test_gcd", "user")], { disagreements: [sentence] });
    assert.equal(judged.status, "plausible");
    assert.equal(judged.evidence.summary, `Not proven: ${sentence}; no test decides between them`);
    assert.deepEqual(judged.evidence.disagreements, [sentence]);

    const a: Survivor = {
        label: "#0",
        text: "a",
        outcomes: new Map([
            ["t1", true],
            ["t2", true]
        ])
    };
    const b: Survivor = { label: "#2", text: "b", outcomes: new Map([["t1", true]]) };
    const c: Survivor = {
        label: "#3",
        text: "c",
        outcomes: new Map([
            ["t1", true],
            ["t2", false]
        ])
    };
    assert.equal(separatedByATest(a, b), false, "a test only one ran decides nothing");
    assert.equal(separatedByATest(a, c), true);
    const comparison: BehaviourComparison = {
        compared: true,
        inputs: 50,
        pairsThatDiffer: [
            ["#0", "#2"],
            ["#0", "#3"]
        ],
        changesFromOriginal: {},
        disagreements: [
            {
                call: "gcd(0, 49)",
                outputs: [
                    { label: "#0", output: "0" },
                    { label: "#2", output: "49" }
                ],
                sentence
            }
        ]
    };
    const undecided = undecidedDisagreements([a, b, c], comparison);
    assert.deepEqual(undecided.get("#0"), [sentence]);
    assert.deepEqual(undecided.get("#2"), [sentence]);
    assert.deepEqual(undecided.get("#3"), [], "#0 and #3 differ, but a test already decided between them");
    const noExample = undecidedDisagreements([a, b], { ...comparison, disagreements: [] });
    assert.deepEqual(noExample.get("#2"), ["#0 and #2 behave differently on some input"]);
});

test("a run killed at the memory limit is reported as such, not as the existing tests it never reached", () => {
    const killed = verdict([t("test_fixed", "user")], {
        regressions: ["test_calc.py::test_zero"],
        interrupted: "killed at the memory limit (256 MB) during test_calc.py::test_zero"
    });
    assert.equal(killed.status, "unverified");
    assert.equal(killed.reason, "its test run was killed at the memory limit (256 MB) during test_calc.py::test_zero");
    assert.doesNotMatch(killed.evidence.summary, /breaks existing tests/);
});

test("a run with signs of tampering proves nothing, and says why instead of naming regressions", () => {
    const tampered = verdict([t("test_fixed", "user")], {
        regressions: ["test_calc.py::test_zero"],
        tampering: ["added code ends the process (os._exit)"]
    });
    assert.equal(tampered.status, "unverified");
    assert.equal(
        tampered.reason,
        "its test run shows signs of writing its own verdict (added code ends the process (os._exit))"
    );
});

test("per input: a survivor and a challenger that only its own tests eliminated disagree on an input no test it passes exercises, so it is not proven", () => {
    // sum_to: W2 survives (W1's true test supports it); W2's own test eliminated W1; they differ on sum_to(0) and sum_to(4).
    const survivor: Survivor = {
        label: "#1",
        text: "w2",
        outcomes: new Map([
            ["t3", true],
            ["t4", true]
        ])
    };
    const challenger = (decidedFor: string[] = []): Challenger => ({
        label: "#0",
        text: "w1",
        decidedFor: new Set(decidedFor)
    });
    const at = (n: number, w1: number, w2: number): BehaviourDisagreement => ({
        pair: ["#0", "#1"],
        call: `sum_to(${n})`,
        outputs: [],
        sentence: `#0 and #1 disagree on sum_to(${n}): #0 gives ${w1}, #1 gives ${w2}`
    });
    const comparison: BehaviourComparison = {
        compared: true,
        inputs: 40,
        pairsThatDiffer: [["#0", "#1"]],
        changesFromOriginal: {},
        disagreements: [at(0, 0, 1)],
        differences: [at(0, 0, 1), at(4, 6, 10)]
    };
    const exercising = (calls: string[]) => (survivor: string, call: string) =>
        survivor === "#1" && calls.includes(call);
    // sum_to(4) is exercised by a test #1 passes; sum_to(0) by none.
    const undecided = undecidedDisagreements([survivor], comparison, [challenger()], exercising(["sum_to(4)"]));
    assert.deepEqual(undecided.get("#1"), [at(0, 0, 1).sentence]);
    assert.equal(undecided.has("#0"), false, "a challenger gets no sentences");
    assert.deepEqual(
        undecidedDisagreements([survivor], comparison, [challenger()], exercising(["sum_to(4)", "sum_to(0)"])).get(
            "#1"
        ),
        [],
        "every input they differ on is exercised by a test the survivor passes"
    );
    assert.deepEqual(
        undecidedDisagreements([survivor], comparison, [challenger(["#1"])]).get("#1"),
        [],
        "a challenger that independent evidence eliminated does not challenge"
    );
    assert.deepEqual(
        undecidedDisagreements([survivor], comparison, [challenger()], exercising(["sum_to(0)"])).get("#1"),
        [at(4, 6, 10).sentence],
        "an input beyond the comparison's examples counts too"
    );
    const examplesOnly = { ...comparison, disagreements: [at(0, 0, 1)] } as BehaviourComparison;
    delete examplesOnly.differences;
    assert.deepEqual(
        undecidedDisagreements([survivor], examplesOnly, [challenger()], exercising(["sum_to(0)"])).get("#1"),
        ["#0 and #1 behave differently on some input no test decides"],
        "when only examples are known, the rest is undecided"
    );
});

test("a challenger is decided against by evidence independent of the survivor's own reply, never by the survivor's own tests", () => {
    const survivor = roundCandidate(0, 1);
    const placed = (candidate: number, name: string) =>
        placeTests("python", "series.py", 0, candidate, `def ${name}():\n    assert sum_to(${candidate + 3}) == 0\n`);
    const pooled = (candidate: number, name: string, origin: PooledTest["origin"]): PooledTest => {
        const p = placed(candidate, name);
        return {
            id: `${p.file}::${name}`,
            placed: p,
            origin,
            sourceKey: testSourceKey(p.code, `${p.file}::${name}`, "python"),
            failsOnOriginal: true
        };
    };
    const survivorsOwn = pooled(1, "test_w2", {
        kind: "sample",
        round: 0,
        candidate: 1,
        patchedText: survivor.patch.patchedText!
    });
    const samePatch = pooled(3, "test_same", {
        kind: "sample",
        round: 0,
        candidate: 3,
        patchedText: survivor.patch.patchedText!
    });
    const copyOfOwn = pooled(4, "test_copy", { kind: "sample", round: 0, candidate: 4, patchedText: "a third patch" });
    survivor.ownSources.add(copyOfOwn.sourceKey);
    const challengersOwn = pooled(0, "test_w1", { kind: "sample", round: 0, candidate: 0, patchedText: "patch 0.0" });
    const thirdSample = pooled(2, "test_third", {
        kind: "sample",
        round: 0,
        candidate: 2,
        patchedText: "a third patch"
    });
    const testsPass = pooled(5, "test_pass", { kind: "testsPass", sample: 0 });
    const doctest = pooled(6, "test_doc", { kind: "doctest" });
    const pool = [survivorsOwn, samePatch, copyOfOwn, challengersOwn, thirdSample, testsPass, doctest];
    const decided = (
        failing: string[],
        parts: Partial<Parameters<typeof verificationRun>[2]> = {},
        chainIds: string[] = []
    ) => {
        const ids = [...pool.map((t) => t.id), ...chainIds];
        const challenger = roundCandidate(0, 0, {
            verification: verificationRun(0, 0, {
                testsRun: ids,
                testsPassed: ids.filter((id) => !failing.includes(id)),
                ...parts
            })
        });
        return eliminatedIndependently(challenger, survivor, { ids: chainIds, buildFailed: false }, pool, []);
    };
    assert.equal(decided([survivorsOwn.id]), false, "the survivor's own test");
    assert.equal(decided([samePatch.id]), false, "a test of a sample with the survivor's very patch");
    assert.equal(decided([copyOfOwn.id]), false, "a third sample's copy of the survivor's own test");
    assert.equal(decided([challengersOwn.id]), true, "its own reply's test refutes its patch");
    assert.equal(decided([survivorsOwn.id, challengersOwn.id]), true);
    assert.equal(decided([thirdSample.id]), true, "a third sample whose patch differs");
    assert.equal(decided([testsPass.id]), true, "the tests-only pass");
    assert.equal(decided([doctest.id]), true, "the docstring's examples");
    assert.equal(
        decided(["test_series.py::test_user"], {}, ["test_series.py::test_user"]),
        true,
        "the user's failing test"
    );
    assert.equal(
        decided([], { regressions: ["test_series.py::test_zero"] }),
        true,
        "a regression in the existing tests"
    );
    assert.equal(decided([], { buildFailure: "E0308" }), true, "the build");
    assert.equal(decided([], { tampering: ["os._exit"] }), true, "tampering");
    assert.equal(decided([], { interrupted: "killed at the memory limit" }), true, "the sandbox's limits");
    assert.equal(
        eliminatedIndependently(roundCandidate(0, 0), survivor, { ids: [], buildFailed: false }, pool, []),
        false,
        "never run: nothing decided it"
    );
});
