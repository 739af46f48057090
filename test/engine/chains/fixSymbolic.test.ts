// Symbolic candidates in the fix chain, end to end: real node-llama-cpp on scripted models whose every
// candidate is wrong, real cargo / node --test in real bubblewrap, rustc's suggestions and TypeScript's code
// fixes as the exact tools. The tool's fix must be verified, labelled symbolic, and (when it is verified
// before the model finishes) win without waiting for the model.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import {
    defaultSymbolicSources,
    DiskWorkspace,
    LocalModelRuntime,
    ruffFixes,
    runFixChain,
    Sandbox,
    type FixEvent,
    type FixRequest
} from "../../../engine/testing.js";
import { findExecutableOnHost } from "../../../engine/toolchains/hostTools.js";
import { fixReplies } from "../../support/fixReplies.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { symbolicReplies } from "../../support/symbolicReplies.js";
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
    // Room for the slow reply's long thought after the prompt.
    const runtime = await LocalModelRuntime.load({
        model: path,
        gpu: false,
        threads: 1,
        contextSize: 20480,
        expectedCandidates: 2
    });
    runtimes.push(runtime);
    return runtime;
}

async function fix(
    fixtureDir: string,
    request: FixRequest,
    reply: string,
    modelName: string,
    symbolic = defaultSymbolicSources()
) {
    const root = await mkdtemp(join(tmpdir(), "ponder-symbolic-"));
    await cp(fixtureDir, root, { recursive: true });
    const before = await readFile(join(root, request.file), "utf8");
    const events: FixEvent[] = [];
    const result = await runFixChain(withDefaults("fix", request), {
        runtime: await scripted(modelName, reply),
        sandbox,
        workspace: new DiskWorkspace(root),
        symbolic,
        onEvent: (e) => events.push(e)
    });
    assert.equal(await readFile(join(root, request.file), "utf8"), before, "the engine never writes the user's file");
    return { result, events };
}

test("Rust: rustc's suggestion fixes the compile error, wins while every model candidate is wrong, and cancels the model", async () => {
    const { result, events } = await fix(
        "test/fixtures/symbolic/rust-words",
        { file: "src/lib.rs", target: { line: 10 }, candidates: 2, extraRounds: 0, seed: 1 },
        symbolicReplies.rustWordsWrongAndSlower,
        "symbolic-rust-wrong"
    );
    assert.equal(
        result.status,
        "verified",
        JSON.stringify(
            {
                reason: result.unverifiedReason,
                symbolic: result.symbolic,
                candidates: result.candidates.map((c) => [c.origin, c.parseProblems, c.ranking])
            },
            null,
            1
        )
    );
    assert.equal(result.patch!.origin?.kind, "symbolic");
    assert.equal(result.patch!.origin?.tool, "rustc");
    assert.equal(result.patch!.origin?.applicability, "MachineApplicable");
    assert.match(
        result.patch!.diff,
        /-        total \+= word_count\(line\.trim\(\)\.to_string\(\)\);\n\+        total \+= word_count\(line\.trim\(\)\);/
    );
    const rustc = result.symbolic!.sources.find((s) => s.tool === "rustc")!;
    assert.equal(rustc.status, "proposed");
    assert.equal(
        result.symbolic!.modelCancelled,
        true,
        "the model was still thinking when the symbolic fix was verified"
    );
    assert.ok(
        result.candidates.every((c) => c.origin?.kind === "symbolic"),
        "the cancelled model's partial replies are not ranked"
    );
    const winner = result.candidates.find((c) => c.ranking.verified)!;
    assert.equal(winner.origin?.title, "try removing the method call");
    assert.ok(events.some((e) => e.kind === "step" && /symbolic: rustc proposed/.test(e.detail)));
    assert.ok(
        events.some(
            (e) => e.kind === "reasoning" && e.event.kind === "done" && e.event.reply.stopReason === "cancelled"
        )
    );
    const verification = result.verifications.find((v) => v.candidate === winner.index)!;
    assert.deepEqual(verification.testsRun, ["ponder:the code builds"]);
    assert.deepEqual(verification.regressions, []);
});

test("Rust: without symbolic sources the same wrong model leaves the compile error unverified", async () => {
    const root = await mkdtemp(join(tmpdir(), "ponder-symbolic-"));
    await cp("test/fixtures/symbolic/rust-words", root, { recursive: true });
    const result = await runFixChain(
        withDefaults("fix", { file: "src/lib.rs", target: { line: 10 }, candidates: 2, extraRounds: 0, seed: 1 }),
        {
            runtime: await scripted("symbolic-rust-wrong-fast", symbolicReplies.rustWordsWrong),
            sandbox,
            workspace: new DiskWorkspace(root)
        }
    );
    assert.equal(result.status, "unverified");
    assert.equal(result.symbolic, undefined);
    assert.match(result.unverifiedReason!, /breaks existing tests: .*counts_the_words_of_every_line/);
});

