// Experts end to end: two scripted GGUF models through the real node-llama-cpp runtime, real pytest in the real
// sandbox, on the sum_to fixture. The fast expert's replies never verify and the strong one's do: the router
// escalates with the evidence, learns to send fixes straight to the strong expert, and remembers it after a
// restart; a verified result becomes a training example in the R1 format.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    DiskWorkspace,
    exportSft,
    keepTrainingExample,
    LocalModelRuntime,
    readTrainingExamples,
    Router,
    runWithExperts,
    Sandbox,
    seededRandom,
    trainingExamplesOf,
    type ExpertProfile,
    type ExpertRuntimeFactory
} from "../../../engine/testing.js";
import { withDefaults } from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { fixReplies } from "../../support/fixReplies.js";

let sandbox: Sandbox;
let experts: ExpertProfile[];
const loads: string[] = [];
const factory: ExpertRuntimeFactory = async (expert) => {
    loads.push(expert.name);
    return LocalModelRuntime.load({
        model: expert.model!,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 2
    });
};

before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
    const fast = await buildScriptedModel(join(testModelDir(), "expert-fast.gguf"), {
        replies: [fixReplies.deletesTarget],
        name: "scripted-fast"
    });
    const strong = await buildScriptedModel(join(testModelDir(), "expert-strong.gguf"), {
        replies: [fixReplies.realFix],
        name: "scripted-strong"
    });
    experts = [
        { name: "fast", model: fast.path, strength: 1, relativeCost: 1, candidates: 1 },
        { name: "strong", model: strong.path, strength: 2, relativeCost: 2, candidates: 2 }
    ];
});
after(async () => {
    await sandbox.dispose();
});

/** Every attempt takes 0.5 s by this clock, so the router's choices follow outcomes, not how loaded the machine is. */
function steadyClock(): () => number {
    let now = 0;
    return () => (now += 500);
}

async function fixJob(router: Router, options: { expert?: string } = {}) {
    const root = await mkdtemp(join(tmpdir(), "ponder-experts-"));
    await cp("test/fixtures/fix/sum-to", root, { recursive: true });
    // The project's own failing test: a fix is verified only on a test its reply did not write.
    await appendFile(join(root, "test_series.py"), "\n\ndef test_sum_to_four():\n    assert sum_to(4) == 10\n");
    const original = await readFile(join(root, "series.py"), "utf8");
    const job = await runWithExperts({
        kind: "fix",
        request: withDefaults("fix", {
            file: "series.py",
            target: { line: 4 },
            candidates: 4,
            extraRounds: 0,
            seed: 1,
            testTimeoutMs: 3000
        }),
        experts,
        router,
        createRuntime: factory,
        sandbox,
        workspace: new DiskWorkspace(root),
        clock: steadyClock(),
        ...options
    });
    assert.equal(await readFile(join(root, "series.py"), "utf8"), original, "the user's file never changes");
    return job;
}

test("the router escalates with evidence, learns to go straight to the strong expert, and remembers it after a restart", async () => {
    const stateDir = await mkdtemp(join(tmpdir(), "ponder-experts-state-"));
    const router = await Router.open(stateDir, { random: seededRandom(3) });

    const first = await fixJob(router);
    assert.deepEqual(
        first.attempts.map((a) => [a.expert, a.verified]),
        [
            ["fast", false],
            ["strong", true]
        ]
    );
    assert.equal(first.verified, true);
    assert.equal(first.result.status, "verified");
    assert.equal(first.expert.name, "strong");
    assert.equal(first.expert.model, "scripted-strong");
    assert.equal(first.expert.escalatedFrom, "fast");
    assert.match(first.expert.why.summary, /fast did not verify it/);
    // The strong expert's prompt carries the fast expert's attempt and why it failed; its settings (G = 2) apply.
    const prompt = first.calls[0]!.messages.at(-1)!.content;
    assert.match(
        prompt,
        /Earlier attempts at this bug were not verified:\nAttempt 1 \(fast\):\n```diff\n[\s\S]*\+    return 0/
    );
    assert.match(prompt, /```\n- it fails 2 of 2 reproducing tests\n/);
    assert.equal(first.calls[0]!.replies.length, 2);

    const later = [await fixJob(router), await fixJob(router), await fixJob(router)];
    for (const job of later.slice(1)) {
        assert.deepEqual(
            job.attempts.map((a) => a.expert),
            ["strong"],
            "a fix goes straight to the strong expert"
        );
        assert.equal(job.expert.escalatedFrom, undefined);
        assert.equal(job.verified, true);
    }
    const strongEstimate = router.estimate(experts[1]!, first.features, experts);
    const fastEstimate = router.estimate(experts[0]!, first.features, experts);
    assert.ok(
        strongEstimate.successRate > 0.7 && fastEstimate.successRate < 0.4,
        JSON.stringify({ strongEstimate, fastEstimate })
    );

    // A new router on the same state folder (a restart) still sends the fix straight to the strong expert.
    const restarted = await Router.open(stateDir, { random: seededRandom(4) });
    assert.deepEqual(restarted.snapshot(), router.snapshot());
    const afterRestart = await fixJob(restarted);
    assert.deepEqual(
        afterRestart.attempts.map((a) => a.expert),
        ["strong"]
    );
    assert.ok(afterRestart.expert.why.observations >= 4);
    assert.ok(afterRestart.expert.why.estimatedSuccessRate > 0.7);
    assert.match(
        afterRestart.expert.why.summary,
        /least expected time to a verified fix in python: estimated \d+% chance to verify/
    );
});

