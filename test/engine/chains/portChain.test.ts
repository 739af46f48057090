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
    DiskWorkspace,
    LocalModelRuntime,
    runPortChain,
    Sandbox,
    type ModelRuntime,
    type PortEvent,
    type PortRequest,
    type PortResult
} from "../../../engine/testing.js";
import { buildScriptedModel, testModelDir } from "../../support/models/index.js";
import { CallByCallRuntime } from "../../support/callByCallRuntime.js";
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
    const root = await mkdtemp(join(tmpdir(), "ponder-port-"));
    await cp(join("test/fixtures/port", fixture), root, { recursive: true });
    const before = await readdir(root);
    const original = await readFile(join(root, file), "utf8");
    const events: PortEvent[] = [];
    const result = await runPortChain(
        { file, to: "rust", cases: 60, ...request },
        { runtime, sandbox, workspace: new DiskWorkspace(root), onEvent: (event) => events.push(event) }
    );
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
        "mathutils_rs/Cargo.toml",
        "mathutils_rs/src/bin/mathutils_rs_harness.rs",
        "mathutils_rs/src/lib.rs",
        "mathutils_rs/tests/ported.rs"
    ]);
    assert.match(
        result.outputs.find((o) => o.path.endsWith("lib.rs"))!.text,
        /pub fn clamp\(value: i64, low: i64, high: i64\) -> i64/
    );
    // The file's tests: two plain assertions ported and passing, one that only prints is reported.
    assert.deepEqual(
        result.tests.map((t) => [t.name, t.outcome]),
        [
            ["test_clamp_inside", "passed"],
            ["test_clamp_above", "passed"],
            ["test_clamp_prints", "notPorted"]
        ]
    );
    assert.match(result.tests[2]!.reason!, /print\(clamp\(1, 0, 3\)\)/);
    assert.ok(
        events.some((e) => e.kind === "reasoning" && e.unit === "clamp" && e.event.kind === "thought"),
        "the thought streams per unit"
    );
    assert.deepEqual(
        [...new Set(events.filter((e) => e.kind === "step").map((e) => (e.kind === "step" ? e.step : "")))],
        ["decompose", "translate", "build", "differential", "tests", "assemble"]
    );
});