test("Rust: a right model that finishes first is ranked together with rustc's candidate, each verified once", async () => {
    const { result } = await fix(
        "test/fixtures/symbolic/rust-words",
        { file: "src/lib.rs", target: { line: 10 }, candidates: 2, extraRounds: 0, seed: 1 },
        symbolicReplies.rustWordsRight,
        "symbolic-rust-right"
    );
    assert.equal(result.status, "verified");
    assert.match(result.patch!.diff, /\+        total \+= word_count\(line\.trim\(\)\);/);
    const runs = result.verifications.map((v) => `${v.round}:${v.candidate}`);
    assert.equal(new Set(runs).size, runs.length, "each candidate's verification is reported once");
    // Which finished first depends on the machine; both outcomes are reported consistently.
    if (!result.symbolic!.modelCancelled) {
        assert.ok(result.candidates.some((c) => c.origin === undefined && c.ranking.verified));
        assert.ok(result.candidates.some((c) => c.origin?.tool === "rustc" && c.ranking.verified));
    } else assert.equal(result.patch!.origin?.tool, "rustc");
});

test("TypeScript: the language service's code fix adds the missing import; the model's candidates are wrong", async () => {
    const { result } = await fix(
        "test/fixtures/symbolic/ts-missing-import",
        { file: "scale.ts", target: { line: 3 }, candidates: 2, extraRounds: 0, seed: 1 },
        symbolicReplies.tsScaleWrong,
        "symbolic-ts-wrong"
    );
    assert.equal(
        result.status,
        "verified",
        JSON.stringify({ reason: result.unverifiedReason, symbolic: result.symbolic, v: result.verifications }, null, 1)
    );
    assert.equal(result.patch!.origin?.tool, "typescript");
    assert.match(result.patch!.origin!.title, /Add import from "\.\/limits\.js"/);
    assert.match(result.patch!.diff, /\+import \{ clampValue \} from "\.\/limits\.js";/);
    const typescript = result.symbolic!.sources.find((s) => s.tool === "typescript")!;
    assert.equal(typescript.status, "proposed");
    // The other code fix (a function stub that throws) is run too and is not verified.
    const stub = result.candidates.find((c) => /missing function declaration/.test(c.origin?.title ?? ""));
    if (stub) assert.equal(stub.ranking.verified, false);
    for (const model of result.candidates.filter((c) => c.origin === undefined))
        assert.equal(model.ranking.verified, false);
    const runs = result.verifications.map((v) => `${v.round}:${v.candidate}`);
    assert.equal(new Set(runs).size, runs.length, "each candidate's verification is reported once");
});

test("Python: without ruff on PATH the symbolic side says so and the model's fix is judged as before (its own tests alone: not proven)", async () => {
    assert.equal(findExecutableOnHost("ruff"), undefined, "this machine has no ruff; the test checks the absent case");
    const { result } = await fix(
        "test/fixtures/fix/sum-to",
        { file: "series.py", target: { line: 4 }, candidates: 2, extraRounds: 0, seed: 1 },
        fixReplies.realFix,
        "symbolic-python-real"
    );
    // Only the reply's own tests support the fix (it was "verified" before verdicts needed a test the reply did not write).
    assert.equal(result.status, "plausible");
    assert.equal(result.patch!.origin, undefined);
    assert.deepEqual(
        result.symbolic!.sources.map((s) => [s.tool, s.status]),
        [["ruff", "unavailable"]]
    );
    assert.match(result.symbolic!.sources[0]!.detail, /ruff is not on PATH/);
    assert.equal(result.symbolic!.candidates, 0);
    assert.equal(result.symbolic!.modelCancelled, false);
});

test("Python: ruff's autofix (`is` → `==` on a string literal) is verified by the model's reproducing test while the model's own patch is wrong", async () => {
    const ruffPath = resolve(".cache/tools/ruff/bin/ruff");
    assert.ok(existsSync(ruffPath), "scripts/setup.sh installs ruff into .cache/tools/ruff for this test");
    const { result } = await fix(
        "test/fixtures/symbolic/py-is-literal",
        { file: "roles.py", target: { line: 3 }, candidates: 2, extraRounds: 0, seed: 1 },
        symbolicReplies.pyIsLiteralWrong,
        "symbolic-python-ruff",
        [ruffFixes({ ruffPath })]
    );
    assert.equal(
        result.status,
        "verified",
        JSON.stringify({ reason: result.unverifiedReason, symbolic: result.symbolic }, null, 1)
    );
    assert.equal(result.patch!.origin?.tool, "ruff");
    assert.match(result.patch!.diff, /-    return role is "admin"\n\+    return role == "admin"/);
    assert.deepEqual(
        result.symbolic!.sources.map((s) => [s.tool, s.status]),
        [["ruff", "proposed"]]
    );
    for (const model of result.candidates.filter((c) => c.origin === undefined))
        assert.equal(model.ranking.verified, false, 'str(role) is "admin" is still an identity test');
});