test("the user's choice of expert is honoured, and an unverified job with no stronger expert is returned as it is", async () => {
    const router = await Router.open(await mkdtemp(join(tmpdir(), "ponder-experts-state-")), {
        random: seededRandom(1)
    });
    const job = await runWithExperts({
        kind: "fix",
        request: withDefaults("fix", {
            file: "series.py",
            target: { line: 4 },
            candidates: 1,
            extraRounds: 0,
            seed: 1,
            testTimeoutMs: 3000
        }),
        experts: [experts[0]!],
        router,
        createRuntime: factory,
        sandbox,
        workspace: new DiskWorkspace(
            await (async () => {
                const root = await mkdtemp(join(tmpdir(), "ponder-experts-"));
                await cp("test/fixtures/fix/sum-to", root, { recursive: true });
                return root;
            })()
        ),
        expert: "fast"
    });
    assert.equal(job.verified, false);
    assert.equal(job.result.status, "unverified");
    assert.match(job.expert.why.summary, /^chosen by the user/);
    assert.deepEqual(trainingExamplesOf(job), [], "an unverified result is never a training example");
    await assert.rejects(
        fixJob(router, { expert: "huge" }),
        /There is no expert named "huge". Experts: fast, strong\./
    );
});

test("a verified result becomes a training example with its prompt, closed thought, answer and evidence", async () => {
    const router = await Router.open(await mkdtemp(join(tmpdir(), "ponder-experts-state-")), {
        random: seededRandom(1)
    });
    const job = await fixJob(router, { expert: "strong" });
    const [example, ...more] = trainingExamplesOf(job);
    assert.equal(more.length, 0);
    assert.equal(example.kind, "fix");
    assert.match(example.prompt, /There is a bug in the function `sum_to` in series\.py/);
    assert.match(example.thought, /range\(n\) stops at n - 1/);
    assert.match(example.answer, /for i in range\(1, n \+ 1\)/);
    assert.equal(example.metadata.expert, "strong");
    assert.equal(example.metadata.model, "scripted-strong");
    assert.equal(example.metadata.thoughtClosedBy, "model");
    assert.ok(example.metadata.reward > 1, `reward ${example.metadata.reward}`);
    assert.ok(
        example.metadata.testsPassed.some((id) => id.endsWith("test_sum_to_three")),
        example.metadata.testsPassed.join(", ")
    );

    const stateDir = await mkdtemp(join(tmpdir(), "ponder-dataset-"));
    await keepTrainingExample(stateDir, example);
    const { examples, unreadableLines } = await readTrainingExamples(stateDir);
    assert.deepEqual(unreadableLines, []);
    const { records } = exportSft(examples);
    assert.equal(records.length, 1);
    const assistant = records[0]!.messages[1]!.content;
    assert.match(assistant, /^<think>\nrange\(n\) stops[\s\S]*\n<\/think>\n\n```python\n/);
    assert.equal(records[0]!.messages[0]!.content, example.prompt);
    assert.equal(exportSft(examples, { minReward: 5 }).records.length, 0);
});