test("floor division of negatives: differential testing catches the truncating port, a counterexample round fixes it", async () => {
    // Round 0 ports with `/` (truncates toward zero); the counterexample round's reply floors.
    const runtime = new CallByCallRuntime([
        await scripted("port-halve-wrong", [portReplies.halveTruncating]),
        await scripted("port-halve-right", [portReplies.halveFloor])
    ]);
    const { result } = await port("halve", "halve.py", runtime);
    assert.deepEqual(runtime.purposes, ["port.translate", "port.counterexamples"]);
    const halve = unit(result, "halve");
    const firstRound = halve.counterexamples.filter((c) => c.round === 0);
    assert.ok(firstRound.length > 0, "the truncating port differs");
    for (const c of firstRound) {
        const n = c.args[0] as bigint;
        assert.ok(n < 0n && n % 2n !== 0n, `only negative odd inputs differ, got ${n}`);
        assert.equal(c.expected.kind, "value");
        assert.equal(c.actual.kind, "value");
        assert.equal((c.expected as { value: bigint }).value, (n - 1n) / 2n, "Python floors");
        assert.equal((c.actual as { value: bigint }).value, n / 2n, "Rust truncated");
    }
    assert.ok(
        firstRound.some((c) => c.args[0] === -1n),
        "the boundary -1 is among the inputs"
    );
    assert.equal(halve.status, "equivalent");
    assert.equal(halve.rounds.counterexample, 1);
    assert.equal(halve.equal, halve.cases);
    assert.match(halve.code!, /div_euclid/);
    assert.equal(result.status, "equivalent");
    // The counterexamples are kept as tests, and pass on the fixed port (as does the file's own test).
    const kept = result.outputs.find((o) => o.path === "halve_rs/tests/counterexamples.rs")!;
    assert.match(kept.text, /fn halve_matches_python_1\(\) \{\n    assert_eq!\(halve\(-1\), -1\);/);
    assert.equal(
        kept.text.match(/#\[test\]/g)!.length,
        Math.min(10, new Set(halve.counterexamples.map((c) => c.args[0])).size),
        "at most ten kept per unit"
    );
    assert.deepEqual(
        result.tests.map((t) => [t.name, t.outcome]),
        [["test_halve_even", "passed"]]
    );
});

test("a subtle difference that stays is reported as counterexamples, and the result says it differs", async () => {
    const runtime = await scripted("port-halve-stays", [portReplies.halveTruncating]);
    const { result } = await port("halve", "halve.py", runtime, { counterexampleRounds: 1 });
    const halve = unit(result, "halve");
    assert.equal(result.status, "differs");
    assert.equal(halve.status, "differs");
    assert.equal(halve.rounds.counterexample, 1);
    assert.ok(halve.equal < halve.cases);
    assert.ok(
        halve.counterexamples.some((c) => c.round === 1),
        "still differs after the round"
    );
});

test("a port that does not compile goes back to the model with rustc's errors and the repaired port is proven", async () => {
    const runtime = new CallByCallRuntime([
        await scripted("port-clamp-broken", [portReplies.clampDoesNotCompile]),
        await scripted("port-clamp-fixed", [portReplies.clamp])
    ]);
    const { result, events } = await port("clamp", "mathutils.py", runtime);
    assert.deepEqual(runtime.purposes, ["port.translate", "port.repair"]);
    const clamp = unit(result, "clamp");
    assert.deepEqual(clamp.rounds, { translation: 1, compileRepair: 1, counterexample: 0 });
    assert.equal(clamp.compiled, true);
    assert.equal(clamp.status, "equivalent");
    const repair = events.find((e) => e.kind === "step" && e.step === "repair");
    assert.ok(repair && repair.kind === "step" && repair.unit === "clamp");
    assert.equal(result.status, "equivalent");
});

test("a port that never compiles is reported as doesNotCompile after the repair rounds", async () => {
    const runtime = await scripted("port-clamp-never", [portReplies.clampDoesNotCompile]);
    const { result } = await port("clamp", "mathutils.py", runtime, { compileRounds: 1 });
    const clamp = unit(result, "clamp");
    assert.equal(result.status, "doesNotCompile");
    assert.equal(clamp.compiled, false);
    assert.equal(clamp.rounds.compileRepair, 1);
    assert.match(clamp.notes.join("\n"), /does not compile: error\[E0308\]: mismatched types/);
});

test("two functions, one calling the other: the callee is ported first and both are proven from one reply", async () => {
    const { result, events } = await port(
        "squares",
        "squares.py",
        await scripted("port-squares", [portReplies.squares])
    );
    assert.deepEqual(result.order, ["square", "sum_of_squares"], "the callee comes first though it is defined second");
    const translated = events
        .filter((e) => e.kind === "step" && e.step === "translate")
        .map((e) => (e.kind === "step" ? e.unit : ""));
    assert.deepEqual(translated, ["square", "sum_of_squares"]);
    assert.equal(result.status, "equivalent", JSON.stringify(result.units.map((u) => [u.name, u.status, u.notes])));
    for (const name of ["square", "sum_of_squares"]) {
        const report = unit(result, name);
        assert.equal(report.status, "equivalent");
        assert.ok(report.cases > 20);
    }
    const lib = result.outputs.find((o) => o.path === "squares_rs/src/lib.rs")!.text;
    assert.ok(lib.indexOf("pub fn square(") < lib.indexOf("pub fn sum_of_squares("), "dependency order in the crate");
    assert.equal(
        lib.match(/pub fn square\(/g)!.length,
        1,
        "each item once, though the reply held both in each unit's answer"
    );
});

test("integer overflow: an i64 port of Python's unbounded ints is caught", async () => {
    const { result } = await port(
        "squares",
        "squares.py",
        await scripted("port-squares-overflow", [portReplies.squaresOverflow]),
        { counterexampleRounds: 0 }
    );
    const square = unit(result, "square");
    assert.equal(square.status, "differs");
    const overflow = square.counterexamples.find((c) => c.args[0] === 9223372036854775807n)!;
    assert.ok(overflow, "the i64 boundary is an input");
    assert.deepEqual(overflow.expected, { kind: "value", value: 85070591730234615847396907784232501249n });
    assert.equal(overflow.actual.kind, "error");
    assert.match((overflow.actual as { message: string }).message, /panic: attempt to multiply with overflow/);
    assert.equal(result.status, "differs");
});

test("a case that hangs or crashes costs only itself: inputs the original never finishes are skipped, the port's hang and abort are counterexamples", async () => {
    const { result } = await port(
        "countdown",
        "countdown.py",
        await scripted("port-countdown", [portReplies.countdownCrashes]),
        { cases: 30, counterexampleRounds: 0, caseTimeoutMs: 1000 }
    ); // 300 ms misread the abort as a timeout under load average 11
    const countdown = unit(result, "countdown");
    assert.equal(countdown.status, "differs");
    const byInput = new Map(countdown.counterexamples.map((c) => [c.args[0], c]));
    assert.deepEqual([...byInput.keys()].sort(), [3n, 7n], "only the hang and the abort differ");
    assert.equal(byInput.get(3n)!.actual.kind, "timeout");
    assert.equal(byInput.get(7n)!.actual.kind, "crashed");
    assert.match((byInput.get(7n)!.actual as { message: string }).message, /SIGABRT/);
    assert.deepEqual(byInput.get(7n)!.expected, { kind: "value", value: 7n });
    assert.ok(countdown.skipped >= 10, `negative inputs never finish in Python and are skipped (${countdown.skipped})`);
    assert.equal(countdown.equal, countdown.cases - 2, "every other case ran and matched after the harness resumed");
    assert.ok(countdown.equal >= 8);
});

test("a class and a function over it are compiled; the harness tests the functions of plain values and says why not the others", async () => {
    const { result } = await port("points", "points.py", await scripted("port-points", [portReplies.points]));
    assert.deepEqual(result.order, ["Point", "norm1", "manhattan"]);
    const statuses = Object.fromEntries(result.units.map((u) => [u.name, [u.status, u.compiled]]));
    assert.deepEqual(statuses, {
        Point: ["notTested", true],
        norm1: ["notTested", true],
        manhattan: ["equivalent", true]
    });
    assert.match(
        unit(result, "norm1").notes.join("\n"),
        /not differentially tested: the harness cannot read or write &Point as JSON/
    );
    assert.match(
        unit(result, "Point").notes.join("\n"),
        /not differentially tested: the harness calls functions, and this is a class/
    );
    assert.ok(unit(result, "manhattan").cases > 30);
    assert.equal(result.status, "equivalent");
    const lib = result.outputs.find((o) => o.path === "points_rs/src/lib.rs")!.text;
    assert.match(lib, /pub struct Point \{[\s\S]*impl Point \{\n    pub fn new/);
});
