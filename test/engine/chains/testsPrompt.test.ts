// The tests chain's prompt carries what earlier experts' attempts did wrong when a job escalates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jobKinds } from "../../../engine/testing.js";
import { testsPrompt } from "../../../engine/chains/tests/testsPrompt.js";
import { withDefaults } from "../../../engine/testing.js";
import { requestDefaults } from "../../../engine/settings/settingsSchema.js";

const base = {
    file: "stats.py",
    language: "python" as const,
    targetDescription: "`median`",
    context: "def median(xs): ...",
    frameworkInstruction: "pytest test functions named test_*",
    importHint: "Import with `from stats import median`."
};

test("an escalated tests job hears why the earlier expert's tests were dropped", () => {
    const attempt = {
        by: "fast",
        failures: [
            "test_empty: it does not build: NameError: name 'mean' is not defined",
            "test_one: it asserts nothing"
        ]
    };
    const request = jobKinds.tests.forExpert(
        withDefaults("tests", { file: "stats.py", symbol: "median" }),
        { name: "strong", strength: 2, candidates: 3 },
        [attempt]
    );
    // The expert's candidates win over the kind's default; the other defaults stay filled in.
    assert.deepEqual(request, {
        file: "stats.py",
        symbol: "median",
        candidates: 3,
        contextTokens: requestDefaults.contextTokens,
        priorAttempts: [attempt]
    });
    const prompt = testsPrompt({ ...base, priorAttempts: request.priorAttempts! });
    assert.match(
        prompt,
        /\n\nEarlier attempts kept no test:\nBy fast:\n- test_empty: it does not build: NameError: name 'mean' is not defined\n- test_one: it asserts nothing$/
    );
    assert.doesNotMatch(testsPrompt(base), /Earlier attempts/, "a first attempt's prompt is unchanged");
});
