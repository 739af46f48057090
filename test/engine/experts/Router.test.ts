// The router on outcomes given as data: it learns per feature (job kind, language), weighs time against the
// chance to verify, is repeatable with a seed, keeps its state across instances and survives a corrupt state file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    Router,
    seededRandom,
    workspaceStateDir,
    type ExpertProfile,
    type JobFeatures
} from "../../../engine/testing.js";

const fast: ExpertProfile = { name: "fast", model: "fast.gguf", strength: 1, relativeCost: 1 };
const strong: ExpertProfile = { name: "strong", model: "strong.gguf", strength: 2, relativeCost: 3 };
const experts = [strong, fast];
const job = (kind: JobFeatures["kind"], language: JobFeatures["language"]): JobFeatures => ({
    kind,
    language,
    contextSize: "small",
    diagnostic: "none"
});
const pythonFix = job("fix", "python");
const rustFix = job("fix", "rust");

/** Simulates jobs: `verifies(expert, features)` says whether an expert verifies; time is its relative cost in seconds. */
async function simulate(
    router: Router,
    jobs: JobFeatures[],
    verifies: (expert: string, features: JobFeatures) => boolean
) {
    const firstChoices: string[] = [];
    for (const features of jobs) {
        let expert = router.choose(experts, features).expert;
        firstChoices.push(expert.name);
        for (;;) {
            const verified = verifies(expert.name, features);
            await router.record(expert.name, features, {
                verified,
                rounds: 1,
                durationMs: 1000 * expert.relativeCost!
            });
            if (verified || expert === strong) break;
            expert = strong;
        }
    }
    return firstChoices;
}

async function freshRouter(seed: number) {
    const dir = await mkdtemp(join(tmpdir(), "ponder-router-"));
    return { dir, router: await Router.open(dir, { random: seededRandom(seed) }) };
}

test("it learns per language: python fixes go to the fast expert, rust fixes to the strong one", async () => {
    for (const seed of [1, 2, 3]) {
        const { router } = await freshRouter(seed);
        const jobs = Array.from({ length: 80 }, (_, i) => (i % 2 === 0 ? pythonFix : rustFix));
        const choices = await simulate(
            router,
            jobs,
            (expert, features) => expert === "strong" || features.language === "python"
        );
        const late = choices.slice(50);
        const pythonFast = late.filter((c, i) => i % 2 === 0 && c === "fast").length;
        const rustStrong = late.filter((c, i) => i % 2 === 1 && c === "strong").length;
        assert.ok(pythonFast >= 13, `seed ${seed}: python went fast ${pythonFast} of 15 times in the last 30 jobs`);
        assert.ok(
            rustStrong >= 12,
            `seed ${seed}: rust went straight to strong ${rustStrong} of 15 times in the last 30 jobs`
        );
        const estimate = router.estimate(fast, rustFix, experts);
        assert.ok(estimate.successRate < 0.2 && estimate.costMeasured, JSON.stringify(estimate));
    }
});

test("the same seed and outcomes give the same choices", async () => {
    const jobs = Array.from({ length: 20 }, () => pythonFix);
    const verifies = (expert: string) => expert === "strong";
    const a = await simulate((await freshRouter(7)).router, jobs, verifies);
    const b = await simulate((await freshRouter(7)).router, jobs, verifies);
    assert.deepEqual(a, b);
});

test("before any outcome the cheaper expert is usually tried first and the reason says the cost is a guess", async () => {
    const { router } = await freshRouter(11);
    const choices = Array.from({ length: 200 }, () => router.choose(experts, pythonFix));
    const fastShare = choices.filter((c) => c.expert.name === "fast").length / choices.length;
    assert.ok(fastShare > 0.6, `fast first in ${fastShare}`);
    const decision = choices[0]!;
    assert.equal(decision.why.costMeasured, false);
    assert.equal(decision.why.observations, 0);
    assert.equal(decision.why.estimatedSuccessRate, 0.5);
    assert.match(decision.why.summary, /no outcomes yet/);
    assert.deepEqual(
        decision.considered.map((c) => c.expert),
        ["fast", "strong"]
    );
});

test("what it learnt survives a new instance on the same state folder, and a corrupt file is moved aside", async () => {
    const { dir, router } = await freshRouter(5);
    await simulate(
        router,
        Array.from({ length: 6 }, () => pythonFix),
        (expert) => expert === "strong"
    );
    const reopened = await Router.open(dir, { random: seededRandom(5) });
    assert.deepEqual(reopened.snapshot(), router.snapshot());
    assert.equal(reopened.snapshot().experts["strong"]!["kind=fix|lang=python"]!.verified, 6);
    assert.ok(reopened.estimate(fast, pythonFix, experts).successRate < 0.25);

    await writeFile(join(dir, "router.json"), "{ not json");
    const recovered = await Router.open(dir);
    assert.match(recovered.notes.join(" "), /could not be read; it was moved to .*router\.json\.unreadable-/);
    assert.deepEqual(recovered.snapshot().experts, {});
    assert.equal((await readdir(dir)).filter((f) => f.startsWith("router.json.unreadable-")).length, 1);
    await recovered.record("fast", pythonFix, { verified: true, rounds: 1, durationMs: 10 });
    assert.equal(JSON.parse(await readFile(join(dir, "router.json"), "utf8")).experts.fast["kind=fix"].verified, 1);
});

test("one job counts once: a single failure on the uniform prior, carried down at one job's weight, gives Beta(0.5, 1.5)", async () => {
    const { router } = await freshRouter(1);
    await router.record("fast", pythonFix, { verified: false, rounds: 1, durationMs: 500 });
    assert.equal(router.estimate(fast, pythonFix, experts).successRate.toFixed(3), (0.5 / 2).toFixed(3));
    // Another language of the same kind, with no outcome of its own, falls back to what the kind learnt.
    const other = router.estimate(fast, job("fix", "typescript"), experts);
    assert.equal(other.observations, 1);
    assert.equal(other.successRate.toFixed(3), (1 / 3).toFixed(3));
    assert.equal(
        router.estimate(strong, pythonFix, experts).costMs,
        1500,
        "an unmeasured expert's cost scales from measured ones"
    );
});

test("each workspace has its own state folder, under PONDER_STATE_DIR when set", () => {
    const a = workspaceStateDir("/home/u/project", { PONDER_STATE_DIR: "/s" });
    const b = workspaceStateDir("/home/u/other/project", { PONDER_STATE_DIR: "/s" });
    assert.match(a, /^\/s\/workspaces\/project-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
    assert.match(workspaceStateDir("/w", { XDG_STATE_HOME: "/x" }), /^\/x\/ponder\/workspaces\/w-/);
});
