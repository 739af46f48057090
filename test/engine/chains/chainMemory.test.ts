// The solution memory serves the tests and port chains too, end to end: real node-llama-cpp on scripted models,
// real pytest, python3 and cargo in real bubblewrap. Kept tests and proven ports are stored; a second job on
// similar code (after a restart: a new memory object over the same file) gets them in its prompt as worked
// examples, and the chain records that their pattern reappears in its own proven result. A port to another
// language recalls nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DiskWorkspace, LocalModelRuntime, runPortChain, Sandbox, SolutionMemory } from "../../../engine/testing.js";
import { runTestsChain } from "../../../engine/chains/tests/index.js";
import { MemorySession } from "../../../engine/chains/MemorySession.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { PromptCapturingRuntime } from "../../support/PromptCapturingRuntime.js";
import { portReplies } from "../../support/portReplies.js";
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

async function scripted(name: string, reply: string, candidates: number) {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies: [reply] });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: candidates
    });
    runtimes.push(runtime);
    return new PromptCapturingRuntime(runtime);
}

async function copy(fixture: string) {
    const root = await mkdtemp(join(tmpdir(), "ponder-chain-memory-"));
    await cp(fixture, root, { recursive: true });
    return root;
}

test("kept tests are stored and recalled into the next tests job's prompt for similar code", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "ponder-state-")), "memory.json");
    const reply = await readFile("test/fixtures/tests/py-stats.reply.md", "utf8");
    const runtime = await scripted("memory-tests", reply, 1);
    const request = { file: "stats.py", candidates: 1, seed: 1, runs: 1, maxMutants: 0 };
    const first = await runTestsChain(withDefaults("tests", request), {
        runtime,
        sandbox,
        workspace: new DiskWorkspace(await copy("test/fixtures/tests/py-stats")),
        memory: await SolutionMemory.open({ file })
    });
    assert.ok(first.kept.length > 0);
    assert.deepEqual(first.memory?.recalled, []);
    assert.ok(first.memory?.storedId);
    assert.doesNotMatch(runtime.prompts[0]!, /Tests kept earlier/);

    const memory = await SolutionMemory.open({ file });
    assert.deepEqual(
        memory.all().map((s) => [s.kind, s.target]),
        [["tests", "stats.py"]]
    );
    const steps: string[] = [];
    const second = await runTestsChain(withDefaults("tests", request), {
        runtime,
        sandbox,
        workspace: new DiskWorkspace(await copy("test/fixtures/tests/py-stats")),
        memory,
        onEvent: (event) => {
            if (event.kind === "step") steps.push(event.detail);
        }
    });
    const prompt = runtime.prompts[1]!;
    assert.match(prompt, /Tests kept earlier for similar code in this workspace/);
    assert.ok(
        prompt.includes(memory.all()[0]!.example.after.trim().split("\n")[0]!),
        "the stored kept tests are in the prompt"
    );
    assert.ok(
        steps.some((d) =>
            /^recalled 1 kept test set\(s\) from .*memory\.json: stats\.py in stats\.py \(similarity 1\.00\)/.test(d)
        ),
        steps.join("\n")
    );
    const [recalled] = second.memory!.recalled;
    assert.equal(recalled!.inPrompt, true);
    assert.equal(recalled!.patternInWinningPatch, true, "the same tests were kept again");
});

test("a proven port is stored and recalled into the next port's translation prompt; a port to another language recalls nothing", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "ponder-state-")), "memory.json");
    const runtime = await scripted("memory-port", portReplies.halveFloor, 1);
    const request = { file: "halve.py", to: "rust" as const, cases: 30 };
    const first = await runPortChain(request, {
        runtime,
        sandbox,
        workspace: new DiskWorkspace(await copy("test/fixtures/port/halve")),
        memory: await SolutionMemory.open({ file })
    });
    assert.equal(first.status, "equivalent");
    assert.deepEqual(first.memory?.recalled, []);
    assert.doesNotMatch(runtime.prompts[0]!, /ported earlier/);

    const memory = await SolutionMemory.open({ file });
    assert.deepEqual(
        memory.all().map((s) => [s.kind, s.target, s.message]),
        [["port", "halve", "port to rust"]]
    );
    const second = await runPortChain(request, {
        runtime,
        sandbox,
        workspace: new DiskWorkspace(await copy("test/fixtures/port/halve")),
        memory
    });
    assert.equal(second.status, "equivalent");
    assert.match(
        runtime.prompts[1]!,
        /Similar code ported earlier in this workspace and proven equivalent[\s\S]*Its proven port:\n```\n[^`]*div_euclid/
    );
    assert.deepEqual(
        second.memory!.recalled.map((r) => [r.target, r.inPrompt, r.patternInWinningPatch]),
        [["halve", true, true]]
    );

    // The memory holds a Rust port only: a TypeScript port of the same file is not shown it.
    const code = await readFile("test/fixtures/port/halve/halve.py", "utf8");
    const toTypescript = await new MemorySession(memory, "port").recall({
        target: "halve",
        language: "python",
        message: "port to typescript",
        code,
        tokenBudget: 1000,
        filter: (solution) => solution.message === "port to typescript"
    });
    assert.deepEqual(toTypescript.reports, []);
});
