// How each job kind shapes the request an expert runs: the expert's candidates and thinking budget (a port takes
// only the budget), and the request's own prior attempts followed by the earlier experts' ones, the same way for
// fix, tests and port.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
    jobKindNames,
    jobKinds,
    requestDefaults,
    settingDefaults,
    withDefaults,
    type ExpertJobKind,
    type ExpertProfile,
    type PriorAttempt
} from "../../../engine/testing.js";

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

// Each kind's request defaults are written once, in its descriptor, from the settings schema; runJob applies them.
const defaultCases: { kind: ExpertJobKind; request: object; expected: object }[] = [
    {
        kind: "fix",
        request: { file: "calc.py", target: { line: 3 }, candidates: undefined },
        expected: {
            file: "calc.py",
            target: { line: 3 },
            candidates: settingDefaults.candidates,
            extraRounds: settingDefaults.extraRounds,
            contextTokens: requestDefaults.contextTokens
        }
    },
    {
        kind: "fix",
        request: { file: "calc.py", target: { line: 3 }, candidates: 2, extraRounds: 0 },
        expected: {
            file: "calc.py",
            target: { line: 3 },
            candidates: 2,
            extraRounds: 0,
            contextTokens: requestDefaults.contextTokens
        }
    },
    {
        kind: "tests",
        request: { file: "calc.py", contextTokens: 500 },
        expected: { file: "calc.py", candidates: settingDefaults.candidates, contextTokens: 500 }
    },
    { kind: "port", request: { file: "calc.py", to: "rust" }, expected: { file: "calc.py", to: "rust" } }
];
for (const { kind, request, expected } of defaultCases) {
    test(`a ${kind} request takes its kind's defaults for what it leaves unset: ${JSON.stringify(request)}`, () => {
        assert.deepEqual(withDefaults(kind, request as never), expected);
    });
}

test("every job kind has a descriptor with a title and the word for a proven result", () => {
    for (const kind of jobKindNames) {
        assert.ok(jobKinds[kind].hints.title.length > 0, kind);
        assert.ok(jobKinds[kind].hints.provenWord.length > 0, kind);
    }
});
