// How each job kind shapes the request an expert runs: the expert's candidates and thinking budget (a port takes
// only the budget), and the request's own prior attempts followed by the earlier experts' ones, the same way for
// fix, tests and port.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jobKinds, type ExpertJobKind, type ExpertProfile, type PriorAttempt } from "../../../engine/testing.js";

const expert: ExpertProfile = { name: "strong", strength: 2, candidates: 8, thinkBudget: 4096 };
const own: PriorAttempt = { by: "user", failures: ["the request's own"] };
const earlier: PriorAttempt = { by: "fast", diff: "--- a\n+++ b\n", failures: ["test_x failed"] };

const requests: { kind: ExpertJobKind; request: object; settings: object }[] = [
    { kind: "fix", request: { file: "calc.py", target: { line: 3 } }, settings: { candidates: 8, thinkBudget: 4096 } },
    { kind: "tests", request: { file: "calc.py" }, settings: { candidates: 8, thinkBudget: 4096 } },
    { kind: "port", request: { file: "calc.py", to: "rust" }, settings: { thinkBudget: 4096 } }
];
const attempts: {
    name: string;
    ownAttempts?: PriorAttempt[];
    earlierAttempts: PriorAttempt[];
    expected?: PriorAttempt[];
}[] = [
    { name: "no attempts anywhere", earlierAttempts: [] },
    { name: "the request's own only", ownAttempts: [own], earlierAttempts: [], expected: [own] },
    { name: "earlier experts' only", earlierAttempts: [earlier], expected: [earlier] },
    { name: "the request's own first", ownAttempts: [own], earlierAttempts: [earlier], expected: [own, earlier] }
];

for (const { kind, request, settings } of requests) {
    for (const { name, ownAttempts, earlierAttempts, expected } of attempts) {
        test(`${kind} for an expert: ${name}`, () => {
            const asked = { ...request, ...(ownAttempts ? { priorAttempts: ownAttempts } : {}) };
            const spec = jobKinds[kind] as {
                forExpert(request: object, expert: ExpertProfile, prior: PriorAttempt[]): object;
            };
            assert.deepEqual(spec.forExpert(asked, expert, earlierAttempts), {
                ...request,
                ...settings,
                ...(expected ? { priorAttempts: expected } : {})
            });
        });
    }
}
