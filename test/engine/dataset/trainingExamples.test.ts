// Which call a training example comes from: the dataset finds the winning reply's call by its typed purpose. A fix
// won in its second round (after the tests-only pass ran between the rounds) must give that round's prompt and
// reply, not the tests-only pass's. The job is built by hand: this is the lookup's logic, not a chain run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { trainingExamplesOf } from "../../../engine/dataset/TrainingExample.js";
import type { CapturedCall } from "../../../engine/experts/ExpertRuntime.js";
import type { ExpertJobResult } from "../../../engine/experts/runWithExperts.js";
import type { FixResult } from "../../../engine/chains/fix/FixTypes.js";
import type { CandidateReply } from "../../../engine/runtime/ModelRuntime.js";

function reply(index: number, answer: string): CandidateReply {
    return { index, answer, thought: `thought of ${answer}`, thoughtClosedBy: "model" } as CandidateReply;
}

function call(purpose: CapturedCall["purpose"], prompt: string, answers: string[]): CapturedCall {
    return {
        ...(purpose ? { purpose } : {}),
        messages: [{ role: "user", content: prompt }],
        modelId: "scripted",
        replies: answers.map((a, i) => reply(i, a))
    };
}

/** The parts of a fix result the dataset reads: the chosen patch's round and candidate, and that candidate's report. */
function fixWonIn(round: number, candidate: number): FixResult {
    const reward = { total: 1, accuracy: 1, format: 1, language: 1 };
    return {
        status: "verified",
        file: "series.py",
        language: "python",
        patch: { edits: [], diff: "", round, candidate },
        candidates: [{ round, index: candidate, ranking: { reward }, reproducingTests: ["test_sum_to_four"] }],
        verifications: []
    } as unknown as FixResult;
}

function fixJob(result: FixResult, calls: CapturedCall[]): ExpertJobResult<"fix"> {
    return {
        kind: "fix",
        result,
        verified: true,
        calls,
        attempts: [],
        expert: { name: "strong", model: "scripted" },
        features: { kind: "fix", language: "python", contextSize: "small", diagnostic: "none" }
    } as unknown as ExpertJobResult<"fix">;
}

const calls = [
    call("fix.round0", "fix prompt", ["wrong patch A", "wrong patch B"]),
    call("fix.tests", "tests-only prompt", ["tests only A", "tests only B"]),
    call("fix.round1", "feedback prompt", ["right patch A", "right patch B"])
];

const cases: { name: string; round: number; candidate: number; prompt: string; answer: string }[] = [
    { name: "won in the first round", round: 0, candidate: 1, prompt: "fix prompt", answer: "wrong patch B" },
    {
        name: "won in the second round, after the tests-only pass",
        round: 1,
        candidate: 0,
        prompt: "feedback prompt",
        answer: "right patch A"
    }
];

for (const c of cases) {
    test(c.name, () => {
        const [example, ...more] = trainingExamplesOf(fixJob(fixWonIn(c.round, c.candidate), calls));
        assert.equal(more.length, 0);
        assert.equal(example?.prompt, c.prompt);
        assert.equal(example?.answer, c.answer);
        assert.deepEqual([example?.metadata.round, example?.metadata.candidate], [c.round, c.candidate]);
    });
}

test("no example when the winning round's call was not captured", () => {
    assert.deepEqual(trainingExamplesOf(fixJob(fixWonIn(2, 0), calls)), []);
});
