// A port that escalates carries how the earlier expert's port failed, per unit: the evidence names the
// counterexample, and the stronger expert's translation prompt for that unit shows it (through the real
// runtime, python3 and cargo in bubblewrap); other units' prompts do not.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    DiskWorkspace,
    jobKinds,
    LocalModelRuntime,
    runPortChain,
    Sandbox,
    type PortResult
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { PromptCapturingRuntime } from "../../support/PromptCapturingRuntime.js";
import { portReplies } from "../../support/portReplies.js";

let sandbox: Sandbox;
let runtime: LocalModelRuntime | undefined;
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    await runtime?.dispose();
    await sandbox.dispose();
});

async function halve(model: string, reply: string, request: Record<string, unknown> = {}) {
    const { path } = await buildScriptedModel(join(testModelDir(), `${model}.gguf`), { replies: [reply] });
    await runtime?.dispose();
    runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 1
    });
    const capturing = new PromptCapturingRuntime(runtime);
    const root = await mkdtemp(join(tmpdir(), "ponder-port-escalation-"));
    await cp("test/fixtures/port/halve", root, { recursive: true });
    const result = await runPortChain(
        { file: "halve.py", to: "rust", cases: 30, counterexampleRounds: 0, ...request },
        { runtime: capturing, sandbox, workspace: new DiskWorkspace(root) }
    );
    return { result, prompts: capturing.prompts };
}

test("the stronger expert's prompt for a unit says how the earlier port of it differed", async () => {
    const weak = await halve("escalation-port-weak", portReplies.halveTruncating);
    assert.equal(weak.result.status, "differs");
    const evidence = jobKinds.port.evidence(weak.result as PortResult, { name: "fast", strength: 1 });
    assert.equal(evidence.by, "fast");
    assert.match(evidence.failures[0]!, /^halve: halve\(-\d+\) returned -?\d+ where the original returned -?\d+$/);
    const request = jobKinds.port.forExpert(
        { file: "halve.py", to: "rust" },
        { name: "strong", strength: 2, thinkBudget: 2048 },
        [evidence]
    );
    assert.deepEqual(request, { file: "halve.py", to: "rust", thinkBudget: 2048, priorAttempts: [evidence] });

    const strong = await halve("escalation-port-strong", portReplies.halveFloor, {
        priorAttempts: request.priorAttempts
    });
    assert.equal(strong.result.status, "equivalent");
    assert.ok(
        strong.prompts[0]!.includes(
            `Earlier ports of this unit were not proven equivalent:\n- by fast: ${evidence.failures[0]!.slice("halve: ".length)}\n`
        ),
        strong.prompts[0]
    );
    assert.doesNotMatch(weak.prompts[0]!, /Earlier ports/);
});
