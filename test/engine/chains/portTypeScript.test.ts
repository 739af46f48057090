// The port chain from Python to TypeScript end to end: the same steps as for Rust through the TypeScript backend
// (esbuild compiles, Node runs the cases and the ported node:test tests in the sandbox), on scripted models.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    DiskWorkspace,
    LocalModelRuntime,
    runPortChain,
    Sandbox,
    type ModelRuntime,
    type PortRequest
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { CallByCallRuntime } from "../../support/callByCallRuntime.js";
import { PromptCapturingRuntime } from "../../support/PromptCapturingRuntime.js";
import { typescriptPortReplies as replies } from "../../support/portReplies.js";

let sandbox: Sandbox;
const runtimes: LocalModelRuntime[] = [];
before(async () => {
    sandbox = await Sandbox.create({ workspaceTrusted: true });
});
after(async () => {
    for (const runtime of runtimes) await runtime.dispose();
    await sandbox.dispose();
});

async function scripted(name: string, reply: string): Promise<LocalModelRuntime> {
    const { path } = await buildScriptedModel(join(testModelDir(), `${name}.gguf`), { replies: [reply] });
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 8192,
        expectedCandidates: 1
    });
    runtimes.push(runtime);
    return runtime;
}

async function port(fixture: string, file: string, runtime: ModelRuntime, request: Partial<PortRequest> = {}) {
    const root = await mkdtemp(join(tmpdir(), "ponder-port-ts-"));
    await cp(join("test/fixtures/port", fixture), root, { recursive: true });
    const original = await readFile(join(root, file), "utf8");
    const result = await runPortChain(
        { file, to: "typescript", cases: 60, ...request },
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    assert.equal(await readFile(join(root, file), "utf8"), original);
    return result;
}

test("Python to TypeScript: a correct port is equivalent; integers beyond 2^53 are skipped, the file's tests pass under node --test", async () => {
    const result = await port("clamp", "mathutils.py", await scripted("port-ts-clamp", replies.clamp));
    assert.equal(result.status, "equivalent", JSON.stringify(result.units));
    const [clamp] = result.units;
    assert.equal(clamp!.equal, clamp!.cases);
    assert.ok(clamp!.cases >= 40);
    assert.ok(clamp!.skipped > 0, "the 64-bit boundaries have no exact JavaScript number");
    assert.deepEqual(result.outputs.map((o) => o.path).sort(), [
        "mathutils_ts/package.json",
        "mathutils_ts/src/mathutils.ts",
        "mathutils_ts/test/mathutils.test.ts"
    ]);
    assert.match(
        result.outputs.find((o) => o.path.endsWith("src/mathutils.ts"))!.text,
        /\/\/ ponder:unit clamp\n\/\*\* Clamp value into \[low, high\]\. \*\/\nexport function clamp/
    );
    assert.match(
        result.outputs.find((o) => o.path.endsWith(".test.ts"))!.text,
        /import \{ clamp \} from "\.\.\/src\/mathutils\.js";[\s\S]*test\("test_clamp_inside", \(\) => \{\n    assert\.deepEqual\(clamp\(2, 0, 3\), 2\);/
    );
    assert.deepEqual(
        result.tests.map((t) => [t.name, t.outcome]),
        [
            ["test_clamp_inside", "passed"],
            ["test_clamp_above", "passed"],
            ["test_clamp_prints", "notPorted"]
        ]
    );
});

test("Python to TypeScript: Math.trunc for // is caught on negative odd numbers, and the counterexample round fixes it", async () => {
    const runtime = new CallByCallRuntime([
        await scripted("port-ts-halve-trunc", replies.halveTruncating),
        await scripted("port-ts-halve-floor", replies.halveFloor)
    ]);
    const result = await port("halve", "halve.py", runtime);
    assert.deepEqual(runtime.purposes, ["port.translate", "port.counterexamples"]);
    const [halve] = result.units;
    const first = halve!.counterexamples.filter((c) => c.round === 0);
    assert.ok(first.length > 0);
    assert.ok(first.every((c) => (c.args[0] as bigint) < 0n && (c.args[0] as bigint) % 2n !== 0n));
    assert.equal(halve!.status, "equivalent");
    assert.equal(result.status, "equivalent");
    const kept = result.outputs.find((o) => o.path === "halve_ts/test/halve.counterexamples.test.ts")!.text;
    assert.match(
        kept,
        /test\("halve\(-1\) matches the original", \(\) => \{\n    assert\.deepEqual\(halve\(-1\), -1\);/
    );
});

test("Python to TypeScript: esbuild's syntax error goes back to the model with the unit, and the repair is proven", async () => {
    const runtime = new CallByCallRuntime([
        await scripted("port-ts-broken", replies.clampDoesNotParse),
        await scripted("port-ts-fixed", replies.clamp)
    ]);
    const result = await port("clamp", "mathutils.py", runtime);
    assert.deepEqual(runtime.purposes, ["port.translate", "port.repair"]);
    assert.equal(result.units[0]!.rounds.compileRepair, 1);
    assert.equal(result.status, "equivalent");
});

test("JavaScript to TypeScript: an unexported helper is ported after the function it calls, and the file's tests come along", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-port-js-"));
    await cp("test/fixtures/port/textutils", root, { recursive: true });
    const runtime = await scripted("port-js-text", replies.textutils);
    const result = await runPortChain(
        { file: "textutils.js", to: "typescript", cases: 40 },
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    assert.deepEqual(result.order, ["countVowels", "vowelRatio"]);
    assert.equal(
        result.status,
        "equivalent",
        JSON.stringify(result.units.map((u) => [u.name, u.status, u.notes, u.counterexamples.slice(0, 2)]))
    );
    for (const unit of result.units)
        assert.ok(unit.cases >= 20 && unit.equal === unit.cases, `${unit.name}: ${unit.equal}/${unit.cases}`);
    assert.deepEqual(
        result.tests.map((t) => [t.name, t.outcome]),
        [
            ["counts vowels in any case", "passed"],
            ["throws on a number", "passed"],
            ["counts in a loop", "notPorted"]
        ]
    );
    assert.deepEqual(result.outputs.map((o) => o.path).sort(), [
        "textutils_ts/package.json",
        "textutils_ts/src/textutils.ts",
        "textutils_ts/test/textutils.test.ts"
    ]);
});

test("JavaScript to TypeScript: counting code points instead of UTF-16 units differs on emoji, and differential testing says so", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-port-js-"));
    await cp("test/fixtures/port/textutils", root, { recursive: true });
    const runtime = await scripted("port-js-text-codepoints", replies.textutilsCodePoints);
    const result = await runPortChain(
        { file: "textutils.js", to: "typescript", cases: 40, counterexampleRounds: 0 },
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    const ratio = result.units.find((u) => u.name === "vowelRatio")!;
    assert.equal(ratio.status, "differs");
    assert.ok(
        ratio.counterexamples.some((c) => c.args[0] === "🎉 emoji"),
        JSON.stringify(ratio.counterexamples.map((c) => c.args))
    );
    assert.ok(
        ratio.counterexamples.every((c) => /[^\u0000-\uffff]/u.test(String(c.args[0]))),
        "only text outside the BMP differs"
    );
    assert.equal(result.units.find((u) => u.name === "countVowels")!.status, "equivalent");
    assert.equal(result.status, "differs");
});

test("JavaScript to TypeScript: counterexamples reach the model in JavaScript's literals (null, true), not Python's", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-port-js-"));
    await cp("test/fixtures/port/answers", root, { recursive: true });
    const runtime = new PromptCapturingRuntime(
        new CallByCallRuntime([
            await scripted("port-js-answers-swapped", replies.answersSwapped),
            await scripted("port-js-answers", replies.answers)
        ])
    );
    const result = await runPortChain(
        { file: "answers.js", to: "typescript", cases: 20, counterexampleRounds: 1 },
        { runtime, sandbox, workspace: new DiskWorkspace(root) }
    );
    assert.deepEqual(
        runtime.requests.map((r) => r.purpose),
        ["port.translate", "port.counterexamples"]
    );
    const prompt = runtime.prompts[1]!;
    assert.match(prompt, /^- answerOf\(true\): JavaScript returned "yes"; TypeScript returned "no"$/m, prompt);
    assert.match(prompt, /^- answerOf\(null\): JavaScript returned null; TypeScript returned "yes"$/m, prompt);
    assert.doesNotMatch(prompt, /\b(None|True|False)\b/);
    assert.match(
        runtime.prompts[0]!,
        /- value: .*\(seen: true, false, null\)/,
        "the translation prompt shows seen values in JavaScript too"
    );
    assert.equal(result.units[0]!.status, "equivalent", JSON.stringify(result.units[0]));
});
