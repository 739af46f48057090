// The fix chain with a solution memory, end to end: real node-llama-cpp on scripted models, real pytest in
// real bubblewrap. A first verified fix is stored; a second, similar bug (another function, other names)
// recalls it after a restart (a new memory object over the same file), the prompt the model received holds
// it as a worked example, and the chain records that its pattern reappears in the winning patch.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    defaultMemoryFile,
    DiskWorkspace,
    LocalModelRuntime,
    runFixChain,
    Sandbox,
    SolutionMemory,
    type FixEvent
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { memoryReplies } from "../../support/memoryReplies.js";
import { PromptCapturingRuntime } from "../../support/PromptCapturingRuntime.js";
import { withDefaults } from "../../../engine/testing.js";

let sandbox: Sandbox;
const runtimes: LocalModelRuntime[] = [];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
    await sandbox.dispose();
});

async function scripted(name: string, reply: string) {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies: [reply] });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 2
    });
    runtimes.push(runtime);
    return new PromptCapturingRuntime(runtime);
}

async function workspace(fixture: string) {
    const root = await mkdtemp(join(tmpdir(), "ponder-memory-fix-"));
    await cp(join("test/fixtures/memory", fixture), root, { recursive: true });
    return root;
}

test("a second, similar bug recalls the first verified fix into the model's prompt, across a restart", async () => {
    const state = await mkdtemp(join(tmpdir(), "ponder-state-"));
    const firstRoot = await workspace("sum-to");
    // Both workspaces share one memory file here, as two bugs of one workspace would.
    const file = defaultMemoryFile(firstRoot, { PONDER_STATE_DIR: state });

    const firstRuntime = await scripted("memory-sum-to", memoryReplies.sumToFix);
    const firstEvents: FixEvent[] = [];
    const first = await runFixChain(
        withDefaults("fix", { file: "series.py", target: { line: 4 }, candidates: 2, extraRounds: 0, seed: 1 }),
        {
            runtime: firstRuntime,
            sandbox,
            workspace: new DiskWorkspace(firstRoot),
            memory: await SolutionMemory.open({ file }),
            onEvent: (e) => firstEvents.push(e)
        }
    );
    assert.equal(first.status, "verified");
    assert.deepEqual(first.memory?.recalled, []);
    assert.ok(first.memory?.storedId);
    assert.doesNotMatch(firstRuntime.prompts[0]!, /Similar bugs fixed/);
    assert.ok(firstEvents.some((e) => e.kind === "recall" && e.solutions.length === 0 && e.source === file));

    // A restart: a new memory object reads the file.
    const memory = await SolutionMemory.open({ file });
    assert.equal(memory.size, 1);
    const secondRuntime = await scripted("memory-sum-squares", memoryReplies.sumSquaresFix);
    const events: FixEvent[] = [];
    const second = await runFixChain(
        withDefaults("fix", { file: "squares.py", target: { line: 4 }, candidates: 2, extraRounds: 0, seed: 1 }),
        {
            runtime: secondRuntime,
            sandbox,
            workspace: new DiskWorkspace(await workspace("sum-squares")),
            memory,
            onEvent: (e) => events.push(e)
        }
    );
    assert.equal(second.status, "verified");

    const recall = events.find((e) => e.kind === "recall");
    assert.ok(recall && recall.kind === "recall");
    assert.equal(recall.source, file);
    assert.equal(recall.solutions.length, 1);
    assert.equal(recall.solutions[0]!.id, first.memory!.storedId);
    assert.equal(recall.solutions[0]!.target, "sum_to");
    assert.ok(recall.solutions[0]!.inPrompt);
    assert.ok(
        events.indexOf(recall) < events.findIndex((e) => e.kind === "reasoning"),
        "the recall is reported before the model runs"
    );

    const prompt = secondRuntime.prompts[0]!;
    assert.match(prompt, /Similar bugs fixed and verified earlier in this workspace/);
    assert.match(prompt, /`sum_to` in series\.py/);
    assert.match(prompt, /\+    for i in range\(1, n \+ 1\):/);
    assert.ok(prompt.indexOf("Similar bugs") < prompt.indexOf("Find the bug and fix it"));

    const report = second.memory!.recalled[0]!;
    assert.equal(report.patternInWinningPatch, true);
    assert.equal(report.patternShare, 1);
    assert.equal(memory.size, 2);
    const recalledSolution = memory.get(first.memory!.storedId!)!;
    assert.equal(recalledSolution.recalls, 1);
    assert.equal(recalledSolution.hits, 1);
    assert.equal((await SolutionMemory.open({ file })).get(recalledSolution.id)!.hits, 1, "the outcome is saved");
});

test("without a memory the chain neither recalls nor reports one", async () => {
    const runtime = await scripted("memory-sum-to", memoryReplies.sumToFix);
    const events: FixEvent[] = [];
    const result = await runFixChain(
        withDefaults("fix", { file: "series.py", target: { line: 4 }, candidates: 2, extraRounds: 0, seed: 1 }),
        { runtime, sandbox, workspace: new DiskWorkspace(await workspace("sum-to")), onEvent: (e) => events.push(e) }
    );
    assert.equal(result.status, "verified");
    assert.equal(result.memory, undefined);
    assert.ok(!events.some((e) => e.kind === "recall"));
    assert.doesNotMatch(runtime.prompts[0]!, /Similar bugs fixed/);
});
