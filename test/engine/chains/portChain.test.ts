// The port chain end to end: real node-llama-cpp on scripted models, real python3 and cargo in real bubblewrap,
// on the Python files of test/fixtures/port. A correct port must be proven equivalent, a subtle difference must
// come back as a counterexample, a port that does not compile must be repaired, and a unit that calls another
// must be ported after it. The user's files never change.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    DiskWorkspace, LocalModelRuntime, runPortChain, Sandbox, type GenerationRequest, type GenerationResult, type ModelRuntime,
    type PortEvent, type PortRequest, type PortResult, type RuntimeCallOptions
} from "../../../engine/index.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { portReplies } from "../../support/portReplies.js";

let sandbox: Sandbox;
const runtimes: LocalModelRuntime[] = [];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
    await sandbox.dispose();
});

async function scripted(name: string, replies: string[]): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies });
    const runtime = await LocalModelRuntime.load({ model: path, gpu: false, threads: 1, contextSize: 8192, expectedCandidates: 1 });
    runtimes.push(runtime);
    return runtime;
}

/** Serves call N from the N-th runtime (the last one after that): scripted models ignore the prompt. */
class CallByCallRuntime implements ModelRuntime {
    private call = 0;
    readonly purposes: string[] = [];
    constructor(private readonly calls: ModelRuntime[]) {}
    get description() { return this.calls[0]!.description; }
    generate(request: GenerationRequest, options?: RuntimeCallOptions): Promise<GenerationResult> {
        this.purposes.push(request.purpose ?? "");
        return this.calls[Math.min(this.call++, this.calls.length - 1)]!.generate(request, options);
    }
    countTokens(text: string) { return this.calls[0]!.countTokens(text); }
    async dispose() { /* the suite disposes the runtimes */ }
}

async function port(fixture: string, file: string, runtime: ModelRuntime, request: Partial<PortRequest> = {}) {
    const root = await mkdtemp(join(tmpdir(), "ponder-port-"));
    await cp(join("test/fixtures/port", fixture), root, { recursive: true });
    const before = await readdir(root);
    const original = await readFile(join(root, file), "utf8");
    const events: PortEvent[] = [];
    const result = await runPortChain({ file, to: "rust", cases: 60, ...request },
        { runtime, sandbox, workspace: new DiskWorkspace(root), onEvent: (event) => events.push(event) });
    assert.equal(await readFile(join(root, file), "utf8"), original, "the original never changes");
    assert.deepEqual(await readdir(root), before, "the engine writes no file: the port comes back as outputs");
    return { result, events, root };
}

function unit(result: PortResult, name: string) {
    const found = result.units.find((u) => u.name === name);
    assert.ok(found, `unit ${name} in ${result.units.map((u) => u.name).join(", ")}`);
    return found;
}

test("a correct port is proven equivalent on the file's examples, its tests and generated inputs", async () => {
    const { result, events } = await port("clamp", "mathutils.py", await scripted("port-clamp", [portReplies.clamp]));
    assert.equal(result.status, "equivalent", JSON.stringify(result.units, null, 1));
    const clamp = unit(result, "clamp");
    assert.equal(clamp.compiled, true);
    assert.equal(clamp.equal, clamp.cases);
    assert.ok(clamp.cases >= 60, `${clamp.cases} cases`);
    assert.deepEqual(clamp.counterexamples, []);
    assert.deepEqual(clamp.rounds, { translation: 1, compileRepair: 0, counterexample: 0 });
    assert.deepEqual(result.outputs.map((o) => o.path).sort(), [
        "mathutils_rs/Cargo.toml", "mathutils_rs/src/bin/mathutils_rs_harness.rs", "mathutils_rs/src/lib.rs", "mathutils_rs/tests/ported.rs"
    ]);
    assert.match(result.outputs.find((o) => o.path.endsWith("lib.rs"))!.text, /pub fn clamp\(value: i64, low: i64, high: i64\) -> i64/);
    // The file's tests: two plain assertions ported and passing, one that only prints is reported.
    assert.deepEqual(result.tests.map((t) => [t.name, t.outcome]), [["test_clamp_inside", "passed"], ["test_clamp_above", "passed"], ["test_clamp_prints", "notPorted"]]);
    assert.match(result.tests[2]!.reason!, /print\(clamp\(1, 0, 3\)\)/);
    assert.ok(events.some((e) => e.kind === "reasoning" && e.unit === "clamp" && e.event.kind === "thought"), "the thought streams per unit");
    assert.deepEqual([...new Set(events.filter((e) => e.kind === "step").map((e) => e.kind === "step" ? e.step : ""))],
        ["decompose", "translate", "build", "differential", "tests", "assemble"]);
});
