// Which candidate becomes the fix chain's result, and the sentence that says why an unverified one is not verified.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseBest, unverifiedReason } from "../../../../engine/chains/fix/bestCandidate.js";
import type { ChainReproduction, RankedRoundCandidate, RoundCandidate } from "../../../../engine/chains/fix/FixRun.js";
import { buildCheckId } from "../../../../engine/chains/fix/testEvidence.js";
import { ranked, roundCandidate, verificationRun } from "../../../support/fixRunParts.js";

test("chooseBest: verified, then plausible, then dual agreement, accuracy, independent support, tests passed, reward, the smaller patch; never the index", () => {
    const check = (name: string, all: RankedRoundCandidate[], expected: string | undefined) => {
        const best = chooseBest(all);
        assert.equal(best && `${best.round.patch.round}.${best.round.patch.index}`, expected, name);
        const reversed = chooseBest([...all].reverse());
        assert.equal(
            reversed && `${reversed.round.patch.round}.${reversed.round.patch.index}`,
            expected,
            `${name} (in the other order)`
        );
    };
    const withEdit = (candidate: RoundCandidate, newText: string) => {
        candidate.patch.edits = [{ start: 0, end: 1, newText }];
        return candidate;
    };
    const supported = (candidate: RoundCandidate, independent: number) => {
        candidate.verdict = {
            status: "verified",
            evidence: {
                sources: [
                    { kind: "testsPass", reproduces: Array.from({ length: independent }, (_, i) => `t${i}`), pins: [] }
                ],
                existingStillPassing: 0,
                outvoted: [],
                disagreements: [],
                summary: ""
            }
        };
        return candidate;
    };
    check("nothing to choose", [], undefined);
    check(
        "only candidates without a patch",
        [ranked(roundCandidate(0, 0, { noPatch: true }), { verified: true, accuracy: 1 })],
        undefined
    );
    check(
        "a patchless candidate never wins, however it ranks",
        [
            ranked(roundCandidate(0, 0, { noPatch: true }), { accuracy: 1 }),
            ranked(roundCandidate(0, 1), { accuracy: 0.2 })
        ],
        "0.1"
    );
    check(
        "verified beats a higher accuracy",
        [
            ranked(roundCandidate(0, 0), { accuracy: 0.9 }),
            ranked(roundCandidate(1, 0), { verified: true, accuracy: 0.8 })
        ],
        "1.0"
    );
    check(
        "plausible beats unverified",
        [
            ranked(roundCandidate(0, 0), { accuracy: 0.9, agreement: 9 }),
            ranked(roundCandidate(0, 1), { status: "plausible", accuracy: 0.8 })
        ],
        "0.1"
    );
    check(
        "verified beats plausible",
        [
            ranked(roundCandidate(0, 0), { status: "plausible", agreement: 9 }),
            ranked(roundCandidate(0, 1), { verified: true })
        ],
        "0.1"
    );
    check(
        "dual agreement before accuracy: three patches that pass the same four tests beat one lone patch",
        [
            ranked(roundCandidate(0, 0), { accuracy: 1, clusterSize: 1, agreement: 5 }),
            ranked(roundCandidate(0, 1), { accuracy: 0.8, clusterSize: 3, agreement: 12 })
        ],
        "0.1"
    );
    check(
        "higher accuracy",
        [ranked(roundCandidate(0, 0), { accuracy: 0.5 }), ranked(roundCandidate(0, 1), { accuracy: 0.7 })],
        "0.1"
    );
    check(
        "equal accuracy: more independent tests behind it",
        [
            ranked(supported(roundCandidate(0, 0), 1), { accuracy: 0.5 }),
            ranked(supported(roundCandidate(0, 1), 2), { accuracy: 0.5 })
        ],
        "0.1"
    );
    check(
        "equal support: the higher total",
        [
            ranked(roundCandidate(0, 0), { accuracy: 0.5, total: 0.6 }),
            ranked(roundCandidate(0, 1), { accuracy: 0.5, total: 0.9 })
        ],
        "0.1"
    );
    check(
        "all equal: the smaller patch, whatever its round or index",
        [
            ranked(withEdit(roundCandidate(0, 0), "a longer replacement"), { accuracy: 0.5 }),
            ranked(withEdit(roundCandidate(1, 3), "short"), { accuracy: 0.5 })
        ],
        "1.3"
    );
});

test("unverifiedReason: nothing reproduced, does not build, breaks tests, fails some, or never ran", () => {
    const check = (name: string, candidate: RoundCandidate, chain: ChainReproduction, expected: string) =>
        assert.equal(unverifiedReason(candidate, chain), expected, name);
    const noChain = { ids: [], buildFailed: false };
    const ruff = { kind: "symbolic", tool: "ruff", title: "F632", diagnostic: "is", applicability: "safe" } as const;
    check(
        "a model's candidate whose tests did not reproduce",
        roundCandidate(0, 0),
        noChain,
        "none of its own tests reproduced the bug on the current code"
    );
    check(
        "a tool's candidate with no reproducing test anywhere",
        roundCandidate(0, 4, { origin: ruff }),
        noChain,
        "no test reproduced the bug on the current code, so nothing can prove the tool's fix"
    );
    check(
        "does not build (first line of the failure)",
        roundCandidate(0, 0, {
            reproducing: ["t"],
            verification: verificationRun(0, 0, { buildFailure: "E0308\nmore" })
        }),
        noChain,
        "the patched code does not build: E0308"
    );
    check(
        "breaks existing tests",
        roundCandidate(0, 0, {
            reproducing: ["t"],
            verification: verificationRun(0, 0, { regressions: ["old_a", "old_b"] })
        }),
        noChain,
        "it breaks existing tests: old_a, old_b"
    );
    check(
        "fails some reproducing tests; the chain's reproduction counts as its own",
        roundCandidate(0, 0, {
            verification: verificationRun(0, 0, { testsRun: [buildCheckId, "t1", "t2"], testsPassed: [buildCheckId] })
        }),
        { ids: [buildCheckId], buildFailed: true },
        "it fails 2 of 3 reproducing tests"
    );
    check("owns tests but was never run", roundCandidate(0, 0, { ownTests: ["t"] }), noChain, "it was not verified");
});
