// Reward and ranking of a round of candidates: the real fix beats a test-deleting or input-special-casing
// patch, agreement (cluster size) breaks accuracy ties, and the language reward reads the thought's script.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rankCandidates, rewardOf, type CandidateEvidence } from "../../../engine/chains/rewardRanking.js";
import { dominantScript, scriptShare } from "../../../engine/text/scriptShare.js";

function candidate(index: number, overrides: Partial<CandidateEvidence>): CandidateEvidence {
    return {
        index,
        hasPatch: true,
        hasTests: true,
        thoughtClosed: true,
        thought: "The loop never ends because of XOR.",
        testsRun: ["t0", "t1", "t2"],
        testsPassed: [],
        ownTests: [`t${index}`],
        regressions: [],
        existingTests: 2,
        ...overrides
    };
}

test("the patch the verdict proved ranks first; passing every test is not by itself verified", () => {
    const round = [
        candidate(0, { testsPassed: ["t0"] }), // special-cases its own test input
        candidate(1, { testsPassed: ["t0", "t1", "t2"], status: "verified" }), // the real fix, which the chain's verdict proved
        candidate(2, { testsPassed: ["t0", "t1", "t2"], regressions: ["old"] }), // deletes the behaviour an old test checks
        candidate(3, { hasPatch: false, testsPassed: [], testsRun: [] }) // no patch in the reply
    ];
    const ranked = rankCandidates(round, "latin");
    const byRank = [...ranked].sort((a, b) => a.rank - b.rank).map((r) => r.index);
    assert.deepEqual(byRank, [1, 0, 2, 3]);
    assert.deepEqual(
        ranked.map((r) => r.verified),
        [false, true, false, false]
    );
    assert.ok(ranked[1]!.advantage > 0 && ranked[3]!.advantage < 0);
    assert.ok(ranked[2]!.reward.accuracy < ranked[0]!.reward.accuracy, "a regression costs more than missing tests");
    assert.equal(
        rankCandidates([candidate(0, { testsPassed: ["t0", "t1", "t2"] })], "latin")[0]!.verified,
        false,
        "no verdict: not verified"
    );
});

test("dual agreement: a cluster scores its size times the tests it passes; a broken pinning test costs a quarter of a test", () => {
    const round = [
        candidate(0, { testsPassed: ["t0", "t1"], pinsRun: ["p0"], pinsBroken: [] }),
        candidate(1, { testsPassed: ["t0", "t1"], pinsRun: ["p0"], pinsBroken: [] }),
        candidate(2, { testsPassed: ["t0", "t1", "t2"], pinsRun: ["p0"], pinsBroken: ["p0"] })
    ];
    const ranked = rankCandidates(round, "latin");
    assert.deepEqual(
        ranked.map((r) => r.agreement),
        [4.5, 4.5, 3]
    );
    assert.equal(ranked.find((r) => r.rank === 1)!.index, 0);
    assert.ok(
        ranked[2]!.reward.accuracy < 1 && ranked[2]!.reward.accuracy > 0.5,
        "a broken pin is a weak regression, not a veto"
    );
});

test("equal accuracy: the bigger cluster of agreeing patches wins", () => {
    const round = [
        candidate(0, { testsPassed: ["t0", "t1"] }),
        candidate(1, { testsPassed: ["t0", "t2"] }),
        candidate(2, { testsPassed: ["t0", "t2"] })
    ];
    const ranked = rankCandidates(round, "latin");
    assert.deepEqual(
        ranked.map((r) => r.clusterSize),
        [1, 2, 2]
    );
    assert.equal(ranked.find((r) => r.rank === 1)!.index, 1);
    assert.equal(ranked[1]!.clusterId, ranked[2]!.clusterId);
});

test("reward parts: format counts the closed thought and the blocks; language the user's script", () => {
    const english = rewardOf(candidate(0, { testsPassed: ["t0", "t1", "t2"] }), "latin");
    assert.deepEqual(english, { accuracy: 1, format: 1, language: 1, total: 1.5 });
    const mixed = rewardOf(
        candidate(0, { thoughtClosed: false, hasTests: false, thought: "循环 never ends 因为异或" }),
        "latin"
    );
    assert.equal(mixed.format, 0.3);
    assert.ok(mixed.language > 0.4 && mixed.language < 0.8, String(mixed.language));
    assert.equal(dominantScript("Почему цикл не заканчивается?"), "cyrillic");
    assert.equal(scriptShare("1 + 2 == 3", "cjk"), 1);
});
