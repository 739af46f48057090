// What a round with nothing verified sends back to the model: its two best attempts with a patch, and each one's
// failures in words, as tables over plain candidates and verifications.
import { test } from "node:test";
import assert from "node:assert/strict";
import { feedbackAttempts, failuresOf } from "../../../../engine/chains/fix/feedbackSelection.js";
import type { ReproducingTest, RoundCandidate } from "../../../../engine/chains/fix/FixRun.js";
import { placeTests } from "../../../../engine/chains/fix/testPlacement.js";
import type { FeedbackAttempt } from "../../../../engine/chains/fix/fixPrompt.js";
import type { RankedCandidate, VerificationRun } from "../../../../engine/testing.js";
import { ranking, roundCandidate, verificationRun } from "../../../support/fixRunParts.js";

const placed = placeTests("python", "calc.py", 0, 0, "def test_add(): ...");
const pool: ReproducingTest[] = [
    { id: "t1", placed },
    { id: "t2", placed }
];
const noPool: ReproducingTest[] = [];

test("failuresOf: how a candidate failed, in words the model can act on", () => {
    const check = (
        name: string,
        candidate: RoundCandidate,
        reproducingPool: ReproducingTest[],
        verifications: VerificationRun[],
        expected: string[]
    ) => assert.deepEqual(failuresOf(candidate, reproducingPool, verifications), expected, name);
    const own = { reproducing: ["t1"] };
    check("never run", roundCandidate(0, 0, own), pool, [verificationRun(0, 1)], ["it was not run"]);
    check(
        "a verification of the same index in another round is not its own",
        roundCandidate(1, 0, own),
        pool,
        [verificationRun(0, 0)],
        ["it was not run"]
    );
    check(
        "does not build",
        roundCandidate(0, 0, own),
        pool,
        [verificationRun(0, 0, { buildFailure: "SyntaxError" })],
        ["does not build: SyntaxError"]
    );
    check(
        "still failing tests and regressions",
        roundCandidate(0, 0, own),
        pool,
        [verificationRun(0, 0, { testsRun: ["t1", "t2"], testsPassed: ["t1"], regressions: ["old"] })],
        ["test t2 still fails", "existing test old now fails"]
    );
    check(
        "its own tests did not reproduce",
        roundCandidate(0, 0),
        pool,
        [verificationRun(0, 0, { testsRun: ["t1"], testsPassed: ["t1"] })],
        ["its own tests did not fail on the buggy code, so they do not show the bug"]
    );
    check(
        "nobody reproduced the bug yet",
        roundCandidate(0, 0),
        noPool,
        [verificationRun(0, 0)],
        [
            "its own tests did not fail on the buggy code, so they do not show the bug",
            "no test reproduced the bug yet: write a test that fails on the current code"
        ]
    );
});

test("feedbackAttempts: the two best-ranked candidates with a patch, their answers trimmed", () => {
    const check = (name: string, candidates: RoundCandidate[], ranks: number[], expected: FeedbackAttempt[]) => {
        const ranked: RankedCandidate[] = ranks.map((rank) => ranking({ rank }));
        assert.deepEqual(
            feedbackAttempts(
                candidates,
                ranked,
                pool,
                candidates.map((c) => verificationRun(0, c.patch.index, { buildFailure: `b${c.patch.index}` }))
            ),
            expected,
            name
        );
    };
    const attempt = (index: number, patch = `answer 0.${index}`) => ({
        patch,
        failures: [`does not build: b${index}`]
    });
    check(
        "by rank, at most two",
        [roundCandidate(0, 0), roundCandidate(0, 1), roundCandidate(0, 2)],
        [3, 1, 2],
        [attempt(1), attempt(2)]
    );
    check(
        "candidates without a patch are skipped",
        [roundCandidate(0, 0, { noPatch: true }), roundCandidate(0, 1)],
        [1, 2],
        [attempt(1)]
    );
    check(
        "equal ranks keep the round's order",
        [roundCandidate(0, 0), roundCandidate(0, 1), roundCandidate(0, 2)],
        [1, 1, 1],
        [attempt(0), attempt(1)]
    );
    check(
        "an answer is trimmed and cut at 2000 characters",
        [roundCandidate(0, 0, { answer: `  ${"x".repeat(2500)}\n` })],
        [1],
        [attempt(0, "x".repeat(2000))]
    );
    check("nothing with a patch", [roundCandidate(0, 0, { noPatch: true })], [1], []);
});
