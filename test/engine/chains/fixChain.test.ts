// The fix chain end to end: real node-llama-cpp on scripted models, real pytest in real bubblewrap, on the
// sum_to fixture. The real fix must beat patches that game the tests, broken or malicious replies must
// leave clear evidence, feedback rounds must recover, and the user's file must never change.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, stat } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import {
    DiskWorkspace, LocalModelRuntime, runFixChain, Sandbox, type FixResult, type GenerationRequest, type GenerationResult,
    type ModelRuntime, type RuntimeCallOptions
} from "../../../engine/index.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { fixReplies } from "../../support/fixReplies.js";

let sandbox: Sandbox;
const runtimes: LocalModelRuntime[] = [];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
    await sandbox.dispose();
});

async function fixtureWorkspace(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), "ponder-fix-"));
    await cp("test/fixtures/fix/sum-to", root, { recursive: true });
    return root;
}

async function scripted(name: string, replies: string[]): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies });
    const runtime = await LocalModelRuntime.load({ model: path, gpu: false, threads: 1, contextSize: 8192, expectedCandidates: 4 });
    runtimes.push(runtime);
    return runtime;
}

/** Serves round N from the N-th runtime: scripted models ignore the prompt, so each round gets its own model. */
class RoundByRoundRuntime implements ModelRuntime {
    private call = 0;
    constructor(private readonly rounds: ModelRuntime[]) {}
    get description() { return this.rounds[0]!.description; }
    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        return this.rounds[Math.min(this.call++, this.rounds.length - 1)]!.generate(request, options);
    }
    countTokens(text: string) { return this.rounds[0]!.countTokens(text); }
    async dispose() { /* the rounds' runtimes are disposed by the suite */ }
}

async function fix(runtime: ModelRuntime, options: { candidates?: number; extraRounds?: number; seed?: number } = {}) {
    const root = await fixtureWorkspace();
    const before = await readFile(join(root, "series.py"));
    const result = await runFixChain({ file: "series.py", target: { line: 4 }, candidates: options.candidates ?? 4,
        extraRounds: options.extraRounds ?? 0, seed: options.seed ?? 1, testTimeoutMs: 3000 },
    { runtime, sandbox, workspace: new DiskWorkspace(root) });
    assert.deepEqual(await readFile(join(root, "series.py")), before, "the engine never writes the user's file");
    return { result, root };
}

function verdictOf(result: FixResult, text: string) {
    return result.candidates.find((c) => c.thought.includes(text) || c.answer.includes(text));
}

test("the real fix wins over a special case of the test input and a patch that deletes the target's logic", async () => {
    const runtime = await scripted("fix-ranking", [fixReplies.realFix, fixReplies.specialCase, fixReplies.deletesTarget]);
    const { result } = await fix(runtime, { candidates: 6, seed: 3 });
    const answers = new Set(result.candidates.map((c) => c.answer));
    assert.ok(answers.size >= 2, "the seeds should sample more than one scripted reply");
    assert.equal(result.status, "verified");
    assert.match(result.patch!.diff, /-    for i in range\(n\):\n\+    for i in range\(1, n \+ 1\):/);
    const real = verdictOf(result, "range(n) stops")!;
    assert.equal(real.ranking.rank, Math.min(...result.candidates.filter((c) => c.answer === real.answer).map((c) => c.ranking.rank)));
    assert.deepEqual(real.reproducingTests.length, 2);
    for (const gaming of [verdictOf(result, "The test wants 6"), verdictOf(result, "return a constant")].filter((c) => c !== undefined)) {
        assert.equal(gaming!.ranking.verified, false);
        assert.ok(gaming!.ranking.reward.accuracy < real.ranking.reward.accuracy);
    }
    assert.equal(result.regressionTests.length, 1);
    assert.match(result.regressionTests[0]!.code, /def test_sum_to_three/);
});

test("all wrong in round 1, a feedback round succeeds", async () => {
    const wrong = await scripted("fix-round1", [fixReplies.deletesTarget]);
    const right = await scripted("fix-round2", [fixReplies.realFix]);
    const { result } = await fix(new RoundByRoundRuntime([wrong, right]), { candidates: 2, extraRounds: 2 });
    assert.equal(result.status, "verified");
    assert.equal(result.rounds, 2);
    assert.equal(result.patch!.round, 1);
    assert.ok(result.candidates.filter((c) => c.round === 0).every((c) => !c.ranking.verified));
});

test("a reproduction broken by its own syntax or name error does not count", async () => {
    const nameError = (await fix(await scripted("fix-name-error", [fixReplies.nameErrorTest]), { candidates: 1 })).result;
    assert.equal(nameError.status, "unverified");
    assert.match(nameError.unverifiedReason!, /none of its own tests reproduced the bug/);
    const [run] = nameError.reproductions;
    assert.equal(run!.tests.length, 1);
    assert.equal(run!.tests[0]!.reproduces, false);
    assert.match(run!.tests[0]!.reason, /the test itself is broken \(NameError\)/);

    const syntaxError = (await fix(await scripted("fix-syntax-error", [fixReplies.syntaxErrorTest]), { candidates: 1 })).result;
    assert.equal(syntaxError.status, "unverified");
    assert.match(syntaxError.candidates[0]!.parseProblems.join(" "), /does not parse/);
    assert.deepEqual(syntaxError.candidates[0]!.reproducingTests, []);
});

test("a malicious patch is contained by the sandbox", async () => {
    const runtime = await scripted("fix-malicious", [fixReplies.malicious]);
    const { result } = await fix(runtime, { candidates: 1 });
    // Its arithmetic is right, so it may verify; what matters is that nothing outside scratch changed.
    assert.ok(["verified", "unverified"].includes(result.status));
    await assert.rejects(stat(join(homedir(), "ponder-fix-pwned")), "the home directory was not written");
});

test("malformed replies give clear evidence and no crash", async () => {
    const runtime = await scripted("fix-malformed", [fixReplies.noCode, fixReplies.wrongLanguage, fixReplies.badDiff, fixReplies.unclosedThought]);
    const { result } = await fix(runtime, { candidates: 8, seed: 5 });
    assert.equal(result.status, "noCandidate");
    assert.equal(result.patch, undefined);
    for (const candidate of result.candidates) assert.ok(candidate.parseProblems.length > 0, `candidate ${candidate.index} needs a reason`);
    const reasons = result.candidates.map((c) => c.parseProblems.join(" ")).join("\n");
    for (const [reply, pattern] of [
        [fixReplies.unclosedThought, /ended inside its thought/],
        [fixReplies.badDiff, /diff does not apply/]
    ] as const) {
        if (result.candidates.some((c) => reply.endsWith(c.answer) && c.answer !== "")) assert.match(reasons, pattern);
    }
});
